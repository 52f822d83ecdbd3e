import { describe, expect, it } from 'vitest';
import { validateDate } from '../../src/validation/date.js';
import { validateNumber } from '../../src/validation/number.js';

// 02:00 UTC on 10 March is still 9 March in Bogotá (UTC−5).
const now = new Date('2025-03-10T02:00:00Z');

describe('validateDate', () => {
  it.each([
    ['hoy', '2025-03-09'],
    ['Ayer', '2025-03-08'],
    ['antier', '2025-03-07'],
    ['25/12/2024', '2024-12-25'],
    ['5/1/2025', '2025-01-05'],
    ['05-01-2025', '2025-01-05'],
    ['2024-02-29', '2024-02-29'],
  ])('reads %s', (input, value) => {
    expect(validateDate(input, now)).toEqual({ ok: true, value });
  });

  it.each([
    ['31/02/2025', /no existe/],
    ['13/13/2025', /no existe/],
    ['2023-02-29', /no existe/],
    ['mañana temprano', /No entendí la fecha/],
    ['25/12/24', /No entendí la fecha/],
  ])('rejects %s', (input, message) => {
    const r = validateDate(input, now);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('can refuse future dates', () => {
    expect(validateDate('10/03/2025', now, { notFuture: true }).ok).toBe(false);
    expect(validateDate('09/03/2025', now, { notFuture: true }).ok).toBe(true);
  });
});

describe('validateNumber', () => {
  it.each([
    ['25', 25],
    ['1.500', 1500],
    ['1.234.567,89', 1234567.89],
    ['2,5', 2.5],
    ['$ 20.000', 20000],
    ['-3', -3],
    ['3.5', 3.5],
  ])('reads %s', (input, value) => {
    expect(validateNumber(input)).toEqual({ ok: true, value });
  });

  it('applies min, max and integer with Spanish messages', () => {
    expect(validateNumber('5', { min: 10 })).toEqual({ ok: false, message: 'El número debe ser 10 o más.' });
    expect(validateNumber('1.500', { max: 1000 })).toEqual({ ok: false, message: 'El número debe ser 1.000 o menos.' });
    expect(validateNumber('2,5', { integer: true }).ok).toBe(false);
    expect(validateNumber('veinte').ok).toBe(false);
  });
});
