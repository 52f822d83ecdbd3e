import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EntityFile } from './entity-file.js';
import { EntityFactsError, entityFactValues } from './entity-facts.js';
import type { EntityFactsResult } from '../flows/load-flow-bundle.js';
import { errorAt, parseYamlSource } from '../lib/yaml-source.js';

/**
 * The facts of the entity.yaml in a flows folder, with errors at their line. A folder without entity.yaml has no
 * facts (tests, drafts); one whose entity.yaml does not parse reports it here so `flows check` shows it.
 */
export async function loadEntityFacts(dir: string, now: Date = new Date()): Promise<EntityFactsResult> {
  const file = join(dir, 'entity.yaml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { errors: [] };
  }
  return entityFactsFromText(file, text, now);
}

/** The facts of an entity.yaml's text (a file on disk, or a version an editor saved in the console). */
export function entityFactsFromText(file: string, text: string, now: Date = new Date()): EntityFactsResult {
  const { source, errors } = parseYamlSource(file, text);
  if (errors.length > 0) return { errors };
  const entity = EntityFile.safeParse(source.data);
  if (!entity.success) {
    return {
      errors: entity.error.issues.map((i) =>
        errorAt(
          source,
          i.path.map((p) => (typeof p === 'number' ? p : String(p))),
          `entity.yaml: ${i.message}`,
        ),
      ),
    };
  }
  try {
    return { facts: entityFactValues(entity.data, bogotaYear(now)), errors: [] };
  } catch (error) {
    if (!(error instanceof EntityFactsError)) throw error;
    return { errors: error.issues.map((i) => errorAt(source, i.path, i.message)) };
  }
}

function bogotaYear(now: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'America/Bogota', year: 'numeric' }).format(now));
}
