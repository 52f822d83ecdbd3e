import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** True when `header` is Meta's X-Hub-Signature-256 for these exact body bytes: "sha256=" + hex HMAC with the app secret. */
export function validSignature(appSecret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(match[1]!, 'hex'));
}

/** Compares secrets in constant time whatever their lengths (hashing first makes both 32 bytes). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
