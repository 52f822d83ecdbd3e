import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { createDomainServices } from './actions/create-actions.js';
import { reminderJobKind, type CaseService } from './cases/service/case-service.js';
import { emailConversationForCase } from './cases/case-notices-by-email.js';
import type { ChannelAdapter } from './core/channel-adapter.js';
import { Runtime } from './core/runtime.js';
import type { Database } from './db/database.js';
import { ensureEntity } from './entities/ensure-entity.js';
import type { EventBus } from './lib/event-bus.js';
import { handoffJobKind, type HandoffService } from './handoff/handoff-service.js';
import { readEntityFile } from './entities/entity-file.js';
import { loadEntityFacts } from './entities/load-entity-facts.js';
import { parsePqrsdSettings } from './cases/pqrsd-settings.js';
import { parseOffices } from './entities/office-settings.js';
import { parseSmallCountThreshold } from './reports/suppress-small-counts.js';
import { ReportService } from './reports/report-service.js';
import type { Transcriber } from './transcription/transcriber.js';
import { surveyJobKind, type SurveyService, type SurveyTimerPayload } from './surveys/survey-service.js';

/** Who the entity is, as its file says: channels read their own settings from it. */
export interface EntityInfo {
  id: string;
  slug: string;
  name: string;
  settings: Record<string, unknown>;
}

/** The entity from FLOWS_DIR/entity.yaml, its domain services and flows, and a running conversation runtime. */
export async function startEntityRuntime(options: {
  database: Database;
  logger: Logger;
  flowsDir: string;
  adapters: (entity: EntityInfo) => ChannelAdapter[];
  watchFlows?: boolean;
  /** Live events for every instance (console updates); in memory when absent. */
  bus?: EventBus;
  /** Several instances share the database: see RuntimeOptions.exclusive. */
  exclusive?: { instanceId: string };
  /** How often timers are polled (0: never, tests run them by hand) and the clock; both default as in Runtime. */
  pollMs?: number;
  now?: () => Date;
  /** Speech to text for voice notes (TRANSCRIPTION_URL). */
  transcriber?: Transcriber;
}): Promise<{
  runtime: Runtime;
  entity: EntityInfo;
  cases: CaseService;
  handoff: HandoffService;
  surveys: SurveyService;
  reports: ReportService;
}> {
  const flowsDir = resolve(options.flowsDir);
  const file = await readEntityFile(join(flowsDir, 'entity.yaml'));
  const entity: EntityInfo = {
    ...(await ensureEntity(options.database.prisma, file)),
    name: file.name,
    settings: file.settings,
  };
  const adapters = options.adapters(entity);
  const emailRunning = adapters.some((a) => a.channel === 'email');
  // Services need the runtime's engine and timers, and the runtime needs the services' actions: bind late.
  const bound: { runtime?: Runtime } = {};
  const started = () => {
    if (!bound.runtime) throw new Error('runtime not started');
    return bound.runtime;
  };
  const services = await createDomainServices({
    prisma: options.database.prisma,
    entityId: entity.id,
    flowsDir,
    logger: options.logger,
    notifier: {
      notify: async (conversationId, notice) => {
        // A citizen who asked for the answer by email gets the case's notices there, when the mailbox is a channel.
        const byEmail = emailRunning
          ? await emailConversationForCase(options.database.prisma, entity.id, notice.origin.caseId)
          : undefined;
        await started().engine.notify(
          byEmail ?? conversationId,
          { text: notice.text, template: notice.template },
          { origin: notice.origin },
        );
      },
    },
    timers: {
      schedule: (job) => started().jobs.schedule(job),
      cancel: (key) => started().jobs.cancel(key),
    },
    people: {
      notify: (conversationId, message, meta) =>
        started().engine.notify(conversationId, message, meta.staffId ? { staffId: meta.staffId } : {}),
      bot: () => {
        const bot = started().flows.current().bot;
        return { cancelWords: bot.commands.cancelar?.words ?? [], idleMinutes: bot.idleMinutes };
      },
      ...(options.bus ? { bus: options.bus } : {}),
    },
    surveys: {
      conversations: {
        begin: (contact, flowId, vars) => started().engine.begin(contact, flowId, vars),
        notify: (conversationId, message) => started().engine.notify(conversationId, message),
        hasFlow: (flowId) => started().flows.current().flows.has(flowId),
      },
      timers: {
        schedule: (job) => started().jobs.schedule(job),
        cancel: (key) => started().jobs.cancel(key),
      },
    },
    ...(options.now ? { now: options.now } : {}),
  });
  // Built now, before the server listens (and so before /ready answers): built on the first question instead, it held
  // every conversation for seconds at 5,000 entries (issue #20).
  await services.knowledge.matcher();
  const handoff = services.handoff;
  if (!handoff) throw new Error('handoff service not created');
  const surveys = services.surveys;
  if (!surveys) throw new Error('survey service not created');
  handoff.afterClose.push((closed) => surveys.afterAgentClose(closed));
  const runtime = await Runtime.create({
    database: options.database,
    logger: options.logger,
    flowsDir,
    actions: services.actions,
    adapters,
    watchFlows: options.watchFlows ?? false,
    held: handoff,
    ...(options.exclusive ? { exclusive: options.exclusive } : {}),
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.transcriber ? { transcriber: options.transcriber } : {}),
    entityFacts: loadEntityFacts,
  });
  bound.runtime = runtime;
  runtime.flows.current().intents.warm();
  runtime.outbox.onFailure(async (failure) => {
    if (failure.origin?.caseId) await services.cases.recordNoticeFailure(failure.origin.caseId, failure.reason);
  });
  runtime.jobs.register(reminderJobKind, async (payload) => {
    await services.cases.runReminder((payload as { caseId: string }).caseId);
  });
  runtime.jobs.register(handoffJobKind, async (payload) => {
    await handoff.runTimer(payload as unknown as Parameters<HandoffService['runTimer']>[0]);
  });
  runtime.jobs.register(surveyJobKind, async (payload) => {
    await surveys.runTimer(payload as unknown as SurveyTimerPayload);
  });
  await runtime.start();
  const areas = handoff.areas();
  const reports = new ReportService({
    prisma: options.database.prisma,
    entityId: entity.id,
    entityName: entity.name,
    calendar: parsePqrsdSettings(entity.settings).calendar,
    cases: services.cases,
    surveys: () => surveys.definitions,
    offices: parseOffices(entity.settings).map((o) => ({ id: o.id, name: o.nombre, channel: o.canal })),
    areaName: (id) => areas.find((a) => a.id === id)?.name ?? id,
    smallCountThreshold: parseSmallCountThreshold(entity.settings),
    ...(options.now ? { now: options.now } : {}),
  });
  return { runtime, entity, cases: services.cases, handoff, surveys, reports };
}
