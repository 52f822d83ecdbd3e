import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { buildApp } from '../../../src/app.js';
import { SessionTokens } from '../../../src/channels/web/session-token.js';
import { WidgetChannel, type WidgetChannelOptions } from '../../../src/channels/web/widget-channel.js';
import type { ServerFrame } from '../../../src/channels/web/widget-frames.js';
import { parseWidgetSettings } from '../../../src/channels/web/widget-settings.js';
import { loadConfig } from '../../../src/config.js';
import type { Runtime } from '../../../src/core/runtime.js';
import type { Database, DatabaseOptions } from '../../../src/db/database.js';
import type { DatabaseProvider } from '../../../src/db/provider.js';
import { WidgetScriptFile } from '../../../src/http/widget-script.js';
import { startEntityRuntime } from '../../../src/runtime-for-entity.js';
import { StoredFiles } from '../../../src/uploads/stored-files.js';
import { silentLogger, TestClock } from '../../core/harness.js';
import { openMigratedDatabase } from '../../support/test-database.js';

export const secret = 'a-test-secret-that-is-long-enough-0123456789';
export const portalOrigin = 'https://www.sanisidrodelrio.gov.co';

export interface WidgetApp {
  app: FastifyInstance;
  channel: WidgetChannel;
  runtime: Runtime;
  database: Database;
  clock: TestClock;
  entityId: string;
  /** Opens a socket as a page at `origin` would (the demo entity allows its portal). */
  connect(origin?: string | null, ip?: string, options?: ConnectOptions): Promise<WidgetClient>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** The real server pieces on the demo flows and a real database: runtime, web channel and HTTP routes. */
export async function startWidgetApp(
  provider: DatabaseProvider,
  options: Pick<WidgetChannelOptions, 'limits' | 'newSessionsPerMinute' | 'idleMs'> & {
    scriptPath?: string;
    trustProxy?: string;
    /** Where the channel and the HTTP app log (silent by default); tests that check logs pass their own. */
    logger?: Logger;
    database?: DatabaseOptions;
  } = {},
): Promise<WidgetApp> {
  const { database: databaseOptions, ...channelOptions } = options;
  const opened = await openMigratedDatabase(provider, databaseOptions);
  const clock = new TestClock(new Date('2026-03-02T14:00:00Z').getTime());
  const files = new StoredFiles(opened.database.prisma);
  let channel: WidgetChannel | undefined;
  const started = await startEntityRuntime({
    database: opened.database,
    logger: silentLogger,
    flowsDir: 'flows',
    pollMs: 0,
    now: clock.now,
    adapters: (entity) => [
      (channel = new WidgetChannel({
        entity,
        settings: parseWidgetSettings(entity.settings),
        prisma: opened.database.prisma,
        tokens: new SessionTokens(secret, clock.now),
        files,
        logger: silentLogger,
        sweepIntervalMs: 0,
        now: clock.now,
        ...channelOptions,
      })),
    ],
  });
  const app = await buildApp({
    config: loadConfig({ DATABASE_URL: opened.url, NODE_ENV: 'test', TRUST_PROXY: options.trustProxy }),
    database: opened.database,
    logger: options.logger ?? silentLogger,
    widget: { channel: channel!, files, script: new WidgetScriptFile(options.scriptPath ?? '/nonexistent/widget.js') },
  });
  await app.ready();
  const runtime = started.runtime;
  const settle = async () => {
    await runtime.engine.idle();
    await runtime.outbox.idle();
  };
  clock.pollRuntime(runtime, settle);
  return {
    app,
    channel: channel!,
    runtime,
    database: opened.database,
    clock,
    entityId: started.entity.id,
    settle,
    async connect(origin = portalOrigin, ip = '203.0.113.7', connectOptions: ConnectOptions = {}) {
      const headers: Record<string, string> = { host: 'chat.sanisidro.test', ...connectOptions.headers };
      if (origin) headers.origin = origin;
      let client: WidgetClient | undefined;
      // Listen from the first byte: a refusal arrives together with the upgrade.
      await app.injectWS(
        `/widget/v1/ws/${connectOptions.entity ?? 'san-isidro'}`,
        { headers, socket: { remoteAddress: ip } } as never,
        {
          onInit: (ws) => (client = new WidgetClient(ws, settle, connectOptions.answerPings ?? true)),
        },
      );
      return client!;
    },
    async close() {
      await app.close();
      await runtime.stop();
      await opened.close();
    },
  };
}

/** A protocol client that records every frame, so a test reads the conversation in order. */
export interface ConnectOptions {
  /** The entity slug in the path (the demo entity by default). */
  entity?: string;
  headers?: Record<string, string>;
  /** False plays a browser whose network died without a goodbye: pings go unanswered. */
  answerPings?: boolean;
}

export class WidgetClient {
  readonly frames: ServerFrame[] = [];
  closed: { code: number; reason: string } | undefined;
  private waiters: (() => void)[] = [];

  constructor(
    readonly ws: WebSocket,
    private readonly settle: () => Promise<void>,
    answerPings = true,
  ) {
    // Browsers answer pings by themselves; the injected client (built without autoPong) must be told to.
    if (answerPings) ws.on('ping', (data) => ws.pong(data));
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as ServerFrame);
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame after position `from` that matches, waiting for it up to 3 s. */
  async next<T extends ServerFrame['type']>(
    type: T,
    from = 0,
    timeoutMs = 3000,
  ): Promise<Extract<ServerFrame, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find((f) => f.type === type);
      if (found) return found as Extract<ServerFrame, { type: T }>;
      if (Date.now() > deadline) throw new Error(`no ${type} frame; got ${JSON.stringify(this.frames.slice(from))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async hello(token?: string | null, after?: string | null) {
    const from = this.frames.length;
    this.send({ type: 'hello', token: token ?? null, after: after ?? null });
    return this.next('welcome', from);
  }

  /** Sends a message, waits for its ack and for the bot's turn to finish; returns the frames that came meanwhile. */
  async say(text: string, extra: { id?: string; payload?: string; attachments?: unknown[] } = {}) {
    const from = this.frames.length;
    const id = extra.id ?? `c${Math.random().toString(36).slice(2, 12)}`;
    this.send({
      type: 'message',
      id,
      text,
      ...(extra.payload ? { payload: extra.payload } : {}),
      ...(extra.attachments ? { attachments: extra.attachments } : {}),
    });
    const ack = await this.next('ack', from);
    await this.settle();
    await new Promise((r) => setTimeout(r, 20));
    return { ack, frames: this.frames.slice(from) };
  }

  /** Bot texts among frames. */
  static botTexts(frames: ServerFrame[]): string[] {
    return frames.flatMap((f) => (f.type === 'message' && f.message.from === 'bot' ? [f.message.text] : []));
  }

  async waitClosed(timeoutMs = 3000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('socket did not close');
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.closed;
  }

  close(): void {
    this.ws.terminate();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
