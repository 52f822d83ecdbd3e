import { randomUUID } from 'node:crypto';
import {
  DisconnectReason,
  isJidBroadcast,
  isJidGroup,
  isJidNewsletter,
  makeCacheableSignalKeyStore,
  type BaileysEventMap,
  type WAMessage,
  type WAVersion,
} from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import type {
  ChannelAdapter,
  ChannelCapabilities,
  ChannelHealth,
  ChannelHost,
  SendContext,
  SendResult,
} from '../../core/channel-adapter.js';
import { ChannelSendError } from '../../core/channel-adapter.js';
import { InboundMessage, type Attachment, type OutboundMessage } from '../../lib/messages.js';
import { RateLimiter } from '../../core/rate-limiter.js';
import type { Db } from '../../db/database.js';
import { maxInboundFileBytes } from '../../core/keep-inbound-file.js';
import type { StoredFiles } from '../../uploads/stored-files.js';
import { baileysLogger } from './baileys-logger.js';
import { AuthKeyMismatchError, type AuthCipher } from './auth-cipher.js';
import { clearDatabaseAuthState, loadDatabaseAuthState } from './database-auth-state.js';
import { linkIdentities } from './link-identities.js';
import {
  decideOnClose,
  defaultTuning,
  closeStatusOf,
  type ReconnectTuning,
  type StopReason,
} from './reconnect-policy.js';
import { findSentMessage, recordSentPart } from './sent-parts.js';
import { SessionLease } from './session-lease.js';
import { chooseWebVersion, fetchWebVersion, type WebVersionChoice, type WebVersionFetcher } from './web-version.js';
import { toDeliveryUpdate } from './whatsapp-delivery.js';
import { toInboundDraft, unkeptAttachment, type InboundDraft } from './whatsapp-inbound.js';
import { personJid } from './whatsapp-jid.js';
import { fileContent, outboundMessageId, partContent, toOutboundParts } from './whatsapp-outbound.js';
import type { MakeSocket, WhatsappSocket } from './whatsapp-socket.js';

/** Timers the adapter schedules with; tests pass a manual one so nothing waits for real. */

/** Tries to store one incoming message: 1 + 2 + 4 + 8 s of waiting in between. */
const storeAttempts = 5;
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

const notConnectedRetryMs = 15_000;
/** A current version is asked for again after this long (WhatsApp moves it every few days). */
const webVersionTtlMs = 6 * 60 * 60_000;
/** WhatsApp's answer to a client version it no longer accepts. */
const staleVersionStatus = 405;

/** What /ready and the admin page say when the adapter stops trying: what happened and what to do. */
const stopStates: Record<StopReason, { state: ChannelHealth['state']; detail: string }> = {
  banned: {
    state: 'banned',
    detail:
      'WhatsApp bloqueó el número de la entidad (código 403). El servidor dejó de reintentar. Abra WhatsApp en el teléfono del número y, si indica que la cuenta está suspendida, solicite la revisión desde allí; cuando WhatsApp la levante, vincule de nuevo el número desde esta página.',
  },
  'bad-session': {
    state: 'bad_session',
    detail:
      'WhatsApp ya no acepta la sesión guardada de este dispositivo vinculado. El servidor dejó de reintentar. Borre la sesión y vincule de nuevo el número desde esta página.',
  },
};

/**
 * WhatsApp through Baileys: the entity's number as a linked device. One instance at a time holds the number's
 * session (a lease in the database); the others stand by. The socket's events are translated by the pure converters
 * and handed to the runtime; sends are paced, announced with "typing…", and carry deterministic ids.
 */
export class WhatsappAdapter implements ChannelAdapter {
  readonly channel = 'whatsapp' as const;
  readonly capabilities: ChannelCapabilities = {
    maxButtons: 0,
    maxTextLength: 4096,
    typingIndicator: true,
    attachments: true,
  };
  readonly instanceId: string;

  private host: ChannelHost | undefined;
  private running = false;
  private socket: WhatsappSocket | undefined;
  private detach: (() => void) | undefined;
  private leaseHeld = false;
  private readonly lease: SessionLease;
  private state: ChannelHealth;
  private qr: string | undefined;
  private pairingCode: string | undefined;
  private pairingRequested = false;
  private closes = 0;
  private leaseTimer: unknown;
  private reconnectTimer: unknown;
  private alertTimer: unknown;
  private downSince: Date | undefined;
  private inbound: Promise<void> = Promise.resolve();
  /** creds.update saves, one after another: concurrent writes could land out of order and keep older creds. */
  private credsSaves: Promise<void> = Promise.resolve();
  private webVersion: { choice: WebVersionChoice; at: number } | undefined;
  /** Consecutive bad-session closes (see decideOnClose). */
  private badSessionStreak = 0;
  /** The phone logged the device out and no connection opened since: a second one stops instead of looping. */
  private loggedOutSinceOpen = false;

  /** Resolves once every message the socket has delivered so far is stored (or given up on): tests, shutdown. */
  async inboundIdle(): Promise<void> {
    let seen: Promise<void> | undefined;
    // Handling one message may queue another (a mapping after a message): wait until the chain stops growing.
    while (seen !== this.inbound) {
      seen = this.inbound;
      await seen;
    }
  }
  private readonly perChat: RateLimiter;
  private readonly overall: RateLimiter;
  private readonly timers: Timers;
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly baileysLogger: Logger;
  private readonly leaseRenewMs: number;

  constructor(private readonly options: WhatsappAdapterOptions) {
    this.instanceId = options.instanceId ?? randomUUID();
    this.now = options.now ?? (() => new Date());
    this.timers = options.timers ?? realTimers;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.leaseRenewMs = options.leaseRenewMs ?? 10_000;
    this.lease = new SessionLease(
      options.prisma,
      `whatsapp:${options.entityId}`,
      this.instanceId,
      options.leaseTtlMs ?? 30_000,
      this.now,
    );
    this.state = { state: 'disconnected', since: this.now() };
    const clock = () => this.now().getTime();
    // Small bursts (a reply of two or three messages) go at once; beyond them sends are spread at the set rate.
    const chatBurst = Math.min(3, options.sendPerChatPerMinute);
    this.perChat = new RateLimiter(chatBurst, (60_000 * chatBurst) / options.sendPerChatPerMinute, clock, 10_000);
    const burst = Math.max(1, Math.min(10, Math.ceil(options.sendPerMinute / 6)));
    this.overall = new RateLimiter(burst, (60_000 * burst) / options.sendPerMinute, clock);
    this.baileysLogger = baileysLogger(options.logger);
  }

  async start(host: ChannelHost): Promise<void> {
    this.host = host;
    this.running = true;
    this.setState('connecting');
    void this.takeLease();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.timers.clear(this.leaseTimer);
    this.cancelReconnect();
    this.timers.clear(this.alertTimer);
    this.closeSocket();
    await this.inbound;
    await this.credsSaves;
    if (this.leaseHeld) {
      this.leaseHeld = false;
      await this.lease
        .release()
        .catch((error: unknown) =>
          this.options.logger.warn({ err: error }, 'whatsapp: could not release the session lease'),
        );
    }
    this.setState('disconnected', 'Canal detenido.');
  }

  health(): ChannelHealth {
    return { ...this.state };
  }

  /** What the admin page shows while pairing. */
  pairing(): { qr?: string; pairingCode?: string } {
    return { ...(this.qr ? { qr: this.qr } : {}), ...(this.pairingCode ? { pairingCode: this.pairingCode } : {}) };
  }

  /** An 8-character code to type on the phone (Dispositivos vinculados → Vincular con número), instead of the QR. */
  async requestPairingCode(phoneDigits: string): Promise<string | undefined> {
    const socket = this.socket;
    if (!socket || this.state.state !== 'pairing') return undefined;
    const code = await socket.requestPairingCode(phoneDigits);
    if (socket === this.socket) {
      this.pairingCode = code;
      this.options.printPairing({ code });
    }
    return code;
  }

  // ── lease ────────────────────────────────────────────────────────────────

  private async takeLease(): Promise<void> {
    if (!this.running || this.leaseHeld) return;
    let taken = false;
    try {
      taken = await this.lease.acquire();
    } catch (error) {
      this.options.logger.error({ err: error }, 'whatsapp: could not read the session lease');
    }
    if (!this.running) {
      if (taken) await this.lease.release().catch(() => undefined);
      return;
    }
    if (!taken) {
      if (this.state.state !== 'standby') {
        this.options.logger.info('whatsapp: another instance holds the session; standing by');
        this.setState(
          'standby',
          'Otra instancia del servidor tiene la sesión de WhatsApp; esta espera para reemplazarla.',
        );
      }
      this.leaseTimer = this.timers.set(() => void this.takeLease(), this.leaseRenewMs);
      return;
    }
    this.leaseHeld = true;
    this.options.logger.info('whatsapp: session lease taken');
    this.scheduleRenewal();
    this.setState('connecting');
    await this.connect();
  }

  private scheduleRenewal(): void {
    this.leaseTimer = this.timers.set(() => void this.renewLease(), this.leaseRenewMs);
  }

  private async renewLease(): Promise<void> {
    if (!this.running || !this.leaseHeld) return;
    let kept: boolean;
    try {
      kept = await this.lease.renew();
    } catch (error) {
      // The database may be back before the lease runs out; if not, the next renewal finds it lost.
      this.options.logger.warn({ err: error }, 'whatsapp: could not renew the session lease');
      this.scheduleRenewal();
      return;
    }
    if (!this.running) return;
    if (kept) {
      this.scheduleRenewal();
      return;
    }
    this.options.logger.warn('whatsapp: the session lease was lost to another instance; closing the connection');
    this.leaseHeld = false;
    this.cancelReconnect();
    this.closeSocket();
    this.setState('standby', 'Otra instancia del servidor tomó la sesión de WhatsApp.');
    this.leaseTimer = this.timers.set(() => void this.takeLease(), this.leaseRenewMs);
  }

  // ── connection ───────────────────────────────────────────────────────────

  private async connect(): Promise<void> {
    if (!this.running || !this.leaseHeld || this.socket) return;
    const { prisma, entityId, cipher, logger } = this.options;
    let auth;
    try {
      auth = await loadDatabaseAuthState(prisma, entityId, cipher);
    } catch (error) {
      if (error instanceof AuthKeyMismatchError) {
        // Connecting would start a new pairing and overwrite the session another key still opens: stop here.
        logger.error(
          { err: error },
          'whatsapp: the stored session does not open with WHATSAPP_AUTH_KEY; not connecting',
        );
        this.setState(
          'disconnected',
          'La clave WHATSAPP_AUTH_KEY no abre la sesión guardada. Use la misma clave en todas las instancias.',
        );
        return;
      }
      logger.error({ err: error }, 'whatsapp: could not load the stored session');
      const retry = decideOnClose(undefined, ++this.closes, this.options.random, this.options.tuning ?? defaultTuning);
      this.scheduleReconnect(retry.action === 'reconnect' ? retry.delayMs : 0);
      return;
    }
    if (!this.running || !this.leaseHeld) return;
    const version = await this.currentWebVersion();
    if (!this.running || !this.leaseHeld || this.socket) return;
    this.pairingRequested = false;
    const socket = this.options.makeSocket({
      auth: { creds: auth.state.creds, keys: makeCacheableSignalKeyStore(auth.state.keys, this.baileysLogger) },
      logger: this.baileysLogger,
      version,
      markOnlineOnConnect: false,
      syncFullHistory: false,
      // Not even decrypted: the bot answers people, not groups, channels or broadcasts.
      shouldIgnoreJid: (jid) => Boolean(isJidGroup(jid) || isJidBroadcast(jid) || isJidNewsletter(jid)),
      // A phone that could not decrypt a reply asks for it again, also after a restart emptied Baileys' memory.
      getMessage: (key) =>
        findSentMessage(prisma, entityId, key).catch((error: unknown) => {
          logger.warn({ err: error }, 'whatsapp: a message asked for again could not be read');
          return undefined;
        }),
    });
    this.socket = socket;
    const listeners: { [E in keyof BaileysEventMap]?: (arg: BaileysEventMap[E]) => void } = {
      'creds.update': () => {
        // Each save writes the creds as they are when it runs, so the last one queued writes the newest.
        this.credsSaves = this.credsSaves.then(() =>
          auth
            .saveCreds()
            .catch((error: unknown) => logger.error({ err: error }, 'whatsapp: could not save the session')),
        );
      },
      'connection.update': (update) => this.onConnectionUpdate(socket, update),
      'messages.upsert': (upsert) => {
        // notify: live; append: what WhatsApp held while this server was away (restart, deploy, reconnect), which
        // may repeat messages already stored: the runtime drops those by their WhatsApp id.
        if (upsert.type !== 'notify' && upsert.type !== 'append') return;
        for (const message of upsert.messages) this.enqueueInbound(socket, message);
      },
      'messages.update': (updates) => {
        for (const update of updates) {
          const delivery = toDeliveryUpdate(update, entityId, this.now());
          if (delivery)
            this.host
              ?.delivery(delivery)
              .catch((error: unknown) => logger.warn({ err: error }, 'whatsapp: delivery status not recorded'));
        }
      },
      'lid-mapping.update': (mapping) => {
        this.inbound = this.inbound.then(() => this.onLidMapping(mapping.pn, mapping.lid));
      },
    };
    for (const [event, listener] of Object.entries(listeners))
      socket.ev.on(event as keyof BaileysEventMap, listener as never);
    this.detach = () => {
      for (const [event, listener] of Object.entries(listeners))
        socket.ev.off(event as keyof BaileysEventMap, listener as never);
    };
  }

  private onConnectionUpdate(socket: WhatsappSocket, update: BaileysEventMap['connection.update']): void {
    if (socket !== this.socket) return;
    if (update.qr) {
      this.qr = update.qr;
      this.setState('pairing', 'Esperando que un administrador vincule el teléfono (código QR).');
      this.options.printPairing({ qr: update.qr });
      if (this.options.pairingPhone && !this.pairingRequested) {
        this.pairingRequested = true;
        this.requestPairingCode(this.options.pairingPhone).catch((error: unknown) =>
          this.options.logger.warn({ err: error }, 'whatsapp: could not get a pairing code'),
        );
      }
    }
    if (update.connection === 'open') {
      this.qr = undefined;
      this.pairingCode = undefined;
      this.closes = 0;
      this.badSessionStreak = 0;
      this.loggedOutSinceOpen = false;
      this.setState('connected');
      this.options.logger.info('whatsapp: connected');
    }
    if (update.connection === 'close') void this.onClose(socket, update.lastDisconnect?.error);
  }

  private async onClose(socket: WhatsappSocket, error: unknown): Promise<void> {
    if (socket !== this.socket) return;
    this.detach?.();
    this.detach = undefined;
    this.socket = undefined;
    this.qr = undefined;
    this.pairingCode = undefined;
    if (!this.running || !this.leaseHeld) return;
    const { logger } = this.options;
    const status = closeStatusOf(error);
    this.badSessionStreak = status === DisconnectReason.badSession ? this.badSessionStreak + 1 : 0;
    const decision = decideOnClose(
      error,
      this.closes + 1,
      this.options.random,
      this.options.tuning ?? defaultTuning,
      this.badSessionStreak,
    );
    if (decision.action === 'stop') {
      logger.error(
        { status, reason: decision.reason },
        'whatsapp: WhatsApp will not take this session; not reconnecting until an administrator acts',
      );
      this.closes = 0;
      this.setState(stopStates[decision.reason].state, stopStates[decision.reason].detail);
      return;
    }
    if (decision.action === 'logged-out') {
      const again = this.loggedOutSinceOpen;
      this.loggedOutSinceOpen = true;
      this.closes = 0;
      try {
        await clearDatabaseAuthState(this.options.prisma, this.options.entityId);
      } catch (clearError) {
        logger.error({ err: clearError }, 'whatsapp: could not clear the stored session');
      }
      if (again) {
        // Even a fresh pairing was logged out: trying again would loop; wait for the administrator.
        logger.error(
          'whatsapp: logged out again before any connection opened; not reconnecting until an administrator acts',
        );
        this.setState(
          'logged_out',
          'WhatsApp volvió a cerrar la sesión antes de conectar. El servidor dejó de reintentar: vincule de nuevo el número desde esta página.',
        );
        return;
      }
      logger.warn(
        'whatsapp: the phone logged this device out; the stored session is cleared and a new pairing is needed',
      );
      this.setState('logged_out', 'Se cerró la sesión desde el teléfono. Vincule de nuevo el número con el código QR.');
      this.scheduleReconnect(0);
      return;
    }
    if (decision.reason === 'restart-required') {
      logger.info('whatsapp: restart required (normal after pairing); reconnecting');
      this.setState('connecting');
      this.scheduleReconnect(0);
      return;
    }
    this.closes += 1;
    if (decision.reason === 'replaced') {
      logger.error(
        { status, retryInMs: decision.delayMs },
        'whatsapp: another session replaced this connection (the number was opened elsewhere); waiting before trying again',
      );
      this.setState('disconnected', 'Otra sesión reemplazó esta conexión (el número se abrió en otro lugar).');
    } else if (status === staleVersionStatus) {
      // The version we announced is no longer accepted: ask for the current one on the next try.
      this.webVersion = undefined;
      logger.warn(
        { status, attempt: this.closes, retryInMs: decision.delayMs },
        'whatsapp: WhatsApp refused the client version; reconnecting with the current one',
      );
      this.setState(
        'disconnected',
        'WhatsApp rechazó la versión de WhatsApp Web del servidor (código 405); reintentando con la versión actual. Si persiste, el servidor necesita salida a web.whatsapp.com o una versión más reciente de Ventanilla.',
      );
    } else {
      logger.warn(
        { status, attempt: this.closes, retryInMs: decision.delayMs },
        'whatsapp: connection closed; reconnecting',
      );
      this.setState('disconnected', `Conexión perdida (código ${status ?? 'desconocido'}); reintentando.`);
    }
    this.scheduleReconnect(decision.delayMs);
  }

  /** The WhatsApp Web version to announce: the current one, asked for at most every few hours, or the bundled one. */
  private async currentWebVersion(): Promise<WAVersion> {
    const cached = this.webVersion;
    if (cached && this.now().getTime() - cached.at < webVersionTtlMs) return cached.choice.version;
    const choice = await chooseWebVersion(
      this.options.fetchWebVersion ?? fetchWebVersion,
      this.options.webVersionTimeoutMs ?? 8_000,
      (run, ms) => {
        const handle = this.timers.set(run, ms);
        return () => this.timers.clear(handle);
      },
    );
    // Only a current answer is kept: without one, the next connection asks again.
    if (choice.source === 'latest') this.webVersion = { choice, at: this.now().getTime() };
    this.options.logger.info(
      { version: choice.version.join('.'), source: choice.source, reason: choice.reason },
      'whatsapp: WhatsApp Web version chosen',
    );
    return choice.version;
  }

  /**
   * The administrator's way back from a state the adapter does not leave alone (banned, bad session, logged out
   * twice): forgets the stored session and starts a new pairing. False when this instance is not in such a state.
   */
  async relink(): Promise<boolean> {
    if (!this.running || !this.leaseHeld || this.socket || !isStopped(this.state.state) || this.reconnectPending())
      return false;
    await clearDatabaseAuthState(this.options.prisma, this.options.entityId);
    this.options.logger.warn('whatsapp: an administrator cleared the session to pair the number again');
    this.closes = 0;
    this.badSessionStreak = 0;
    this.loggedOutSinceOpen = false;
    this.setState('connecting');
    await this.connect();
    return true;
  }

  private reconnectPending(): boolean {
    return this.reconnectTimer !== undefined;
  }

  private cancelReconnect(): void {
    this.timers.clear(this.reconnectTimer);
    this.reconnectTimer = undefined;
  }

  private scheduleReconnect(delayMs: number): void {
    this.timers.clear(this.reconnectTimer);
    this.reconnectTimer = this.timers.set(() => {
      this.reconnectTimer = undefined;
      if (this.state.state === 'disconnected') this.setState('connecting');
      void this.connect();
    }, delayMs);
  }

  private closeSocket(): void {
    const socket = this.socket;
    this.detach?.();
    this.detach = undefined;
    this.socket = undefined;
    this.qr = undefined;
    this.pairingCode = undefined;
    if (!socket) return;
    try {
      void Promise.resolve(socket.end(undefined)).catch(() => undefined);
    } catch {
      // Already closed.
    }
  }

  private setState(state: ChannelHealth['state'], detail?: string): void {
    const changed = state !== this.state.state;
    this.state = { state, since: changed ? this.now() : this.state.since, ...(detail ? { detail } : {}) };
    if (state === 'connected' || state === 'standby' || !this.running) {
      this.downSince = undefined;
      this.timers.clear(this.alertTimer);
      this.alertTimer = undefined;
      return;
    }
    if (this.downSince) return;
    this.downSince = this.now();
    this.alertTimer = this.timers.set(() => this.alertIfStillDown(), this.options.alertAfterMs);
  }

  private alertIfStillDown(): void {
    if (!this.downSince || !this.running) return;
    const minutes = Math.round((this.now().getTime() - this.downSince.getTime()) / 60_000);
    this.options.logger.error(
      { alert: 'whatsapp_disconnected', state: this.state.state, minutes, detail: this.state.detail },
      `ALERT: WhatsApp has not been connected for ${minutes} minutes (${this.state.state})`,
    );
  }

  // ── inbound ──────────────────────────────────────────────────────────────

  /** Messages are handled one after another, so a citizen's messages keep their order. */
  private enqueueInbound(socket: WhatsappSocket, message: WAMessage): void {
    this.inbound = this.inbound.then(() =>
      this.handleInbound(socket, message).catch((error: unknown) =>
        this.options.logger.error({ err: error }, 'whatsapp: an incoming message could not be stored'),
      ),
    );
  }

  private async handleInbound(socket: WhatsappSocket, message: WAMessage): Promise<void> {
    const host = this.host;
    if (!host) return;
    const result = toInboundDraft(message, this.now());
    if ('ignored' in result) {
      this.options.logger.debug({ reason: result.ignored }, 'whatsapp: message ignored');
      return;
    }
    const draft = result.draft;
    const { prisma, entityId } = this.options;
    if (draft.sender.alternate)
      await linkIdentities(prisma, entityId, this.channel, draft.sender.primary, draft.sender.alternate);
    const attachments: Attachment[] = [...draft.attachments];
    if (draft.media) attachments.unshift(await this.mediaAttachment(socket, message, draft, host));
    const inbound = InboundMessage.parse({
      entityId,
      channel: this.channel,
      senderId: draft.sender.primary,
      channelMessageId: draft.channelMessageId,
      attachments,
      receivedAt: draft.receivedAt,
      ...(draft.senderName ? { senderName: draft.senderName } : {}),
      ...(draft.text !== undefined ? { text: draft.text } : {}),
      ...(draft.payload !== undefined ? { payload: draft.payload } : {}),
    });
    await this.storeWithRetry(host, inbound);
  }

  /**
   * WhatsApp does not deliver a message twice once the socket took it, so a database hiccup must not lose it: a few
   * tries over about half a minute (the queue waits, keeping the order), then an error log.
   */
  private async storeWithRetry(host: ChannelHost, inbound: InboundMessage): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await host.receive(inbound);
        return;
      } catch (error) {
        if (attempt >= storeAttempts || !this.host) throw error;
        this.options.logger.warn({ err: error, attempt }, 'whatsapp: storing an incoming message failed; trying again');
        await this.sleep(1000 * 2 ** (attempt - 1));
      }
    }
  }

  /** Downloads and keeps the file; when it cannot be kept, an attachment pointing at the WhatsApp message. */
  private async mediaAttachment(
    socket: WhatsappSocket,
    message: WAMessage,
    draft: InboundDraft,
    host: ChannelHost,
  ): Promise<Attachment> {
    const media = draft.media!;
    const fallback = unkeptAttachment(media, draft.channelMessageId);
    // Delivered again after a reconnect: the first copy already kept the file.
    const seen = await this.options.prisma.message.findUnique({
      where: {
        entityId_channel_channelMessageId: {
          entityId: this.options.entityId,
          channel: this.channel,
          channelMessageId: draft.channelMessageId,
        },
      },
      select: { id: true },
    });
    if (seen || (media.sizeBytes ?? 0) > maxInboundFileBytes || media.kind === 'video') return fallback;
    try {
      const data = await this.options.downloadMedia(message, socket);
      const kept = await host.keepFile({
        entityId: this.options.entityId,
        channel: this.channel,
        senderId: draft.sender.primary,
        data,
        ...(media.fileName ? { fileName: media.fileName } : {}),
        ...(media.mimeType ? { declaredType: media.mimeType } : {}),
      });
      if (kept.kept) return { ...kept.attachment, ...(media.caption ? { caption: media.caption.slice(0, 4096) } : {}) };
      this.options.logger.info({ reason: kept.reason, kind: media.kind }, 'whatsapp: file not kept');
    } catch (error) {
      this.options.logger.warn({ err: error, kind: media.kind }, 'whatsapp: file could not be downloaded');
    }
    return fallback;
  }

  /** WhatsApp told us a LID and a phone number are one person: link them if that person has written to us. */
  private async onLidMapping(pn: string, lid: string): Promise<void> {
    try {
      const [phone, hidden] = [personJid(pn), personJid(lid)];
      const known = await this.options.prisma.contactIdentity.count({
        where: { entityId: this.options.entityId, channel: this.channel, externalId: { in: [phone, hidden] } },
      });
      if (known > 0) await linkIdentities(this.options.prisma, this.options.entityId, this.channel, hidden, phone);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'whatsapp: could not link a LID to its phone number');
    }
  }

  // ── outbound ─────────────────────────────────────────────────────────────

  async send(recipientId: string, message: OutboundMessage, context?: SendContext): Promise<SendResult> {
    const socket = this.socket;
    if (!socket || this.state.state !== 'connected') {
      throw new ChannelSendError(`WhatsApp is not connected (${this.state.state})`, true, notConnectedRetryMs);
    }
    const { parts, skipped } = toOutboundParts(message);
    if (skipped.length > 0)
      this.options.logger.warn(
        { skipped: skipped.length },
        'whatsapp: attachments this channel cannot send were left out',
      );
    if (parts.length === 0) return {};
    const ids: string[] = [];
    await this.typing(socket, recipientId, message.text);
    for (const [index, part] of parts.entries()) {
      await this.pace(recipientId);
      const content = part.type === 'file' ? await this.fileContent(part.attachment, part.uploadId) : partContent(part);
      const messageId = context ? outboundMessageId(context.messageId, index) : undefined;
      let sent: WAMessage | undefined;
      try {
        sent = await socket.sendMessage(recipientId, content, messageId ? { messageId } : undefined);
      } catch (error) {
        const status = closeStatusOf(error);
        throw new ChannelSendError(
          `WhatsApp did not take the message${status ? ` (${status})` : ''}: ${(error as Error).message}`,
          true,
        );
      }
      const id = sent?.key.id ?? messageId;
      if (id) ids.push(id);
      if (id && context) await this.keepSentPart(context.messageId, index, id, sent?.message);
    }
    return ids[0] ? { channelMessageId: ids[0] } : {};
  }

  /** A failure here must not fail a send that reached WhatsApp (the outbox would send it again). */
  private async keepSentPart(
    storedMessageId: string,
    index: number,
    id: string,
    message: WAMessage['message'],
  ): Promise<void> {
    try {
      await recordSentPart(this.options.prisma, storedMessageId, index, id, message);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'whatsapp: a sent part could not be recorded for resends');
    }
  }

  /** "Escribiendo…" for a moment before a reply, as a person would show; failures do not matter. */
  private async typing(socket: WhatsappSocket, jid: string, text: string): Promise<void> {
    try {
      await socket.sendPresenceUpdate('composing', jid);
      await this.sleep(Math.min(1500, 300 + text.length * 10));
      await socket.sendPresenceUpdate('paused', jid);
    } catch (error) {
      this.options.logger.debug({ err: error }, 'whatsapp: typing indicator not sent');
    }
  }

  /** Spreads bursts: waits out short pacing delays, hands long ones back to the outbox to retry later. */
  private async pace(recipientId: string): Promise<void> {
    const maxWait = this.options.maxPacingWaitMs ?? 5_000;
    for (const [limiter, key] of [
      [this.perChat, recipientId],
      [this.overall, 'all'],
    ] as const) {
      for (;;) {
        const wait = limiter.take(key);
        if (wait === 0) break;
        if (wait > maxWait) throw new ChannelSendError('WhatsApp pacing: too many messages right now', true, wait);
        await this.sleep(wait);
      }
    }
  }

  private async fileContent(attachment: Attachment, uploadId: string) {
    const file = await this.options.files.read(this.options.entityId, uploadId);
    if (!file) throw new ChannelSendError(`attached file ${uploadId} does not exist`, false);
    return fileContent(attachment, Buffer.from(file.data), file.mimeType, attachment.fileName ?? file.fileName);
  }
}

function isStopped(state: ChannelHealth['state']): boolean {
  return state === 'banned' || state === 'bad_session' || state === 'logged_out';
}
