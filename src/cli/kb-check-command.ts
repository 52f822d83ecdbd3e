import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadEntityFacts } from '../entities/load-entity-facts.js';
import { checkKbEntries } from '../knowledge/check-kb-entries.js';
import { KnowledgeFileError, loadKbEntries, loadSynonyms } from '../knowledge/load-knowledge.js';
import { formatFlowError } from '../lib/flow-error.js';

interface CheckReport {
  ok: boolean;
  entries: number;
  errors: string[];
  warnings: string[];
}

/** Checks an entity folder's knowledge base the way the server would load it, plus facts and readability. */
export async function checkKnowledgeFolder(dir: string): Promise<CheckReport> {
  const kbFile = join(dir, 'knowledge', 'kb.json');
  const synonymsFile = join(dir, 'knowledge', 'sinonimos.yaml');
  const errors: string[] = [];
  const facts = await loadEntityFacts(dir);
  errors.push(...facts.errors.map(formatFlowError));
  if (!existsSync(kbFile)) return { ok: false, entries: 0, errors: [...errors, `${kbFile}: no existe.`], warnings: [] };
  try {
    if (existsSync(synonymsFile)) await loadSynonyms(synonymsFile);
    const entries = await loadKbEntries(kbFile);
    const hasEntityFile = existsSync(join(dir, 'entity.yaml'));
    const result = checkKbEntries(kbFile, entries, hasEntityFile ? (facts.facts ?? {}) : undefined);
    errors.push(...result.errors);
    return { ok: errors.length === 0, entries: entries.length, errors, warnings: result.warnings };
  } catch (error) {
    if (!(error instanceof KnowledgeFileError)) throw error;
    return { ok: false, entries: 0, errors: [...errors, error.message], warnings: [] };
  }
}

/** `kb check [carpeta]`: exits 1 on errors; warnings (answers too long for a phone) alone pass. */
export function registerKbCheckCommand(kb: Command): void {
  kb.command('check')
    .description(
      'Revisa la base de conocimiento de una carpeta de entidad (knowledge/kb.json y sinonimos.yaml): errores, ' +
        'datos de la entidad ({{entidad.…}}) que no existen y respuestas largas para leer en un celular',
    )
    .argument('[carpeta]', 'carpeta de la entidad, la misma de flows check', 'flows')
    .option('--json', 'salida en JSON')
    .action(async (dir: string, opts: { json?: boolean }) => {
      const report = await checkKnowledgeFolder(dir);
      if (opts.json) console.log(JSON.stringify(report, null, 2));
      else {
        for (const e of report.errors) console.log(`error: ${e}`);
        for (const w of report.warnings) console.log(`aviso: ${w}`);
        const avisos = report.warnings.length === 0 ? 'sin avisos' : `${report.warnings.length} aviso(s)`;
        console.log(
          report.ok
            ? `Todo bien: ${report.entries} entrada(s) revisadas en "${dir}", ${avisos}.`
            : `Se encontraron ${report.errors.length} error(es). Corríjalos y vuelva a ejecutar "ventanilla kb check".`,
        );
      }
      if (!report.ok) process.exitCode = 1;
    });
}
