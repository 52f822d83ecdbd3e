import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RADICADO_PATTERN,
  formatRadicado,
  nextRadicadoSequence,
  parseRadicado,
  RadicadoPattern,
} from '../../src/cases/radicado.js';
import { d } from './helpers.js';

describe('radicado', () => {
  it('formats the default pattern', () => {
    expect(formatRadicado(DEFAULT_RADICADO_PATTERN, { date: d('2026-03-27'), sequence: 123 })).toBe(
      'PQRSD-2026-000123',
    );
  });

  it('parses it back for lookups, tolerating case and spaces', () => {
    expect(parseRadicado(DEFAULT_RADICADO_PATTERN, 'PQRSD-2026-000123')).toEqual({ year: 2026, sequence: 123 });
    expect(parseRadicado(DEFAULT_RADICADO_PATTERN, '  pqrsd-2026-000123 ')).toEqual({ year: 2026, sequence: 123 });
    expect(parseRadicado(DEFAULT_RADICADO_PATTERN, 'PQRSD-2026-123')).toBeNull();
    expect(parseRadicado(DEFAULT_RADICADO_PATTERN, 'PQRS-2026-000123')).toBeNull();
    expect(parseRadicado(DEFAULT_RADICADO_PATTERN, 'PQRSD-2026-000000')).toBeNull();
  });

  it('round-trips custom patterns with every token', () => {
    const pattern = 'ALC/{YY}{MM}{DD}-{SEQ:4}.W';
    const value = formatRadicado(pattern, { date: d('2027-01-05'), sequence: 42 });
    expect(value).toBe('ALC/270105-0042.W');
    expect(parseRadicado(pattern, value)).toEqual({ year: 2027, sequence: 42, month: 1, day: 5 });
    const trailing = '{YYYY}{MM}-{SEQ:5}';
    expect(parseRadicado(trailing, formatRadicado(trailing, { date: d('2026-12-31'), sequence: 7 }))).toEqual({
      year: 2026,
      sequence: 7,
      month: 12,
    });
  });

  it('writes sequences longer than the width in full and still parses them', () => {
    const value = formatRadicado(DEFAULT_RADICADO_PATTERN, { date: d('2026-03-27'), sequence: 1_234_567 });
    expect(value).toBe('PQRSD-2026-1234567');
    expect(parseRadicado(DEFAULT_RADICADO_PATTERN, value)).toEqual({ year: 2026, sequence: 1_234_567 });
  });

  it('restarts the sequence every 1 January (AGN Acuerdo 060 de 2001)', () => {
    expect(nextRadicadoSequence(null, d('2026-01-01'))).toEqual({ year: 2026, sequence: 1 });
    expect(nextRadicadoSequence({ year: 2026, sequence: 999 }, d('2026-12-31'))).toEqual({
      year: 2026,
      sequence: 1000,
    });
    const first2027 = nextRadicadoSequence({ year: 2026, sequence: 1000 }, d('2027-01-01'));
    expect(first2027).toEqual({ year: 2027, sequence: 1 });
    expect(formatRadicado(DEFAULT_RADICADO_PATTERN, { date: d('2027-01-01'), sequence: first2027.sequence })).toBe(
      'PQRSD-2027-000001',
    );
    expect(() => nextRadicadoSequence({ year: 2027, sequence: 5 }, d('2026-12-31'))).toThrow(RangeError);
  });

  it('validates patterns with Spanish messages', () => {
    const msg = (p: string) => {
      const r = RadicadoPattern.safeParse(p);
      return r.success ? null : r.error.issues[0]?.message;
    };
    expect(msg(DEFAULT_RADICADO_PATTERN)).toBeNull();
    expect(msg('PQRSD-{YYYY}')).toMatch(/exactamente un consecutivo/);
    expect(msg('PQRSD-{SEQ:6}')).toMatch(/exactamente un año/);
    expect(msg('{YYYY}-{SEQ:3}-{SEQ:3}')).toMatch(/exactamente un consecutivo/);
    expect(msg('{YYYY}{SEQ:6}{MM}')).toMatch(/separador/);
    expect(msg('{YYYY}-{SEQ:6}7')).toMatch(/separador/);
    expect(msg('PQRSD#{YYYY}-{SEQ:6}')).toMatch(/Texto no permitido/);
    expect(msg('{YYYY}-{SEQ:0}')).toMatch(/entre 1 y 12/);
    expect(msg('{YYYY}-{SEQ:6}-{FOO}')).toMatch(/Texto no permitido/);
    expect(msg('')).toMatch(/no puede estar vacío/);
    expect(() => formatRadicado('PQRSD', { date: d('2026-03-27'), sequence: 1 })).toThrow(
      /Patrón de radicado no válido/,
    );
    expect(() => formatRadicado(DEFAULT_RADICADO_PATTERN, { date: d('2026-03-27'), sequence: 0 })).toThrow(RangeError);
  });
});
