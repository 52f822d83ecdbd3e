import { caseErrors } from './case-errors.js';
import { generalErrors } from './general-errors.js';
import { handoffErrors } from './handoff-errors.js';

/**
 * Every error code Ventanilla answers with: one HTTP status and one Spanish message each, because the widget and the
 * console show them to citizens and officials. docs/errors.md lists them all and test/http/errors-doc.test.ts keeps the
 * two in step. Codes are stable: clients match on them, never on the text. A code in two groups (FORBIDDEN, NOT_FOUND)
 * has the same status in both.
 */
export const errorCatalogue = { ...generalErrors, ...caseErrors, ...handoffErrors } as const;

export type ErrorCode = keyof typeof errorCatalogue;
