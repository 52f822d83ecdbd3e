import type { JsonValue } from '../lib/json-value.js';
import type { StepContext } from './step-context.js';

/**
 * Reads a dotted path: `contact.*` from the context, `channel`, `capabilities.*`, `canal.*` and `entidad.*` (the entity's
 * facts) too, anything else from the session's variables.
 * Returns undefined when any step of the path is missing.
 */
export function resolvePath(path: string, vars: Record<string, JsonValue>, ctx: StepContext): JsonValue | undefined {
  const [root, ...rest] = path.split('.');
  if (root === undefined) return undefined;
  let current: JsonValue | undefined;
  if (root === 'contact') current = ctx.contact.name === undefined ? {} : { name: ctx.contact.name };
  else if (root === 'channel') current = ctx.channel;
  else if (root === 'entidad') current = ctx.facts ?? {};
  else if (root === 'capabilities')
    current = ctx.capabilities ? { ...ctx.capabilities } : { attachments: false, buttons: false };
  // Not reserved: flows written before it may keep a variable of their own called `canal`, and theirs wins.
  else if (root === 'canal' && !Object.hasOwn(vars, 'canal')) current = { nombre: ctx.canal?.nombre ?? 'chat' };
  else current = Object.hasOwn(vars, root) ? vars[root] : undefined;
  for (const key of rest) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      current = /^\d+$/.test(key) ? current[Number(key)] : undefined;
    } else {
      current = Object.hasOwn(current, key) ? current[key] : undefined;
    }
  }
  return current;
}
