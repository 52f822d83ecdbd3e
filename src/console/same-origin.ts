import type { FastifyRequest } from 'fastify';

/**
 * True when the browser says the request comes from a page of this same server. The Origin's host (and port) must
 * equal the Host the request was made to; the scheme is not compared because behind a TLS-terminating proxy without
 * TRUST_PROXY the server sees http while the page is https. Requests without Origin (not a browser) are refused:
 * every browser sends it on POST and on WebSocket upgrades.
 */
export function isSameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return host !== '' && host.toLowerCase() === request.host.toLowerCase();
}
