import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrationsDir } from './db/migration-files.js';
import { migrate } from './db/migrate.js';
import { openSqlConnection } from './db/sql-connection.js';
import type { Runtime } from './core/runtime.js';
import { startEntityRuntime } from './runtime-for-entity.js';
import { LocalEventBus, type EventBus } from './lib/event-bus.js';
import { PgEventBus } from './db/pg-event-bus.js';
import { StaffDirectory } from './staff/staff-directory.js';
import { SessionTokens } from './channels/web/session-token.js';
import { WidgetChannel } from './channels/web/widget-channel.js';
import { resolveWidgetSecret } from './channels/web/widget-secret.js';
import { StoredFiles } from './uploads/stored-files.js';
import { WidgetScriptFile } from './http/widget-script.js';
import { telegramChannel } from './channels/telegram/telegram-channel.js';
import { parseWhatsappCloudSettings, whatsappCloudChannel } from './channels/whatsapp-cloud/whatsapp-cloud-channel.js';
import { whatsappChannel } from './channels/whatsapp/whatsapp-channel.js';
import { emailChannel } from './channels/email/email-channel.js';
import { whatsappAdminRoutes } from './http/whatsapp-admin-routes.js';
import { transcriberFromConfig } from './transcription/transcriber-from-config.js';
import { OfficeSurveys } from './surveys/office-surveys.js';
import { liveObject } from './lib/live-object.js';

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  runtime: Runtime;
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

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  if (config.MIGRATE_ON_START) await migrateDatabase(config, logger);
  const database = await openDatabase(config.DATABASE_URL, {
    poolSize: config.DATABASE_POOL_SIZE,
    poolTimeoutMs: config.DATABASE_POOL_TIMEOUT_MS,
  });
  let app: FastifyInstance | undefined;
  let runtime: Runtime | undefined;
  // Several instances share live pushes through PostgreSQL; SQLite means one process.
  const bus: EventBus =
    database.provider === 'postgresql' ? new PgEventBus(config.DATABASE_URL, logger) : new LocalEventBus();
  try {
    if (bus instanceof PgEventBus) await bus.start();
    const tokens = new SessionTokens(await resolveWidgetSecret(config, logger));
    const files = new StoredFiles(database.prisma);
    let widget: WidgetChannel | undefined;
    const channelRoutes: FastifyPluginAsync[] = [];
    const staffFor = (entityId: string) => new StaffDirectory(database.prisma, entityId);
    let cloud: ReturnType<typeof whatsappCloudChannel>;
    const transcriber = transcriberFromConfig(config);
    logger.info({ transcription: transcriber ? 'on' : 'off' }, 'voice notes');
    const started = await startEntityRuntime({
      database,
      logger,
      flowsDir: config.FLOWS_DIR,
      adapters: (entity, live) => {
        widget = new WidgetChannel({
          entity,
          settings: live.widget,
          prisma: database.prisma,
          tokens,
          files,
          logger,
          newSessionsPerMinute: config.WIDGET_SESSIONS_PER_MINUTE,
          limits: { messagesPerWindow: config.WIDGET_MESSAGES_PER_WINDOW },
          bus,
        });
        // Checked even while the channel is off, so a mistake shows up before the day it is turned on.
        parseWhatsappCloudSettings(entity.settings);
        cloud = whatsappCloudChannel({ config, entity, files, prisma: database.prisma, logger });
        const messaging = [
          telegramChannel({ config, entity, prisma: database.prisma, files, logger }),
          cloud,
          whatsappChannel({
            config,
            entity,
            prisma: database.prisma,
            files,
            logger,
            adminRoutes: (source, pairingPhoneConfigured) =>
              whatsappAdminRoutes({ source, staff: staffFor(entity.id), pairingPhoneConfigured }),
          }),
          emailChannel({ entity, prisma: database.prisma, logger }),
        ].filter((c) => c !== undefined);
        channelRoutes.push(...messaging.map((c) => c.routes));
        const adapters = [widget, ...messaging.map((c) => c.adapter)];
        logger.info({ channels: adapters.map((a) => a.channel) }, 'channels');
        return adapters;
      },
      watchFlows: config.NODE_ENV === 'development',
      bus,
      ...(transcriber ? { transcriber } : {}),
      ...(database.provider === 'postgresql' ? { exclusive: { instanceId: randomUUID() } } : {}),
    });
    runtime = started.runtime;
    // The Cloud API channel fetches files with the runtime's durable jobs; the webhook is served only after this.
    cloud?.attach(started.runtime.jobs);
    logger.info({ entity: started.entity.slug, database: database.provider }, 'entity ready');
    const staff = staffFor(started.entity.id);
    const offices = started.live.offices;
    const officeSurveys = new OfficeSurveys({
      prisma: database.prisma,
      entityId: started.entity.id,
      logger,
      file: () => started.surveys.definitions,
    });
    app = await buildApp({
      config,
      database,
      logger,
      services: { cases: started.cases, staff, reports: started.reports },
      widget: {
        channel: widget!,
        files,
        script: new WidgetScriptFile(undefined, config.NODE_ENV === 'development'),
        contact: started.live.contact,
      },
      channels: { routes: channelRoutes, health: () => started.runtime.channelHealth() },
      turns: () => started.runtime.engine.load(),
      console: { directory: staff, handoffs: started.handoff, areas: liveObject(() => started.handoff.areas()) },
      content: { content: started.content },
      offices: {
        surveyPages: {
          entityName: started.entity.name,
          offices,
          surveys: officeSurveys,
          texts: () => started.surveys.definitions?.textos ?? null,
        },
        staff: {
          entityName: started.entity.name,
          offices,
          ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
          intake: {
            prisma: database.prisma,
            surveys: officeSurveys,
            entityId: started.entity.id,
            cases: started.cases,
            contact: liveObject(() => ({
              name: started.entity.name,
              ...started.live.contact,
              ...(config.PUBLIC_URL ? { chatUrl: config.PUBLIC_URL } : {}),
            })),
          },
        },
      },
    });
    const url = await app.listen({ host: config.HOST, port: config.PORT });
    let closing: Promise<void> | undefined;
    const running: RunningServer = {
      app,
      database,
      runtime,
      url,
      close() {
        // HTTP first (no new work), then the turns under way, then the database.
        closing ??= (async () => {
          await app?.close();
          await runtime?.stop();
          await bus.close();
          await database.close();
        })();
        return closing;
      },
    };
    return running;
  } catch (error) {
    await app?.close().catch(() => undefined);
    await runtime?.stop().catch(() => undefined);
    await bus.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
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
