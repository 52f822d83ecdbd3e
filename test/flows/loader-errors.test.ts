import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtInActionCatalog } from '../../src/flows/action-catalog.js';
import { formatFlowError } from '../../src/lib/flow-error.js';
import { loadFlowBundle } from '../../src/flows/load-flow-bundle.js';
import { watchFlowBundle } from '../../src/flows/watch-flow-bundle.js';
import { compile, testBot } from './build-bundle.js';

function errorsOf(files: Record<string, string>, actions = builtInActionCatalog()): string[] {
  const r = compile(files, actions);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.errors.map(formatFlowError);
}

const okMain = `version: 1
id: main
nodes:
  - id: menu
    type: menu
    text: Hola
    options:
      - label: A
        next: fin
  - id: fin
    type: end
`;

describe('loader errors name file:line:column in Spanish', () => {
  it('a dangling next', () => {
    const errors = errorsOf({
      'main.yaml': `version: 1
id: main
nodes:
  - id: menu
    type: menu
    text: Hola
    options:
      - label: A
        next: pedir_cedula
  - id: pedir_cedula
    type: ask
    text: Cédula
    var: cedula
    input: cedula
    next: confirmar
`,
    });
    expect(errors).toEqual([
      'flows/main.yaml:15:11 — El nodo "pedir_cedula" apunta a "confirmar", que no existe en este flujo. Revise el nombre en "next".',
    ]);
  });

  it('an unknown node type, a misspelt key and a missing field, with suggestions', () => {
    const errors = errorsOf({
      'main.yaml': `version: 1
id: main
nodes:
  - id: a
    type: sey
    text: hola
  - id: b
    type: say
    txt: hola
  - id: c
    type: ask
    text: ¿Nombre?
`,
    });
    expect(errors).toContain(
      'flows/main.yaml:5:11 — En el nodo "a": "sey" no es un tipo de nodo conocido. ¿Quiso decir "say"? Tipos posibles: say, ask, menu, condition, set, goto, call, return, action, kb, case_create, case_status, handoff, survey, end.',
    );
    expect(
      errors.some((e) =>
        e.startsWith('flows/main.yaml:9:5 — En el nodo "b": el campo "txt" no existe aquí. ¿Quiso decir "text"?'),
      ),
    ).toBe(true);
    expect(errors).toContain('flows/main.yaml:7:5 — En el nodo "b": falta el campo "text". Agréguelo.');
    expect(errors).toContain('flows/main.yaml:10:5 — En el nodo "c": falta el campo "var". Agréguelo.');
  });

  it('a YAML syntax error', () => {
    const errors = errorsOf({
      'main.yaml': 'version: 1\nid: main\nnodes:\n  - id: a\n    type: say\n     text: hola\n',
    });
    expect(errors[0]).toMatch(/^flows\/main\.yaml:\d+:\d+ — Error de sintaxis YAML: /);
  });

  it('an unknown action fails at load, with a suggestion', () => {
    const errors = errorsOf({
      'main.yaml': `${okMain}  - id: x
    type: action
    action: case.crate
    onError: fin
`,
    });
    expect(errors[0]).toMatch(
      /^flows\/main\.yaml:14:13 — El nodo "x" usa la acción "case\.crate", que este sistema no tiene\. ¿Quiso decir "case\.create"\?/,
    );
  });

  it('args the action schema rejects fail at load; template values are left to run time', () => {
    const actions = new Map([
      [
        'kb.lookup',
        { description: 'kb', args: z.strictObject({ question: z.string(), limit: z.number().optional() }) },
      ],
      ['handoff.request', { description: 'asesor' }],
    ]);
    const errors = errorsOf(
      {
        'main.yaml': `${okMain}  - id: x
    type: kb
    question: "{{pregunta}}"
    args: { limit: "tres" }
    onError: fin
  - id: y
    type: kb
    question: hola
    args: { limit: "{{n}}" }
    onError: fin
`,
      },
      actions,
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^flows\/main\.yaml:15:20 — El nodo "x" le pasa a la acción "kb\.lookup" datos que no acepta: "limit" debe ser un número\./,
    );
  });

  it('unknown flows in goto/call, duplicate flow ids, missing entry flow', () => {
    const errors = errorsOf({
      'bot.yaml': testBot.replace('entry: main', 'entry: principal'),
      'main.yaml': `${okMain}  - id: x
    type: call
    flow: pqrs
  - id: y
    type: goto
    flow: main
    node: nada
`,
      'main2.yaml': okMain,
    });
    expect(errors).toContain('flows/bot.yaml:2:8 — El flujo de entrada "principal" no existe. Revise "entry".');
    expect(errors.some((e) => e.startsWith('flows/main.yaml:14:11 — En el nodo "x": el flujo "pqrs" no existe.'))).toBe(
      true,
    );
    expect(errors).toContain('flows/main.yaml:18:11 — En el nodo "y": el nodo "nada" no existe en el flujo "main".');
    expect(errors).toContain(
      'flows/main2.yaml:2:5 — El id de flujo "main" ya lo usa flows/main.yaml. Cada flujo necesita un id distinto.',
    );
  });

  it('unreachable nodes and actions without onError are warnings, not errors', () => {
    const r = compile({ 'main.yaml': `${okMain}  - id: huerfano\n    type: say\n    text: nadie llega\n` });
    expect(r.ok).toBe(true);
    expect(r.warnings.map(formatFlowError)).toContain(
      'flows/main.yaml:12:9 — Ningún camino lleva al nodo "huerfano"; nunca se mostrará.',
    );
  });

  it('bot.yaml is validated with positions too', () => {
    const errors = errorsOf({
      'bot.yaml': testBot.replace('idleMinutes: 15', 'idleMinutes: quince'),
      'main.yaml': okMain,
    });
    expect(errors).toEqual(['flows/bot.yaml:3:14 — "idleMinutes" debe ser un número.']);
  });
});

describe('loadFlowBundle and watchFlowBundle on a folder', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads bot.yaml and flows, skips entity.yaml and sub-folders; reports a missing bot.yaml', async () => {
    dir = await mkdtemp(join(tmpdir(), 'flows-'));
    await writeFile(join(dir, 'main.yaml'), okMain);
    await writeFile(join(dir, 'human.yaml'), (await import('./build-bundle.js')).humanFlow);
    await writeFile(join(dir, 'entity.yaml'), 'name: algo que no es un flujo\n');
    const missing = await loadFlowBundle(dir, { actions: builtInActionCatalog() });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.errors[0]?.file).toBe(join(dir, 'bot.yaml'));
    await writeFile(join(dir, 'bot.yaml'), testBot);
    const r = await loadFlowBundle(dir, { actions: builtInActionCatalog() });
    expect(r.ok).toBe(true);
  });

  it('watch reports the new bundle, then errors for a broken edit', async () => {
    dir = await mkdtemp(join(tmpdir(), 'flows-'));
    const d = dir;
    await writeFile(join(d, 'bot.yaml'), testBot);
    await writeFile(join(d, 'human.yaml'), (await import('./build-bundle.js')).humanFlow);
    await writeFile(join(d, 'main.yaml'), okMain);
    const results: boolean[] = [];
    const watcher = watchFlowBundle(d, { actions: builtInActionCatalog(), debounceMs: 50 }, (r) => results.push(r.ok));
    try {
      await writeFile(join(d, 'main.yaml'), okMain.replace('text: Hola', 'text: Hola otra vez'));
      await expect.poll(() => results, { timeout: 5000 }).toEqual([true]);
      await writeFile(join(d, 'main.yaml'), okMain.replace('next: fin', 'next: nada'));
      await expect.poll(() => results, { timeout: 5000 }).toEqual([true, false]);
    } finally {
      watcher.close();
    }
  });
});

describe('more loader messages', () => {
  it('bad variable names in set, reserved names, and a bad condition', () => {
    const errors = errorsOf({
      'main.yaml': `${okMain}  - id: s
    type: set
    vars: { "mal nombre": 1, contact: 2 }
  - id: c
    type: condition
    if: { var: edad, mayor: 3 }
    then: fin
`,
    });
    expect(errors.join('\n')).toMatch(/main\.yaml:14:\d+ — En el nodo "s": el nombre "mal nombre" no es válido/);
    expect(errors.join('\n')).toMatch(/main\.yaml:17:\d+ — En el nodo "c": /);
  });
});
