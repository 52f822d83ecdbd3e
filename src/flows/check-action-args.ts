import { getActionSpec, listActionNames, type ActionCatalog } from './action-catalog.js';
import { didYouMean } from '../lib/closest-name.js';
import { describeZodIssues } from '../lib/describe-zod-issue.js';
import type { FlowError } from '../lib/flow-error.js';
import type { ActionNode } from './flow-node.js';
import { hasPlaceholder } from './render-template.js';
import { errorAt, type PathPart, type YamlSource } from '../lib/yaml-source.js';
import { sugarArgFields } from './compile-node.js';

function hasPlaceholderOnPath(args: unknown, path: readonly PathPart[]): boolean {
  let v: unknown = args;
  for (const p of path) {
    if (hasPlaceholder(v)) return true;
    if (v === null || typeof v !== 'object') return false;
    v = (v as Record<string, unknown>)[p];
  }
  return hasPlaceholder(v);
}

/**
 * Checks that a node names a known action and passes arguments its schema accepts. Values with `{{…}}` are only
 * known during the conversation, so problems under them are left to the run-time check.
 */
export function checkActionArgs(
  source: YamlSource,
  nodePath: readonly PathPart[],
  node: ActionNode,
  catalog: ActionCatalog,
): FlowError[] {
  const spec = getActionSpec(catalog, node.action);
  if (!spec) {
    const field = node.source === 'action' ? 'action' : 'type';
    const hint = node.source === 'action' ? didYouMean(node.action, listActionNames(catalog)) : '';
    return [
      errorAt(
        source,
        [...nodePath, field],
        `El nodo "${node.id}" usa la acción "${node.action}", que este sistema no tiene.${hint} Acciones disponibles: ${listActionNames(catalog).join(', ') || '(ninguna)'}.`,
      ),
    ];
  }
  if (!spec.args) return [];
  const parsed = spec.args.safeParse(node.args);
  if (parsed.success) return [];
  const shorthand = new Set(sugarArgFields[node.source] ?? []);
  const relevant = parsed.error.issues.filter((i) => !hasPlaceholderOnPath(node.args, i.path as PathPart[]));
  return describeZodIssues(relevant, { data: node.args, keysAt: () => undefined }).map((d) => {
    const [first, ...rest] = d.path;
    const where: PathPart[] =
      first === undefined
        ? [...nodePath, 'args']
        : shorthand.has(String(first))
          ? [...nodePath, first, ...rest]
          : [...nodePath, 'args', first, ...rest];
    return errorAt(
      source,
      where,
      `El nodo "${node.id}" le pasa a la acción "${node.action}" datos que no acepta: ${d.message}`,
    );
  });
}
