import { randomBytes, randomInt, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** No 0/O, 1/I/L: the code is read aloud and typed on phones. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 8;

/** The secret an anonymous citizen uses to follow a case: 8 characters, about 40 bits, shown once at filing. */
export function newLookupCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** How citizens may type it back: any case, with or without the hyphen or spaces. */
export function normalizeLookupCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export async function hashLookupCode(code: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(normalizeLookupCode(code), salt, 32);
  return `${salt.toString('base64url')}:${hash.toString('base64url')}`;
}

/** Compares in constant time; a missing or malformed stored value never matches. */
export async function verifyLookupCode(code: string, stored: string | null): Promise<boolean> {
  const [saltText = '', hashText = ''] = (stored ?? '').split(':');
  const salt = Buffer.from(saltText, 'base64url');
  const expected = Buffer.from(hashText, 'base64url');
  // Hash even when there is nothing to compare with, so a missing case costs the same time as a wrong code.
  const actual = await scrypt(normalizeLookupCode(code), salt.length > 0 ? salt : Buffer.alloc(16), 32);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
