import { describe, expect, it } from 'vitest';
import { formatDuration, formatShare, periodPresets, recentSemesters } from '../../web-console/src/report-format.js';

describe('the dashboard’s figures as supervisors read them', () => {
  it('writes shares the Colombian way and says when there is nothing to divide', () => {
    expect(formatShare(0.6667)).toBe('66,7\u00a0%');
    expect(formatShare(0.25)).toBe('25\u00a0%');
    expect(formatShare(1)).toBe('100\u00a0%');
    expect(formatShare(null)).toBe('Sin datos');
  });

  it('writes durations short: seconds, minutes, hours', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(240)).toBe('4 min');
    expect(formatDuration(210)).toBe('3 min 30 s');
    expect(formatDuration(3900)).toBe('1 h 05 min');
    expect(formatDuration(null)).toBe('Sin datos');
  });

  it('offers the periods people report on, across the turn of the year', () => {
    const presets = Object.fromEntries(periodPresets('2026-01-20').map((p) => [p.id, p.period]));
    expect(presets).toEqual({
      mes: { from: '2026-01-01', to: '2026-01-20' },
      'mes-anterior': { from: '2025-12-01', to: '2025-12-31' },
      semestre: { from: '2026-01-01', to: '2026-01-20' },
      'semestre-anterior': { from: '2025-07-01', to: '2025-12-31' },
    });
    expect(periodPresets('2028-03-05').find((p) => p.id === 'mes-anterior')?.period).toEqual({
      from: '2028-02-01',
      to: '2028-02-29',
    });
    expect(recentSemesters('2026-11-23', 3)).toEqual([
      { value: '2026-2', label: 'Julio a diciembre de 2026' },
      { value: '2026-1', label: 'Enero a junio de 2026' },
      { value: '2025-2', label: 'Julio a diciembre de 2025' },
    ]);
  });
});
