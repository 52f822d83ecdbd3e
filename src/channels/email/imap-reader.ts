import { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { ChannelHealth } from '../../core/channel-adapter.js';
import type { EmailCursor } from './email-cursor.js';
import type { MailServer } from './email-settings.js';

export interface ImapReaderOptions {
  server: MailServer;
  mailbox: string;
  processedMailbox?: string;
  cursor: EmailCursor;
  /** Takes one raw message; resolves once it is stored (or deliberately skipped). Throwing keeps it for next time. */
  handle(raw: Buffer, ref: { uid: number; uidValidity: string }): Promise<void>;
  logger: Logger;
  pollMs: number;
  /** Longest wait between reconnection attempts. */
  maxBackoffMs?: number;
  /**
   * Answer the mail already in the folder the first time it is read. Off by default: turning the channel on must not
   * answer years of old mail.
   */
  readExisting?: boolean;
  /** false: never IDLE, only check every pollMs (servers whose IDLE misbehaves; tests of the fallback). */
  idle?: boolean;
  /** Refuse to log in unless the connection is upgraded with STARTTLS (plain ports away from loopback). */
  requireTls?: boolean;
}

/** Messages fetched per round, so a full mailbox does not hold one long fetch. */
const batch = 20;

/**
 * Reads new mail from one IMAP folder for as long as it runs: IDLE pushes new messages, a timer checks the folder
 * too (servers without IDLE, pushes lost on the way), and a dropped connection is opened again with backoff. The
 * cursor (last UID per UIDVALIDITY) is advanced after each message is stored, so a restart resumes exactly there;
 * the message in flight at a crash is fetched again and deduplicated by its Message-ID.
 */
export class ImapReader {
  private stopped = false;
  private client: ImapFlow | undefined;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private current: ChannelHealth = { state: 'connecting', since: new Date() };
  /** Connection attempts that failed since the last good one. */
  failures = 0;

  constructor(private readonly options: ImapReaderOptions) {}

  health(): ChannelHealth {
    return this.current;
  }

  /** The connection is in IDLE, waiting for the server to push new mail. */
  get idling(): boolean {
    return this.client?.idling ?? false;
  }

  start(): void {
    this.stopped = false;
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const client = this.client;
    if (client) await client.logout().catch(() => client.close());
    await this.loop;
    this.loop = undefined;
  }

  private setState(state: ChannelHealth['state'], detail?: string): void {
    if (this.current.state === state) return;
    this.current = { state, since: new Date(), ...(detail ? { detail } : {}) };
    this.options.logger.info({ state, ...(detail ? { detail } : {}) }, 'email: mailbox connection');
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.session(() => {
          this.failures = 0;
        });
      } catch (error) {
        if (!this.stopped) this.options.logger.warn({ err: error }, 'email: mailbox connection failed');
      }
      if (this.stopped) break;
      this.failures++;
      this.setState('disconnected', 'se reintenta la conexión con el buzón');
      const max = this.options.maxBackoffMs ?? 60_000;
      const waitMs = Math.min(max, 500 * 2 ** Math.min(this.failures - 1, 10));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    this.setState('disconnected', 'detenido');
  }

  /** One connection, from login until it drops (or stop). */
  private async session(connected: () => void): Promise<void> {
    const { server, mailbox } = this.options;
    const client = new ImapFlow({
      host: server.host,
      port: server.port,
      secure: server.secure,
      auth: { user: server.user, pass: server.password },
      logger: false,
      // Some servers end an IDLE silently after ~30 minutes; starting it again keeps pushes coming.
      maxIdleTime: 5 * 60_000,
      // imapflow waits 15 s of quiet before IDLE by default, and mail arriving before IDLE waits with it.
      autoIdleDelay: 250,
      ...(this.options.idle === false ? { disableAutoIdle: true } : {}),
      connectionTimeout: 15_000,
      ...(this.options.requireTls ? { doSTARTTLS: true } : {}),
    });
    this.client = client;
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.on('error', (error: Error) => this.options.logger.warn({ err: error }, 'email: mailbox connection error'));
    if (this.current.state !== 'disconnected') this.setState('connecting');
    try {
      await client.connect();
      const box = await client.mailboxOpen(mailbox);
      const uidValidity = String(box.uidValidity);
      if (!this.options.readExisting && (await this.options.cursor.lastUid(uidValidity)) === undefined) {
        await this.options.cursor.advance(uidValidity, Number(box.uidNext) - 1);
        this.options.logger.info(
          { left: box.exists },
          'email: first time on this folder; the mail already there is left for people',
        );
      }
      connected();
      this.setState('connected');
      let chain = Promise.resolve();
      let queued = false;
      // One check at a time; pushes that arrive during a check collapse into one more check after it.
      const check = () => {
        if (queued) return;
        queued = true;
        chain = chain
          .then(() => {
            queued = false;
            return this.readNew(client, uidValidity);
          })
          .catch((error: unknown) => {
            queued = false;
            if (this.stopped) return;
            this.options.logger.warn({ err: error }, 'email: reading the mailbox failed; reconnecting');
            client.close();
          });
      };
      client.on('exists', check);
      const timer = setInterval(check, this.options.pollMs);
      check();
      try {
        if (!this.stopped) await closed;
      } finally {
        clearInterval(timer);
        await chain;
      }
    } finally {
      if (this.client === client) this.client = undefined;
      if (client.usable) client.close();
    }
  }

  private async readNew(client: ImapFlow, uidValidity: string): Promise<void> {
    const { cursor, processedMailbox } = this.options;
    while (!this.stopped) {
      const last = (await cursor.lastUid(uidValidity)) ?? 0;
      // Without IDLE the server reports new mail only in answer to a command: NOOP asks for it.
      await client.noop();
      const exists = client.mailbox ? client.mailbox.exists : 0;
      this.options.logger.debug({ last, exists }, 'email: checking the folder');
      if (exists === 0) return;
      // A UID FETCH rather than SEARCH: Dovecot answers a SEARCH from a view that may not have seen the newest mail.
      const found: number[] = [];
      for await (const m of client.fetch(`${last + 1}:*`, { uid: true }, { uid: true })) found.push(m.uid);
      // "n:*" always includes the newest message, even below n.
      const uids = found
        .filter((uid) => uid > last)
        .sort((a, b) => a - b)
        .slice(0, batch);
      this.options.logger.debug({ last, found: uids.length }, 'email: new messages');
      if (uids.length === 0) return;
      for (const uid of uids) {
        if (this.stopped) return;
        const message = await client.fetchOne(String(uid), { source: true, uid: true }, { uid: true });
        if (message && message.source) await this.options.handle(message.source, { uid, uidValidity });
        await cursor.advance(uidValidity, uid);
        try {
          if (processedMailbox) await client.messageMove(String(uid), processedMailbox, { uid: true });
          else await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        } catch (error) {
          // Only housekeeping: the cursor already says the message was taken.
          this.options.logger.warn({ err: error }, 'email: could not mark a handled message');
        }
      }
    }
  }
}
