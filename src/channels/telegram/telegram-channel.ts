import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { ChannelAdapter } from '../../core/channel-adapter.js';
import type { EntityInfo } from '../../entities/entity-info.js';
import type { StoredFiles } from '../../uploads/stored-files.js';
import type { Db } from '../../db/database.js';
import { currentKeyboard } from './current-keyboard.js';
import { TelegramAdapter, type TelegramAdapterOptions } from './telegram-adapter.js';
import { telegramWebhookPath, telegramWebhookRoutes } from './telegram-webhook-routes.js';

/**
 * The Telegram channel for one entity, when TELEGRAM_BOT_TOKEN is set: its adapter and its HTTP routes (the webhook
 * in webhook mode; none in polling mode, where we call Telegram instead).
 */
export function telegramChannel(options: {
  config: Config;
  entity: EntityInfo;
  prisma: Db;
  files: StoredFiles;
  logger: Logger;
}): { adapter: ChannelAdapter; routes: FastifyPluginAsync } | undefined {
  const { config, entity } = options;
  if (!config.TELEGRAM_BOT_TOKEN) return undefined;
  const path = telegramWebhookPath(entity.slug);
  let mode: TelegramAdapterOptions['mode'];
  if (config.TELEGRAM_MODE === 'webhook') {
    // config.ts refuses to start without these in webhook mode; checked again so a wiring mistake fails loudly.
    if (!config.PUBLIC_URL || !config.TELEGRAM_WEBHOOK_SECRET) {
      throw new Error('TELEGRAM_MODE=webhook needs PUBLIC_URL and TELEGRAM_WEBHOOK_SECRET');
    }
    mode = {
      type: 'webhook',
      url: `${config.PUBLIC_URL.replace(/\/+$/, '')}${path}`,
      secret: config.TELEGRAM_WEBHOOK_SECRET,
    };
  } else {
    mode = { type: 'polling' };
  }
  const adapter = new TelegramAdapter({
    token: config.TELEGRAM_BOT_TOKEN,
    apiRoot: config.TELEGRAM_API_ROOT,
    entity: { id: entity.id, slug: entity.slug },
    files: options.files,
    logger: options.logger,
    mode,
    keyboards: currentKeyboard(options.prisma, entity.id),
  });
  const routes: FastifyPluginAsync =
    mode.type === 'webhook' ? telegramWebhookRoutes({ adapter, path, secret: mode.secret }) : async () => undefined;
  return { adapter, routes };
}
