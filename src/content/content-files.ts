import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isFlowFileName } from '../flows/load-flow-bundle.js';

/** What a file in the flows folder is, in the editor's words. */
export type ContentKind = 'flujo' | 'bot' | 'encuestas' | 'entidad';

export const entityFileName = 'entity.yaml';
export const botFileName = 'bot.yaml';
export const surveysFileName = 'encuestas.yaml';

/** A name an editor may give a file: the flows folder's own top level, lowercase, YAML. */
export const contentNamePattern = /^[a-z0-9][a-z0-9_-]{0,60}\.yaml$/;

export function contentKindOf(name: string): ContentKind | undefined {
  if (!contentNamePattern.test(name)) return undefined;
  if (name === entityFileName) return 'entidad';
  if (name === botFileName) return 'bot';
  if (name === surveysFileName) return 'encuestas';
  return isFlowFileName(name) ? 'flujo' : undefined;
}

/**
 * The editable files on disk in `dir`, name → text. Only the top level: knowledge/ has its own editor, and drafts
 * ("_x.yaml") stay the author's business.
 */
export async function readContentFiles(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isFile() && contentKindOf(e.name) !== undefined)
    .map((e) => e.name)
    .sort();
  return new Map(await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n), 'utf8')] as const)));
}
