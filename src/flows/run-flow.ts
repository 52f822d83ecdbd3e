import { getActionSpec } from './action-catalog.js';
import { askChoices, withLabels } from './dynamic-options.js';
import { evaluateCondition } from './evaluate-condition.js';
import { findNode } from './flow-bundle.js';
import type { ActionNode, AskNode, FlowNode, MenuNode, NextNode } from './flow-node.js';
import type { JsonValue } from '../lib/json-value.js';
import { withKnowledgeContext } from './knowledge-context.js';
import { answerFromPrefill } from './prefill-answer.js';
import { renderValue } from './render-template.js';
import { endSession, giveUp, say, type Position, type Turn } from './turn.js';

// A flow that passes through this many nodes without waiting is looping (condition → goto → condition…).
const maxNodesPerStep = 200;
const maxCallDepth = 20;

/** Payload of a menu option's button, scoped to its node so a tap on an old menu cannot pick from a new one. */
export function menuOptionValue(flowId: string, node: MenuNode, index: number): string {
  return `${flowId}.${node.id}.${index + 1}`;
}

/** Asks the question of an `ask` or `menu` node and parks the session until the reply. */
export function prompt(turn: Turn, node: AskNode | MenuNode, attempts = 0, lead?: string): void {
  if (turn.holdPrompt) {
    turn.holdPrompt = false;
    turn.session.waiting = { kind: 'input', nodeId: node.id, attempts };
    return;
  }
  const text = lead ?? node.text;
  if (node.type === 'menu') {
    const options = withLabels(node.options, turn.session.vars, turn.ctx).map((o, i) => ({
      label: o.label,
      value: menuOptionValue(turn.session.flowId, node, i),
      ...(o.description !== undefined ? { description: o.description } : {}),
    }));
    say(turn, text, options);
  } else {
    const options =
      node.input === 'option'
        ? askChoices(node, turn.session.vars, turn.ctx).map((o) => ({ label: o.label, value: o.value }))
        : [];
    say(turn, text, options, node.input === 'file' ? 'file' : undefined);
  }
  turn.session.waiting = { kind: 'input', nodeId: node.id, attempts };
}

/** Where to go after a node: its `next`, or back to the calling flow when this flow is over. */
export function continueAt(turn: Turn, next: NextNode): Position | null {
  if (next !== null) return { flowId: turn.session.flowId, nodeId: next };
  return finishFlow(turn);
}

function finishFlow(turn: Turn): Position | null {
  const back = turn.session.stack.pop();
  if (back) return back;
  endSession(turn, 'completed');
  return null;
}

function startOf(turn: Turn, flowId: string, nodeId: string | null): Position | null {
  const flow = turn.bundle.flows.get(flowId);
  return flow ? { flowId, nodeId: nodeId ?? flow.start } : null;
}

function callAction(turn: Turn, node: ActionNode): Position | null {
  const args = withKnowledgeContext(
    turn.session,
    node.action,
    renderValue(node.args, turn.session.vars, turn.ctx) as Record<string, JsonValue>,
  );
  const schema = getActionSpec(turn.bundle.actions, node.action)?.args;
  let finalArgs = args;
  if (schema) {
    const parsed = schema.safeParse(args);
    // Arguments built from citizen answers can still be wrong at run time; that is the action failing, not a crash.
    if (!parsed.success) return actionFailed(turn, node);
    finalArgs = parsed.data as Record<string, JsonValue>;
  }
  turn.effects.push({ type: 'call', action: node.action, args: finalArgs });
  turn.session.waiting = { kind: 'action', nodeId: node.id, action: node.action };
  return null;
}

/** Routes a failed action: `onError` when the editor gave one, otherwise apologise and close. */
export function actionFailed(turn: Turn, node: ActionNode): Position | null {
  if (node.onError !== undefined) return { flowId: turn.session.flowId, nodeId: node.onError };
  giveUp(turn);
  return null;
}

function execute(turn: Turn, node: FlowNode): Position | null {
  const { session } = turn;
  switch (node.type) {
    case 'say':
      for (const t of node.texts) say(turn, t);
      return continueAt(turn, node.next);
    case 'ask':
      // A question whose options all come from an empty list cannot be answered: it is skipped, the variable left
      // empty, and the flow goes on at onInvalid (or the next node).
      if (node.optionsFrom !== undefined && askChoices(node, session.vars, turn.ctx).length === 0) {
        session.vars[node.var] = null;
        return node.onInvalid !== undefined
          ? { flowId: session.flowId, nodeId: node.onInvalid }
          : continueAt(turn, node.next);
      }
      if (answerFromPrefill(turn, node)) return continueAt(turn, node.next);
      prompt(turn, node);
      return null;
    case 'menu':
      prompt(turn, node);
      return null;
    case 'condition': {
      const branch = node.branches.find((b) => evaluateCondition(b.if, session.vars, turn.ctx));
      return continueAt(turn, branch ? branch.next : node.else);
    }
    case 'set':
      for (const [name, value] of Object.entries(node.vars)) {
        session.vars[name] = renderValue(value, session.vars, turn.ctx);
      }
      return continueAt(turn, node.next);
    case 'goto':
      return startOf(turn, node.flow, node.node);
    case 'call':
      if (session.stack.length >= maxCallDepth) {
        giveUp(turn);
        return null;
      }
      // A call with nothing after it needs no return address: the sub-flow returns straight to our caller.
      if (node.next !== null) session.stack.push({ flowId: session.flowId, nodeId: node.next });
      return startOf(turn, node.flow, node.node);
    case 'return':
      return finishFlow(turn);
    case 'action':
      return callAction(turn, node);
    case 'end':
      for (const t of node.texts) say(turn, t);
      endSession(turn, node.reason);
      return null;
  }
}

/**
 * Runs nodes from `from` until the flow waits for the citizen or an action, or ends. Sets the session's position as
 * it goes so a stored session always points at the node it waits on.
 */
export function runFrom(turn: Turn, from: Position | null): void {
  let at = from;
  let count = 0;
  turn.session.waiting = null;
  while (at) {
    const node = findNode(turn.bundle, at.flowId, at.nodeId);
    if (!node || ++count > maxNodesPerStep) {
      giveUp(turn);
      return;
    }
    turn.session.flowId = at.flowId;
    turn.session.nodeId = at.nodeId;
    at = execute(turn, node);
  }
}
