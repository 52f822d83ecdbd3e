import { localDateOf } from '../local-date.js';
import type { LocalDate } from '../local-date.js';

/**
 * Gregorian Easter Sunday (anonymous / Meeus computus). Ley 51 de 1983 ties Jueves Santo, Viernes Santo and three
 * Monday holidays to this date.
 * @param year Gregorian year, 1583 or later.
 */
export function easterSunday(year: number): LocalDate {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`Año no válido: ${year}. Debe ser un número entero entre 1583 y 9999.`);
  }
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return localDateOf(year, month, day);
}
