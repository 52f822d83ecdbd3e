import { describe, expect, it } from 'vitest';
import { validateEmail } from '../../src/validation/email.js';
import { validatePhone } from '../../src/validation/phone.js';

describe('validateEmail', () => {
  it.each([
    ['ana.perez@gmail.com', 'ana.perez@gmail.com'],
    ['  Ana@Correo.GOV.CO ', 'Ana@correo.gov.co'],
    ['mailto:x+1@dominio.co', 'x+1@dominio.co'],
  ])('accepts %s', (input, value) => {
    expect(validateEmail(input)).toEqual({ ok: true, value });
  });

  it.each(['ana', 'ana@', 'ana@gmail', 'ana perez@gmail.com', 'ana@@gmail.com', '.ana@gmail.com', 'ana@gmail..com'])(
    'rejects %s',
    (input) => {
      const r = validateEmail(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/nombre@correo\.com/);
    },
  );
});

describe('validatePhone', () => {
  it.each([
    ['300 123 4567', '+573001234567', 'mobile'],
    ['+57 310-555-1234', '+573105551234', 'mobile'],
    ['573215550000', '+573215550000', 'mobile'],
    ['0057 3001234567', '+573001234567', 'mobile'],
    ['(601) 234 5678', '+576012345678', 'landline'],
    ['604 444 1234', '+576044441234', 'landline'],
  ])('accepts %s', (input, e164, kind) => {
    expect(validatePhone(input)).toEqual({ ok: true, value: { e164, kind } });
  });

  it('asks for the area code of a 7-digit landline', () => {
    const r = validatePhone('234 5678');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/indicativo/);
  });

  it.each(['12345', '200 123 4567', 'tres cero cero', '+1 202 555 0100'])('rejects %s', (input) => {
    expect(validatePhone(input).ok).toBe(false);
  });
});
