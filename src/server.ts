import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrationsDir } from './db/migration-files.js';
import { migrate } from './db/migrate.js';
import { openSqlConnection } from './db/sql-connection.js';
import type { Runtime } from './core/runtime.js';
import { LocalEventBus, type EventBus } from './lib/event-bus.js';
import { PgEventBus } from './db/pg-event-bus.js';
import { SessionTokens } from './channels/web/session-token.js';
import { resolveWidgetSecret } from './channels/web/widget-secret.js';
import { StoredFiles } from './uploads/stored-files.js';
import { WidgetScriptFile } from './http/widget-script.js';
import { transcriberFromConfig } from './transcription/transcriber-from-config.js';
import { EntityHosts } from './host/entity-hosts.js';

export interface RunningServer {
  /** The first entity's application (FLOWS_DIR): the URLs that existed before there were several entities. */
  app: FastifyInstance;
  database: Database;
  /** The first entity's runtime. */
  runtime: Runtime;
  /** Every entity served, and the look for new ones. */
  entities: EntityHosts;
  url: string;
  /** Stops accepting, lets in-flight requests finish, then closes the database. Idempotent. */
  close(): Promise<void>;
}

/** Applies pending migrations through the raw driver, before any Prisma client is opened. */
export async function migrateDatabase(config: Config, logger: Logger): Promise<string[]> {
  const conn = await openSqlConnection(config.DATABASE_URL);
  try {
    const applied = await migrate(conn, migrationsDir(conn.provider));
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    return applied;
  } finally {
    await conn.close();
  }
}

/**
 * The composition root: the shared parts (database, event bus, widget secret, file store), every entity with its own
 * runtime and application (host/), and one HTTP server that hands each request to its entity.
 */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  if (config.MIGRATE_ON_START) await migrateDatabase(config, logger);
  const database = await openDatabase(config.DATABASE_URL, {
    poolSize: config.DATABASE_POOL_SIZE,
    poolTimeoutMs: config.DATABASE_POOL_TIMEOUT_MS,
  });
  // Several instances share live pushes through PostgreSQL; SQLite means one process.
  const bus: EventBus =
    database.provider === 'postgresql' ? new PgEventBus(config.DATABASE_URL, logger) : new LocalEventBus();
  let entities: EntityHosts | undefined;
  try {
    if (bus instanceof PgEventBus) await bus.start();
    const transcriber = transcriberFromConfig(config);
    logger.info({ transcription: transcriber ? 'on' : 'off' }, 'voice notes');
    entities = await EntityHosts.start({
      config,
      database,
      logger,
      bus,
      tokens: new SessionTokens(await resolveWidgetSecret(config, logger)),
      files: new StoredFiles(database.prisma),
      script: new WidgetScriptFile(undefined, config.NODE_ENV === 'development'),
      ...(transcriber ? { transcriber } : {}),
      ...(database.provider === 'postgresql' ? { instanceId: randomUUID() } : {}),
    });
    const hosts = entities;
    const server = createServer((request, response) => hosts.handleRequest(request, response));
    server.on('upgrade', (request, socket, head: Buffer) => hosts.handleUpgrade(request, socket, head));
    const url = await listen(server, config.HOST, config.PORT);
    hosts.poll(config.ENTITIES_POLL_MS);
    logger.info(
      { url, entities: hosts.all().map((e) => e.entity.slug), database: database.provider },
      'server listening',
    );
    let closing: Promise<void> | undefined;
    return {
      // Getters: a restart in place replaces the first entity's application and runtime (EntityHosts.restart).
      get app() {
        return hosts.primary.app;
      },
      database,
      get runtime() {
        return hosts.primary.runtime;
      },
      entities: hosts,
      url,
      close() {
        // HTTP first (no new work), then the turns under way, then the database.
        closing ??= (async () => {
          const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
          server.closeIdleConnections();
          await hosts.close();
          server.closeAllConnections();
          await stopped;
          await bus.close();
          await database.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await entities?.close().catch(() => undefined);
    await bus.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}

function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`http://${shown}:${address.port}`);
    });
  });
}

/**
 * SIGINT/SIGTERM close the server gracefully; a second signal or the timeout exits at once, so a stuck request
 * cannot keep a container from stopping.
 */
export function closeOnSignals(server: RunningServer, logger: Logger, timeoutMs: number): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out: exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    server.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
