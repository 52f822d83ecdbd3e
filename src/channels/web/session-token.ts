import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The widget's session token: `v1.<payload>.<signature>`, payload base64url JSON `{ e, s, iat }` signed with
 * HMAC-SHA256. It proves a browser owns its session id, so knowing another session's id is not enough to read it.
 * Stateless on purpose: any instance with the same secret verifies it, and nothing is stored per visitor.
 */
export interface WidgetSession {
  entityId: string;
  sessionId: string;
  /** Seconds since the epoch. */
  issuedAt: number;
}

export const tokenMaxAgeSeconds = 90 * 24 * 3600;

export class SessionTokens {
  constructor(
    private readonly secret: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (secret.length < 32) throw new Error('the widget secret must have at least 32 characters');
  }

  /** A fresh session id: unguessable, URL-safe. */
  static newSessionId(): string {
    return `w_${randomBytes(18).toString('base64url')}`;
  }

  issue(entityId: string, sessionId: string): string {
    const payload = Buffer.from(
      JSON.stringify({ e: entityId, s: sessionId, iat: Math.floor(this.now().getTime() / 1000) }),
    ).toString('base64url');
    return `v1.${payload}.${this.sign(payload)}`;
  }

  /** The session a token proves, or undefined when it is forged, malformed, expired or another entity's. */
  verify(token: string, entityId: string): WidgetSession | undefined {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== 'v1') return undefined;
    const [, payload = '', signature = ''] = parts;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    const { e, s, iat } = (claims ?? {}) as { e?: unknown; s?: unknown; iat?: unknown };
    if (typeof e !== 'string' || typeof s !== 'string' || typeof iat !== 'number') return undefined;
    if (e !== entityId) return undefined;
    const age = this.now().getTime() / 1000 - iat;
    if (age > tokenMaxAgeSeconds || age < -300) return undefined;
    return { entityId: e, sessionId: s, issuedAt: iat };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(`v1.${payload}`).digest('base64url');
  }
}
