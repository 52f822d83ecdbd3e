import type { FastifyReply, FastifyRequest } from 'fastify';

export const CONSOLE_COOKIE = 'vt_console';

/**
 * The cookie of an entity's console. Every entity of a deployment is on one host, and a cookie belongs to the host, so
 * each entity other than the first has a name of its own: an agent signed in to the concejo's console at
 * /e/<slug>/console stays signed in to the alcaldía's at /console in the same browser.
 */
export function consoleCookieName(slug?: string): string {
  return slug ? `${CONSOLE_COOKIE}_${slug.replace(/[^a-z0-9]/g, '_')}` : CONSOLE_COOKIE;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This application's console cookie (consoleCookieName); set by the core plugin. */
    consoleCookie: string;
  }
}

/** Session tokens are base64url; anything else in the cookie is not ours. */
const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

/**
 * The session token the browser sent, if any. Parsed here (one name, a known alphabet) rather than with
 * @fastify/cookie, whose parser only works once the plugin is registered on the app.
 */
export function consoleCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header || header.length > 8192) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== request.server.consoleCookie) continue;
    const value = part.slice(eq + 1).trim();
    if (TOKEN.test(value)) return value;
  }
  return undefined;
}

/**
 * HttpOnly so page scripts never see it, SameSite=Strict so no other site's page sends it, Secure in production
 * (browsers drop Secure cookies on plain http, which development uses). No Max-Age: the server enforces expiry, and
 * a session cookie also ends when the browser closes.
 */
export function setConsoleCookie(reply: FastifyReply, token: string, secure: boolean): void {
  void reply.header(
    'set-cookie',
    `${reply.server.consoleCookie}=${token}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`,
  );
}

export function clearConsoleCookie(reply: FastifyReply, secure: boolean): void {
  void reply.header(
    'set-cookie',
    `${reply.server.consoleCookie}=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`,
  );
}
