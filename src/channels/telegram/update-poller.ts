import type { Logger } from 'pino';
import { TelegramError, type Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import { backoffMs } from '../../lib/backoff.js';

export interface UpdatePollerOptions {
  /** Long-poll: how long Telegram holds a getUpdates call open when there is nothing new. */
  timeoutSeconds: number;
  /** Wait before trying again after the n-th failure in a row. */
  retryDelayMs?: (failures: number) => number;
  onState?: (state: 'connected' | 'connecting' | 'disconnected', detail?: string) => void;
}

export const allowedUpdates = ['message', 'callback_query'] as const;

/**
 * Long polling for a laptop without a public address: removes any webhook (Telegram refuses getUpdates while one is
 * set), then asks for updates after the last one handled. The offset moves past an update only once `handle`
 * resolved (it was stored), so a failure to store fetches it again rather than losing it.
 */
export class UpdatePoller {
  private controller = new AbortController();
  private loop: Promise<void> | undefined;
  private offset = 0;

  constructor(
    private readonly telegram: Telegram,
    private readonly handle: (update: Update) => Promise<void>,
    private readonly logger: Logger,
    private readonly options: UpdatePollerOptions,
  ) {}

  /** The next update_id asked for (tests, diagnostics). */
  get nextOffset(): number {
    return this.offset;
  }

  start(): void {
    if (this.loop) return;
    this.controller = new AbortController();
    this.loop = this.run(this.controller.signal);
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.loop;
    this.loop = undefined;
  }

  private async run(signal: AbortSignal): Promise<void> {
    const delay = this.options.retryDelayMs ?? ((n: number) => backoffMs(n, 1000, 60_000));
    let webhookRemoved = false;
    let failures = 0;
    this.options.onState?.('connecting');
    while (!signal.aborted) {
      try {
        // telegraf's signal type comes from the abort-controller shim; node-fetch accepts the built-in one.
        const opts = { signal } as never;
        if (!webhookRemoved) {
          await this.telegram.callApi('deleteWebhook', { drop_pending_updates: false }, opts);
          webhookRemoved = true;
        }
        const updates = await this.telegram.callApi(
          'getUpdates',
          { offset: this.offset, timeout: this.options.timeoutSeconds, allowed_updates: [...allowedUpdates] },
          opts,
        );
        this.options.onState?.('connected');
        failures = 0;
        for (const update of updates) {
          if (signal.aborted) return;
          await this.handle(update);
          this.offset = update.update_id + 1;
        }
      } catch (error) {
        if (signal.aborted) return;
        failures++;
        // 409: another process polls with this token or a webhook was set again; 401: the token is wrong. Only
        // Telegram's own description is logged: a failure to store could carry what the citizen wrote.
        const telegramError = error instanceof TelegramError ? error : undefined;
        this.logger.warn(
          {
            code: telegramError?.code,
            description: telegramError?.description,
            error: (error as Error).name,
            failures,
          },
          'telegram polling failed',
        );
        this.options.onState?.(
          'disconnected',
          telegramError
            ? `Telegram respondió ${telegramError.code}: ${telegramError.description}`
            : 'sin conexión con Telegram',
        );
        await sleep(delay(failures), signal);
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
