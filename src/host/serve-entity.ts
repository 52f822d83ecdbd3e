import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from '../app.js';
import type { Config } from '../config.js';
import type { Runtime } from '../core/runtime.js';
import type { Database } from '../db/database.js';
import type { EntityFolder } from '../entities/entity-folders.js';
import { liveObject } from '../lib/live-object.js';
import type { EventBus } from '../lib/event-bus.js';
import { startEntityRuntime, type EntityInfo } from '../runtime-for-entity.js';
import { StaffDirectory } from '../staff/staff-directory.js';
import { OfficeSurveys } from '../surveys/office-surveys.js';
import type { SessionTokens } from '../channels/web/session-token.js';
import { WidgetChannel } from '../channels/web/widget-channel.js';
import type { StoredFiles } from '../uploads/stored-files.js';
import type { WidgetScriptFile } from '../http/widget-script.js';
import { telegramChannel } from '../channels/telegram/telegram-channel.js';
import type { CloudNumbers } from '../channels/whatsapp-cloud/cloud-numbers.js';
import { parseWhatsappCloudSettings, whatsappCloudChannel } from '../channels/whatsapp-cloud/whatsapp-cloud-channel.js';
import { whatsappChannel } from '../channels/whatsapp/whatsapp-channel.js';
import { emailChannel } from '../channels/email/email-channel.js';
import { whatsappAdminRoutes } from '../http/whatsapp-admin-routes.js';
import type { Transcriber } from '../transcription/transcriber.js';
import { channelSettingsCheck } from './channel-settings-check.js';
import { entityConfig } from './entity-config.js';
import { actionCatalog } from '../actions/create-actions.js';
import { consoleCookieName } from '../console/console-cookie.js';

/** What every entity of the process shares: one database, one event bus, one widget secret, one file store. */
export interface SharedParts {
  config: Config;
  database: Database;
  logger: Logger;
  bus: EventBus;
  tokens: SessionTokens;
  files: StoredFiles;
  script: WidgetScriptFile;
  transcriber?: Transcriber;
  /** Set with several instances on PostgreSQL (RuntimeOptions.exclusive). */
  instanceId?: string;
}

/** One entity being served: its runtime and the HTTP application that answers for it. */
export interface ServedEntity {
  entity: EntityInfo;
  folder: EntityFolder;
  runtime: Runtime;
  app: FastifyInstance;
  /** The restart-only settings saved since the channels connected (content-service.ts): not empty, restart it. */
  restartPending(): Promise<string[]>;
  /** HTTP first (no new work), then the turns under way. */
  close(): Promise<void>;
}

type Contact = { telefono?: string; direccion?: string };

/**
 * Starts one entity from its folder: its runtime (flows, knowledge, cases, handoff, surveys, timers), its channels and
 * its HTTP application, built after the runtime so every route gets finished services. The application is not bound
 * to a port: the host's one server hands it the requests for this entity (host/entity-router.ts).
 */
export async function serveEntity(
  shared: SharedParts,
  folder: EntityFolder,
  /** The WhatsApp Cloud API numbers of every entity of the process: Meta calls one webhook for all of an app's. */
  cloudNumbers: CloudNumbers,
): Promise<ServedEntity> {
  const { database, logger, files, tokens } = shared;
  const primary = folder.source === 'principal';
  const channelRoutes: FastifyPluginAsync[] = [];
  const staffFor = (entityId: string) => new StaffDirectory(database.prisma, entityId);
  let widget: WidgetChannel | undefined;
  const started = await startEntityRuntime({
    database,
    logger,
    flowsDir: folder.folder,
    checkChannels: channelSettingsCheck(shared.config, primary),
    adapters: (entity, bus, live, jobs) => {
      const config = entityConfig(shared.config, entity, primary);
      widget = new WidgetChannel({
        entity,
        settings: live.widget,
        prisma: database.prisma,
        tokens,
        files,
        logger,
        newSessionsPerMinute: config.WIDGET_SESSIONS_PER_MINUTE,
        limits: { messagesPerWindow: config.WIDGET_MESSAGES_PER_WINDOW },
        ...(bus ? { bus } : {}),
      });
      // Checked even while the channel is off, so a mistake shows up before the day it is turned on.
      parseWhatsappCloudSettings(entity.settings);
      const cloud = whatsappCloudChannel({
        config,
        entity,
        files,
        prisma: database.prisma,
        logger,
        numbers: cloudNumbers,
      });
      // The Cloud API channel fetches files with the entity's durable jobs; its webhook is served only after this.
      cloud?.attach(jobs);
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
      logger.info({ entity: entity.slug, channels: adapters.map((a) => a.channel) }, 'channels');
      return adapters;
    },
    watchFlows: shared.config.NODE_ENV === 'development',
    bus: shared.bus,
    ...(shared.transcriber ? { transcriber: shared.transcriber } : {}),
    ...(shared.instanceId ? { exclusive: { instanceId: shared.instanceId } } : {}),
  });
  const { runtime, entity } = started;
  try {
    if (!widget) throw new Error(`entity ${entity.slug}: the widget channel was not created`);
    const config = entityConfig(shared.config, entity, primary);
    const staff = staffFor(entity.id);
    // Live views: an editor's new entity.yaml applies without a restart (src/content/live-entity-settings.ts).
    const offices = started.live.offices;
    const contact: Contact = started.live.contact;
    const officeSurveys = new OfficeSurveys({
      prisma: database.prisma,
      entityId: entity.id,
      logger,
      file: () => started.surveys.definitions,
    });
    const app = await buildApp({
      config,
      database,
      logger,
      consoleCookie: consoleCookieName(primary ? undefined : entity.slug),
      services: { cases: started.cases, staff, reports: started.reports },
      widget: { channel: widget, files, script: shared.script, contact },
      channels: { routes: channelRoutes, health: () => runtime.channelHealth() },
      turns: () => runtime.engine.load(),
      platform: { flowsDir: shared.config.FLOWS_DIR, actions: actionCatalog(), pollMs: shared.config.ENTITIES_POLL_MS },
      console: {
        directory: staff,
        handoffs: started.handoff,
        areas: liveObject(() => started.handoff.areas()),
        knowledge: started.knowledge,
      },
      content: { content: started.content },
      offices: {
        surveyPages: {
          entityName: entity.name,
          offices,
          surveys: officeSurveys,
          texts: () => started.surveys.definitions?.textos ?? null,
        },
        staff: {
          entityName: entity.name,
          offices,
          ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
          intake: {
            prisma: database.prisma,
            surveys: officeSurveys,
            entityId: entity.id,
            cases: started.cases,
            contact: liveObject(() => ({
              name: entity.name,
              ...started.live.contact,
              ...(config.PUBLIC_URL ? { chatUrl: config.PUBLIC_URL } : {}),
            })),
          },
        },
      },
    });
    await app.ready();
    logger.info({ entity: entity.slug, source: folder.source }, 'entity ready');
    return {
      entity,
      folder,
      runtime,
      app,
      restartPending: () => started.content.awaitingRestart(),
      async close() {
        await app.close();
        await runtime.stop();
        started.detach();
      },
    };
  } catch (error) {
    await runtime.stop().catch(() => undefined);
    started.detach();
    throw error;
  }
}
