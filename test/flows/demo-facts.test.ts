import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { actionCatalog } from '../../src/actions/create-actions.js';
import { lookupToJson } from '../../src/actions/kb-lookup-action.js';
import { registerFlowsCommand } from '../../src/cli/flows-command.js';
import { loadEntityFacts } from '../../src/entities/load-entity-facts.js';
import { loadFlowBundle } from '../../src/flows/load-flow-bundle.js';
import { loadKbEntries } from '../../src/knowledge/load-knowledge.js';
import { formatFlowError } from '../../src/lib/flow-error.js';
import { factDisagreements } from './fact-disagreements.js';
import { scriptedChat } from './scripted-chat.js';

const entityFolders = ['flows', 'flows/entidades/concejo'];

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function copyOfDemo(from = 'flows'): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'ventanilla-facts-'));
  await cp(from, dir, { recursive: true });
  return dir;
}

async function edit(file: string, change: (text: string) => string): Promise<void> {
  const before = await readFile(file, 'utf8');
  const after = change(before);
  expect(after, `${file} did not change`).not.toBe(before);
  await writeFile(file, after);
}

describe('the demo entities tell one consistent truth', () => {
  it.each(entityFolders)(
    '%s: every address, phone, email, domain, hour and radicado comes from the facts',
    async (f) => {
      expect(await factDisagreements(f)).toEqual([]);
    },
  );

  it('catches a fact written by hand that disagrees with entity.yaml, wherever it is', async () => {
    const copy = await copyOfDemo();
    await edit(join(copy, 'horarios.yaml'), (t) =>
      t.replace('{{entidad.sedes.principal.direccion}}', 'Calle 5 # 4-20, Parque Principal'),
    );
    await edit(join(copy, 'entity.yaml'), (t) =>
      t.replace('telefono: "(601) 555 0100"\n    correo:', 'telefono: "(601) 555 0199"\n    correo:'),
    );
    const kb = join(copy, 'knowledge', 'kb.json');
    await edit(kb, (t) =>
      t.replace('ejemplo {{entidad.radicado_ejemplo}}. Si lo perdió', 'ejemplo 2026-ER-000123. Si lo perdió'),
    );
    await edit(kb, (t) =>
      t.replace('el correo {{entidad.correo}}.', 'el correo contactenos@alcaldiamunicipal.gov.co.'),
    );
    await edit(kb, (t) =>
      t.replace('Atiende de {{entidad.sedes.victimas.horario}}.', 'Atiende de 8:00 a. m. a 5:00 p. m.'),
    );
    await edit(kb, (t) => t.replace('se anuncia en {{entidad.portal}}', 'se anuncia en www.alcaldiamunicipal.gov.co'));
    const found = await factDisagreements(copy);
    expect(found).toEqual(
      expect.arrayContaining([
        'horarios.yaml (nodes.0.text.0): dirección «Calle 5 # 4-20»',
        'entity.yaml (settings.contacto.telefono): teléfono «(601) 555 0199»',
        expect.stringMatching(/^knowledge\/kb\.json \(«consultar-estado-pqrsd»\): radicado «2026-ER-000123»$/),
        expect.stringMatching(
          /^knowledge\/kb\.json \(«canales-atencion»\): correo «contactenos@alcaldiamunicipal\.gov\.co»$/,
        ),
        'knowledge/kb.json («atencion-victimas»): hora «8:00 a. m.»',
        'knowledge/kb.json («atencion-victimas»): hora «5:00 p. m.»',
        'knowledge/kb.json («subsidio-vivienda»): dominio «www.alcaldiamunicipal.gov.co»',
      ]),
    );
  });

  it('a fact changed once in entity.yaml changes the flow text and the knowledge answer alike', async () => {
    const copy = await copyOfDemo();
    await edit(join(copy, 'entity.yaml'), (t) =>
      t.replace(
        'direccion: "Carrera 5 n.º 10-20, Parque Principal"\n        horario:',
        'direccion: "Calle 9 n.º 3-33, Plaza de Bolívar"\n        horario:',
      ),
    );
    const loaded = await loadFlowBundle(copy, { actions: actionCatalog(), entityFacts: loadEntityFacts });
    if (!loaded.ok) expect.fail(loaded.errors.map(formatFlowError).join('\n'));
    const [entry] = (await loadKbEntries(join(copy, 'knowledge', 'kb.json'))).filter((e) => e.id === 'horarios-sedes');
    const chat = scriptedChat(loaded.bundle, {
      'kb.lookup': () => lookupToJson({ kind: 'answer', entry: entry!, confidence: 1, alternatives: [] }),
    });
    await chat.send('hola');
    await chat.send('4');
    const sedes = chat.replies.map((r) => r.text).join('\n');
    expect(sedes).toMatch(
      /^Sede principal \(Palacio Municipal\): Calle 9 n\.º 3-33, Plaza de Bolívar\. Atiende de lunes a viernes de 7:30 a\. m\. a 12:00 p\. m\. y de 1:30 p\. m\. a 5:00 p\. m\./,
    );
    expect(sedes).toMatch(
      /Con un asesor puede hablar de lunes a viernes de 7:30 a\. m\. a 4:30 p\. m\., excepto festivos\./,
    );
    await chat.send('1');
    await chat.send('1');
    await chat.send('¿dónde quedan las oficinas?');
    const answer = chat.replies.find((r) => r.text?.startsWith('La sede principal'))?.text;
    expect(answer).toBe(
      'La sede principal es el Palacio Municipal, en Calle 9 n.º 3-33, Plaza de Bolívar. Atiende de lunes a viernes ' +
        'de 7:30 a. m. a 12:00 p. m. y de 1:30 p. m. a 5:00 p. m., excepto festivos. Hay también una Sede Norte y una ' +
        'Sede Sur con el mismo horario. Escriba «horarios» para ver todas las sedes.',
    );
    expect(`${sedes}\n${answer}`).not.toMatch(/Carrera 5 n\.º 10-20, Parque Principal/);
  });
});

async function flowsCheck(folder: string): Promise<{ out: string; exitCode: number | undefined }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  const previous = process.exitCode;
  process.exitCode = undefined;
  try {
    const program = new Command('ventanilla').exitOverride();
    registerFlowsCommand(program, actionCatalog);
    await program.parseAsync(['node', 'ventanilla', 'flows', 'check', folder]);
    return { out: lines.join('\n'), exitCode: process.exitCode };
  } finally {
    spy.mockRestore();
    process.exitCode = previous;
  }
}

describe('flows check and the facts', () => {
  it('refuses a fact variable entity.yaml does not have, naming the file, line and node', async () => {
    const copy = await copyOfDemo();
    await edit(join(copy, 'horarios.yaml'), (t) =>
      t.replace('{{entidad.sedes.movilidad.direccion}}', '{{entidad.sedes.movilidad.direcion}}'),
    );
    const r = await flowsCheck(copy);
    expect(r.exitCode).toBe(1);
    expect(r.out).toContain(
      `error: ${join(copy, 'horarios.yaml')}:22:9 — En el nodo "sedes": el dato «{{entidad.sedes.movilidad.direcion}}» no existe en entity.yaml (settings.datos). ¿Quiso decir "entidad.sedes.movilidad.direccion"?`,
    );
  });

  it('refuses office hours written wrong in the facts, at their line in entity.yaml', async () => {
    const copy = await copyOfDemo();
    await edit(join(copy, 'entity.yaml'), (t) => t.replace('lunes: "07:00-16:00"', 'lunes: "7 a 4"'));
    const r = await flowsCheck(copy);
    expect(r.exitCode).toBe(1);
    expect(r.out).toMatch(
      /error: .*entity\.yaml:\d+:\d+ — «7 a 4» no es un horario válido: use HH:MM-HH:MM, por ejemplo "07:30-16:30"\./,
    );
  });

  it.each(entityFolders)('passes for the demo folder %s', async (folder) => {
    const r = await flowsCheck(folder);
    expect(r.out).toMatch(/^Todo bien: \d+ flujo\(s\) y \d+ nodo\(s\) revisados en ".*", sin avisos\.$/);
    expect(r.exitCode).toBeUndefined();
  });
});
