import type { Comparison, Condition } from './condition.js';
import type { JsonValue } from '../lib/json-value.js';
import { normalizeText } from '../lib/normalize-text.js';
import { resolvePath } from './resolve-path.js';
import type { StepContext } from './step-context.js';

// Regexes run on citizen text; a cap keeps a careless pattern from stalling a turn.
const maxMatchLength = 1000;

function asNumber(v: JsonValue | undefined): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** Strings compare loosely (case, accents, spaces) because they usually come from citizens; numbers numerically. */
function same(a: JsonValue | undefined, b: JsonValue): boolean {
  if (a === undefined) return false;
  if (typeof a === 'string' && typeof b === 'string') return normalizeText(a) === normalizeText(b);
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== null && nb !== null && (typeof a === 'number' || typeof b === 'number')) return na === nb;
  return JSON.stringify(a) === JSON.stringify(b);
}

function isPresent(v: JsonValue | undefined): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

function compare(c: Comparison, vars: Record<string, JsonValue>, ctx: StepContext): boolean {
  const v = resolvePath(c.var, vars, ctx);
  if (c.exists !== undefined) return isPresent(v) === c.exists;
  if (c.equals !== undefined) return same(v, c.equals);
  if (c.in !== undefined) return c.in.some((item) => same(v, item));
  if (c.matches !== undefined) {
    if (typeof v !== 'string' && typeof v !== 'number') return false;
    return new RegExp(c.matches, 'iu').test(String(v).slice(0, maxMatchLength));
  }
  const n = asNumber(v);
  if (n === null) return false;
  if (c.gt !== undefined) return n > c.gt;
  if (c.gte !== undefined) return n >= c.gte;
  if (c.lt !== undefined) return n < c.lt;
  if (c.lte !== undefined) return n <= c.lte;
  return false;
}

/** Evaluates a condition against the session's variables. Missing variables make comparisons false, never throw. */
export function evaluateCondition(cond: Condition, vars: Record<string, JsonValue>, ctx: StepContext): boolean {
  if ('all' in cond) return cond.all.every((c) => evaluateCondition(c, vars, ctx));
  if ('any' in cond) return cond.any.some((c) => evaluateCondition(c, vars, ctx));
  if ('not' in cond) return !evaluateCondition(cond.not, vars, ctx);
  return compare(cond, vars, ctx);
}
