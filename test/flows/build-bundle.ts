import { expect } from 'vitest';
import type { ActionCatalog } from '../../src/flows/action-catalog.js';
import { builtInActionCatalog } from '../../src/flows/action-catalog.js';
import { compileFlowBundle, type FlowLoadResult } from '../../src/flows/compile-flow-bundle.js';
import type { FlowBundle } from '../../src/flows/flow-bundle.js';
import { formatFlowError } from '../../src/lib/flow-error.js';

/** A bot.yaml good enough for most tests: entry "main", the four usual commands. */
export const testBot = `version: 1
entry: main
idleMinutes: 15
texts:
  idle: Cierro la conversación por inactividad.
  fallback: No le entendí.
  apology: Lo siento, hubo un problema.
commands:
  menu:
    words: [menú, inicio]
    goto: { flow: main, node: menu }
  asesor:
    words: [asesor, hablar con una persona]
    goto: { flow: human }
  cancelar:
    words: [cancelar, salir]
    say: Listo, cancelé este paso.
    goto: { flow: main, node: menu }
  ayuda:
    words: [ayuda]
    say: Puede escribir menú, asesor o cancelar.
`;

export const humanFlow = `version: 1
id: human
nodes:
  - id: pedir
    type: handoff
    reason: pidió asesor
    onError: sin
  - id: listo
    type: end
    text: Un asesor le escribirá pronto.
  - id: sin
    type: end
    text: No hay asesores ahora.
`;

/** Compiles YAML texts given as { "file.yaml": text }; bot.yaml defaults to {@link testBot}. */
export function compile(
  files: Record<string, string>,
  actions: ActionCatalog = builtInActionCatalog(),
): FlowLoadResult {
  const bot = files['bot.yaml'] ?? testBot;
  const flows = Object.entries(files)
    .filter(([name]) => name !== 'bot.yaml')
    .map(([name, text]) => ({ file: `flows/${name}`, text }));
  if (!('human.yaml' in files)) flows.push({ file: 'flows/human.yaml', text: humanFlow });
  return compileFlowBundle({ file: 'flows/bot.yaml', text: bot }, flows, { actions });
}

/** Compiles and fails the test with readable errors when the flows are invalid. */
export function bundleOf(files: Record<string, string>, actions?: ActionCatalog): FlowBundle {
  const r = compile(files, actions);
  if (!r.ok) expect.fail(r.errors.map(formatFlowError).join('\n'));
  return r.bundle;
}
