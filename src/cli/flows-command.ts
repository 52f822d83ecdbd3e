import type { Command } from 'commander';
import type { ActionCatalog } from '../flows/action-catalog.js';
import { formatFlowError } from '../lib/flow-error.js';
import { loadFlowBundle } from '../flows/load-flow-bundle.js';
import { loadEntityFacts } from '../entities/load-entity-facts.js';

/**
 * Adds `flows check [dir]`: validates the flows as the server would load them and prints every problem as
 * `file:line:column — mensaje`. Exits non-zero (process.exitCode = 1) when there is any error; warnings alone pass.
 */
export function registerFlowsCommand(program: Command, getActions: () => ActionCatalog): void {
  const flows = program.command('flows').description('Flujos de conversación (archivos YAML)');
  flows
    .command('check')
    .description('Revisa los flujos y muestra los errores con archivo, línea y columna')
    .argument('[dir]', 'carpeta de los flujos', 'flows')
    .option('--json', 'salida en JSON')
    .action(async (dir: string, opts: { json?: boolean }) => {
      const result = await loadFlowBundle(dir, { actions: getActions(), entityFacts: loadEntityFacts });
      if (opts.json) {
        console.log(
          JSON.stringify(
            result.ok
              ? { ok: true, flows: [...result.bundle.flows.keys()], errors: [], warnings: result.warnings }
              : { ok: false, flows: [], errors: result.errors, warnings: result.warnings },
            null,
            2,
          ),
        );
      } else {
        if (!result.ok) for (const e of result.errors) console.log(`error: ${formatFlowError(e)}`);
        for (const w of result.warnings) console.log(`aviso: ${formatFlowError(w)}`);
        if (result.ok) {
          const n = result.bundle.flows.size;
          const nodes = [...result.bundle.flows.values()].reduce((sum, f) => sum + f.nodes.size, 0);
          const avisos = result.warnings.length === 0 ? 'sin avisos' : `${result.warnings.length} aviso(s)`;
          console.log(`Todo bien: ${n} flujo(s) y ${nodes} nodo(s) revisados en "${dir}", ${avisos}.`);
        } else {
          console.log(
            `Se encontraron ${result.errors.length} error(es). Corríjalos y vuelva a ejecutar "ventanilla flows check".`,
          );
        }
      }
      if (!result.ok) process.exitCode = 1;
    });
}
