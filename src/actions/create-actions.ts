import type { Logger } from 'pino';
import type { ActionImplementation, ActionRegistry } from '../core/action-registry.js';
import type { Db } from '../db/database.js';
import { join } from 'node:path';
import { parsePqrsdSettings, type PqrsdSettings } from '../cases/pqrsd-settings.js';
import { caseActions, caseActionSpecs } from '../cases/service/case-actions.js';
import { populationActions, populationActionSpecs } from '../population/population-actions.js';
import { CaseService, type CaseTimers, type CitizenNotifier } from '../cases/service/case-service.js';
import { StatusLookup } from '../cases/service/status-lookup.js';
import { builtInActionNames, type ActionCatalog, type ActionSpec } from '../flows/index.js';
import { knowledgeActions, knowledgeActionSpecs } from './kb-lookup-action.js';
import { KnowledgeService } from '../knowledge/knowledge-service.js';
import { parseAtencionSettings, type AtencionSettings } from '../handoff/atencion-settings.js';
import { handoffActions, handoffActionSpecs } from '../handoff/handoff-actions.js';
import { HandoffService, type HandoffServiceDeps } from '../handoff/handoff-service.js';
import { readSurveysFile, type SurveysFile } from '../surveys/survey-definitions.js';
import { surveyActions, surveyActionSpecs } from '../surveys/survey-actions.js';
import { SurveyService, type SurveyServiceDeps } from '../surveys/survey-service.js';
import { unavailableAction } from './unavailable-action.js';

export interface ActionDeps {
  prisma: Db;
  entityId: string;
  flowsDir: string;
  logger: Logger;
  /** How case notices reach citizens and how reminders are timed; absent in tools that only read or file. */
  notifier?: CitizenNotifier;
  timers?: CaseTimers;
  /** How the handoff service reaches citizens and reads bot.yaml; without it `handoff.request` stays unavailable. */
  people?: Pick<HandoffServiceDeps, 'notify' | 'bot' | 'bus'>;
  /** How surveys start flows and keep their timers; without it `survey.start` and `survey.answer` stay unavailable. */
  surveys?: Pick<SurveyServiceDeps, 'conversations' | 'timers'>;
  now?: () => Date;
  /**
   * The entity's settings as they are now (live views, src/content/live-entity-settings.ts): services read them at
   * each use, so a new entity.yaml applies without a restart. Without it they are read once from the database.
   */
  live?: { atencion: AtencionSettings; pqrsd: PqrsdSettings };
}

/** The entity's domain services and the action registry the flows run with. */
export interface DomainServices {
  actions: ActionRegistry;
  knowledge: KnowledgeService;
  cases: CaseService;
  /** Present when `people` was given. */
  handoff?: HandoffService;
  /** Present when `surveys` was given. */
  surveys?: SurveyService;
  /** Puts a new encuestas.yaml in force (checked by the caller); the survey service reads it at its next use. */
  replaceSurveys(file: SurveysFile | null): void;
}

/**
 * Builds the domain services of one entity. Each registers its actions; built-in names without a service yet stay
 * declared (flows validate) and fail honestly at run time. Invalid entity settings stop the start with a Spanish
 * message naming the setting.
 */
export async function createDomainServices(deps: ActionDeps): Promise<DomainServices> {
  const registry = new Map<string, ActionImplementation>();
  for (const name of builtInActionNames) registry.set(name, unavailableAction(name));
  const knowledge = new KnowledgeService(deps.prisma, deps.entityId, deps.logger);
  // Only an empty knowledge base is seeded: what editors imported since is never overwritten at restart.
  const seeded = await knowledge.seedFromFiles(
    join(deps.flowsDir, 'knowledge', 'kb.json'),
    join(deps.flowsDir, 'knowledge', 'sinonimos.yaml'),
  );
  deps.logger.debug({ seeded }, 'knowledge base ready');
  for (const [name, action] of knowledgeActions(knowledge)) registry.set(name, action);

  // encuestas.yaml is checked at every start, like the entity settings: a mistake stops the start with what to fix.
  const surveysNow = { file: await readSurveysFile(deps.flowsDir) };
  let surveys: SurveyService | undefined;
  if (deps.surveys) {
    surveys = new SurveyService({
      prisma: deps.prisma,
      entityId: deps.entityId,
      logger: deps.logger,
      get file() {
        return surveysNow.file;
      },
      ...deps.surveys,
      ...(deps.now ? { now: deps.now } : {}),
    });
    for (const [name, action] of surveyActions(surveys)) registry.set(name, action);
  } else {
    for (const name of surveyActionSpecs().keys()) registry.set(name, unavailableAction(name));
  }

  const entity = await deps.prisma.entity.findUniqueOrThrow({
    where: { id: deps.entityId },
    select: { settings: true },
  });
  const settings = deps.live?.pqrsd ?? parsePqrsdSettings(entity.settings);
  const cases = new CaseService({
    prisma: deps.prisma,
    entityId: deps.entityId,
    settings,
    logger: deps.logger,
    ...(deps.notifier ? { notifier: deps.notifier } : {}),
    ...(deps.timers ? { timers: deps.timers } : {}),
    ...(surveys
      ? { onAnswered: (answered: { caseId: string; conversationId: string }) => surveys.afterCaseAnswered(answered) }
      : {}),
    ...(deps.now ? { now: deps.now } : {}),
  });
  const lookup = new StatusLookup(deps.prisma, deps.entityId, settings, deps.now);
  for (const [name, action] of caseActions(cases, lookup)) registry.set(name, action);
  for (const [name, action] of populationActions(deps.prisma, deps.entityId)) registry.set(name, action);

  // Checked at every start, like the PQRSD settings, even where no one attends (a bad setting is found early).
  const atencion = parseAtencionSettings(entity.settings);
  const atencionNow = deps.live?.atencion ?? atencion;
  let handoff: HandoffService | undefined;
  if (deps.people && deps.timers) {
    handoff = new HandoffService({
      prisma: deps.prisma,
      entityId: deps.entityId,
      settings: atencionNow,
      logger: deps.logger,
      notify: deps.people.notify,
      timers: deps.timers,
      ...(deps.people.bot ? { bot: deps.people.bot } : {}),
      ...(deps.people.bus ? { bus: deps.people.bus } : {}),
      ...(deps.now ? { now: deps.now } : {}),
    });
    for (const [name, action] of handoffActions(handoff)) registry.set(name, action);
  } else {
    for (const name of handoffActionSpecs().keys()) registry.set(name, unavailableAction(name));
  }
  return {
    actions: registry,
    knowledge,
    cases,
    ...(handoff ? { handoff } : {}),
    ...(surveys ? { surveys } : {}),
    replaceSurveys: (file) => {
      surveysNow.file = file;
    },
  };
}

/** The action registry alone, for tests and tools that need nothing else. */
export async function createActions(deps: ActionDeps): Promise<ActionRegistry> {
  return (await createDomainServices(deps)).actions;
}

/** The specs of the same registry, for `flows check`, which validates flows without a database. */
export function actionCatalog(): ActionCatalog {
  const catalog = new Map<string, ActionSpec>(builtInActionNames.map((name) => [name, unavailableAction(name).spec]));
  for (const [name, spec] of knowledgeActionSpecs()) catalog.set(name, spec);
  for (const [name, spec] of caseActionSpecs()) catalog.set(name, spec);
  for (const [name, spec] of populationActionSpecs()) catalog.set(name, spec);
  for (const [name, spec] of handoffActionSpecs()) catalog.set(name, spec);
  for (const [name, spec] of surveyActionSpecs()) catalog.set(name, spec);
  return catalog;
}
