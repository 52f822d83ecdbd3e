import type { Logger } from 'pino';
import type { ActionImplementation, ActionRegistry } from '../core/action-registry.js';
import type { Db } from '../db/database.js';
import { builtInActionNames } from '../flows/index.js';
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
export async function createActions(_deps: ActionDeps): Promise<ActionRegistry> {
  const registry = new Map<string, ActionImplementation>();
  for (const name of builtInActionNames) registry.set(name, unavailableAction(name));
  return registry;
}
