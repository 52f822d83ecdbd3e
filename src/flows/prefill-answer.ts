import { askChoices } from './dynamic-options.js';
import type { AskNode } from './flow-node.js';
import { valueToText } from './render-template.js';
import { storeAnswer } from './store-answer.js';
import { say, type Turn } from './turn.js';
import { validateAnswer } from './validate-answer.js';

/**
 * Answers an `ask` from its `prefill` variable (what an intent took from the citizen's message) when that holds a
 * valid answer, validated exactly like a typed one. The variable is emptied either way, so going back to this question
 * later ("Corregir") asks it. Returns whether the question was answered.
 */
export function answerFromPrefill(turn: Turn, node: AskNode): boolean {
  if (node.prefill === undefined) return false;
  const { vars } = turn.session;
  const given = vars[node.prefill];
  if (Object.hasOwn(vars, node.prefill)) vars[node.prefill] = null;
  const text = valueToText(given).trim();
  if (text === '') return false;
  const asked = { ...node, options: askChoices(node, vars, turn.ctx) };
  const result = validateAnswer(asked, { text, payload: text, attachments: [] }, turn.ctx.now);
  if (!result.ok) return false;
  storeAnswer(turn, node, result.value);
  if (node.prefilled !== undefined) say(turn, node.prefilled);
  return true;
}
