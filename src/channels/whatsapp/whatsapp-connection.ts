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
import { baileysLogger } from './baileys-logger.js';
import { AuthKeyMismatchError } from './auth-cipher.js';
import { clearDatabaseAuthState, loadDatabaseAuthState } from './database-auth-state.js';
import { decideOnClose, defaultTuning, closeStatusOf } from './reconnect-policy.js';
import { findSentMessage } from './sent-parts.js';
import { chooseWebVersion, fetchWebVersion, type WebVersionChoice } from './web-version.js';
import type { WhatsappParts } from './whatsapp-adapter-options.js';
import { isStopped, stopStates, type ConnectionState } from './whatsapp-connection-state.js';
import type { WhatsappSocket } from './whatsapp-socket.js';

/** A current version is asked for again after this long (WhatsApp moves it every few days). */
const webVersionTtlMs = 6 * 60 * 60_000;
/** WhatsApp's answer to a client version it no longer accepts. */
const staleVersionStatus = 405;

/** What the socket tells the rest of the adapter: messages (live or held while away), statuses, LID mappings. */
export interface SocketEvents {
  messages(socket: WhatsappSocket, messages: WAMessage[]): void;
  updates(updates: BaileysEventMap['messages.update']): void;
  lidMapping(pn: string, lid: string): void;
}

/**
 * The Baileys socket of the number's linked device: opened with the stored session, paired by QR or code, and
 * reconnected after a close as reconnect-policy.ts decides (or left stopped until an administrator relinks).
 */
export class WhatsappConnection {
  socket: WhatsappSocket | undefined;
  /** creds.update saves, one after another: concurrent writes could land out of order and keep older creds. */
  credsSaves: Promise<void> = Promise.resolve();
  private detach: (() => void) | undefined;
  private qr: string | undefined;
  private pairingCode: string | undefined;
  private pairingRequested = false;
  private closes = 0;
  private reconnectTimer: unknown;
  private webVersion: { choice: WebVersionChoice; at: number } | undefined;
  /** Consecutive bad-session closes (see decideOnClose). */
  private badSessionStreak = 0;
  /** The phone logged the device out and no connection opened since: a second one stops instead of looping. */
  private loggedOutSinceOpen = false;
  private readonly baileysLogger: Logger;

  constructor(
    private readonly parts: WhatsappParts,
    private readonly state: ConnectionState,
    private readonly mayConnect: () => { running: boolean; leaseHeld: boolean },
    private readonly events: SocketEvents,
  ) {
    this.baileysLogger = baileysLogger(parts.options.logger);
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
      this.parts.options.printPairing({ code });
    }
    return code;
  }

  private ready(): boolean {
    const { running, leaseHeld } = this.mayConnect();
    return running && leaseHeld;
  }

  async connect(): Promise<void> {
    if (!this.ready() || this.socket) return;
    const { prisma, entityId, cipher, logger } = this.parts.options;
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
        this.state.set(
          'disconnected',
          'La clave WHATSAPP_AUTH_KEY no abre la sesión guardada. Use la misma clave en todas las instancias.',
        );
        return;
      }
      logger.error({ err: error }, 'whatsapp: could not load the stored session');
      const retry = decideOnClose(
        undefined,
        ++this.closes,
        this.parts.options.random,
        this.parts.options.tuning ?? defaultTuning,
      );
      this.scheduleReconnect(retry.action === 'reconnect' ? retry.delayMs : 0);
      return;
    }
    if (!this.ready()) return;
    const version = await this.currentWebVersion();
    if (!this.ready() || this.socket) return;
    this.pairingRequested = false;
    const socket = this.parts.options.makeSocket({
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
        this.events.messages(socket, upsert.messages);
      },
      'messages.update': (updates) => this.events.updates(updates),
      'lid-mapping.update': (mapping) => this.events.lidMapping(mapping.pn, mapping.lid),
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
    const { options } = this.parts;
    if (update.qr) {
      this.qr = update.qr;
      this.state.set('pairing', 'Esperando que un administrador vincule el teléfono (código QR).');
      options.printPairing({ qr: update.qr });
      if (options.pairingPhone && !this.pairingRequested) {
        this.pairingRequested = true;
        this.requestPairingCode(options.pairingPhone).catch((error: unknown) =>
          options.logger.warn({ err: error }, 'whatsapp: could not get a pairing code'),
        );
      }
    }
    if (update.connection === 'open') {
      this.qr = undefined;
      this.pairingCode = undefined;
      this.closes = 0;
      this.badSessionStreak = 0;
      this.loggedOutSinceOpen = false;
      this.state.set('connected');
      options.logger.info('whatsapp: connected');
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
    if (!this.ready()) return;
    const { logger } = this.parts.options;
    const status = closeStatusOf(error);
    this.badSessionStreak = status === DisconnectReason.badSession ? this.badSessionStreak + 1 : 0;
    const decision = decideOnClose(
      error,
      this.closes + 1,
      this.parts.options.random,
      this.parts.options.tuning ?? defaultTuning,
      this.badSessionStreak,
    );
    if (decision.action === 'stop') {
      logger.error(
        { status, reason: decision.reason },
        'whatsapp: WhatsApp will not take this session; not reconnecting until an administrator acts',
      );
      this.closes = 0;
      this.state.set(stopStates[decision.reason].state, stopStates[decision.reason].detail);
      return;
    }
    if (decision.action === 'logged-out') {
      await this.onLoggedOut();
      return;
    }
    if (decision.reason === 'restart-required') {
      logger.info('whatsapp: restart required (normal after pairing); reconnecting');
      this.state.set('connecting');
      this.scheduleReconnect(0);
      return;
    }
    this.closes += 1;
    if (decision.reason === 'replaced') {
      logger.error(
        { status, retryInMs: decision.delayMs },
        'whatsapp: another session replaced this connection (the number was opened elsewhere); waiting before trying again',
      );
      this.state.set('disconnected', 'Otra sesión reemplazó esta conexión (el número se abrió en otro lugar).');
    } else if (status === staleVersionStatus) {
      // The version we announced is no longer accepted: ask for the current one on the next try.
      this.webVersion = undefined;
      logger.warn(
        { status, attempt: this.closes, retryInMs: decision.delayMs },
        'whatsapp: WhatsApp refused the client version; reconnecting with the current one',
      );
      this.state.set(
        'disconnected',
        'WhatsApp rechazó la versión de WhatsApp Web del servidor (código 405); reintentando con la versión actual. Si persiste, el servidor necesita salida a web.whatsapp.com o una versión más reciente de Ventanilla.',
      );
    } else {
      logger.warn(
        { status, attempt: this.closes, retryInMs: decision.delayMs },
        'whatsapp: connection closed; reconnecting',
      );
      this.state.set('disconnected', `Conexión perdida (código ${status ?? 'desconocido'}); reintentando.`);
    }
    this.scheduleReconnect(decision.delayMs);
  }

  private async onLoggedOut(): Promise<void> {
    const { logger, prisma, entityId } = this.parts.options;
    const again = this.loggedOutSinceOpen;
    this.loggedOutSinceOpen = true;
    this.closes = 0;
    try {
      await clearDatabaseAuthState(prisma, entityId);
    } catch (clearError) {
      logger.error({ err: clearError }, 'whatsapp: could not clear the stored session');
    }
    if (again) {
      // Even a fresh pairing was logged out: trying again would loop; wait for the administrator.
      logger.error(
        'whatsapp: logged out again before any connection opened; not reconnecting until an administrator acts',
      );
      this.state.set(
        'logged_out',
        'WhatsApp volvió a cerrar la sesión antes de conectar. El servidor dejó de reintentar: vincule de nuevo el número desde esta página.',
      );
      return;
    }
    logger.warn(
      'whatsapp: the phone logged this device out; the stored session is cleared and a new pairing is needed',
    );
    this.state.set('logged_out', 'Se cerró la sesión desde el teléfono. Vincule de nuevo el número con el código QR.');
    this.scheduleReconnect(0);
  }

  /** The WhatsApp Web version to announce: the current one, asked for at most every few hours, or the bundled one. */
  private async currentWebVersion(): Promise<WAVersion> {
    const { timers, now, options } = this.parts;
    const cached = this.webVersion;
    if (cached && now().getTime() - cached.at < webVersionTtlMs) return cached.choice.version;
    const choice = await chooseWebVersion(
      options.fetchWebVersion ?? fetchWebVersion,
      options.webVersionTimeoutMs ?? 8_000,
      (run, ms) => {
        const handle = timers.set(run, ms);
        return () => timers.clear(handle);
      },
    );
    // Only a current answer is kept: without one, the next connection asks again.
    if (choice.source === 'latest') this.webVersion = { choice, at: now().getTime() };
    options.logger.info(
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
    if (!this.ready() || this.socket || !isStopped(this.state.state) || this.reconnectTimer !== undefined) return false;
    await clearDatabaseAuthState(this.parts.options.prisma, this.parts.options.entityId);
    this.parts.options.logger.warn('whatsapp: an administrator cleared the session to pair the number again');
    this.closes = 0;
    this.badSessionStreak = 0;
    this.loggedOutSinceOpen = false;
    this.state.set('connecting');
    await this.connect();
    return true;
  }

  cancelReconnect(): void {
    this.parts.timers.clear(this.reconnectTimer);
    this.reconnectTimer = undefined;
  }

  private scheduleReconnect(delayMs: number): void {
    this.parts.timers.clear(this.reconnectTimer);
    this.reconnectTimer = this.parts.timers.set(() => {
      this.reconnectTimer = undefined;
      if (this.state.state === 'disconnected') this.state.set('connecting');
      void this.connect();
    }, delayMs);
  }

  close(): void {
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
}
