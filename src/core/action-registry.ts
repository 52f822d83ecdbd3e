import type { Logger } from 'pino';
import type { ActionCatalog, ActionSpec, JsonValue } from '../flows/index.js';

/** What an action knows about the turn that called it. */
export interface ActionContext {
  entityId: string;
  conversationId: string;
  contactId: string;
  channel: string;
  /**
   * Stable for this call of this turn: if the process dies after the action ran but before the turn was saved, the
   * turn runs again with the same key, so an action that writes (a case, a handoff) can recognise the repeat.
   */
  idempotencyKey: string;
  logger: Logger;
}

export interface ActionImplementation {
  spec: ActionSpec;
  run(args: Record<string, JsonValue>, ctx: ActionContext): Promise<JsonValue>;
}

/** Name → implementation. Flows name actions; this registry supplies them, and its catalog validates flows at load. */
export type ActionRegistry = ReadonlyMap<string, ActionImplementation>;

export function catalogOf(registry: ActionRegistry): ActionCatalog {
  return new Map([...registry].map(([name, impl]) => [name, impl.spec]));
}

/** An action the citizen cannot use yet: the flow takes its `onError` path, with this reason in the logs. */
export class ActionUnavailableError extends Error {
  constructor(action: string) {
    super(`action ${action} is not available in this deployment`);
    this.name = 'ActionUnavailableError';
  }
}
