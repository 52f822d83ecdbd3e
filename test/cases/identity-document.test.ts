import { describe, expect, it } from 'vitest';
import {
  checkIdentityDocument,
  IDENTITY_DOCUMENT_NAMES,
  identityDocumentTypes,
  nitCheckDigit,
} from '../../src/validation/identity-document.js';

describe('NIT check digit (DIAN)', () => {
  it.each([
    ['899999068', 1],
    ['800197268', 4],
    ['860034313', 7],
  ])('%s → %i', (nit, dv) => {
    expect(nitCheckDigit(nit)).toBe(dv);
  });

  it('accepts dots, spaces and a -DV suffix, and checks the digit', () => {
    expect(checkIdentityDocument('NIT', '899.999.068-1')).toEqual({
      ok: true,
      document: { type: 'NIT', number: '899999068', checkDigit: 1 },
    });
    expect(checkIdentityDocument('NIT', ' 800 197 268 - 4 ')).toMatchObject({
      ok: true,
      document: { number: '800197268' },
    });
    expect(checkIdentityDocument('NIT', '860034313')).toMatchObject({ ok: true, document: { checkDigit: 7 } });
    const wrong = checkIdentityDocument('NIT', '860.034.313-2');
    expect(wrong).toMatchObject({ ok: false, code: 'NIT_CHECK_DIGIT' });
    expect(checkIdentityDocument('NIT', '86A034313')).toMatchObject({ ok: false, code: 'ID_FORMAT' });
  });
});

describe('identity documents', () => {
  it('names every type in Spanish', () => {
    for (const t of identityDocumentTypes) expect(IDENTITY_DOCUMENT_NAMES[t]).toBeTruthy();
    expect(IDENTITY_DOCUMENT_NAMES.CC).toBe('Cédula de ciudadanía');
  });

  it.each([
    ['CC', '1.020.304.050', true],
    ['CC', '123', true],
    ['CC', '12', false],
    ['CC', '12345678901', false],
    ['CC', '10203A', false],
    ['TI', '1020304050', true],
    ['TI', '102030405', false],
    ['RC', '10203040506', true],
    ['RC', '102030405067', false],
    ['CE', '123456', true],
    ['CE', '12345', false],
    ['CE', '123456789012', true],
    ['PA', 'ab12345', true],
    ['PA', 'AB1', false],
    ['PA', 'AB-123 456', true],
    ['PEP', '123456789012345', true],
    ['PEP', '1234567890123456', false],
    ['PPT', '5432109', true],
    ['DE', 'X12345', true],
  ] as const)('%s %s → %s', (type, input, ok) => {
    expect(checkIdentityDocument(type, input).ok).toBe(ok);
  });

  it('normalises and explains in Spanish', () => {
    expect(checkIdentityDocument('PA', 'ab 12345')).toEqual({ ok: true, document: { type: 'PA', number: 'AB12345' } });
    expect(checkIdentityDocument('CC', '  ')).toEqual({
      ok: false,
      code: 'ID_EMPTY',
      message: 'Escriba el número de su cédula de ciudadanía.',
    });
    expect(checkIdentityDocument('TI', '123')).toMatchObject({
      message: 'El número de tarjeta de identidad debe tener 10 u 11 dígitos.',
    });
  });
});
