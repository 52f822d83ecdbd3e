import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { backoffMs } from '../lib/backoff.js';
import { LocalEventBus, type EventBus } from '../lib/event-bus.js';

const channel = 'ventanilla_events';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
export const maxEventBytes = 7900;

/**
 * Events across instances through PostgreSQL's LISTEN/NOTIFY (DESIGN.md: the database is the coordination point).
 * A publish reaches this process at once and the others through NOTIFY; an instance ignores its own notifications.
 * The listening connection reconnects with backoff; events sent while it was down are missed, which is why events
 * only point at stored data.
 */
export class PgEventBus implements EventBus {
  private readonly local = new LocalEventBus();
  private readonly origin = randomUUID();
  private listener: pg.Client | undefined;
  private readonly pool: pg.Pool;
  private closed = false;
  private attempts = 0;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: 2 });
    this.pool.on('error', (error) => this.logger.warn({ err: error }, 'event bus: idle publish connection failed'));
  }

  /** Resolves once listening, so nothing published after start is missed by this instance. */
  async start(): Promise<void> {
    await this.listen();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (message) => this.onNotification(message.payload));
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'event bus: listening connection lost; reconnecting');
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    await client.connect();
    await client.query(`LISTEN ${channel}`);
    this.listener = client;
    this.attempts = 0;
  }

  private reconnect(client: pg.Client): void {
    if (this.closed || this.listener !== client) return;
    this.listener = undefined;
    client.removeAllListeners();
    client.end().catch(() => undefined);
    const wait = backoffMs(++this.attempts, 500, 30_000);
    this.retry = setTimeout(() => {
      this.listen().catch((error: unknown) => {
        this.logger.warn({ err: error }, 'event bus: could not listen again');
        this.reconnect(client);
      });
    }, wait);
    this.retry.unref();
  }

  private onNotification(raw: string | undefined): void {
    if (!raw) return;
    let event: { o?: string; t?: string; p?: unknown };
    try {
      event = JSON.parse(raw) as typeof event;
    } catch {
      return;
    }
    if (event.o === this.origin || typeof event.t !== 'string') return;
    this.local.emit(event.t, event.p);
  }

  async publish(topic: string, payload: unknown): Promise<void> {
    const body = JSON.stringify({ o: this.origin, t: topic, p: payload });
    if (Buffer.byteLength(body) > maxEventBytes)
      throw new Error(`event too large for NOTIFY (${topic}): publish a reference instead`);
    this.local.emit(topic, payload);
    await this.pool.query('SELECT pg_notify($1, $2)', [channel, body]);
  }

  subscribe(topic: string, listener: (payload: unknown) => void): () => void {
    return this.local.subscribe(topic, listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
    await this.pool.end();
    await this.local.close();
  }
}
