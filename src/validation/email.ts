import { invalid, valid, type ValidationResult } from './validation-result.js';

const help = 'Escríbalo completo, así: nombre@correo.com.';

/**
 * Checks an e-mail address. Deliberately simple: one "@", a dot in the domain, no spaces. The domain is lower-cased
 * (it is case-insensitive); the local part keeps its case because some servers honour it.
 */
export function validateEmail(input: string): ValidationResult<string> {
  const text = input.trim().replace(/^mailto:/i, '');
  if (/\s/.test(text)) return invalid(`El correo no puede tener espacios. ${help}`);
  const m = /^([^@]+)@([^@]+)$/.exec(text);
  if (!m?.[1] || !m[2]) return invalid(`Ese correo no parece completo. ${help}`);
  const local = m[1];
  const domain = m[2].toLowerCase();
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/.test(domain) || local.length > 64 || text.length > 254) {
    return invalid(`Revise lo que va después de la "@". ${help}`);
  }
  if (!/^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$/.test(local) || local.startsWith('.') || local.endsWith('.')) {
    return invalid(`Revise lo que va antes de la "@". ${help}`);
  }
  return valid(`${local}@${domain}`);
}
