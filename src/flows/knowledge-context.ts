import type { FlowSession } from './flow-session.js';
import type { JsonValue } from '../lib/json-value.js';

/** The action behind `kb` nodes and the understanding step's questions to the knowledge base. */
export const knowledgeLookupAction = 'kb.lookup';

/**
 * Adds the entry given last (`previous`) to a knowledge-base lookup that does not name one, so a follow-up such as
 * "¿y cuánto vale?" is understood against it, wherever the question was asked (a `kb` node or any prompt).
 */
export function withKnowledgeContext(
  session: FlowSession,
  action: string,
  args: Record<string, JsonValue>,
): Record<string, JsonValue> {
  // An entry picked by id needs no context.
  if (
    action !== knowledgeLookupAction ||
    session.lastAnswer === undefined ||
    args.previous !== undefined ||
    args.id !== undefined
  ) {
    return args;
  }
  return { ...args, previous: session.lastAnswer };
}

/** The entry a lookup answered with, when it did, as the context of the next question. */
export function answeredEntry(value: JsonValue | undefined): { id: string; answer: string } | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const { kind, id, answer } = value;
  return kind === 'answer' && typeof id === 'string' && typeof answer === 'string' ? { id, answer } : null;
}

export function rememberKnowledgeAnswer(session: FlowSession, action: string, value: JsonValue | undefined): void {
  if (action !== knowledgeLookupAction) return;
  const entry = answeredEntry(value);
  if (entry) session.lastAnswer = entry.id;
}
