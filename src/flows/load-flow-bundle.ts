import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  compileFlowBundle,
  type CompileOptions,
  type FlowLoadResult,
  type FlowSourceFile,
} from './compile-flow-bundle.js';
import type { FlowError } from '../lib/flow-error.js';
import type { JsonValue } from '../lib/json-value.js';

/** bot.yaml holds settings; entity.yaml belongs to entity settings; encuestas.yaml holds survey definitions. None is a flow. */
export const nonFlowFiles = ['bot.yaml', 'bot.yml', 'entity.yaml', 'entity.yml', 'encuestas.yaml', 'encuestas.yml'];

/** The entity's facts read from a flows folder (src/entities/load-entity-facts.ts), with errors at their line. */
export type EntityFactsResult = { facts?: { [key: string]: JsonValue }; errors: FlowError[] };

export interface LoadOptions extends CompileOptions {
  /**
   * Reads entity.yaml's facts next to the flows on every load, so `{{entidad.…}}` is checked and a changed fact
   * applies with the reload. Injected: the facts need the PQRSD and office-hours settings, which sit above src/flows.
   */
  entityFacts?: (dir: string) => Promise<EntityFactsResult>;
}

/** Whether a file name in the flows folder is a flow: YAML, not a settings file, not starting with "_" (drafts). */
export function isFlowFileName(name: string): boolean {
  return /\.ya?ml$/.test(name) && !nonFlowFiles.includes(name) && !name.startsWith('_') && !name.startsWith('.');
}

/**
 * Loads every flow in `dir` (top level only; sub-folders such as knowledge/ are not flows) plus `dir/bot.yaml`,
 * validates them and compiles a bundle. File names in errors are `dir` joined with the file name, so pass the
 * folder as the editor knows it (e.g. "flows").
 */
export async function loadFlowBundle(dir: string, options: LoadOptions): Promise<FlowLoadResult> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  } catch {
    return {
      ok: false,
      errors: [{ file: dir, line: 0, column: 0, path: '', message: `No encontré la carpeta de flujos "${dir}".` }],
      warnings: [],
    };
  }
  names.sort();
  const read = async (name: string): Promise<FlowSourceFile> => ({
    file: join(dir, name),
    text: await readFile(join(dir, name), 'utf8'),
  });
  const botName = names.find((n) => n === 'bot.yaml' || n === 'bot.yml');
  const bot = botName === undefined ? null : await read(botName);
  const files = await Promise.all(names.filter(isFlowFileName).map(read));
  const entity = options.entityFacts ? await options.entityFacts(dir) : { errors: [] };
  const facts = options.facts ?? ('facts' in entity ? entity.facts : undefined);
  const result = compileFlowBundle(
    bot,
    files,
    facts ? { actions: options.actions, facts } : { actions: options.actions },
  );
  if (entity.errors.length > 0) {
    // Wrong facts would reach citizens as empty text: the bundle is refused like one with a broken flow.
    return { ok: false, errors: [...entity.errors, ...(result.ok ? [] : result.errors)], warnings: result.warnings };
  }
  if (!result.ok && !bot) {
    const missing = result.errors.find((e) => e.file === 'bot.yaml');
    if (missing) missing.file = join(dir, 'bot.yaml');
  }
  return result;
}
