import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { createDomainServices } from './actions/create-actions.js';
import { reminderJobKind, type CaseService } from './cases/service/case-service.js';
import { emailConversationForCase } from './cases/case-notices-by-email.js';
import { EmailIntake } from './cases/email-intake.js';
import type { ChannelAdapter } from './core/channel-adapter.js';
import { JobScheduler } from './core/job-scheduler.js';
import { Runtime } from './core/runtime.js';
import { RuntimePorts } from './core/runtime-ports.js';
import type { Database } from './db/database.js';
import { ensureEntity } from './entities/ensure-entity.js';
import type { EntityInfo } from './entities/entity-info.js';
import type { EventBus } from './lib/event-bus.js';
import { KnowledgeEditor } from './knowledge/knowledge-editor.js';
import { followKnowledgeChanges } from './knowledge/knowledge-reload.js';
import { entityBus } from './entities/entity-bus.js';
import { handoffJobKind, type HandoffService } from './handoff/handoff-service.js';
import { readEntityFile } from './entities/entity-file.js';
import { catalogOf } from './core/action-registry.js';
import { LiveEntitySettings } from './content/live-entity-settings.js';
import { entityFileInForce } from './content/entity-file-in-force.js';
import type { ContentService } from './content/content-service.js';
import type { ChannelSettingsCheck } from './content/validate-content.js';
import { startContent } from './content/start-content.js';
import { liveObject } from './lib/live-object.js';
import { loadEntityFacts } from './entities/load-entity-facts.js';
import { ReportService } from './reports/report-service.js';
import type { Transcriber } from './transcription/transcriber.js';
import { surveyJobKind, type SurveyService } from './surveys/survey-service.js';

// Channels read the type from src/entities so that they do not depend on this composition root.
export type { EntityInfo } from './entities/entity-info.js';

/** The entity from FLOWS_DIR/entity.yaml, its domain services and flows, and a running conversation runtime. */
export async function startEntityRuntime(options: {
  database: Database;
  logger: Logger;
  flowsDir: string;
  /**
   * The entity's channels; `bus` is the entity's own view of the event bus (widget pushes), `live` its settings as
   * the editors last saved them, `jobs` the entity's durable timers (the runtime's).
   */
  adapters: (
    entity: EntityInfo,
    bus: EventBus | undefined,
    live: LiveEntitySettings,
    jobs: JobScheduler,
  ) => ChannelAdapter[];
  watchFlows?: boolean;
  /** Live events for every instance (console updates); in memory when absent. Scoped here to the entity's topics. */
  bus?: EventBus;
  /** Several instances share the database: see RuntimeOptions.exclusive. */
  exclusive?: { instanceId: string };
  /** How often timers are polled (0: never, tests run them by hand) and the clock; both default as in Runtime. */
  pollMs?: number;
  now?: () => Date;
  /** Speech to text for voice notes (TRANSCRIPTION_URL). */
  transcriber?: Transcriber;
  /** How the channels read the settings they connect with: an editor's save is checked the same way. */
  checkChannels?: ChannelSettingsCheck;
}): Promise<{
  runtime: Runtime;
  entity: EntityInfo;
  cases: CaseService;
  handoff: HandoffService;
  surveys: SurveyService;
  reports: ReportService;
  knowledge: KnowledgeEditor;
  live: LiveEntitySettings;
  content: ContentService;
  /** Stops listening to the bus, after runtime.stop(): a restarted entity's old copy must not act on later events. */
  detach(): void;
}> {
  const flowsDir = resolve(options.flowsDir);
  const disk = await readEntityFile(join(flowsDir, 'entity.yaml'));
  const ensured = await ensureEntity(options.database.prisma, disk);
  // Channels read their settings once, here: the version saved from the console, or the change would never apply.
  const file = await entityFileInForce(options.database.prisma, ensured.id, disk, options.logger);
  const entity: EntityInfo = { ...ensured, name: file.name, settings: file.settings };
  const bus = options.bus ? entityBus(options.bus, entity.id) : undefined;
  const live = new LiveEntitySettings(file);
  // Infrastructure first: the timers exist before the services and channels that set them.
  const jobs = new JobScheduler(options.database.prisma, options.logger, undefined, entity.id);
  const adapters = options.adapters(entity, bus, live, jobs);
  const emailRunning = adapters.some((a) => a.channel === 'email');
  // The engine runs the services' actions and the services send through the engine: they get its ports, which
  // Runtime.create wires before anything runs (src/core/runtime-ports.ts).
  const ports = new RuntimePorts();
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
        await ports.notify(
          byEmail ?? conversationId,
          {
            text: notice.text,
            template: notice.template,
            ...(notice.attachments ? { attachments: notice.attachments } : {}),
          },
          { origin: notice.origin },
        );
      },
    },
    timers: jobs,
    people: {
      notify: (conversationId, message, meta) =>
        ports.notify(conversationId, message, meta.staffId ? { staffId: meta.staffId } : {}),
      bot: () => {
        const bot = ports.flows().bot;
        return { cancelWords: bot.commands.cancelar?.words ?? [], idleMinutes: bot.idleMinutes };
      },
      ...(bus ? { bus } : {}),
    },
    surveys: {
      conversations: {
        begin: (contact, flowId, vars) => ports.begin(contact, flowId, vars),
        notify: (conversationId, message) => ports.notify(conversationId, message),
        hasFlow: (flowId) => ports.flows().flows.has(flowId),
      },
      timers: jobs,
    },
    ...(options.now ? { now: options.now } : {}),
    live: { atencion: live.atencion, pqrsd: live.pqrsd },
  });
  // Built now, before the server listens (and so before /ready answers): built on the first question instead, it held
  // every conversation for seconds at 5,000 entries (issue #20).
  await services.knowledge.matcher();
  // An editor's change on another instance rebuilds this one's matcher at once (it would at the next freshness check).
  const knowledge = new KnowledgeEditor({
    prisma: options.database.prisma,
    service: services.knowledge,
    logger: options.logger,
    ...(bus ? { bus } : {}),
    ...(options.now ? { now: options.now } : {}),
    facts: () => ports.flows().facts,
  });
  const unfollowKnowledge = bus ? followKnowledgeChanges(bus, services.knowledge, options.logger) : undefined;
  const handoff = services.handoff;
  if (!handoff) throw new Error('handoff service not created');
  const surveys = services.surveys;
  if (!surveys) throw new Error('survey service not created');
  handoff.afterClose.push((closed) => surveys.afterAgentClose(closed));
  const runtime = await Runtime.create({
    database: options.database,
    entityId: entity.id,
    logger: options.logger,
    flowsDir,
    actions: services.actions,
    adapters,
    watchFlows: options.watchFlows ?? false,
    held: handoff,
    jobs,
    ports,
    ...(options.exclusive ? { exclusive: options.exclusive } : {}),
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.transcriber ? { transcriber: options.transcriber } : {}),
    // One complete email is a petition filed at once (src/cases/email-intake.ts), not a chat of one question per email.
    ...(emailRunning
      ? {
          firstReadings: new Map([
            [
              'email',
              new EmailIntake({
                prisma: options.database.prisma,
                cases: services.cases,
                entity,
                logger: options.logger,
              }),
            ],
          ]),
        }
      : {}),
    entityFacts: loadEntityFacts,
  });
  runtime.flows.current().intents.warm();
  runtime.outbox.onFailure(async (failure) => {
    if (failure.origin?.caseId) await services.cases.recordNoticeFailure(failure.origin.caseId, failure.reason);
  });
  jobs.register(reminderJobKind, ({ caseId }) => services.cases.runReminder(caseId));
  jobs.register(handoffJobKind, (payload) => handoff.runTimer(payload));
  jobs.register(surveyJobKind, (payload) => surveys.runTimer(payload));
  const content = await startContent({
    prisma: options.database.prisma,
    entity,
    dir: flowsDir,
    actions: catalogOf(services.actions),
    flows: runtime.flows,
    settings: live,
    surveys: services.replaceSurveys,
    logger: options.logger,
    ...(bus ? { bus } : {}),
    ...(options.checkChannels ? { checkChannels: options.checkChannels } : {}),
  });
  await runtime.start();
  const areas = handoff.areas();
  const reports = new ReportService({
    prisma: options.database.prisma,
    entityId: entity.id,
    entityName: entity.name,
    calendar: liveObject(() => live.current().pqrsd.calendar),
    cases: services.cases,
    surveys: () => surveys.definitions,
    offices: liveObject(() => live.current().offices.map((o) => ({ id: o.id, name: o.nombre, channel: o.canal }))),
    areaName: (id) => areas.find((a) => a.id === id)?.name ?? id,
    get smallCountThreshold() {
      return live.current().smallCountThreshold;
    },
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    runtime,
    entity,
    cases: services.cases,
    handoff,
    surveys,
    reports,
    knowledge,
    live,
    content,
    detach() {
      content.close();
      unfollowKnowledge?.();
    },
  };
}
