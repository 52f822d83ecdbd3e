import { z } from 'zod';

/**
 * Colombian identity document types accepted on a case (Ley 1755 art. 16: the petitioner's ID document).
 * RC covers the NUIP of the registro civil.
 */
export const identityDocumentTypes = ['CC', 'TI', 'RC', 'CE', 'PA', 'PEP', 'PPT', 'NIT', 'DE'] as const;
export const IdentityDocumentType = z.enum(identityDocumentTypes);
export type IdentityDocumentType = z.infer<typeof IdentityDocumentType>;

/** Spanish names for forms and messages. */
export const IDENTITY_DOCUMENT_NAMES: Readonly<Record<IdentityDocumentType, string>> = {
  CC: 'Cédula de ciudadanía',
  TI: 'Tarjeta de identidad',
  RC: 'Registro civil de nacimiento (NUIP)',
  CE: 'Cédula de extranjería',
  PA: 'Pasaporte',
  PEP: 'Permiso Especial de Permanencia',
  PPT: 'Permiso por Protección Temporal',
  NIT: 'Número de Identificación Tributaria (NIT)',
  DE: 'Documento de identificación extranjero',
};

/**
 * Lenient shape checks: they catch typos, not forgeries, and must never block a petition that is otherwise
 * receivable (art. 16: missing or odd data does not stop filing). DE has no national format, so it is as loose as PA.
 */
const SHAPES: Readonly<Record<IdentityDocumentType, { regex: RegExp; hint: string }>> = {
  CC: { regex: /^\d{3,10}$/, hint: 'entre 3 y 10 dígitos' },
  TI: { regex: /^\d{10,11}$/, hint: '10 u 11 dígitos' },
  RC: { regex: /^\d{10,11}$/, hint: '10 u 11 dígitos' },
  CE: { regex: /^\d{6,12}$/, hint: 'entre 6 y 12 dígitos' },
  PA: { regex: /^[A-Z0-9]{5,20}$/, hint: 'entre 5 y 20 letras o números' },
  PEP: { regex: /^[A-Z0-9]{1,15}$/, hint: 'hasta 15 letras o números' },
  PPT: { regex: /^[A-Z0-9]{1,15}$/, hint: 'hasta 15 letras o números' },
  NIT: { regex: /^\d{5,15}$/, hint: 'entre 5 y 15 dígitos, con o sin dígito de verificación' },
  DE: { regex: /^[A-Z0-9]{3,20}$/, hint: 'entre 3 y 20 letras o números' },
};

/** DIAN weights, applied from the rightmost digit of the NIT leftwards. */
const NIT_WEIGHTS = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71] as const;

/**
 * The DIAN check digit (dígito de verificación) of a NIT without it: r = Σ digit × weight mod 11; DV = r if r < 2,
 * else 11 − r.
 * @throws RangeError when `nit` is not 1-15 digits.
 */
export function nitCheckDigit(nit: string): number {
  if (!/^\d{1,15}$/.test(nit)) throw new RangeError(`El NIT debe tener entre 1 y 15 dígitos: «${nit}».`);
  let sum = 0;
  for (let i = 0; i < nit.length; i++) {
    sum += Number(nit[nit.length - 1 - i]) * (NIT_WEIGHTS[i] ?? 0);
  }
  const r = sum % 11;
  return r < 2 ? r : 11 - r;
}

/** A document that passed the checks, normalised for storage and lookups. */
export interface IdentityDocument {
  type: IdentityDocumentType;
  /** Digits or upper-case letters only; for NIT, without the check digit. */
  number: string;
  /** NIT only: the computed check digit. */
  checkDigit?: number;
}

export type IdentityDocumentCheck =
  | { ok: true; document: IdentityDocument }
  | { ok: false; code: 'ID_EMPTY' | 'ID_FORMAT' | 'NIT_CHECK_DIGIT'; message: string };

/**
 * Normalises and checks an ID number for its type. Dots, spaces and commas are ignored ("1.020.304.050"); a NIT may
 * carry its check digit after a hyphen ("899.999.068-1"), which must then match. Messages are Spanish, for the
 * person typing.
 */
export function checkIdentityDocument(type: IdentityDocumentType, input: string): IdentityDocumentCheck {
  const name = IDENTITY_DOCUMENT_NAMES[type];
  let text = input.replace(/[.\s,]/g, '').toUpperCase();
  if (text.length === 0)
    return { ok: false, code: 'ID_EMPTY', message: `Escriba el número de su ${name.toLowerCase()}.` };

  let givenDigit: number | undefined;
  if (type === 'NIT') {
    const m = /^(\d+)-(\d)$/.exec(text);
    if (m) {
      text = m[1] ?? '';
      givenDigit = Number(m[2]);
    }
  } else {
    // Hyphens are common in foreign passports and permits but not part of the number.
    text = text.replace(/-/g, '');
  }

  const shape = SHAPES[type];
  if (!shape.regex.test(text)) {
    return { ok: false, code: 'ID_FORMAT', message: `El número de ${name.toLowerCase()} debe tener ${shape.hint}.` };
  }
  if (type !== 'NIT') return { ok: true, document: { type, number: text } };

  const checkDigit = nitCheckDigit(text);
  if (givenDigit !== undefined && givenDigit !== checkDigit) {
    return {
      ok: false,
      code: 'NIT_CHECK_DIGIT',
      message: `El dígito de verificación no corresponde al NIT ${text}; revise el número (el dígito esperado es ${checkDigit}).`,
    };
  }
  return { ok: true, document: { type, number: text, checkDigit } };
}
