import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';

/**
 * The key that signs widget session tokens. Production must set WIDGET_SECRET (config.ts refuses to start without it).
 * Elsewhere a random key is made once and kept next to the SQLite file, so `npm start` needs no setup and a restart
 * does not cut citizens' conversations.
 */
export async function resolveWidgetSecret(config: Config, logger: Logger): Promise<string> {
  if (config.WIDGET_SECRET) return config.WIDGET_SECRET;
  const dir = config.DATABASE_URL.startsWith('file:')
    ? dirname(resolve(config.DATABASE_URL.slice('file:'.length)))
    : resolve('data');
  const path = join(dir, 'widget-secret');
  try {
    const stored = (await readFile(path, 'utf8')).trim();
    if (stored.length >= 32) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32).toString('base64url');
  await mkdir(dir, { recursive: true });
  await writeFile(path, `${secret}\n`, { mode: 0o600 });
  logger.warn({ path }, 'generated a widget secret for development; set WIDGET_SECRET in production');
  return secret;
}
