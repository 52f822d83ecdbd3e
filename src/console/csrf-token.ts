import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The console's anti-CSRF token: an HMAC of the session's secret cookie value. It is a synchronizer token bound to the
 * session without a column of its own: the server recomputes it from the cookie, a page on another site can neither
 * read the HttpOnly cookie nor this token, and the stored sha256 of the cookie (a leaked database) does not give it.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('ventanilla-console-csrf-v1').digest('base64url');
}

export function csrfTokenMatches(sessionToken: string, sent: string | string[] | undefined): boolean {
  if (typeof sent !== 'string' || sent.length === 0 || sent.length > 200) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Methods that change state; only these need the token (GET and friends must never change anything). */
export function isUnsafeMethod(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}
