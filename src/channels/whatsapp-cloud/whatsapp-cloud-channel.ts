import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { ChannelAdapter } from '../../core/channel-adapter.js';
import type { Db } from '../../db/database.js';
import type { EntityInfo } from '../../entities/entity-info.js';
import type { StoredFiles } from '../../uploads/stored-files.js';
import { CloudNumbers } from './cloud-numbers.js';
import { GraphClient } from './graph-client.js';
import type { InboundJobs } from './inbound-queue.js';
import { WhatsappCloudAdapter } from './whatsapp-cloud-adapter.js';
import { whatsappCloudRoutes } from './whatsapp-cloud-routes.js';
import { parseWhatsappCloudSettings } from './whatsapp-cloud-settings.js';

export { parseWhatsappCloudSettings } from './whatsapp-cloud-settings.js';

/**
 * The WhatsApp Business Cloud API channel for the entity, or undefined when its four settings are not all set
 * (config.ts refuses a partial set). Throws a Spanish error naming the setting when entity.yaml's `whatsappCloud`
 * block is invalid, so the server does not start with templates that would fail later.
 */
export function whatsappCloudChannel(options: {
  config: Config;
  entity: EntityInfo;
  files: StoredFiles;
  prisma: Db;
  logger: Logger;
  /** The clock the 24-hour window is measured with (tests). */
  now?: () => Date;
  /** Mark each message read with "typing…" when it is stored (default true). */
  markRead?: boolean;
  /** The numbers of the other entities served by this process, which share the webhook (a channel alone: its own). */
  numbers?: CloudNumbers;
}):
  | {
      adapter: ChannelAdapter;
      routes: FastifyPluginAsync;
      /** Hands the channel the runtime's job scheduler once the runtime exists; before the webhook is served. */
      attach(jobs: InboundJobs): void;
    }
  | undefined {
  const { config } = options;
  const token = config.WHATSAPP_CLOUD_ACCESS_TOKEN;
  const phoneNumberId = config.WHATSAPP_CLOUD_PHONE_NUMBER_ID;
  const appSecret = config.WHATSAPP_CLOUD_APP_SECRET;
  const verifyToken = config.WHATSAPP_CLOUD_VERIFY_TOKEN;
  if (!token || !phoneNumberId || !appSecret || !verifyToken) return undefined;
  const settings = parseWhatsappCloudSettings(options.entity.settings);
  const logger = options.logger.child({ channel: 'whatsapp-cloud' });
  const graph = new GraphClient({
    graphUrl: config.WHATSAPP_CLOUD_GRAPH_URL,
    apiVersion: config.WHATSAPP_CLOUD_API_VERSION,
    phoneNumberId,
    accessToken: token,
    logger,
  });
  const numbers = options.numbers ?? new CloudNumbers();
  let release = (): void => undefined;
  const adapter = new WhatsappCloudAdapter({
    onStop: () => release(),
    entity: options.entity,
    settings,
    graph,
    files: options.files,
    prisma: options.prisma,
    logger,
    ...(options.now ? { now: options.now } : {}),
    ...(options.markRead !== undefined ? { markRead: options.markRead } : {}),
  });
  release = numbers.add({ phoneNumberId, appSecret, adapter });
  return {
    adapter,
    routes: whatsappCloudRoutes({ adapter, appSecret, verifyToken, numbers }),
    attach: (jobs) => adapter.attach(jobs),
  };
}
