import type { JsonValue } from '../lib/json-value.js';
import { factPlaceholder } from '../lib/fact-variables.js';
import { resolvePath } from './resolve-path.js';
import type { StepContext } from './step-context.js';

const placeholder = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}/g;
const wholePlaceholder = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}$/;

/** How a value reads inside a sentence: missing → empty; lists with commas; objects by their values. */
export function valueToText(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return value.toLocaleString('es-CO');
  if (typeof value === 'boolean') return value ? 'sí' : 'no';
  if (Array.isArray(value))
    return value
      .map(valueToText)
      .filter((s) => s !== '')
      .join(', ');
  return Object.values(value)
    .map(valueToText)
    .filter((s) => s !== '')
    .join(' ');
}

/**
 * Fills the `{{entidad.…}}` placeholders inside a value, such as a knowledge answer shown with `{{respuesta.answer}}`:
 * answers name the entity's facts instead of copying them, and are filled when sent. Only facts, never session
 * variables, so a citizen's own text cannot pull in another variable.
 */
function renderFacts(text: string, ctx: StepContext): string {
  if (!text.includes('{{')) return text;
  return text.replace(factPlaceholder, (_m: string, path: string) => valueToText(resolvePath(path, {}, ctx)));
}

/**
 * Replaces `{{path}}` placeholders; a missing variable becomes empty text, never an error the citizen would see. A
 * value that ends with a period ("7:30 a. m.", "etc.") absorbs the template's own period after the placeholder, so
 * editors can end every sentence with one without the citizen reading "a. m..".
 */
export function renderTemplate(template: string, vars: Record<string, JsonValue>, ctx: StepContext): string {
  return template.replace(placeholder, (match: string, path: string, offset: number) => {
    const text = renderFacts(valueToText(resolvePath(path, vars, ctx)), ctx);
    return text.endsWith('.') && template[offset + match.length] === '.' && template[offset + match.length + 1] !== '.'
      ? text.slice(0, -1)
      : text;
  });
}

/**
 * Renders values for `set` and action args: a string that is exactly one placeholder keeps the variable's JSON value
 * (so `{{documento}}` passes the object, not its text); other strings are rendered; lists and maps recursively.
 */
export function renderValue(value: JsonValue, vars: Record<string, JsonValue>, ctx: StepContext): JsonValue {
  if (typeof value === 'string') {
    const whole = wholePlaceholder.exec(value);
    if (whole?.[1]) return resolvePath(whole[1], vars, ctx) ?? null;
    return renderTemplate(value, vars, ctx);
  }
  if (Array.isArray(value)) return value.map((v) => renderValue(v, vars, ctx));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(v, vars, ctx)]));
  }
  return value;
}

/** Whether a value holds a placeholder; its real type is only known at run time. */
export function hasPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && /\{\{.*\}\}/.test(value);
}
