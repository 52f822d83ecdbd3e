import { describe, expect, it } from 'vitest';
import { nitCheckDigit, validateColombianId, validateNit } from '../../src/validation/colombian-id.js';

describe('NIT check digit', () => {
  it.each([
    ['899999068', 1],
    ['800197268', 4],
    ['860034313', 7],
  ])('%s → %i', (base, dv) => {
    expect(nitCheckDigit(base)).toBe(dv);
  });

  it('validates NITs as citizens write them', () => {
    expect(validateNit('899.999.068-1')).toEqual({ ok: true, value: '899999068-1' });
    expect(validateNit('NIT 800197268 4')).toEqual({ ok: true, value: '800197268-4' });
    expect(validateNit('8600343137')).toEqual({ ok: true, value: '860034313-7' });
    const wrong = validateNit('899999068-2');
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.message).toMatch(/dígito de verificación/);
    expect(validateNit('abc').ok).toBe(false);
  });
});

describe('validateColombianId', () => {
  it.each([
    ['1.023.456.789', 'CC', '1023456789'],
    ['CC 52.123.456', 'CC', '52123456'],
    ['c.c. 123', 'CC', '123'],
    ['Cédula de ciudadanía No. 79 123 456', 'CC', '79123456'],
    ['TI 1002003004', 'TI', '1002003004'],
    ['t.i. 10020030041', 'TI', '10020030041'],
    ['NUIP 1002003004', 'NUIP', '1002003004'],
    ['RC 1002003004', 'RC', '1002003004'],
    ['cédula de extranjería 654321', 'CE', '654321'],
    ['CE 123456789012', 'CE', '123456789012'],
    ['pasaporte ab12345', 'PA', 'AB12345'],
    ['PEP 123456789012345', 'PEP', '123456789012345'],
    ['PPT 4567891', 'PPT', '4567891'],
    ['NIT 899999068-1', 'NIT', '899999068-1'],
    ['DE X1234567', 'DE', 'X1234567'],
  ])('accepts %s', (input, type, number) => {
    expect(validateColombianId(input)).toEqual({ ok: true, value: { type, number } });
  });

  it.each([
    ['12', /entre 3 y 10 números/],
    ['12345678901', /entre 3 y 10 números/],
    ['1234abc', /entre 3 y 10 números/],
    ['TI 123456789', /10 u 11 números/],
    ['CE 12345', /entre 6 y 12 números/],
    ['PA 12', /entre 5 y 20/],
    ['PEP 1234567890123456', /hasta 15/],
    ['CC', /número del documento/],
  ])('rejects %s with a Spanish hint', (input, message) => {
    const r = validateColombianId(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('limits the accepted types', () => {
    const r = validateColombianId('TI 1002003004', { allowed: ['CC'] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/cédula de ciudadanía/);
    expect(validateColombianId('654321', { allowed: ['CE'] })).toEqual({
      ok: true,
      value: { type: 'CE', number: '654321' },
    });
  });
});
