import { invalid, valid, type ValidationResult } from './validation-result.js';

/** A normalised Colombian phone number. */
export interface ColombianPhone {
  /** E.164, e.g. "+573001234567" or "+576012345678". */
  e164: string;
  kind: 'mobile' | 'landline';
}

/**
 * Checks a Colombian phone number: mobile (10 digits starting with 3) or landline in the national plan in force since
 * 2021 (10 digits starting with 60 + area digit, e.g. 601 Bogotá). Accepts +57, 57 or 0057 in front and any spaces,
 * dots, dashes or parentheses. Old 7-digit landlines are rejected with a hint, because without the area code nobody
 * can call them back.
 */
export function validatePhone(input: string): ValidationResult<ColombianPhone> {
  let digits = input.replace(/[\s().-]/g, '');
  if (!/^\+?\d+$/.test(digits)) {
    return invalid('Escriba solo los números del teléfono. Ejemplo: 300 123 4567.');
  }
  digits = digits.replace(/^\+/, '');
  if (digits.length === 14 && digits.startsWith('0057')) digits = digits.slice(4);
  if (digits.length === 12 && digits.startsWith('57')) digits = digits.slice(2);
  if (digits.length === 10 && digits.startsWith('3')) return valid({ e164: `+57${digits}`, kind: 'mobile' });
  if (digits.length === 10 && digits.startsWith('60')) return valid({ e164: `+57${digits}`, kind: 'landline' });
  if (digits.length === 7) {
    return invalid('A un teléfono fijo le falta el indicativo. Escríbalo con él, así: 601 234 5678.');
  }
  return invalid(
    'Ese número no parece un teléfono de Colombia. Escriba un celular de 10 números (300 123 4567) o un fijo con indicativo (601 234 5678).',
  );
}
