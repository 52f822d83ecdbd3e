import { getActionSpec } from './action-catalog.js';
import { askChoices, withLabels } from './dynamic-options.js';
import type { FlowEvent } from './flow-event.js';
import type { AskNode, MenuNode } from './flow-node.js';
import type { EntryChoice, Waiting } from './flow-session.js';
import { handleReply } from './handle-reply.js';
import type { RecognisedIntent } from './intent-set.js';
import type { JsonValue } from '../lib/json-value.js';
import { answeredEntry, knowledgeLookupAction, withKnowledgeContext } from './knowledge-context.js';
import { matchOption, matchOptionDetailed, type MatchableOption } from './match-option.js';
import { menuOptionValue, prompt, runFrom } from './run-flow.js';
import { say, type Turn } from './turn.js';

type MessageEvent = Extract<FlowEvent, { type: 'message' }>;
type ActionResultEvent = Extract<FlowEvent, { type: 'action.result' }>;
type Understanding = Extract<Waiting, { kind: 'understand' }>;
type Clarifying = Extract<Waiting, { kind: 'clarify' }>;

/** Longest question sent to the knowledge base (kb.lookup's own limit). */
const maxQuestionLength = 2000;
/** Payload prefix of the entries offered by a clarify question; `kb:` alone is "none of these". */
const entryPayload = 'kb:';

/**
 * Prompts where the understanding step steps in: menus and option questions. Free-text questions keep what the
 * citizen writes as the answer (a description, a name), and typed ids, dates, emails… keep their own validation.
 */
export function understands(node: AskNode | MenuNode): boolean {
  return node.type === 'menu' || node.input === 'option';
}

function choicesOf(turn: Turn, node: AskNode | MenuNode): MatchableOption[] {
  if (node.type === 'menu') {
    return withLabels(node.options, turn.session.vars, turn.ctx).map((o, i) => ({
      label: o.label,
      aliases: o.aliases,
      value: menuOptionValue(turn.session.flowId, node, i),
    }));
  }
  return askChoices(node, turn.session.vars, turn.ctx);
}

/** Goes where an intent leads, with what the message said in its slots (and nothing stale from an earlier one). */
export function startIntent(turn: Turn, recognised: RecognisedIntent): void {
  clearIntentSlots(turn);
  Object.assign(turn.session.vars, recognised.slots);
  turn.session.stack = [];
  const { flow, node } = recognised.intent.goto;
  const target = turn.bundle.flows.get(flow);
  runFrom(turn, target ? { flowId: flow, nodeId: node ?? target.start } : null);
}

/** Empties every intent's slot variables: a flow started another way must not find a value meant for an earlier one. */
export function clearIntentSlots(turn: Turn): void {
  for (const name of turn.bundle.intents.slotNames()) {
    if (Object.hasOwn(turn.session.vars, name)) turn.session.vars[name] = null;
  }
}

/** Asks the pending question again after something else was dealt with ("Sigamos: …"). */
function resume(turn: Turn, node: AskNode | MenuNode, attempts: number, first: boolean): void {
  prompt(turn, node, attempts, first ? undefined : `${turn.bundle.bot.texts.resume} ${node.text}`);
}

function askKnowledge(
  turn: Turn,
  node: AskNode | MenuNode,
  waiting: Omit<Understanding, 'kind' | 'nodeId'>,
  id?: string,
): void {
  const args: Record<string, JsonValue> = { question: waiting.question, ...(id !== undefined ? { id } : {}) };
  turn.effects.push({
    type: 'call',
    action: knowledgeLookupAction,
    args: withKnowledgeContext(turn.session, knowledgeLookupAction, args),
  });
  turn.session.waiting = { kind: 'understand', nodeId: node.id, ...waiting };
}

/**
 * A message at a menu or option question, or a conversation's first message at the entry flow's first question
 * (`first`): the understanding step (flows/README.md, «Cómo entiende A.V.A lo que escriben»). In order: the prompt's
 * own options (number, label, alias, a typo of them); the intents of bot.yaml; the knowledge base, whose answer is
 * given before the question is asked again. A message that merely mentions an option among other words is kept as a
 * fallback, taken if the knowledge base has nothing better. Global commands were already tried by the caller.
 */
export function understandReply(
  turn: Turn,
  node: AskNode | MenuNode,
  event: MessageEvent,
  attempts: number,
  first: boolean,
): void {
  const text = (event.text ?? '').trim();
  // A number means an option only once the options were shown.
  const picked =
    first && /^\d+$/.test(text) ? null : matchOptionDetailed(choicesOf(turn, node), event.text, event.payload);
  // An intent's trigger pattern is an explicit rule, stronger than an option name merely mentioned: "¿cómo va mi
  // queja?" names the option "queja" (file a PQRSD) but follows one up.
  const overruled = picked?.contained === true && turn.bundle.intents.triggeredBy(text) !== undefined;
  if (picked && !picked.loose && !overruled) {
    handleReply(turn, node, event, attempts);
    return;
  }
  if (text === '') {
    if (first) prompt(turn, node);
    else handleReply(turn, node, event, attempts);
    return;
  }
  const intent = turn.bundle.intents.recognise(text);
  if (intent) {
    startIntent(turn, intent);
    return;
  }
  const fallback = picked?.index ?? null;
  if (getActionSpec(turn.bundle.actions, knowledgeLookupAction) === undefined) {
    notUnderstood(turn, node, { attempts, first, question: text, fallback });
    return;
  }
  askKnowledge(turn, node, { attempts, question: text.slice(0, maxQuestionLength), first, fallback });
}

/** What `kb.lookup` returned, as far as the understanding step needs it. */
function readLookup(
  value: JsonValue | undefined,
): { kind: 'clarify'; options: EntryChoice[] } | { kind: 'unknown'; reason: string; redirect?: string } {
  const record = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
  if (record.kind === 'clarify' && Array.isArray(record.options)) {
    const options = record.options.flatMap((o) =>
      o !== null &&
      typeof o === 'object' &&
      !Array.isArray(o) &&
      typeof o.id === 'string' &&
      typeof o.title === 'string'
        ? [{ id: o.id, title: o.title }]
        : [],
    );
    if (options.length > 0) return { kind: 'clarify', options };
  }
  return {
    kind: 'unknown',
    reason: typeof record.reason === 'string' ? record.reason : 'error',
    ...(typeof record.redirect === 'string' ? { redirect: record.redirect } : {}),
  };
}

/** The knowledge base answered the understanding step's question. */
export function handleUnderstood(
  turn: Turn,
  node: AskNode | MenuNode,
  waiting: Understanding,
  event: ActionResultEvent,
): void {
  const value = event.ok ? event.value : undefined;
  const entry = answeredEntry(value);
  if (entry) {
    say(turn, entry.answer);
    turn.session.lastAnswer = entry.id;
    resume(turn, node, waiting.attempts, waiting.first);
    return;
  }
  const lookup = readLookup(value);
  if (lookup.kind === 'clarify') {
    const { texts } = turn.bundle.bot;
    const options = [
      ...lookup.options.map((o) => ({ label: o.title, value: `${entryPayload}${o.id}` })),
      { label: texts.noneOfThese, value: entryPayload },
    ];
    say(turn, texts.clarify, options);
    turn.session.waiting = {
      kind: 'clarify',
      nodeId: node.id,
      attempts: waiting.attempts,
      question: waiting.question,
      options: lookup.options,
    };
    return;
  }
  if (lookup.redirect !== undefined && waiting.fallback === null) {
    say(turn, turn.bundle.bot.texts.redirect.replaceAll('{{redirect}}', lookup.redirect));
    resume(turn, node, waiting.attempts, waiting.first);
    return;
  }
  notUnderstood(turn, node, { ...waiting, reason: lookup.reason });
}

/**
 * Nothing understood the message. The option it mentioned, if any; after a first message, the question as usual
 * (saying so when it was a question and not a greeting); otherwise the prompt's own handling of a reply it does not
 * recognise (its retry text, counted as an attempt).
 */
function notUnderstood(
  turn: Turn,
  node: AskNode | MenuNode,
  how: { attempts: number; first: boolean; question: string; fallback: number | null; reason?: string },
): void {
  const option = how.fallback === null ? undefined : choicesOf(turn, node)[how.fallback];
  if (option) {
    handleReply(turn, node, { type: 'message', payload: option.value, attachments: [] }, how.attempts);
    return;
  }
  if (how.first) {
    // Said only for a real question the knowledge base looked at: not for a greeting, nor when it could not look.
    if (how.reason !== undefined && !['smalltalk', 'empty', 'error'].includes(how.reason))
      say(turn, turn.bundle.bot.texts.unknown);
    prompt(turn, node);
    return;
  }
  handleReply(turn, node, { type: 'message', text: how.question, attachments: [] }, how.attempts);
}

/**
 * The citizen's reply to "¿Cuál de estas busca?": an entry is shown, "none of these" goes back to the pending
 * question, and anything else is understood afresh at that question.
 */
export function answerClarify(turn: Turn, node: AskNode | MenuNode, waiting: Clarifying, event: MessageEvent): void {
  const offered = [
    ...waiting.options.map((o) => ({ label: o.title, aliases: [], value: `${entryPayload}${o.id}` })),
    {
      label: turn.bundle.bot.texts.noneOfThese,
      aliases: ['ninguna', 'ninguno', 'ninguna de esas'],
      value: entryPayload,
    },
  ];
  const picked = matchOption(offered, event.text, event.payload);
  if (!picked) {
    understandReply(turn, node, event, waiting.attempts, false);
    return;
  }
  if (picked.value === entryPayload) {
    resume(turn, node, waiting.attempts, false);
    return;
  }
  askKnowledge(
    turn,
    node,
    { attempts: waiting.attempts, question: waiting.question, first: false, fallback: null },
    picked.value.slice(entryPayload.length),
  );
}
