import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { kbFileFormatFromName, parseKbFile } from './kb-file.js';
import type { KbEntry } from './kb-entry.js';
import { parseSynonymsYaml } from './synonyms.js';
import type { SynonymList } from './synonyms.js';

/** Where the demo entity keeps its synonyms; used when no file is given. */
export const DEFAULT_SYNONYMS_FILE = 'flows/knowledge/sinonimos.yaml';

export class KnowledgeFileError extends Error {}

export async function loadKbEntries(file: string): Promise<KbEntry[]> {
  const format = kbFileFormatFromName(file);
  if (format === undefined) throw new KnowledgeFileError(`${file}: use un archivo .json o .csv.`);
  const text = await readFile(file, 'utf8').catch(() => {
    throw new KnowledgeFileError(`${file}: no se pudo leer el archivo.`);
  });
  const result = parseKbFile(text, format);
  if (!result.ok) throw new KnowledgeFileError(`${file}:\n${result.errors.map((e) => `  - ${e}`).join('\n')}`);
  return result.entries;
}

/** An explicit file must exist; the default file is optional. */
export async function loadSynonyms(file: string | undefined): Promise<SynonymList> {
  const path = file ?? (existsSync(DEFAULT_SYNONYMS_FILE) ? DEFAULT_SYNONYMS_FILE : undefined);
  if (path === undefined) return [];
  const text = await readFile(path, 'utf8').catch(() => {
    throw new KnowledgeFileError(`${path}: no se pudo leer el archivo de sinónimos.`);
  });
  const result = parseSynonymsYaml(text);
  if (!result.ok) throw new KnowledgeFileError(`${path}:\n${result.errors.map((e) => `  - ${e}`).join('\n')}`);
  return result.list;
}
