import type { FastifyPluginAsync } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../lib/errors/domain-error.js';
import { ChannelNotStartedError, type TelegramAdapter } from './telegram-adapter.js';
import { secretMatches } from './secret-matches.js';
import { TelegramUpdate } from './telegram-update.js';

export const secretHeader = 'x-telegram-bot-api-secret-token';

export function telegramWebhookPath(entitySlug: string): string {
  return `/webhooks/telegram/${entitySlug}`;
}

/** What Telegram is answered: it reads only the status; the outcome helps whoever reads the exchange. */
const Acknowledged = z.object({
  ok: z.literal(true),
  outcome: z.enum(['stored', 'duplicate', 'ignored', 'stale', 'unreadable']),
});

/** Body errors Fastify raises before the handler runs: Telegram would send the same bytes again forever. */
const unreadableBodyCodes = new Set(['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_EMPTY_JSON_BODY']);

/**
 * The webhook Telegram calls with each update. The secret header is checked before the body is read; the answer is
 * 200 only once the update is stored, so a failure (5xx) makes Telegram send it again, and an update that is
 * ignored (a group, an edited message) still gets 200 so Telegram stops sending it. So does an update this code
 * cannot read (a shape the schema refuses, broken JSON): sending it again cannot make it readable, and Telegram
 * redelivers anything but 2xx, holding back the chat's later updates. It is logged (paths only, never content).
 */
export function telegramWebhookRoutes(options: {
  adapter: TelegramAdapter;
  path: string;
  secret: string;
}): FastifyPluginAsync {
  const { adapter, path, secret } = options;
  return async (app) => {
    // The acknowledgement's schema is zod: this plugin says so itself rather than rely on who registers it.
    app.setSerializerCompiler(serializerCompiler);
    app.post(
      path,
      {
        schema: { response: { 200: Acknowledged } },
        onRequest: async (request) => {
          if (!secretMatches(request.headers[secretHeader], secret)) {
            request.log.warn({ channel: 'telegram' }, 'telegram webhook call without the right secret refused');
            throw new DomainError('UNAUTHENTICATED');
          }
        },
        // Runs only after the secret matched (onRequest comes before the body is parsed).
        errorHandler: (error, request, reply) => {
          if (!unreadableBodyCodes.has((error as { code?: string }).code ?? '')) throw error;
          request.log.warn({ channel: 'telegram', problem: 'not JSON' }, 'telegram update unreadable; acknowledged');
          return reply.status(200).send({ ok: true, outcome: 'unreadable' });
        },
      },
      async (request) => {
        const parsed = TelegramUpdate.safeParse(request.body);
        if (!parsed.success) {
          const updateId = (request.body as { update_id?: unknown } | null)?.update_id;
          request.log.warn(
            {
              channel: 'telegram',
              updateId: typeof updateId === 'number' ? updateId : undefined,
              issues: parsed.error.issues.map((i) => `/${i.path.join('/')}`),
            },
            'telegram update unreadable; acknowledged',
          );
          return { ok: true, outcome: 'unreadable' };
        }
        try {
          const outcome = await adapter.handleUpdate(parsed.data);
          return { ok: true, outcome };
        } catch (error) {
          if (error instanceof ChannelNotStartedError) throw new DomainError('NOT_READY');
          // Only the kind of failure: a storage error may quote what the citizen wrote.
          request.log.error(
            { channel: 'telegram', updateId: parsed.data.update_id, error: (error as Error).name },
            'telegram update not stored; Telegram will retry',
          );
          throw new DomainError('INTERNAL');
        }
      },
    );
  };
}
