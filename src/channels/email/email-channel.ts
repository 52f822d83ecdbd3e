import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { Db } from '../../db/database.js';
import type { EntityInfo } from '../../entities/entity-info.js';
import { EmailAdapter } from './email-adapter.js';
import { parseEmailSettings } from './email-settings.js';

/**
 * The email channel for one entity, when its file has `settings.correo` (and it is not switched off): the mailbox
 * read over IMAP and answered over SMTP. No HTTP routes: the channel calls the mail servers, not the other way round.
 */
export function emailChannel(options: {
  entity: EntityInfo;
  prisma: Db;
  logger: Logger;
  env?: Record<string, string | undefined>;
}): { adapter: EmailAdapter; routes: FastifyPluginAsync } | undefined {
  const settings = parseEmailSettings(options.entity, options.env ?? process.env);
  if (!settings) return undefined;
  const adapter = new EmailAdapter({
    entity: options.entity,
    settings,
    prisma: options.prisma,
    logger: options.logger,
  });
  return { adapter, routes: async () => undefined };
}
