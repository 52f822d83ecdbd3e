import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { errorBody } from '../lib/errors/domain-error.js';
import { pageSecurityHeaders } from './security-headers.js';

/** Where scripts/build-console.mjs writes the console; the same path from src/ (tsx) and dist/ (compiled). */
export const consoleDistDir = fileURLToPath(new URL('../../web-console/dist/', import.meta.url));

export interface ConsolePageOptions {
  distDir?: string;
}

/** The console talks only to this server; no inline script, no framing (clickjacking), no third parties. */
const CONSOLE_CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'connect-src': ["'self'"],
  'form-action': ["'self'"],
};

const types: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Asset paths: plain names in plain folders, so nothing can climb out of dist with "..". */
const AssetPath = z
  .string()
  .regex(/^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/)
  .max(200);

const NOT_BUILT =
  'La consola todavía no está construida en este servidor. Pida al equipo técnico que ejecute «npm run build» ' +
  '(o «node scripts/build-console.mjs») y recargue la página.';

async function readOrNull(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch {
    return null;
  }
}

/**
 * GET /console (web-console/dist/index.html) and GET /console/assets/* (web-console/dist/assets/*), at the site's root
 * or under an entity's /e/<slug>: the page names its assets, API and socket relative to where it was served. Files are read on
 * each request: the console is used by a handful of officials, and a rebuilt console then shows on reload.
 */
export const consolePageRoutes: FastifyPluginAsync<ConsolePageOptions> = async (app, options) => {
  const distDir = options.distDir ?? consoleDistDir;
  await pageSecurityHeaders(app, CONSOLE_CSP_DIRECTIVES);

  const page = async (_request: unknown, reply: FastifyReply) => {
    const html = await readOrNull(join(distDir, 'index.html'));
    reply.header('cache-control', 'no-store');
    if (!html) {
      return reply
        .status(503)
        .header('retry-after', '60')
        .send({ error: { ...errorBody('NOT_READY').error, message: NOT_BUILT } });
    }
    return reply.type('text/html; charset=utf-8').send(html);
  };
  app.get('/console', page);
  // The page's asset links are relative to <mount>/console, which only resolves right without a trailing slash. The
  // redirect is relative too: the application does not know the mount (/e/<slug>) its host served it under.
  app.get('/console/', async (_request, reply) => reply.redirect('../console', 301));

  app.get('/console/assets/*', async (request, reply) => {
    const parsed = AssetPath.safeParse((request.params as { '*': string })['*']);
    const type = parsed.success ? types[extname(parsed.data)] : undefined;
    if (!parsed.success || !type) return reply.status(404).send(errorBody('NOT_FOUND'));
    const body = await readOrNull(join(distDir, 'assets', parsed.data));
    if (!body) return reply.status(404).send(errorBody('NOT_FOUND'));
    // No content hashes are promised in the names, so the browser revalidates instead of keeping stale code.
    return reply.header('cache-control', 'no-cache').type(type).send(body);
  });
};
