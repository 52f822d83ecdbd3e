import { z } from 'zod';
import { dateParts, isLocalDate, localDateOf, toBogotaDate } from '../../cases/local-date.js';
import type { LocalDate } from '../../cases/local-date.js';

/** A calendar half-year, the period of Control Interno's PQRSD report (Ley 1474 de 2011 art. 76). */
export interface Semester {
  year: number;
  half: 1 | 2;
  /** 1 January or 1 July. */
  from: LocalDate;
  /** 30 June or 31 December. */
  to: LocalDate;
}

const PATTERN = /^(\d{4})-([12])$/;

const invalid = (text: string) =>
  `Semestre no válido: «${text}». Escríbalo como año y semestre, por ejemplo 2026-1 (enero a junio) o 2026-2 (julio a diciembre).`;

/** zod schema for a semester written "2026-1" in a query string or a CLI option; the error is in Spanish. */
export const SemesterText = z
  .string()
  .trim()
  .superRefine((text, ctx) => {
    if (!PATTERN.test(text)) ctx.addIssue({ code: 'custom', message: invalid(text) });
  })
  .transform((text) => parseSemester(text));

/**
 * "2026-1" → 1 January to 30 June 2026; "2026-2" → 1 July to 31 December 2026.
 * @throws RangeError (Spanish) for anything else, such as "2026-3" or "2026/1".
 */
export function parseSemester(text: string): Semester {
  const m = PATTERN.exec(text.trim());
  if (!m) throw new RangeError(invalid(text));
  return semester(Number(m[1]), m[2] === '1' ? 1 : 2);
}

/** The semester a moment falls in, as dated in Colombia (an instant) or a calendar date. */
export function semesterOf(date: Date | LocalDate): Semester {
  const local = date instanceof Date ? toBogotaDate(date) : date;
  if (!isLocalDate(local)) throw new RangeError(`Fecha no válida: «${String(local)}».`);
  const { year, month } = dateParts(local);
  return semester(year, month <= 6 ? 1 : 2);
}

/** "primer semestre de 2026". */
export function semesterLabel(s: { year: number; half: 1 | 2 }): string {
  return `${s.half === 1 ? 'primer' : 'segundo'} semestre de ${s.year}`;
}

/** Builds the semester of `year` and `half` with its first and last day. */
export function semester(year: number, half: 1 | 2): Semester {
  return half === 1
    ? { year, half, from: localDateOf(year, 1, 1), to: localDateOf(year, 6, 30) }
    : { year, half, from: localDateOf(year, 7, 1), to: localDateOf(year, 12, 31) };
}
