import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { Writable } from 'node:stream';
import { expect, vi } from 'vitest';
import { buildApp } from '../../../src/app.js';
import type { WhatsappAdapter } from '../../../src/channels/whatsapp/whatsapp-adapter.js';
import { bundledWebVersion } from '../../../src/channels/whatsapp/web-version.js';
import { whatsappChannel, type WhatsappTuning } from '../../../src/channels/whatsapp/whatsapp-channel.js';
import { loadConfig, type Config } from '../../../src/config.js';
import type { ChannelHost, IncomingFile } from '../../../src/core/channel-adapter.js';
import type { Runtime } from '../../../src/core/runtime.js';
import type { Database } from '../../../src/db/database.js';
import { whatsappAdminRoutes } from '../../../src/http/whatsapp-admin-routes.js';
import type { DatabaseProvider } from '../../../src/db/provider.js';
import type { EntityInfo } from '../../../src/runtime-for-entity.js';
import { startEntityRuntime } from '../../../src/runtime-for-entity.js';
import type { Transcriber } from '../../../src/transcription/transcriber.js';
import { StaffDirectory } from '../../../src/staff/staff-directory.js';
import { StoredFiles } from '../../../src/uploads/stored-files.js';
import { TestClock } from '../../core/harness.js';
import { openMigratedDatabase } from '../../support/test-database.js';
import { ManualTimers, SocketFactory } from './fake-socket.js';

export const authKey = 'a-whatsapp-auth-key-that-is-long-enough-0123456789';

/** A pino logger whose lines the test can read (Baileys' child included). */
export function capturingLogger(): { logger: Logger; lines: { level: number; msg: string; [k: string]: unknown }[] } {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as { level: number; msg: string });
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

export interface WhatsappApp {
  app: FastifyInstance;
  adapter: WhatsappAdapter;
  runtime: Runtime;
  database: Database;
  entity: EntityInfo;
  sockets: SocketFactory;
  timers: ManualTimers;
  clock: TestClock;
  config: Config;
  lines: ReturnType<typeof capturingLogger>['lines'];
  staff: StaffDirectory;
  /** The files the adapter handed to host.keepFile, in order (kept or refused). */
  keptFiles: IncomingFile[];
  /** Waits until the adapter opened a socket and plays WhatsApp opening it. */
  connect(): Promise<void>;
  settle(): Promise<void>;
  /**
   * The channel stops and starts again as on a server restart: Baileys' memory and the adapter's are gone, the
   * database stays. A new socket is opened (not yet open).
   */
  restartChannel(): Promise<void>;
  /** Another server instance's adapter on the same database (no runtime of its own; receive is not exercised). */
  secondInstance(
    instanceId: string,
  ): Promise<{ adapter: WhatsappAdapter; sockets: SocketFactory; timers: ManualTimers }>;
  close(): Promise<void>;
}

export const leaseRenewMs = 10_000;
export const alertAfterMinutes = 5;

export async function startWhatsappApp(
  provider: DatabaseProvider,
  options: {
    env?: Record<string, string>;
    downloadMedia?: (m: unknown) => Promise<Buffer>;
    tuning?: WhatsappTuning;
    transcriber?: Transcriber;
  } = {},
): Promise<WhatsappApp> {
  const opened = await openMigratedDatabase(provider);
  const clock = new TestClock(new Date('2026-03-02T14:00:00Z').getTime());
  const files = new StoredFiles(opened.database.prisma);
  const sockets = new SocketFactory();
  const timers = new ManualTimers();
  const { logger, lines } = capturingLogger();
  const config = loadConfig({
    DATABASE_URL: opened.url,
    NODE_ENV: 'test',
    WHATSAPP_BAILEYS: 'true',
    WHATSAPP_AUTH_KEY: authKey,
    WHATSAPP_ALERT_AFTER_MINUTES: String(alertAfterMinutes),
    ...options.env,
  });
  const toClose: (() => Promise<void>)[] = [];
  let channel: ReturnType<typeof whatsappChannel>;
  let staff: StaffDirectory | undefined;
  let channelHost: ChannelHost | undefined;
  const keptFiles: IncomingFile[] = [];
  const tuningFor = (instanceId: string, t: ManualTimers): WhatsappTuning => ({
    timers: t,
    now: clock.now,
    // Waiting moves the clock, as real waiting would.
    sleep: async (ms) => clock.skip(ms),
    random: () => 0.5,
    instanceId,
    leaseRenewMs,
    leaseTtlMs: 30_000,
    // These machines have no internet: answer as Baileys' fetcher does offline (the bundled version, not latest).
    fetchWebVersion: async () => ({
      version: bundledWebVersion,
      isLatest: false,
      error: new Error('getaddrinfo ENOTFOUND web.whatsapp.com'),
    }),
    ...options.tuning,
  });
  const started = await startEntityRuntime({
    database: opened.database,
    logger,
    flowsDir: 'flows',
    pollMs: 0,
    now: clock.now,
    ...(options.transcriber ? { transcriber: options.transcriber } : {}),
    adapters: (entity) => {
      staff = new StaffDirectory(opened.database.prisma, entity.id);
      channel = whatsappChannel({
        config,
        entity,
        prisma: opened.database.prisma,
        files,
        adminRoutes: (source, pairingPhoneConfigured) =>
          whatsappAdminRoutes({ source, staff: staff!, pairingPhoneConfigured }),
        logger,
        makeSocket: sockets.make,
        printPairing: () => undefined,
        ...(options.downloadMedia ? { downloadMedia: options.downloadMedia } : {}),
        tuning: tuningFor('instance-a', timers),
      });
      // The runtime's host, kept so the test can restart the channel with it.
      const adapter = channel!.adapter;
      const start = adapter.start.bind(adapter);
      adapter.start = async (h) => {
        // Every file the adapter hands to be kept is recorded, accepted or not.
        channelHost = { ...h, keepFile: (file) => (keptFiles.push(file), h.keepFile(file)) };
        return start(channelHost);
      };
      return [adapter];
    },
  });
  const app = await buildApp({
    config,
    database: opened.database,
    logger,
    channels: { routes: [channel!.routes], health: () => started.runtime.channelHealth() },
  });
  await app.ready();
  const runtime = started.runtime;
  const adapter = channel!.adapter;
  clock.pollRuntime(runtime, async () => {
    await runtime.engine.idle();
    await runtime.outbox.idle();
  });
  return {
    app,
    adapter,
    runtime,
    database: opened.database,
    entity: started.entity,
    sockets,
    timers,
    clock,
    config,
    lines,
    staff: staff!,
    keptFiles,
    async connect() {
      await vi.waitFor(() => sockets.latest);
      sockets.latest.open();
    },
    async settle() {
      // Inbound handling runs on Baileys' event callbacks: wait until it stored what was delivered, then drain.
      await adapter.inboundIdle();
      await runtime.engine.idle();
      await runtime.outbox.idle();
      await new Promise((r) => setTimeout(r, 10));
      await runtime.engine.idle();
      await runtime.outbox.idle();
    },
    async restartChannel() {
      const opened = sockets.sockets.length;
      await adapter.stop();
      await adapter.start(channelHost!);
      await vi.waitFor(() => expect(sockets.sockets.length).toBeGreaterThan(opened));
    },
    async secondInstance(instanceId) {
      const otherSockets = new SocketFactory();
      const otherTimers = new ManualTimers();
      const other = whatsappChannel({
        config,
        entity: started.entity,
        prisma: opened.database.prisma,
        files,
        adminRoutes: (source, pairingPhoneConfigured) =>
          whatsappAdminRoutes({ source, staff: staff!, pairingPhoneConfigured }),
        logger,
        makeSocket: otherSockets.make,
        printPairing: () => undefined,
        tuning: tuningFor(instanceId, otherTimers),
      })!;
      const host: ChannelHost = {
        receive: async () => ({ duplicate: false, messageId: 'x' }),
        delivery: async () => undefined,
        keepFile: async () => ({ kept: false, reason: 'type' }),
      };
      await other.adapter.start(host);
      toClose.push(() => other.adapter.stop());
      return { adapter: other.adapter, sockets: otherSockets, timers: otherTimers };
    },
    async close() {
      for (const c of toClose) await c();
      await app.close();
      await runtime.stop();
      await opened.close();
    },
  };
}
