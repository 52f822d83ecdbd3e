import { describe, expect, it } from 'vitest';
import { localDate } from '../../../src/cases/local-date.js';
import { SemesterText, parseSemester, semesterLabel, semesterOf } from '../../../src/reports/printable/semester.js';

describe('parseSemester', () => {
  it('reads "2026-1" as January to June and "2026-2" as July to December', () => {
    expect(parseSemester('2026-1')).toEqual({ year: 2026, half: 1, from: '2026-01-01', to: '2026-06-30' });
    expect(parseSemester(' 2026-2 ')).toEqual({ year: 2026, half: 2, from: '2026-07-01', to: '2026-12-31' });
    expect(semesterLabel(parseSemester('2027-2'))).toBe('segundo semestre de 2027');
  });

  it.each(['2026-3', '2026-0', '2026', '2026-01', '26-1', '2026/1', 'primer semestre', ''])(
    'refuses %j with a Spanish message that shows the right form',
    (text) => {
      expect(() => parseSemester(text)).toThrow(RangeError);
      expect(() => parseSemester(text)).toThrow(
        `Semestre no válido: «${text}». Escríbalo como año y semestre, por ejemplo 2026-1 (enero a junio) o 2026-2 (julio a diciembre).`,
      );
    },
  );

  it('has a zod schema for query strings and CLI options with the same message', () => {
    expect(SemesterText.parse('2026-2')).toMatchObject({ year: 2026, half: 2, from: '2026-07-01' });
    const result = SemesterText.safeParse('2026-3');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/^Semestre no válido: «2026-3»/);
  });
});

describe('semesterOf', () => {
  it('dates an instant in Colombia: 23:59 on 30 June in Bogotá is still the first semester', () => {
    expect(semesterOf(new Date('2026-07-01T04:59:59Z'))).toMatchObject({ year: 2026, half: 1, to: '2026-06-30' });
    expect(semesterOf(new Date('2026-07-01T05:00:00Z'))).toMatchObject({ year: 2026, half: 2, from: '2026-07-01' });
  });

  it('takes a calendar date too', () => {
    expect(semesterOf(localDate('2026-12-31'))).toEqual({ year: 2026, half: 2, from: '2026-07-01', to: '2026-12-31' });
    expect(semesterOf(localDate('2027-01-01'))).toMatchObject({ year: 2027, half: 1 });
  });
});
