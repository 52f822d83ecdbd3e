import type { Logger } from 'pino';
import type { ActionImplementation, ActionRegistry } from '../core/action-registry.js';
import type { Db } from '../db/database.js';
import { join } from 'node:path';
import { builtInActionNames, type ActionCatalog, type ActionSpec } from '../flows/index.js';
import { knowledgeActions, knowledgeActionSpecs } from '../knowledge/kb-lookup-action.js';
import { KnowledgeService } from '../knowledge/knowledge-service.js';
import { unavailableAction } from './unavailable-action.js';

export interface ActionDeps {
  prisma: Db;
  entityId: string;
  flowsDir: string;
  logger: Logger;
}

/**
 * The action registry the server and the simulator run with. Each domain service registers its actions here;
 * built-in names without a service yet stay declared (flows validate) and fail honestly at run time.
 */
export async function createActions(deps: ActionDeps): Promise<ActionRegistry> {
  const registry = new Map<string, ActionImplementation>();
  for (const name of builtInActionNames) registry.set(name, unavailableAction(name));
  const knowledge = new KnowledgeService(deps.prisma, deps.entityId, deps.logger);
  // Only an empty knowledge base is seeded: what editors imported since is never overwritten at restart.
  const seeded = await knowledge.seedFromFiles(join(deps.flowsDir, 'knowledge', 'kb.json'), join(deps.flowsDir, 'knowledge', 'sinonimos.yaml'));
  deps.logger.debug({ seeded }, 'knowledge base ready');
  for (const [name, action] of knowledgeActions(knowledge)) registry.set(name, action);
  return registry;
}

/** The specs of the same registry, for `flows check`, which validates flows without a database. */
export function actionCatalog(): ActionCatalog {
  const catalog = new Map<string, ActionSpec>(builtInActionNames.map((name) => [name, unavailableAction(name).spec]));
  for (const [name, spec] of knowledgeActionSpecs()) catalog.set(name, spec);
  return catalog;
}
