import { localDate } from '../../src/cases/local-date.js';
import type { LocalDate } from '../../src/cases/local-date.js';

/** Short alias for branded test dates. */
export const d = (s: string): LocalDate => localDate(s);
