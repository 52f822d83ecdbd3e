import { addDays, dayOfWeek, localDateOf } from '../local-date.js';
import type { LocalDate } from '../local-date.js';
import { easterSunday } from './easter-sunday.js';

/** How Ley 51 de 1983 places a holiday: fixed date, moved to the next Monday (Emiliani), or tied to Easter. */
export type HolidayRule = 'fixed' | 'emiliani' | 'easter';

/** One non-working national holiday. */
export interface Holiday {
  date: LocalDate;
  /** Spanish name shown to citizens and officials. When two holidays fall on one date, both names joined by " / ". */
  name: string;
  rule: HolidayRule;
}

/** Ley 51 de 1983 art. 1: these are never moved, even on a weekend. */
const FIXED: ReadonlyArray<readonly [number, number, string]> = [
  [1, 1, 'Año Nuevo'],
  [5, 1, 'Día del Trabajo'],
  [7, 20, 'Día de la Independencia'],
  [8, 7, 'Batalla de Boyacá'],
  [12, 8, 'Día de la Inmaculada Concepción'],
  [12, 25, 'Navidad'],
];

/** Ley 51 de 1983 art. 1 parágrafo 1: moved to the following Monday when they do not fall on a Monday. */
const EMILIANI: ReadonlyArray<readonly [number, number, string]> = [
  [1, 6, 'Día de los Reyes Magos'],
  [3, 19, 'Día de San José'],
  [6, 29, 'San Pedro y San Pablo'],
  [8, 15, 'La Asunción de la Virgen'],
  [10, 12, 'Día de la Raza'],
  [11, 1, 'Día de Todos los Santos'],
  [11, 11, 'Independencia de Cartagena'],
];

/**
 * Offsets from Easter Sunday. Jueves and Viernes Santo stay put; the other three already land on a Monday because
 * the law moves them to the next Monday (Ascensión E+39 → E+43, Corpus Christi E+60 → E+64, Sagrado Corazón E+68 → E+71).
 */
const EASTER_OFFSETS: ReadonlyArray<readonly [number, string]> = [
  [-3, 'Jueves Santo'],
  [-2, 'Viernes Santo'],
  [43, 'Ascensión del Señor'],
  [64, 'Corpus Christi'],
  [71, 'Sagrado Corazón de Jesús'],
];

/** `date` if it is a Monday, otherwise the following Monday. */
function nextMonday(date: LocalDate): LocalDate {
  return addDays(date, (8 - dayOfWeek(date)) % 7);
}

/**
 * National holidays of Colombia for a year per Ley 51 de 1983, sorted by date, one entry per distinct date.
 * Holidays on a Saturday or Sunday are listed too (20 July 2025 was a Sunday); they simply coincide with a weekend.
 * When two holidays share a date (29 June and Sagrado Corazón on 30 June 2025) the entry keeps the first rule in the
 * order fixed, emiliani, easter and joins both names.
 */
export function colombianHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const all: Holiday[] = [
    ...FIXED.map(([m, d, name]): Holiday => ({ date: localDateOf(year, m, d), name, rule: 'fixed' })),
    ...EMILIANI.map(([m, d, name]): Holiday => ({ date: nextMonday(localDateOf(year, m, d)), name, rule: 'emiliani' })),
    ...EASTER_OFFSETS.map(([offset, name]): Holiday => ({ date: addDays(easter, offset), name, rule: 'easter' })),
  ];
  const byDate = new Map<LocalDate, Holiday>();
  for (const h of all) {
    const existing = byDate.get(h.date);
    if (existing) existing.name = `${existing.name} / ${h.name}`;
    else byDate.set(h.date, { ...h });
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
