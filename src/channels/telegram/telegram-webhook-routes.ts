import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../http/errors.js';
import { ChannelNotStartedError, type TelegramAdapter } from './telegram-adapter.js';
import { secretMatches } from './secret-matches.js';
import { TelegramUpdate } from './telegram-update.js';

export const secretHeader = 'x-telegram-bot-api-secret-token';

export function telegramWebhookPath(entitySlug: string): string {
  return `/webhooks/telegram/${entitySlug}`;
}

/**
 * The webhook Telegram calls with each update. The secret header is checked before the body is read; the answer is
 * 200 only once the update is stored, so a failure (5xx) makes Telegram send it again, and an update that is
 * ignored (a group, an edited message) still gets 200 so Telegram stops sending it.
 */
export function telegramWebhookRoutes(options: {
  adapter: TelegramAdapter;
  path: string;
  secret: string;
}): FastifyPluginAsync {
  const { adapter, path, secret } = options;
  return async (app) => {
    app.post(
      path,
      {
        onRequest: async (request) => {
          if (!secretMatches(request.headers[secretHeader], secret)) {
            request.log.warn({ channel: 'telegram' }, 'telegram webhook call without the right secret refused');
            throw new AppError('UNAUTHENTICATED');
          }
        },
      },
      async (request) => {
        const parsed = TelegramUpdate.safeParse(request.body);
        if (!parsed.success) {
          throw new AppError(
            'VALIDATION_FAILED',
            parsed.error.issues.map((i) => ({
              path: `/${i.path.join('/')}`,
              message: `not a Telegram update: ${i.message}`,
            })),
          );
        }
        try {
          const outcome = await adapter.handleUpdate(parsed.data);
          return { ok: true, outcome };
        } catch (error) {
          if (error instanceof ChannelNotStartedError) throw new AppError('NOT_READY');
          // Only the kind of failure: a storage error may quote what the citizen wrote.
          request.log.error(
            { channel: 'telegram', updateId: parsed.data.update_id, error: (error as Error).name },
            'telegram update not stored; Telegram will retry',
          );
          throw new AppError('INTERNAL');
        }
      },
    );
  };
}
