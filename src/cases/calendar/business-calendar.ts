import { z } from 'zod';
import { addDays, compareLocalDates, dateParts, dayOfWeek, LocalDateSchema } from '../local-date.js';
import type { LocalDate } from '../local-date.js';
import { colombianHolidays } from './colombian-holidays.js';
import type { Holiday } from './colombian-holidays.js';

/** A date the entity does not work although it is not a national holiday (e.g. 24 and 31 December by decision). */
export const Closure = z.object({
  date: LocalDateSchema,
  reason: z
    .string()
    .trim()
    .min(1, { error: 'Indique el motivo del cierre (por ejemplo, el acto administrativo).' })
    .max(500),
});
export type Closure = z.infer<typeof Closure>;

/**
 * Per-entity calendar settings. Saturdays are non-working for most alcaldías; `workingSaturdays` is `true` when the
 * entity attends every Saturday, or a list of the specific Saturdays it works. A national holiday or a closure is
 * never a working day, whatever this says.
 */
export const BusinessCalendarSettings = z.object({
  closures: z.array(Closure).default([]),
  workingSaturdays: z.union([z.boolean(), z.array(LocalDateSchema)]).default(false),
});
export type BusinessCalendarSettings = z.infer<typeof BusinessCalendarSettings>;
export type BusinessCalendarSettingsInput = z.input<typeof BusinessCalendarSettings>;

/** Guard against a misconfigured calendar with no working day in sight (e.g. a closure list covering years). */
const MAX_SCAN_DAYS = 3660;

/**
 * Business days (días hábiles) of one entity: Monday to Friday (plus configured Saturdays) minus the national holidays
 * of Ley 51 de 1983 and the entity's closures. Legal terms of Ley 1755 de 2015 are counted on this calendar.
 * Immutable and pure; holiday lists are computed once per year and cached.
 */
export class BusinessCalendar {
  readonly settings: BusinessCalendarSettings;
  private readonly closures: ReadonlyMap<LocalDate, string>;
  private readonly saturdays: ReadonlySet<LocalDate> | 'all' | 'none';
  private readonly holidayCache = new Map<number, ReadonlyMap<LocalDate, Holiday>>();

  /** @param settings Entity closures and Saturdays; validated with {@link BusinessCalendarSettings}. */
  constructor(settings: BusinessCalendarSettingsInput = {}) {
    this.settings = BusinessCalendarSettings.parse(settings);
    this.closures = new Map(this.settings.closures.map((c) => [c.date, c.reason]));
    const ws = this.settings.workingSaturdays;
    this.saturdays = ws === true ? 'all' : ws === false ? 'none' : new Set(ws);
  }

  /** The national holiday on `date`, if any. */
  holidayOn(date: LocalDate): Holiday | undefined {
    return this.holidaysOf(dateParts(date).year).get(date);
  }

  /** The entity's closure reason for `date`, if it closed that day. */
  closureOn(date: LocalDate): string | undefined {
    return this.closures.get(date);
  }

  /**
   * Why `date` is not a business day, in Spanish for officials ('Festivo: Día de San José', 'Domingo'…), or
   * `undefined` when it is one.
   */
  nonWorkingReason(date: LocalDate): string | undefined {
    const holiday = this.holidayOn(date);
    if (holiday) return `Festivo: ${holiday.name}`;
    const closure = this.closureOn(date);
    if (closure !== undefined) return `Cierre de la entidad: ${closure}`;
    const dow = dayOfWeek(date);
    if (dow === 0) return 'Domingo';
    if (dow === 6 && !this.isWorkingSaturday(date)) return 'Sábado';
    return undefined;
  }

  /** True when the entity works on `date` and it counts towards legal terms. */
  isBusinessDay(date: LocalDate): boolean {
    return this.nonWorkingReason(date) === undefined;
  }

  /**
   * The business day reached after counting `n` business days starting the day AFTER `from`
   * (Ley 1755 art. 14: "dentro de los quince (15) días siguientes a su recepción"). `from` itself never counts, even
   * if it is a business day; `n = 0` returns `from`. A negative `n` counts backwards the same way (the |n|-th business
   * day before `from`), which reminders use.
   */
  addBusinessDays(from: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n)) throw new RangeError(`El número de días hábiles debe ser entero: ${n}.`);
    const step = n < 0 ? -1 : 1;
    let date = from;
    let counted = 0;
    let scanned = 0;
    while (counted < Math.abs(n)) {
      date = addDays(date, step);
      if (this.isBusinessDay(date)) {
        counted += 1;
        scanned = 0;
      } else if (++scanned > MAX_SCAN_DAYS) {
        throw new RangeError('El calendario no tiene días hábiles en un periodo de diez años; revise los cierres.');
      }
    }
    return date;
  }

  /**
   * Business days in the interval (a, b]: after `a`, up to and including `b`. So
   * `businessDaysBetween(received, due) === term` for a due date from {@link addBusinessDays}. When `b` is before `a`
   * the result is negative: minus the business days in (b, a].
   */
  businessDaysBetween(a: LocalDate, b: LocalDate): number {
    const cmp = compareLocalDates(a, b);
    if (cmp === 0) return 0;
    if (cmp > 0) return -this.businessDaysBetween(b, a);
    let count = 0;
    for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (this.isBusinessDay(d)) count += 1;
    return count;
  }

  /** The first business day strictly after `date`. */
  nextBusinessDay(date: LocalDate): LocalDate {
    return this.addBusinessDays(date, 1);
  }

  /** `date` when it is a business day, otherwise the next one. */
  businessDayOnOrAfter(date: LocalDate): LocalDate {
    return this.isBusinessDay(date) ? date : this.nextBusinessDay(date);
  }

  private isWorkingSaturday(date: LocalDate): boolean {
    return this.saturdays === 'all' || (this.saturdays !== 'none' && this.saturdays.has(date));
  }

  private holidaysOf(year: number): ReadonlyMap<LocalDate, Holiday> {
    let map = this.holidayCache.get(year);
    if (!map) {
      map = new Map(colombianHolidays(year).map((h) => [h.date, h]));
      this.holidayCache.set(year, map);
    }
    return map;
  }
}
