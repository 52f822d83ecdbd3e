import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (../shared/reference/toolchain.md): Playwright never downloads a browser here. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether browser tests run. They always run in CI (.ci/run installs Chromium; a missing browser fails there rather
 * than silently skipping); on a laptop without Chromium they are skipped with the reason in the test name.
 */
export function browserAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env.CI)
    throw new Error(`Chromium is missing at ${chromiumPath}: .ci/run installs it with apt-get install chromium`);
  return false;
}

/** A fresh browser profile: no cache, no storage left from another test. */
export async function launchChromium(
  options: { viewport?: { width: number; height: number }; reducedMotion?: 'reduce' } = {},
): Promise<BrowserContext> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'ventanilla-chromium-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    locale: 'es-CO',
    timezoneId: 'America/Bogota',
    viewport: options.viewport ?? { width: 1280, height: 800 },
    ...(options.reducedMotion ? { reducedMotion: options.reducedMotion } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
