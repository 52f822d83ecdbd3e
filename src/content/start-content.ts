import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import type { ActionCatalog, FlowBundle } from '../flows/index.js';
import type { EventBus } from '../lib/event-bus.js';
import type { SurveysFile } from '../surveys/survey-definitions.js';
import { ContentService } from './content-service.js';
import type { LiveEntitySettings } from './live-entity-settings.js';
import type { ChannelSettingsCheck } from './validate-content.js';

/**
 * Starts the console's content versions for one entity: the versions saved in the database replace the files on disk
 * now, and every later save (here or on another instance) replaces the flows, the settings and the surveys in force.
 */
export async function startContent(options: {
  prisma: Db;
  /** `settings`: what the channels connected with, to tell editors which saved settings wait for a restart. */
  entity: { id: string; slug: string; settings?: Record<string, unknown> };
  dir: string;
  actions: ActionCatalog;
  flows: { replace(bundle: FlowBundle): void };
  settings: LiveEntitySettings;
  surveys: (file: SurveysFile | null) => void;
  logger: Logger;
  bus?: EventBus;
  checkChannels?: ChannelSettingsCheck;
}): Promise<ContentService> {
  const service = new ContentService({
    prisma: options.prisma,
    entityId: options.entity.id,
    slug: options.entity.slug,
    dir: options.dir,
    actions: options.actions,
    logger: options.logger,
    ...(options.bus ? { bus: options.bus } : {}),
    ...(options.checkChannels ? { checkChannels: options.checkChannels } : {}),
    ...(options.entity.settings ? { running: options.entity.settings } : {}),
    targets: {
      flows: (bundle) => {
        options.flows.replace(bundle);
        bundle.intents.warm();
      },
      entity: (settings) => options.settings.set(settings),
      surveys: options.surveys,
    },
  });
  await service.start();
  return service;
}
