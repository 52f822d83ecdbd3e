import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares the secret a caller sent with ours in constant time. Both sides are hashed first, so neither the
 * comparison's duration nor an early length check tells how much of a guess was right.
 */
export function secretMatches(received: string | string[] | undefined, expected: string): boolean {
  if (typeof received !== 'string' || received === '') return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(received), digest(expected));
}
