import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  dayOfWeek,
  formatLongDateEs,
  isLocalDate,
  localDate,
  toBogotaDate,
} from '../../src/cases/local-date.js';
import { d } from './helpers.js';

const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('LocalDate', () => {
  it('accepts only real dates written YYYY-MM-DD', () => {
    expect(isLocalDate('2026-03-27')).toBe(true);
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-13-01')).toBe(false);
    expect(isLocalDate('2026-3-27')).toBe(false);
    expect(isLocalDate(20260327)).toBe(false);
    expect(() => localDate('27/03/2026')).toThrow(/Fecha no válida/);
  });

  it('does calendar arithmetic across month and year ends', () => {
    expect(addDays(d('2025-12-31'), 1)).toBe('2026-01-01');
    expect(addDays(d('2024-03-01'), -1)).toBe('2024-02-29');
    expect(dayOfWeek(d('2026-03-27'))).toBe(5);
    expect(dayOfWeek(d('2025-07-20'))).toBe(0);
  });

  it('adds calendar months clamping to the last day of a shorter month (art. 17 "un mes")', () => {
    expect(addMonths(d('2026-04-06'), 1)).toBe('2026-05-06');
    expect(addMonths(d('2026-01-31'), 1)).toBe('2026-02-28');
    expect(addMonths(d('2028-01-31'), 1)).toBe('2028-02-29');
    expect(addMonths(d('2026-12-15'), 1)).toBe('2027-01-15');
    expect(addMonths(d('2026-11-30'), 2)).toBe('2027-01-30');
  });

  it('formats long Spanish dates', () => {
    expect(formatLongDateEs(d('2026-04-21'))).toBe('martes 21 de abril de 2026');
    expect(formatLongDateEs(d('2026-04-15'))).toBe('miércoles 15 de abril de 2026');
  });
});

describe('toBogotaDate', () => {
  const cases: Array<[string, string]> = [
    ['2026-03-27T15:00:00Z', '2026-03-27'],
    ['2026-03-28T04:59:59.999Z', '2026-03-27'], // 23:59:59.999 in Bogotá
    ['2026-03-28T05:00:00Z', '2026-03-28'], // midnight in Bogotá
    ['2026-01-01T04:00:00Z', '2025-12-31'], // still New Year's Eve in Colombia
    ['2025-12-31T23:30:00-05:00', '2025-12-31'],
  ];

  it.each(cases)('%s is %s in Colombia', (instant, expected) => {
    expect(toBogotaDate(new Date(instant))).toBe(expected);
  });

  it('does not depend on the machine time zone', () => {
    for (const tz of ['UTC', 'Asia/Tokyo', 'America/Bogota', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      process.env.TZ = tz;
      for (const [instant, expected] of cases) expect(toBogotaDate(new Date(instant))).toBe(expected);
    }
  });

  it('rejects an invalid instant', () => {
    expect(() => toBogotaDate(new Date('nope'))).toThrow(RangeError);
  });
});
