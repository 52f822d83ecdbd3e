import type { ActionCatalog } from './action-catalog.js';
import type { BotConfig } from './bot-config.js';
import type { FlowNode } from './flow-node.js';
import type { IntentSet } from './intent-set.js';
import type { JsonValue } from '../lib/json-value.js';

/** One compiled flow. */
export interface CompiledFlow {
  id: string;
  /** File it came from, for messages. */
  file: string;
  start: string;
  nodes: ReadonlyMap<string, FlowNode>;
}

/**
 * Everything the interpreter needs, validated and compiled. Immutable once built; a reload produces a new bundle and
 * sessions keep working as long as their flow and node ids still exist.
 */
export interface FlowBundle {
  bot: BotConfig;
  flows: ReadonlyMap<string, CompiledFlow>;
  actions: ActionCatalog;
  /** bot.yaml `intents`, ready to recognise. */
  intents: IntentSet;
  /** The entity's facts (`{{entidad.…}}`), from entity.yaml next to the flows; absent when there is none. */
  facts?: { [key: string]: JsonValue };
}

/** Text the runner sends when a turn fails unexpectedly (bot.yaml `texts.apology`). */
export function getApologyText(bundle: FlowBundle): string {
  return bundle.bot.texts.apology;
}

/** Minutes of silence after which the runner should send an `idle` event (bot.yaml `idleMinutes`, default 15). */
export function getIdleMinutes(bundle: FlowBundle): number {
  return bundle.bot.idleMinutes;
}

export function findNode(bundle: FlowBundle, flowId: string, nodeId: string): FlowNode | undefined {
  return bundle.flows.get(flowId)?.nodes.get(nodeId);
}
