import type { JsonValue } from './json-value.js';

/** The template namespace of the entity's facts: `{{entidad.sedes.principal.direccion}}`. */
export const FACTS_ROOT = 'entidad';

/** Every `{{entidad.…}}` path a text may use: the leaves of the fact values ("entidad.sedes.principal.direccion"). */
export function factPaths(values: Record<string, JsonValue>): Set<string> {
  const paths = new Set<string>();
  const walk = (value: JsonValue, path: string): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
    } else paths.add(path);
  };
  walk(values, FACTS_ROOT);
  return paths;
}

/** A `{{entidad.…}}` placeholder; the first group is its path. */
export const factPlaceholder = /\{\{\s*(entidad(?:\.[A-Za-z0-9_]+)*)\s*\}\}/g;

/** The `{{entidad.…}}` placeholders of a text that name no fact, for `flows check` and `kb check`. */
export function unknownFactVariables(text: string, paths: ReadonlySet<string>): string[] {
  return [...text.matchAll(factPlaceholder)].map((m) => m[1] ?? '').filter((path) => !paths.has(path));
}

/** The value at a fact path ("entidad.sedes.principal.direccion"), when it is a leaf. */
export function factValue(values: Record<string, JsonValue>, path: string): JsonValue | undefined {
  let current: JsonValue | undefined = values;
  for (const key of path.split('.').slice(1)) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = Object.hasOwn(current, key) ? current[key] : undefined;
  }
  return current;
}

/** A text with its `{{entidad.…}}` filled in, for checks and previews; unknown paths stay as written. */
export function fillFacts(text: string, values: Record<string, JsonValue>): string {
  return text.replace(factPlaceholder, (match: string, path: string) => {
    const value = factValue(values, path);
    return typeof value === 'string' || typeof value === 'number' ? String(value) : match;
  });
}
