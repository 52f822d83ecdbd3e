import type { WAMessage } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import type { Db } from '../../db/database.js';
import type { StoredFiles } from '../../uploads/stored-files.js';
import type { AuthCipher } from './auth-cipher.js';
import type { ReconnectTuning } from './reconnect-policy.js';
import type { WebVersionFetcher } from './web-version.js';
import type { MakeSocket, WhatsappSocket } from './whatsapp-socket.js';

/** Timers the adapter schedules with; tests pass a manual one so nothing waits for real. */
export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface WhatsappAdapterOptions {
  entityId: string;
  prisma: Db;
  files: StoredFiles;
  logger: Logger;
  cipher: AuthCipher;
  makeSocket: MakeSocket;
  /** Fetches a media message's bytes (Baileys' downloadMediaMessage by default). */
  downloadMedia: (message: WAMessage, socket: WhatsappSocket) => Promise<Buffer>;
  /** Shows the QR and pairing code to whoever watches the terminal. */
  printPairing: (pairing: { qr?: string; code?: string }) => void;
  pairingPhone?: string;
  sendPerChatPerMinute: number;
  sendPerMinute: number;
  alertAfterMs: number;
  instanceId?: string;
  leaseTtlMs?: number;
  leaseRenewMs?: number;
  /** Longest pacing wait a send sits through; longer ones go back to the outbox with retryAfterMs. */
  maxPacingWaitMs?: number;
  timers?: Timers;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  random?: () => number;
  tuning?: ReconnectTuning;
  /** Asks for the current WhatsApp Web version (web.whatsapp.com by default); tests pass their own. */
  fetchWebVersion?: WebVersionFetcher;
  /** How long connecting waits for that answer before using the bundled version. */
  webVersionTimeoutMs?: number;
}

/** The options with their defaults filled in, as the adapter's parts share them. */
export interface WhatsappParts {
  options: WhatsappAdapterOptions;
  timers: Timers;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
}
