import { invalid, valid, type ValidationResult } from './validation-result.js';
import { nitCheckDigit as caseNitCheckDigit } from './identity-document.js';

/** Identity document types accepted by Colombian public entities (pqrsd-rules.md §8). */
export const colombianIdTypes = ['CC', 'TI', 'RC', 'NUIP', 'CE', 'PA', 'PEP', 'PPT', 'NIT', 'DE'] as const;
export type ColombianIdType = (typeof colombianIdTypes)[number];

/** A normalised identity document: digits without dots or spaces, letters upper-case; NIT as `base-DV`. */
export interface ColombianId {
  type: ColombianIdType;
  number: string;
}

const idTypeNames: Record<ColombianIdType, string> = {
  CC: 'cédula de ciudadanía',
  TI: 'tarjeta de identidad',
  RC: 'registro civil',
  NUIP: 'NUIP',
  CE: 'cédula de extranjería',
  PA: 'pasaporte',
  PEP: 'permiso especial de permanencia (PEP)',
  PPT: 'permiso por protección temporal (PPT)',
  NIT: 'NIT',
  DE: 'documento extranjero',
};

/** Spanish name of a document type, for messages. */
export function idTypeName(type: ColombianIdType): string {
  return idTypeNames[type];
}

// Longest prefixes first so "cedula de extranjeria" wins over "cedula".
const prefixes: [string, ColombianIdType][] = (
  [
    ['cedula de ciudadania', 'CC'],
    ['cedula de extranjeria', 'CE'],
    ['tarjeta de identidad', 'TI'],
    ['registro civil', 'RC'],
    ['documento extranjero', 'DE'],
    ['pasaporte', 'PA'],
    ['cedula', 'CC'],
    ['nuip', 'NUIP'],
    ['pep', 'PEP'],
    ['ppt', 'PPT'],
    ['nit', 'NIT'],
    ['cc', 'CC'],
    ['ti', 'TI'],
    ['rc', 'RC'],
    ['ce', 'CE'],
    ['pa', 'PA'],
    ['de', 'DE'],
  ] as [string, ColombianIdType][]
).sort((a, b) => b[0].length - a[0].length);

/**
 * DIAN check digit of a NIT base, or null when the base is not 1–15 digits. The rule itself lives with the case
 * domain (src/cases/identity-document.ts); this adapts it to chat input, where a bad base is an answer to reject.
 */
export function nitCheckDigit(base: string): number | null {
  return /^\d{1,15}$/.test(base) ? caseNitCheckDigit(base) : null;
}

const nitHelp = 'Escriba el NIT con su dígito de verificación, por ejemplo: 900123456-7.';

/**
 * Checks a NIT. With a separator ("900.123.456-7", "900123456 7") the last part is the check digit; digits only are
 * read as base + check digit. Either way the check digit must match, because a NIT without it cannot catch typos.
 */
export function validateNit(input: string): ValidationResult<string> {
  const cleaned = input
    .trim()
    .replace(/^nit\.?\s*/i, '')
    .replace(/\./g, '')
    .replace(/,/g, '');
  const separated = /^(\d{5,15})\s*[-\s]\s*(\d)$/.exec(cleaned);
  const plain = /^(\d{6,16})$/.exec(cleaned);
  let base: string;
  let dv: string;
  if (separated?.[1] && separated[2]) {
    base = separated[1];
    dv = separated[2];
  } else if (plain?.[1]) {
    base = plain[1].slice(0, -1);
    dv = plain[1].slice(-1);
  } else {
    return invalid(`No reconocí ese NIT. ${nitHelp}`);
  }
  if (nitCheckDigit(base) !== Number(dv)) {
    return invalid(`El dígito de verificación no coincide. Revise el número. ${nitHelp}`);
  }
  return valid(`${base}-${dv}`);
}

function checkNumber(type: ColombianIdType, raw: string): ValidationResult<ColombianId> {
  const digitsOnly = raw.replace(/[.\s,-]/g, '');
  const alnum = raw.replace(/[.\s-]/g, '').toUpperCase();
  const name = idTypeName(type);
  switch (type) {
    case 'CC':
      return /^\d{3,10}$/.test(digitsOnly)
        ? valid({ type, number: digitsOnly })
        : invalid(`La ${name} debe tener entre 3 y 10 números, sin letras. Ejemplo: 1023456789.`);
    case 'TI':
    case 'RC':
    case 'NUIP':
      return /^\d{10,11}$/.test(digitsOnly)
        ? valid({ type, number: digitsOnly })
        : invalid(`El número de ${name} debe tener 10 u 11 números. Ejemplo: 1023456789.`);
    case 'CE':
      return /^\d{6,12}$/.test(digitsOnly)
        ? valid({ type, number: digitsOnly })
        : invalid(`La ${name} debe tener entre 6 y 12 números. Ejemplo: 123456.`);
    case 'PA':
      return /^[A-Z0-9]{5,20}$/.test(alnum)
        ? valid({ type, number: alnum })
        : invalid(`El ${name} debe tener entre 5 y 20 letras o números. Ejemplo: AB123456.`);
    case 'PEP':
    case 'PPT':
      return /^[A-Z0-9]{1,15}$/.test(alnum)
        ? valid({ type, number: alnum })
        : invalid(`El ${name} debe tener hasta 15 letras o números.`);
    case 'DE':
      // §8 gives no rule for DE; accept what a foreign document usually looks like.
      return /^[A-Z0-9]{3,20}$/.test(alnum)
        ? valid({ type, number: alnum })
        : invalid(`El ${name} debe tener entre 3 y 20 letras o números.`);
    case 'NIT': {
      const nit = validateNit(raw);
      return nit.ok ? valid({ type, number: nit.value }) : nit;
    }
  }
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Checks an identity document as a citizen types it: an optional type prefix ("CC 1.023.456", "pasaporte AB123",
 * "T.I. 1002003004") followed by the number. Without a prefix `defaultType` applies. `allowed` limits the types.
 * The checks are the lenient ones of pqrsd-rules.md §8: they catch typos, they do not prove the document exists.
 */
export function validateColombianId(
  input: string,
  options: { defaultType?: ColombianIdType; allowed?: readonly ColombianIdType[] } = {},
): ValidationResult<ColombianId> {
  const allowed = options.allowed ?? colombianIdTypes;
  const defaultType = options.defaultType ?? allowed[0] ?? 'CC';
  const text = fold(input.trim()).replace(/^([a-z])\.\s?([a-z])\.?/, '$1$2');
  let type: ColombianIdType = defaultType;
  let rest = text;
  for (const [prefix, t] of prefixes) {
    const m = new RegExp(`^${prefix}(?:[\\s.:#-]+|(?=\\d)|$)(?:no\\.?\\s*|numero\\s*)?`).exec(text);
    if (m) {
      type = t;
      rest = text.slice(m[0].length);
      break;
    }
  }
  if (rest.trim() === '') return invalid('Escriba el número del documento. Ejemplo: CC 1023456789.');
  if (!allowed.includes(type)) {
    const names = allowed.map((t) => idTypeName(t)).join(', ');
    return invalid(`Ese tipo de documento no sirve aquí. Puede usar: ${names}.`);
  }
  return checkNumber(type, rest.trim());
}
