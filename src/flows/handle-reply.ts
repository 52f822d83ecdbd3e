import { askChoices, withLabels } from './dynamic-options.js';
import type { FlowEvent } from './flow-event.js';
import type { AskNode, MenuNode } from './flow-node.js';
import { matchOption } from './match-option.js';
import { continueAt, menuOptionValue, prompt, runFrom } from './run-flow.js';
import { storeAnswer } from './store-answer.js';
import { say, type Turn } from './turn.js';
import { isSkip, validateAnswer } from './validate-answer.js';

type MessageEvent = Extract<FlowEvent, { type: 'message' }>;

function retryOrGiveUp(turn: Turn, node: AskNode | MenuNode, attempts: number, message: string): void {
  if (attempts >= node.maxAttempts && node.onInvalid !== undefined) {
    runFrom(turn, { flowId: turn.session.flowId, nodeId: node.onInvalid });
    return;
  }
  // Without onInvalid the question stays open; counting restarts so the same limit applies again.
  const next = attempts >= node.maxAttempts ? 0 : attempts;
  if (node.type === 'ask' && node.input !== 'option') {
    say(turn, message, [], node.input === 'file' ? 'file' : undefined);
    turn.session.waiting = { kind: 'input', nodeId: node.id, attempts: next };
  } else {
    prompt(turn, node, next, message);
  }
}

function answerAsk(turn: Turn, node: AskNode, event: MessageEvent, attempts: number): void {
  const { session } = turn;
  if (node.optional && isSkip(event.text)) {
    session.vars[node.var] = null;
    runFrom(turn, continueAt(turn, node.next));
    return;
  }
  const asked = { ...node, options: askChoices(node, session.vars, turn.ctx) };
  const result = validateAnswer(asked, event, turn.ctx.now);
  if (!result.ok) {
    retryOrGiveUp(turn, node, attempts + 1, node.retry ?? result.message);
    return;
  }
  storeAnswer(turn, node, result.value);
  runFrom(turn, continueAt(turn, node.next));
}

function answerMenu(turn: Turn, node: MenuNode, event: MessageEvent, attempts: number): void {
  const flowId = turn.session.flowId;
  const options = withLabels(node.options, turn.session.vars, turn.ctx).map((o, i) => ({
    ...o,
    value: menuOptionValue(flowId, node, i),
  }));
  const picked = matchOption(options, event.text, event.payload);
  if (!picked) {
    retryOrGiveUp(turn, node, attempts + 1, node.retry ?? turn.bundle.bot.texts.fallback);
    return;
  }
  runFrom(turn, { flowId, nodeId: picked.next });
}

/** Handles a citizen's reply to the question the session is waiting on. */
export function handleReply(turn: Turn, node: AskNode | MenuNode, event: MessageEvent, attempts: number): void {
  if (node.type === 'ask') answerAsk(turn, node, event, attempts);
  else answerMenu(turn, node, event, attempts);
}
