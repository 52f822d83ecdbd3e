import { factPaths, fillFacts, unknownFactVariables } from '../lib/fact-variables.js';
import type { JsonValue } from '../lib/json-value.js';
import { answerWarnings } from './answer-readability.js';
import type { KbEntry } from './kb-entry.js';

export interface KbCheckResult {
  errors: string[];
  warnings: string[];
}

/**
 * What `kb check` says about valid entries: an `{{entidad.…}}` that names no fact of entity.yaml is an error (the
 * citizen would read an empty address); an answer too long for a phone is a warning. `facts` undefined: the folder
 * has no entity.yaml, so any fact variable is an error.
 */
export function checkKbEntries(
  file: string,
  entries: readonly KbEntry[],
  facts: Record<string, JsonValue> | undefined,
): KbCheckResult {
  const paths = facts ? factPaths(facts) : new Set<string>();
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const entry of entries) {
    const where = `${file}, entrada «${entry.id}»`;
    const fields: [string, string][] = [
      ['answer (respuesta)', entry.answer],
      ...(entry.steps ?? []).map((s, i): [string, string] => [`steps (paso ${i + 1})`, s]),
    ];
    for (const [field, text] of fields) {
      for (const unknown of unknownFactVariables(text, paths)) {
        errors.push(
          `${where}, ${field}: el dato «{{${unknown}}}» no existe en ${facts ? 'entity.yaml (settings.datos)' : 'esta carpeta: falta entity.yaml'}.`,
        );
      }
    }
    const fill = (text: string) => (facts ? fillFacts(text, facts) : text);
    for (const w of answerWarnings(fill(entry.answer), (entry.steps ?? []).map(fill))) warnings.push(`${where}: ${w}`);
  }
  return { errors, warnings };
}
