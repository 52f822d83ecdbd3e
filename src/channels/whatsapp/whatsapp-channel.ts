import makeWASocket, { downloadMediaMessage } from '@whiskeysockets/baileys';
import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { ChannelAdapter } from '../../core/channel-adapter.js';
import type { Db } from '../../db/database.js';
import type { EntityInfo } from '../../entities/entity-info.js';
import type { StoredFiles } from '../../uploads/stored-files.js';
import { AuthCipher } from './auth-cipher.js';
import { baileysLogger } from './baileys-logger.js';
import { printPairingToTerminal } from './terminal-pairing.js';
import { WhatsappAdapter, type WhatsappAdapterOptions } from './whatsapp-adapter.js';
import type { MakeSocket } from './whatsapp-socket.js';

/** Knobs tests turn: clocks, timers, the instance id, lease timing, the version fetcher. Production leaves them unset. */
export type WhatsappTuning = Partial<
  Pick<
    WhatsappAdapterOptions,
    | 'timers'
    | 'sleep'
    | 'now'
    | 'random'
    | 'instanceId'
    | 'leaseTtlMs'
    | 'leaseRenewMs'
    | 'maxPacingWaitMs'
    | 'tuning'
    | 'fetchWebVersion'
    | 'webVersionTimeoutMs'
  >
>;

/**
 * The WhatsApp (Baileys) channel of one entity and its admin pages, or undefined unless WHATSAPP_BAILEYS is on.
 */
export function whatsappChannel(options: {
  config: Config;
  entity: EntityInfo;
  prisma: Db;
  files: StoredFiles;
  /**
   * The staff pages for pairing and health, built by the composition root (src/server.ts) so that a channel never
   * imports an HTTP route.
   */
  adminRoutes: (source: WhatsappAdapter, pairingPhoneConfigured: boolean) => FastifyPluginAsync;
  logger: Logger;
  makeSocket?: MakeSocket;
  downloadMedia?: WhatsappAdapterOptions['downloadMedia'];
  /** Where the QR and pairing code are printed (standard output by default). */
  printPairing?: WhatsappAdapterOptions['printPairing'];
  tuning?: WhatsappTuning;
}): { adapter: ChannelAdapter & WhatsappAdapter; routes: FastifyPluginAsync } | undefined {
  const { config } = options;
  if (!config.WHATSAPP_BAILEYS) return undefined;
  // config.ts refuses WHATSAPP_BAILEYS without a key; checked again so the adapter never stores keys in the clear.
  if (!config.WHATSAPP_AUTH_KEY) throw new Error('WHATSAPP_AUTH_KEY is required when WHATSAPP_BAILEYS=true');
  const logger = options.logger.child({ channel: 'whatsapp' });
  const quiet = baileysLogger(logger);
  const adapter = new WhatsappAdapter({
    entityId: options.entity.id,
    prisma: options.prisma,
    files: options.files,
    logger,
    cipher: new AuthCipher(config.WHATSAPP_AUTH_KEY),
    makeSocket: options.makeSocket ?? ((socketConfig) => makeWASocket(socketConfig)),
    downloadMedia:
      options.downloadMedia ??
      ((message, socket) =>
        downloadMediaMessage(
          message,
          'buffer',
          {},
          { reuploadRequest: (m) => socket.updateMediaMessage(m), logger: quiet },
        )),
    printPairing: options.printPairing ?? printPairingToTerminal(),
    ...(config.WHATSAPP_PAIRING_PHONE ? { pairingPhone: config.WHATSAPP_PAIRING_PHONE } : {}),
    sendPerChatPerMinute: config.WHATSAPP_SEND_PER_CHAT_PER_MINUTE,
    sendPerMinute: config.WHATSAPP_SEND_PER_MINUTE,
    alertAfterMs: config.WHATSAPP_ALERT_AFTER_MINUTES * 60_000,
    ...options.tuning,
  });
  return {
    adapter,
    routes: options.adminRoutes(adapter, Boolean(config.WHATSAPP_PAIRING_PHONE)),
  };
}
