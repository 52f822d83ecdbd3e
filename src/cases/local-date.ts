import { z } from 'zod';

/**
 * A calendar date with no time and no zone, written 'YYYY-MM-DD'.
 *
 * Legal terms (Ley 1755 de 2015 art. 14) are counted in whole days as lived in Colombia, so the domain works with
 * dates, never instants. The representation is a branded string: it sorts and compares lexicographically, prints and
 * serialises as-is (JSON, database DATE columns, CLI), and the brand stops an unchecked string from reaching the
 * calendar. Arithmetic goes through UTC epoch days, so nothing here depends on the machine's time zone.
 */
export type LocalDate = string & { readonly __brand: 'LocalDate' };

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
/** Colombia has been UTC-5 with no daylight saving since 1993 (the brief's America/Bogota). */
const BOGOTA_OFFSET_MS = -5 * 60 * 60 * 1000;

/** True when `value` is a real Gregorian date written 'YYYY-MM-DD' (rejects 2026-02-30). */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = PATTERN.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

/**
 * Checks and brands a 'YYYY-MM-DD' string.
 * @throws RangeError (Spanish message) when the text is not a real date.
 */
export function localDate(value: string): LocalDate {
  if (!isLocalDate(value)) {
    throw new RangeError(`Fecha no válida: «${value}». Use el formato AAAA-MM-DD, por ejemplo 2026-03-27.`);
  }
  return value;
}

/** zod schema for a LocalDate field in settings or payloads; the error message is in Spanish. */
export const LocalDateSchema = z
  .string()
  .refine(isLocalDate, { error: 'Fecha no válida: use el formato AAAA-MM-DD, por ejemplo 2026-03-27.' })
  .transform((s) => s as LocalDate);

/** Builds a LocalDate from numeric parts (month 1-12). */
export function localDateOf(year: number, month: number, day: number): LocalDate {
  return localDate(`${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`);
}

/** The calendar date in Colombia (UTC-5) at the given instant; independent of process.env.TZ. */
export function toBogotaDate(instant: Date): LocalDate {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Fecha y hora no válidas.');
  return fromEpochDay(Math.floor((ms + BOGOTA_OFFSET_MS) / MS_PER_DAY));
}

/** The time of day in Colombia at the given instant, as "HH:MM" (24 hours). */
export function toBogotaTime(instant: Date): string {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Fecha y hora no válidas.');
  const minutes = Math.floor(((((ms + BOGOTA_OFFSET_MS) % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / 60_000);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (negative before). */
export function toEpochDay(date: LocalDate): number {
  const { year, month, day } = dateParts(date);
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** Inverse of {@link toEpochDay}. */
export function fromEpochDay(epochDay: number): LocalDate {
  const d = new Date(epochDay * MS_PER_DAY);
  return localDateOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Year, month (1-12) and day of a LocalDate. */
export function dateParts(date: LocalDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

/** `date` moved by `days` calendar days (negative goes back). */
/** The instant a Colombian calendar day starts: midnight in Bogotá is 05:00 UTC (UTC-5 all year, no DST). */
export function bogotaStartOfDay(date: LocalDate): Date {
  return new Date(`${date}T05:00:00.000Z`);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/**
 * `date` moved by whole calendar months. When the target month is shorter the day is clamped to its last day
 * (2026-01-31 + 1 month = 2026-02-28), the usual reading of "un (1) mes" in Ley 1755 art. 17 and Código Civil art. 67.
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const { year, month, day } = dateParts(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return localDateOf(y, m, Math.min(day, daysInMonth(y, m)));
}

/** 0 = Sunday … 6 = Saturday, like Date#getUTCDay. */
export function dayOfWeek(date: LocalDate): number {
  // 1970-01-01 was a Thursday (4).
  return (((toEpochDay(date) + 4) % 7) + 7) % 7;
}

/** Negative, zero or positive like a sort comparator. */
export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Calendar days from `a` to `b` (positive when b is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** Weekday names by dayOfWeek (0 = domingo), as citizens read them. */
export const WEEKDAYS_ES = ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'] as const;
/** Month names, January first. */
export const MONTHS_ES = [
  'enero',
  'febrero',
  'marzo',
  'abril',
  'mayo',
  'junio',
  'julio',
  'agosto',
  'septiembre',
  'octubre',
  'noviembre',
  'diciembre',
] as const;

/** Spanish weekday name, lower case ('lunes'). */
export function weekdayNameEs(date: LocalDate): string {
  return WEEKDAYS_ES[dayOfWeek(date)] ?? '';
}

/** Long Spanish date for citizens: 'martes 21 de abril de 2026'. */
export function formatLongDateEs(date: LocalDate): string {
  const { year, month, day } = dateParts(date);
  return `${weekdayNameEs(date)} ${day} de ${MONTHS_ES[month - 1] ?? ''} de ${year}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
