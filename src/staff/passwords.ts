import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** The shortest console password accepted; length is what makes a password hard to guess. */
export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;

export class PasswordRuleError extends Error {}

/** Why a password is refused, in Spanish, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `La contraseña debe tener al menos ${MIN_PASSWORD_LENGTH} caracteres.`;
  }
  // A cap keeps a huge "password" from turning each sign-in into a costly hash.
  if (password.length > MAX_PASSWORD_LENGTH)
    return `La contraseña puede tener como máximo ${MAX_PASSWORD_LENGTH} caracteres.`;
  if (password.trim() !== password) return 'La contraseña no puede empezar ni terminar con espacios.';
  if (new Set(password).size < 4) return 'La contraseña repite muy pocos caracteres distintos; elija otra.';
  return null;
}

/**
 * Argon2id with the library's defaults (19 MiB, 2 passes, 1 lane), which are OWASP's recommended minimum; the PHC
 * string carries its own parameters and salt, so raising them later keeps old hashes verifiable.
 */
export async function hashPassword(password: string): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw new PasswordRuleError(problem);
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a refusal, not a crash of the sign-in.
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same work as a real check when the account does not exist (or has no password), so the answer's timing
 * does not tell a guesser which emails are registered.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hash(randomBytes(24).toString('base64url'));
  await verifyPassword(await dummyHash, password.slice(0, MAX_PASSWORD_LENGTH));
  return false;
}

/** 20 characters from a 56-letter alphabet without look-alikes (≈116 bits), easy to copy by hand. */
export function generatePassword(length = 20): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // Rejection sampling: 224 is the largest multiple of 56 under 256, so every letter is equally likely.
      if (byte < 224 && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}
