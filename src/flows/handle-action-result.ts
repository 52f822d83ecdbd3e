import type { FlowEvent } from './flow-event.js';
import type { ActionNode } from './flow-node.js';
import type { JsonValue } from '../lib/json-value.js';
import { rememberKnowledgeAnswer } from './knowledge-context.js';
import { actionFailed, continueAt, runFrom } from './run-flow.js';
import type { Turn } from './turn.js';

type ActionResultEvent = Extract<FlowEvent, { type: 'action.result' }>;

function isEmpty(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value.found === false;
}

/** Continues after the runner executed the action the session waits on. */
export function handleActionResult(turn: Turn, node: ActionNode, event: ActionResultEvent): void {
  const { session } = turn;
  session.waiting = null;
  if (node.result !== undefined) session.vars[node.result] = event.ok ? (event.value ?? null) : null;
  if (event.ok) rememberKnowledgeAnswer(session, node.action, event.value);
  if (!event.ok) {
    session.vars.error = event.error ?? null;
    runFrom(turn, actionFailed(turn, node));
    return;
  }
  if (node.onEmpty !== undefined && isEmpty(event.value)) {
    runFrom(turn, { flowId: session.flowId, nodeId: node.onEmpty });
    return;
  }
  runFrom(turn, continueAt(turn, node.next));
}
