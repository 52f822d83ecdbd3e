import { invalid, valid, type ValidationResult } from './validation-result.js';

const help = 'Escríbala así: 25/12/2024. También puede escribir "hoy" o "ayer".';
// Colombia has no daylight saving time, so a fixed offset is exact.
const bogotaOffsetMs = -5 * 60 * 60 * 1000;

function isoDate(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function bogotaToday(now: Date): { y: number; m: number; d: number } {
  const local = new Date(now.getTime() + bogotaOffsetMs);
  return { y: local.getUTCFullYear(), m: local.getUTCMonth() + 1, d: local.getUTCDate() };
}

function shiftDays(day: { y: number; m: number; d: number }, days: number): string {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d + days));
  return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

function exists(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * Reads a date as Colombians write it: dd/mm/aaaa (also with "-" or "."), aaaa-mm-dd, "hoy", "ayer", "antier".
 * "Today" is the calendar day in Bogotá at `now`. The value is ISO (aaaa-mm-dd). Two-digit years are refused: with
 * birth dates and event dates mixed, guessing the century would be wrong too often.
 */
export function validateDate(
  input: string,
  now: Date,
  options: { notFuture?: boolean } = {},
): ValidationResult<string> {
  const text = input.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  const today = bogotaToday(now);
  let value: string;
  if (text === 'hoy') value = shiftDays(today, 0);
  else if (text === 'ayer') value = shiftDays(today, -1);
  else if (text === 'antier' || text === 'anteayer') value = shiftDays(today, -2);
  else {
    const dmy = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(text);
    const ymd = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    let y: number, m: number, d: number;
    if (dmy) [d, m, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
    else if (ymd) [y, m, d] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
    else return invalid(`No entendí la fecha. ${help}`);
    if (m > 12 || !exists(y, m, d)) return invalid(`Esa fecha no existe en el calendario. ${help}`);
    value = isoDate(y, m, d);
  }
  if (options.notFuture && value > shiftDays(today, 0)) {
    return invalid('La fecha no puede ser posterior a hoy. Revísela, por favor.');
  }
  return valid(value);
}
