import type { AskNode } from './flow-node.js';
import type { JsonValue } from '../lib/json-value.js';
import type { Turn } from './turn.js';

/** Keeps a valid answer to an `ask` in its variable, and the citizen's name for next time when the node says so. */
export function storeAnswer(turn: Turn, node: AskNode, value: JsonValue): void {
  turn.session.vars[node.var] = value;
  if (node.remember === 'name' && typeof value === 'string') {
    turn.effects.push({ type: 'remember', key: 'name', value });
  }
}
