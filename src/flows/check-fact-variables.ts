import { factPaths, unknownFactVariables } from '../lib/fact-variables.js';
import type { FlowError } from '../lib/flow-error.js';
import type { JsonValue } from '../lib/json-value.js';
import { didYouMean } from '../lib/closest-name.js';
import { errorAt, type PathPart, type YamlSource } from '../lib/yaml-source.js';

/** Where a string sits in a YAML file, so the error points at its line. */
function* strings(value: unknown, path: PathPart[]): Generator<{ text: string; path: PathPart[] }> {
  if (typeof value === 'string') yield { text: value, path };
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, [...path, i]);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) yield* strings(v, [...path, k]);
}

function nodeName(source: YamlSource, path: readonly PathPart[]): string {
  if (path[0] !== 'nodes' || typeof path[1] !== 'number') return '';
  const nodes = (source.data as { nodes?: { id?: unknown }[] }).nodes;
  const id = nodes?.[path[1]]?.id;
  return typeof id === 'string' ? `En el nodo "${id}": ` : '';
}

/**
 * Errors for `{{entidad.…}}` placeholders that name no fact of entity.yaml `settings.datos`: a typo there would send
 * citizens an empty address or phone, so `flows check` refuses it like any other broken reference.
 */
export function checkFactVariables(source: YamlSource, facts: { [key: string]: JsonValue }): FlowError[] {
  const paths = factPaths(facts);
  const errors: FlowError[] = [];
  for (const { text, path } of strings(source.data, [])) {
    for (const unknown of unknownFactVariables(text, paths)) {
      errors.push(
        errorAt(
          source,
          path,
          `${nodeName(source, path)}el dato «{{${unknown}}}» no existe en entity.yaml (settings.datos).` +
            didYouMean(unknown, [...paths]),
        ),
      );
    }
  }
  return errors;
}
