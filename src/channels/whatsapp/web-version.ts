import { DEFAULT_CONNECTION_CONFIG, fetchLatestWaWebVersion, type WAVersion } from '@whiskeysockets/baileys';
import { z } from 'zod';

/** Asks for the WhatsApp Web version to announce; the signal aborts it when the wait is over. */
export type WebVersionFetcher = (
  signal: AbortSignal,
) => Promise<{ version: WAVersion; isLatest: boolean; error?: unknown }>;

/** Baileys' documented way: the client revision web.whatsapp.com serves now (it falls back to the bundled one). */
export const fetchWebVersion: WebVersionFetcher = (signal) => fetchLatestWaWebVersion({ signal });

/** The version this Baileys release ships with: what connects when the current one cannot be asked for. */
export const bundledWebVersion: WAVersion = DEFAULT_CONNECTION_CONFIG.version;

const Version = z.tuple([z.number().int().positive(), z.number().int().nonnegative(), z.number().int().nonnegative()]);

export interface WebVersionChoice {
  version: WAVersion;
  source: 'latest' | 'bundled';
  /** Why the bundled one is used (no answer in time, offline, an unexpected answer). */
  reason?: string;
}

/**
 * The WhatsApp Web version to connect with. WhatsApp refuses versions it no longer supports (the phone says "No se
 * pudo vincular el dispositivo", the socket closes with 405), and the one bundled with Baileys ages, so the current
 * one is asked for first; without internet, or when the answer is late or malformed, the bundled one is used so the
 * channel still starts. `wait` schedules the timeout (the adapter's timers, so tests control it).
 */
export async function chooseWebVersion(
  fetcher: WebVersionFetcher,
  timeoutMs: number,
  wait: (run: () => void, ms: number) => () => void,
): Promise<WebVersionChoice> {
  const controller = new AbortController();
  let cancel = () => undefined as void;
  const timeout = new Promise<WebVersionChoice>((resolve) => {
    cancel = wait(() => {
      controller.abort();
      resolve({ version: bundledWebVersion, source: 'bundled', reason: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
  });
  const asked = fetcher(controller.signal).then(
    (answer): WebVersionChoice => {
      const version = Version.safeParse(answer.version);
      if (!answer.isLatest || !version.success)
        return { version: bundledWebVersion, source: 'bundled', reason: reasonOf(answer.error) };
      return { version: version.data, source: 'latest' };
    },
    (error: unknown): WebVersionChoice => ({ version: bundledWebVersion, source: 'bundled', reason: reasonOf(error) }),
  );
  try {
    return await Promise.race([asked, timeout]);
  } finally {
    cancel();
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : 'the current version could not be read';
}
