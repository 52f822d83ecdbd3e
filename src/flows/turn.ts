import type { JsonValue } from '../lib/json-value.js';
import type { OutboundOption } from '../lib/messages.js';
import type { Effect } from './effect.js';
import type { FlowBundle } from './flow-bundle.js';
import type { FlowSession } from './flow-session.js';
import { renderTemplate } from './render-template.js';
import type { StepContext } from './step-context.js';

/** The working state of one step: a private copy of the session and the effects collected so far. */
export interface Turn {
  readonly bundle: FlowBundle;
  readonly ctx: StepContext;
  session: FlowSession;
  effects: Effect[];
  /**
   * Set while starting a conversation from a citizen's first message: the first question waits without being asked,
   * so the message can be understood first (an answer, then the question; an intent, and no question at all).
   */
  holdPrompt?: boolean;
}

/** A place in the flows. */
export interface Position {
  flowId: string;
  nodeId: string;
}

export function newSession(
  bundle: FlowBundle,
  flowId = bundle.bot.entry,
  vars: Record<string, JsonValue> = {},
): FlowSession {
  const flow = bundle.flows.get(flowId);
  return {
    v: 1,
    flowId,
    nodeId: flow?.start ?? '',
    stack: [],
    vars: { ...vars },
    waiting: null,
    status: 'active',
  };
}

/** Sends a text with its placeholders filled; empty results are dropped rather than sent as blank bubbles. */
export function say(turn: Turn, template: string, options: OutboundOption[] = [], expects?: 'file'): void {
  const text = renderTemplate(template, turn.session.vars, turn.ctx).trim();
  if (text === '' && options.length === 0) return;
  turn.effects.push({
    type: 'send',
    message: { text, options, attachments: [], typing: false, ...(expects ? { expects } : {}) },
  });
}

export function endSession(turn: Turn, reason: 'completed' | 'cancelled' | 'idle'): void {
  turn.session.status = 'ended';
  turn.session.waiting = null;
  turn.session.stack = [];
  turn.effects.push({ type: 'end', reason });
}

/** Something the flow cannot get past (a loop, a flow changed under a live session): apologise and close politely. */
export function giveUp(turn: Turn): void {
  say(turn, turn.bundle.bot.texts.apology);
  endSession(turn, 'cancelled');
}
