import type { JsonValue } from '../lib/json-value.js';
import type { StepResult } from './effect.js';
import { findNode, type FlowBundle } from './flow-bundle.js';
import type { FlowEvent } from './flow-event.js';
import type { FlowSession } from './flow-session.js';
import { handleActionResult } from './handle-action-result.js';
import type { AskNode, MenuNode } from './flow-node.js';
import { handleReply } from './handle-reply.js';
import { matchCommand } from './match-command.js';
import { prompt, runFrom } from './run-flow.js';
import type { StepContext } from './step-context.js';
import { answerClarify, clearIntentSlots, handleUnderstood, understandReply, understands } from './understand.js';
import { endSession, newSession, say, type Turn } from './turn.js';

type MessageEvent = Extract<FlowEvent, { type: 'message' }>;

function startEntry(turn: Turn, flowId?: string, vars?: Record<string, JsonValue>): void {
  // A flow that no longer exists (renamed by an editor) falls back to the entry flow rather than failing.
  const target = flowId !== undefined && turn.bundle.flows.has(flowId) ? flowId : undefined;
  turn.session = newSession(turn.bundle, target, target ? vars : {});
  runFrom(turn, { flowId: turn.session.flowId, nodeId: turn.session.nodeId });
}

/** A session whose flow or node no longer exists (flows edited since it was stored) cannot continue. */
function isLive(bundle: FlowBundle, session: FlowSession | null): session is FlowSession {
  return (
    session !== null &&
    session.status === 'active' &&
    findNode(bundle, session.flowId, session.nodeId) !== undefined &&
    session.stack.every((s) => findNode(bundle, s.flowId, s.nodeId) !== undefined)
  );
}

/** The ask or menu the session waits on (for an answer, or after something else the citizen asked), if any. */
function pendingPrompt(turn: Turn): AskNode | MenuNode | undefined {
  const waiting = turn.session.waiting;
  if (waiting === null || waiting.kind === 'action') return undefined;
  const node = findNode(turn.bundle, turn.session.flowId, waiting.nodeId);
  return node?.type === 'ask' || node?.type === 'menu' ? node : undefined;
}

function onCommand(turn: Turn, live: boolean, command: NonNullable<ReturnType<typeof matchCommand>>['command']): void {
  if (command.say !== undefined) say(turn, command.say);
  if (command.goto) {
    if (!live) turn.session = newSession(turn.bundle);
    clearIntentSlots(turn);
    turn.session.stack = [];
    const flow = turn.bundle.flows.get(command.goto.flow);
    runFrom(turn, flow ? { flowId: flow.id, nodeId: command.goto.node ?? flow.start } : null);
    return;
  }
  if (!live) {
    startEntry(turn);
    return;
  }
  // A command without a destination (help) leaves the citizen where they were: ask the pending question again.
  const node = pendingPrompt(turn);
  if (node) prompt(turn, node, 0);
}

/**
 * A conversation's first message: the entry flow starts (greeting, data notice) and stops at its first question
 * without asking it, the message is understood there like any other, and the question follows.
 */
function startFromMessage(turn: Turn, event: MessageEvent): void {
  const hold = (event.text ?? '').trim() !== '';
  turn.holdPrompt = hold;
  startEntry(turn);
  // prompt() clears the flag when it holds a question back; still set, the flow never reached one.
  const held = hold && turn.holdPrompt !== true && turn.session.waiting?.kind === 'input';
  turn.holdPrompt = false;
  const node = held ? pendingPrompt(turn) : undefined;
  if (!node) return;
  if (understands(node)) understandReply(turn, node, event, 0, true);
  else prompt(turn, node);
}

function onMessage(turn: Turn, live: boolean, event: MessageEvent): void {
  // A tapped button may arrive as its payload alone (Telegram callbacks, the widget): command words count there too.
  const command = matchCommand(turn.bundle.bot, event.text) ?? matchCommand(turn.bundle.bot, event.payload);
  if (command) {
    onCommand(turn, live, command.command);
    return;
  }
  if (!live) {
    startFromMessage(turn, event);
    return;
  }
  const waiting = turn.session.waiting;
  if (waiting?.kind === 'action' || waiting?.kind === 'understand') {
    say(turn, turn.bundle.bot.texts.busy);
    return;
  }
  const node = pendingPrompt(turn);
  if (waiting === null || !node) {
    startFromMessage(turn, event);
    return;
  }
  if (waiting.kind === 'clarify') answerClarify(turn, node, waiting, event);
  else if (understands(node)) understandReply(turn, node, event, waiting.attempts, false);
  else handleReply(turn, node, event, waiting.attempts);
}

/**
 * Advances a conversation by one event. Pure and synchronous: no I/O, no clock (time comes from `ctx.now`), and the
 * input session is never mutated. It never throws for anything a citizen sends; a flow that cannot continue
 * apologises with bot.yaml `texts.apology` and ends.
 *
 * - `start`: a new session at the entry flow (any previous session is discarded).
 * - `message`: a global command (bot.yaml `commands`, whole-message match) wins; at a menu or option question the
 *   understanding step follows (the options, bot.yaml `intents`, then the knowledge base, see understand.ts);
 *   otherwise the reply answers the pending `ask`. With no live session (null, ended, or pointing at a node that no
 *   longer exists) the entry flow starts fresh and the message is understood at its first question. While an action
 *   is pending the citizen gets bot.yaml `texts.busy`.
 * - `action.result`: stores the result (`result:`), then follows `next`, `onNotFound` or `onError`.
 * - `idle`: an active session ends with bot.yaml `texts.idle` and an `end` effect with reason `idle`.
 *
 * The returned effects run in order; a `call` effect is always last, and the session then waits for its
 * `action.result`.
 */
export function step(bundle: FlowBundle, session: FlowSession | null, event: FlowEvent, ctx: StepContext): StepResult {
  const live = isLive(bundle, session);
  const turn: Turn = {
    bundle,
    // The facts travel with the bundle, so a changed entity.yaml applies with the next reload, not the next restart.
    ctx: bundle.facts !== undefined && ctx.facts === undefined ? { ...ctx, facts: bundle.facts } : ctx,
    session: session ? structuredClone(session) : newSession(bundle),
    effects: [],
  };
  if (!session) turn.session.status = 'ended';
  switch (event.type) {
    case 'start':
      startEntry(turn, event.flow, event.vars);
      break;
    case 'message':
      onMessage(turn, live, event);
      break;
    case 'action.result': {
      const node = findNode(bundle, turn.session.flowId, turn.session.nodeId);
      const waiting = turn.session.waiting;
      if (live && waiting?.kind === 'action' && node?.type === 'action') handleActionResult(turn, node, event);
      if (live && waiting?.kind === 'understand' && (node?.type === 'ask' || node?.type === 'menu')) {
        handleUnderstood(turn, node, waiting, event);
      }
      break;
    }
    case 'idle':
      if (live) {
        say(turn, bundle.bot.texts.idle);
        endSession(turn, 'idle');
      }
      break;
  }
  return { session: turn.session, effects: turn.effects };
}
