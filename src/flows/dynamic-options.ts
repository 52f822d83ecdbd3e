import type { AskNode, Choice } from './flow-node.js';
import type { JsonValue } from '../lib/json-value.js';
import { normalizeText } from '../lib/normalize-text.js';
import { renderTemplate } from './render-template.js';
import { resolvePath } from './resolve-path.js';
import type { StepContext } from './step-context.js';

const maxLabelLength = 200;

function text(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim().slice(0, maxLabelLength);
  if (typeof value === 'number') return String(value);
  return undefined;
}

/**
 * The options an `ask` with `input: option` offers now: the items of its `optionsFrom` list (read from the session's
 * variables when asked, and again when answered), up to `max`, followed by its fixed `options`. Items without a usable
 * label are skipped, and so is an item whose label or value repeats another option's, so a reply can never pick two.
 */
export function askChoices(node: AskNode, vars: Record<string, JsonValue>, ctx: StepContext): Choice[] {
  const fixed = withLabels(node.options, vars, ctx);
  const from = node.optionsFrom;
  if (from === undefined) return fixed;
  const labels = new Set(fixed.map((o) => normalizeText(o.label)));
  const values = new Set(fixed.map((o) => o.value));
  const list = resolvePath(from.var, vars, ctx);
  const dynamic: Choice[] = [];
  for (const item of Array.isArray(list) ? list : []) {
    if (dynamic.length >= from.max) break;
    const isRecord = item !== null && typeof item === 'object' && !Array.isArray(item);
    const label = isRecord ? text(item[from.label]) : text(item);
    if (label === undefined) continue;
    const value = (isRecord ? text(item[from.value]) : undefined) ?? label;
    const key = normalizeText(label);
    if (labels.has(key) || values.has(value)) continue;
    labels.add(key);
    values.add(value);
    dynamic.push({ label, value, aliases: [] });
  }
  return [...dynamic, ...fixed];
}

/**
 * Options as the citizen reads them now: a label may hold variables ("Por este {{canal.nombre}}"), shown and matched
 * as rendered, so what the citizen types back is what they were shown.
 */
export function withLabels<T extends { label: string }>(
  options: T[],
  vars: Record<string, JsonValue>,
  ctx: StepContext,
): T[] {
  if (!options.some((o) => o.label.includes('{{'))) return options;
  return options.map((o) => (o.label.includes('{{') ? { ...o, label: renderTemplate(o.label, vars, ctx) } : o));
}
