import type { z } from 'zod';

/**
 * What a flow may know about an action: its arguments' schema and a description for editors. The implementation
 * lives in the runner's registry; flows only name actions, so an unknown name fails at load, never mid-conversation.
 */
export interface ActionSpec {
  /** Validates the `args` a flow passes. Checked at load (template values excepted) and again at run time. */
  args?: z.ZodType;
  description: string;
}

/** Action name → spec. A Map or a plain object. */
export type ActionCatalog = ReadonlyMap<string, ActionSpec> | Readonly<Record<string, ActionSpec>>;

/** Names the built-in domain services register; the sugar node types compile to calls of these. */
export const builtInActionNames = [
  'kb.lookup',
  'kb.feedback',
  'case.create',
  'case.status',
  'handoff.request',
  'survey.start',
] as const;
export type BuiltInActionName = (typeof builtInActionNames)[number];

export function getActionSpec(catalog: ActionCatalog, name: string): ActionSpec | undefined {
  if (catalog instanceof Map) return catalog.get(name);
  const record = catalog as Readonly<Record<string, ActionSpec>>;
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

export function listActionNames(catalog: ActionCatalog): string[] {
  return catalog instanceof Map ? [...catalog.keys()] : Object.keys(catalog);
}

/** A catalog with the built-in names and no argument schemas; for `flows check` before services exist, and tests. */
export function builtInActionCatalog(): Map<string, ActionSpec> {
  return new Map(builtInActionNames.map((name) => [name, { description: `acción integrada ${name}` }]));
}
