import { createHash } from 'node:crypto';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers for the HTML pages (demo page, console, admin pages) and the widget script, through
 * @fastify/helmet. Each is registered inside the encapsulated scope that serves those routes only: the JSON API,
 * WebSockets and stored files keep their own headers, and each page gets the policy that fits what it loads.
 */

type Directives = Record<string, string[]>;

/** HSTS only when the public address is https: sent over plain http it would lock a laptop or intranet install out. */
function hsts(app: FastifyInstance) {
  return /^https:\/\//i.test(app.config?.PUBLIC_URL ?? '') ? { maxAge: 31_536_000, includeSubDomains: false } : false;
}

/** An HTML page: CSP with the given directives, never framed by another site, no referrer, no MIME sniffing. */
export async function pageSecurityHeaders(app: FastifyInstance, directives: Directives): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'none'"],
        'base-uri': ["'none'"],
        'object-src': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        ...directives,
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: hsts(app),
  });
}

/**
 * The widget script, loaded by <script> tags on entities' portals: its type must be trusted as sent (nosniff) and
 * other sites must be allowed to load it (Cross-Origin-Resource-Policy cross-origin). CSP and frame-ancestors govern
 * documents, not scripts, so none is sent; the portal's own policy is what applies to the widget there.
 */
export async function scriptSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    frameguard: false,
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: hsts(app),
  });
}

/**
 * CSP sources for the inline <script> and <style> blocks of a page we write ourselves: their hashes, so the policy
 * allows exactly that code and no injected one ('unsafe-inline' would allow both).
 */
export function inlineHashes(html: string, tag: 'script' | 'style'): string[] {
  const blocks = [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!);
  return blocks.map((code) => `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`);
}
