import {
  addDays,
  bogotaStartOfDay,
  dateParts,
  dayOfWeek,
  MONTHS_ES as MONTHS,
  toBogotaDate,
  WEEKDAYS_ES as WEEKDAYS,
  type LocalDate,
} from '../cases/local-date.js';
import { weekdayKeys, type AtencionSettings } from './atencion-settings.js';

/** Looking further than this for the next opening means the settings close the office for good. */
const MAX_SCAN_DAYS = 60;

type Range = { from: number; to: number };

/**
 * When agents attend, in Bogotá time: the weekday hours of `atencion.horario`, minus national holidays and the
 * entity's closures (a Saturday listed in the hours is open even if it is not a business day for legal terms).
 */
export class OfficeHours {
  constructor(private readonly settings: Pick<AtencionSettings, 'hours' | 'calendar'>) {}

  private rangesOn(date: LocalDate): Range[] {
    if (this.settings.calendar.holidayOn(date) || this.settings.calendar.closureOn(date) !== undefined) return [];
    return this.settings.hours[weekdayKeys[dayOfWeek(date)]!] ?? [];
  }

  /** The open range `now` falls in, as instants, or null out of hours. */
  currentRange(now: Date): { opens: Date; closes: Date } | null {
    const date = toBogotaDate(now);
    const start = bogotaStartOfDay(date).getTime();
    const minute = (now.getTime() - start) / 60_000;
    const range = this.rangesOn(date).find((r) => minute >= r.from && minute < r.to);
    return range ? { opens: new Date(start + range.from * 60_000), closes: new Date(start + range.to * 60_000) } : null;
  }

  isOpen(now: Date): boolean {
    return this.currentRange(now) !== null;
  }

  /** The next instant agents start attending after `now`, or null when none is configured in the next weeks. */
  nextOpening(now: Date): Date | null {
    const today = toBogotaDate(now);
    for (let i = 0; i <= MAX_SCAN_DAYS; i++) {
      const date = addDays(today, i);
      const start = bogotaStartOfDay(date).getTime();
      for (const r of this.rangesOn(date)) {
        const opens = start + r.from * 60_000;
        if (opens > now.getTime()) return new Date(opens);
      }
    }
    return null;
  }

  /** "hoy a las 2:00 p. m.", "mañana a las 7:30 a. m.", "el lunes 30 de marzo a las 7:30 a. m." */
  describeReturn(now: Date): string {
    const next = this.nextOpening(now);
    if (!next) return 'cuando se restablezca la atención';
    const day = toBogotaDate(next);
    const today = toBogotaDate(now);
    const at = `a las ${clockEs(next)}`;
    if (day === today) return `hoy ${at}`;
    if (day === addDays(today, 1)) return `mañana ${WEEKDAYS[dayOfWeek(day)]} ${at}`;
    const { day: d, month } = dateParts(day);
    return `el ${WEEKDAYS[dayOfWeek(day)]} ${d} de ${MONTHS[month - 1]} ${at}`;
  }

  /** The office hours in words for citizens: "lunes a viernes de 7:30 a. m. a 4:30 p. m.". */
  describeHours(): string {
    const parts: string[] = [];
    const order = [1, 2, 3, 4, 5, 6, 0];
    let i = 0;
    while (i < order.length) {
      const ranges = this.settings.hours[weekdayKeys[order[i]!]!];
      if (!ranges?.length) {
        i++;
        continue;
      }
      const key = JSON.stringify(ranges);
      let j = i;
      while (j + 1 < order.length && JSON.stringify(this.settings.hours[weekdayKeys[order[j + 1]!]!] ?? null) === key)
        j++;
      const days = i === j ? WEEKDAYS[order[i]!]! : `${WEEKDAYS[order[i]!]} a ${WEEKDAYS[order[j]!]}`;
      parts.push(`${days} de ${ranges.map((r) => `${minutesEs(r.from)} a ${minutesEs(r.to)}`).join(' y de ')}`);
      i = j + 1;
    }
    return parts.length ? `${parts.join('; ')}, excepto festivos` : 'sin horario configurado';
  }
}

function clockEs(instant: Date): string {
  const start = bogotaStartOfDay(toBogotaDate(instant)).getTime();
  return minutesEs(Math.round((instant.getTime() - start) / 60_000));
}

/** 450 → "7:30 a. m.", as Colombian Spanish writes the time. */
function minutesEs(minutes: number): string {
  const h = Math.floor(minutes / 60) % 24;
  const m = minutes % 60;
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}:${String(m).padStart(2, '0')} ${h < 12 ? 'a. m.' : 'p. m.'}`;
}
