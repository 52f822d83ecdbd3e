import { describe, expect, it } from 'vitest';
import type { PopulationProfile } from '../../src/population/population-profile.js';
import { buildPopulationReport } from '../../src/reports/population-report.js';
import { parseSmallCountThreshold, suppressSmallCounts } from '../../src/reports/suppress-small-counts.js';

describe('small-count suppression', () => {
  it('shows a cell of 1 to 4 people as "<5", and hides the smallest other cell when only one was hidden', () => {
    // 12 + 3 + 0 + 7 = 22: with "<5" alone, 22 - 12 - 0 - 7 would give back the 3, so the 7 is reserved too.
    expect(suppressSmallCounts([12, 3, 0, 7], 5)).toEqual({ cells: [12, '<5', 0, 'reservado'], total: 22 });
  });

  it('needs no complement when two cells are hidden: only their sum (5) can be worked out', () => {
    expect(suppressSmallCounts([12, 3, 2, 7], 5)).toEqual({ cells: [12, '<5', '<5', 7], total: 24 });
  });

  it('hides the total too when it is itself small, and shows zeros, which name nobody', () => {
    expect(suppressSmallCounts([3, 0, 0], 5)).toEqual({ cells: ['<5', 0, 0], total: '<5' });
    expect(suppressSmallCounts([0, 0], 5)).toEqual({ cells: [0, 0], total: 0 });
  });

  it('reserves the first of equally small cells, and a cell of exactly the threshold is shown', () => {
    expect(suppressSmallCounts([5, 4, 5, 9], 5)).toEqual({ cells: ['reservado', '<5', 5, 9], total: 23 });
    expect(suppressSmallCounts([9, 20], 10)).toEqual({ cells: ['<10', 'reservado'], total: 29 });
  });

  it('takes the threshold from settings.reportes.conteoMinimo, 5 by default, and refuses a value that hides too little', () => {
    expect(parseSmallCountThreshold({})).toBe(5);
    expect(parseSmallCountThreshold({ reportes: { conteoMinimo: 10 } })).toBe(10);
    expect(() => parseSmallCountThreshold({ reportes: { conteoMinimo: 1 } })).toThrow(
      /settings\.reportes.*conteoMinimo/,
    );
  });
});

describe('population breakdowns', () => {
  const victim = (armedConflictVictim: string, ethnicGroup?: string): PopulationProfile =>
    ({ armedConflictVictim, ...(ethnicGroup ? { ethnicGroup } : {}) }) as PopulationProfile;

  // 20 cases: 6 victims (3 of them indígenas, 3 ninguno), 2 non-victims (ninguno), 1 "prefiere no decir" (ninguno),
  // 11 never asked.
  const cases = [
    ...Array.from({ length: 3 }, () => ({ profile: victim('si', 'indigena') })),
    ...Array.from({ length: 3 }, () => ({ profile: victim('si', 'ninguno') })),
    ...Array.from({ length: 2 }, () => ({ profile: victim('no', 'ninguno') })),
    { profile: victim('prefiere_no_decir', 'ninguno') },
    ...Array.from({ length: 11 }, () => ({ profile: null })),
  ];
  // 6 CSAT answers: 5 from victims (4 satisfied), 1 from a non-victim.
  const csat = [
    ...[true, true, true, true, false].map((satisfied) => ({ profile: victim('si'), satisfied })),
    { profile: victim('no'), satisfied: true },
  ];
  const report = buildPopulationReport(cases, csat, 5);
  const breakdown = (field: string) => report.breakdowns.find((b) => b.field === field)!;
  const row = (field: string, value: string) => breakdown(field).rows.find((r) => r.value === value)!;

  it('counts PQRSD by group with "prefiere no decir" apart from "not asked", two small cells needing no complement', () => {
    expect(report.breakdowns.map((b) => b.field)).toEqual([
      'disability',
      'ethnicGroup',
      'armedConflictVictim',
      'ageGroup',
      'sex',
      'genderIdentity',
    ]);
    const victims = breakdown('armedConflictVictim');
    expect(victims.rows.map((r) => [r.label, r.cases])).toEqual([
      ['Sí', 6],
      ['No', '<5'],
      ['Prefiere no decir', '<5'],
      ['Sin dato (no se preguntó)', 11],
    ]);
    expect(victims.totalCases).toBe(20);
  });

  it('reserves the next smallest group when a single group is small, so the 3 indígenas cannot be recovered from 20', () => {
    expect(row('ethnicGroup', 'indigena').cases).toBe('<5');
    expect(row('ethnicGroup', 'ninguno').cases).toBe('reservado');
    expect(row('ethnicGroup', 'sin_dato').cases).toBe(11);
    expect(row('ethnicGroup', 'raizal').cases).toBe(0);
    expect(breakdown('ethnicGroup').totalCases).toBe(20);
    // Nobody stated a disability: everyone is in "not asked", nothing to hide.
    expect(
      breakdown('disability')
        .rows.filter((r) => r.cases !== 0)
        .map((r) => [r.value, r.cases]),
    ).toEqual([['sin_dato', 20]]);
  });

  it('satisfaction by group: the 1 non-victim answer is "<5", so the 5 victims\' answers are reserved and no share is shown', () => {
    expect(row('armedConflictVictim', 'si')).toMatchObject({ csatResponses: 'reservado', csatShare: null });
    expect(row('armedConflictVictim', 'no')).toMatchObject({ csatResponses: '<5', csatShare: null });
    expect(breakdown('armedConflictVictim').totalCsatResponses).toBe(6);
    // The ethnic field: the 6 answers were never asked about it, one row of 6 with 5/6 satisfied = 83.33 %.
    expect(row('ethnicGroup', 'sin_dato')).toMatchObject({ csatResponses: 6, csatShare: 0.8333 });
  });

  it('shows the share where a group has enough answers: 4 of 5 victims satisfied once 5 non-victims answered too', () => {
    const more = [...csat, ...Array.from({ length: 4 }, () => ({ profile: victim('no'), satisfied: false }))];
    const shown = buildPopulationReport(cases, more, 5).breakdowns.find((b) => b.field === 'armedConflictVictim')!;
    expect(shown.rows.map((r) => [r.value, r.csatResponses, r.csatShare])).toEqual([
      ['si', 5, 0.8],
      ['no', 5, 0.2],
      ['prefiere_no_decir', 0, null],
      ['sin_dato', 0, null],
    ]);
    expect(shown.totalCsatResponses).toBe(10);
  });
});
