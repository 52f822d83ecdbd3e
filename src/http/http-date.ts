import { LocalDateSchema } from '../cases/local-date.js';
import { SemesterText } from '../reports/printable/semester.js';

/**
 * Dates the HTTP API accepts. The calendar arithmetic behind reports and terms only handles four-digit years
 * (a report to 9999-12-31 steps into year 10000 and throws), and no petition or report of this service falls outside
 * this century, so anything else is a typing mistake the caller should hear about as a 400, not a 500.
 */
export const FIRST_DATE = '2000-01-01';
export const LAST_DATE = '2100-12-31';

const outOfRange = `Fecha fuera del rango permitido: use una fecha entre ${FIRST_DATE} y ${LAST_DATE}.`;

/** A 'YYYY-MM-DD' date between FIRST_DATE and LAST_DATE (both included); Spanish messages. */
export const HttpDate = LocalDateSchema.refine((d) => d >= FIRST_DATE && d <= LAST_DATE, { error: outOfRange });

/** A semester "2026-1" whose year is inside the same range. */
export const HttpSemester = SemesterText.refine((s) => s.from >= FIRST_DATE && s.to <= LAST_DATE, {
  error: `Semestre fuera del rango permitido: use un año entre ${FIRST_DATE.slice(0, 4)} y ${LAST_DATE.slice(0, 4)}.`,
});
