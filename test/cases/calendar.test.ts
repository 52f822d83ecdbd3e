import { afterEach, describe, expect, it } from 'vitest';
import { BusinessCalendar, colombianHolidays, easterSunday } from '../../src/cases/calendar/index.js';
import { d } from './helpers.js';

const HOLIDAYS: Record<number, string[]> = {
  2025: [
    '2025-01-01',
    '2025-01-06',
    '2025-03-24',
    '2025-04-17',
    '2025-04-18',
    '2025-05-01',
    '2025-06-02',
    '2025-06-23',
    '2025-06-30',
    '2025-07-20',
    '2025-08-07',
    '2025-08-18',
    '2025-10-13',
    '2025-11-03',
    '2025-11-17',
    '2025-12-08',
    '2025-12-25',
  ],
  2026: [
    '2026-01-01',
    '2026-01-12',
    '2026-03-23',
    '2026-04-02',
    '2026-04-03',
    '2026-05-01',
    '2026-05-18',
    '2026-06-08',
    '2026-06-15',
    '2026-06-29',
    '2026-07-20',
    '2026-08-07',
    '2026-08-17',
    '2026-10-12',
    '2026-11-02',
    '2026-11-16',
    '2026-12-08',
    '2026-12-25',
  ],
  2027: [
    '2027-01-01',
    '2027-01-11',
    '2027-03-22',
    '2027-03-25',
    '2027-03-26',
    '2027-05-01',
    '2027-05-10',
    '2027-05-31',
    '2027-06-07',
    '2027-07-05',
    '2027-07-20',
    '2027-08-07',
    '2027-08-16',
    '2027-10-18',
    '2027-11-01',
    '2027-11-15',
    '2027-12-08',
    '2027-12-25',
  ],
};

const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('easterSunday', () => {
  it.each([
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2024, '2024-03-31'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('%i → %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });

  it('rejects years outside the Gregorian computus', () => {
    expect(() => easterSunday(1500)).toThrow(RangeError);
    expect(() => easterSunday(2026.5)).toThrow(RangeError);
  });
});

describe('colombianHolidays (Ley 51 de 1983)', () => {
  it.each([2025, 2026, 2027])('%i matches the exact set of the rules file', (year) => {
    expect(colombianHolidays(year).map((h) => h.date)).toEqual(HOLIDAYS[year]);
  });

  it('2025 has 17 distinct dates: Sagrado Corazón and San Pedro share 30 June', () => {
    const list = colombianHolidays(2025);
    expect(list).toHaveLength(17);
    const june30 = list.find((h) => h.date === '2025-06-30');
    expect(june30?.name).toBe('San Pedro y San Pablo / Sagrado Corazón de Jesús');
  });

  it('keeps fixed holidays on weekends and names and classifies each one', () => {
    const list2026 = colombianHolidays(2026);
    expect(list2026.find((h) => h.date === '2026-03-23')).toEqual({
      date: '2026-03-23',
      name: 'Día de San José',
      rule: 'emiliani',
    });
    expect(list2026.find((h) => h.date === '2026-04-03')).toEqual({
      date: '2026-04-03',
      name: 'Viernes Santo',
      rule: 'easter',
    });
    expect(list2026.find((h) => h.date === '2026-07-20')).toEqual({
      date: '2026-07-20',
      name: 'Día de la Independencia',
      rule: 'fixed',
    });
    expect(colombianHolidays(2025).find((h) => h.date === '2025-07-20')?.rule).toBe('fixed'); // a Sunday
    expect(colombianHolidays(2027).find((h) => h.date === '2027-05-01')?.rule).toBe('fixed'); // a Saturday
  });

  it('is the same whatever the machine time zone', () => {
    for (const tz of ['UTC', 'Asia/Tokyo', 'Pacific/Pago_Pago']) {
      process.env.TZ = tz;
      for (const year of [2025, 2026, 2027]) expect(colombianHolidays(year).map((h) => h.date)).toEqual(HOLIDAYS[year]);
      expect(new BusinessCalendar().addBusinessDays(d('2025-12-19'), 15)).toBe('2026-01-14');
    }
  });
});

describe('BusinessCalendar', () => {
  const cal = new BusinessCalendar();

  it('knows weekends, holidays and working days', () => {
    expect(cal.isBusinessDay(d('2026-03-27'))).toBe(true); // Friday
    expect(cal.isBusinessDay(d('2026-03-28'))).toBe(false); // Saturday
    expect(cal.isBusinessDay(d('2026-03-29'))).toBe(false); // Sunday
    expect(cal.isBusinessDay(d('2026-03-23'))).toBe(false); // San José
    expect(cal.nonWorkingReason(d('2026-04-03'))).toBe('Festivo: Viernes Santo');
    expect(cal.isBusinessDay(d('2026-12-24'))).toBe(true); // working unless the entity closes
    expect(cal.isBusinessDay(d('2026-12-31'))).toBe(true);
  });

  it.each([
    ['2026-03-27', 10, '2026-04-14'],
    ['2026-03-27', 15, '2026-04-21'],
    ['2026-03-27', 30, '2026-05-13'],
    ['2025-12-19', 15, '2026-01-14'],
  ])('rules-file vector: received %s + %i business days → %s', (from, n, expected) => {
    expect(cal.addBusinessDays(d(from), n)).toBe(expected);
  });

  it('counts from the day after receipt, skipping Holy Week', () => {
    expect(cal.addBusinessDays(d('2026-04-01'), 1)).toBe('2026-04-06'); // Wed → Thu/Fri Santo → Mon
    expect(cal.addBusinessDays(d('2027-03-24'), 3)).toBe('2027-03-31'); // Wed → 29, 30, 31 (Holy Week 2027 in March)
    expect(cal.addBusinessDays(d('2026-03-27'), 0)).toBe('2026-03-27');
  });

  it('crosses year ends', () => {
    expect(cal.addBusinessDays(d('2026-12-30'), 3)).toBe('2027-01-05'); // 31 Dec, 4 Jan, 5 Jan
    expect(cal.addBusinessDays(d('2026-12-24'), 1)).toBe('2026-12-28');
  });

  it('a receipt on a weekend starts counting on the next business day', () => {
    expect(cal.addBusinessDays(d('2026-03-28'), 1)).toBe('2026-03-30');
    expect(cal.addBusinessDays(d('2026-03-29'), 15)).toBe('2026-04-21');
  });

  it('counts backwards with a negative n', () => {
    expect(cal.addBusinessDays(d('2026-04-21'), -2)).toBe('2026-04-17');
    expect(cal.addBusinessDays(d('2026-04-06'), -1)).toBe('2026-04-01');
    expect(() => cal.addBusinessDays(d('2026-04-06'), 1.5)).toThrow(RangeError);
  });

  it('applies entity closures with their reasons', () => {
    const closed = new BusinessCalendar({
      closures: [
        { date: '2025-12-24', reason: 'Decreto 245 de 2025: cierre de fin de año' },
        { date: '2025-12-31', reason: 'Decreto 245 de 2025: cierre de fin de año' },
      ],
    });
    expect(closed.isBusinessDay(d('2025-12-24'))).toBe(false);
    expect(closed.nonWorkingReason(d('2025-12-31'))).toBe(
      'Cierre de la entidad: Decreto 245 de 2025: cierre de fin de año',
    );
    expect(closed.addBusinessDays(d('2025-12-19'), 15)).toBe('2026-01-16');
  });

  it('validates closures in Spanish', () => {
    expect(() => new BusinessCalendar({ closures: [{ date: '2025-12-32', reason: 'x' }] })).toThrow(/Fecha no válida/);
    expect(() => new BusinessCalendar({ closures: [{ date: '2025-12-24', reason: '  ' }] })).toThrow(
      /motivo del cierre/,
    );
  });

  it('supports working Saturdays, never over a holiday', () => {
    const all = new BusinessCalendar({ workingSaturdays: true });
    expect(all.isBusinessDay(d('2026-03-28'))).toBe(true);
    expect(all.isBusinessDay(d('2027-05-01'))).toBe(false); // Día del Trabajo on a Saturday
    expect(all.isBusinessDay(d('2026-03-29'))).toBe(false);
    expect(all.addBusinessDays(d('2026-03-27'), 1)).toBe('2026-03-28');
    const some = new BusinessCalendar({ workingSaturdays: ['2026-03-28'] });
    expect(some.isBusinessDay(d('2026-03-28'))).toBe(true);
    expect(some.isBusinessDay(d('2026-04-04'))).toBe(false);
  });

  it('counts business days between two dates as the interval (a, b]', () => {
    expect(cal.businessDaysBetween(d('2026-03-27'), d('2026-04-21'))).toBe(15);
    expect(cal.businessDaysBetween(d('2025-12-19'), d('2026-01-14'))).toBe(15);
    expect(cal.businessDaysBetween(d('2026-04-21'), d('2026-04-21'))).toBe(0);
    expect(cal.businessDaysBetween(d('2026-04-21'), d('2026-04-17'))).toBe(-2);
    expect(cal.businessDaysBetween(d('2026-04-03'), d('2026-04-05'))).toBe(0);
  });

  it('finds the next business day strictly after a date', () => {
    expect(cal.nextBusinessDay(d('2026-04-01'))).toBe('2026-04-06');
    expect(cal.nextBusinessDay(d('2026-03-27'))).toBe('2026-03-30');
    expect(cal.businessDayOnOrAfter(d('2026-03-27'))).toBe('2026-03-27');
    expect(cal.businessDayOnOrAfter(d('2026-03-28'))).toBe('2026-03-30');
  });
});
