import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkKnowledgeFolder } from '../../src/cli/kb-check-command.js';
import { answerWarnings } from '../../src/knowledge/answer-readability.js';
import { answerWithSteps } from '../../src/knowledge/answer-with-steps.js';
import { parseKbFile, serializeKbFile } from '../../src/knowledge/kb-file.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function copyOf(folder: string): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'ventanilla-kb-'));
  await cp(folder, dir, { recursive: true });
  return dir;
}

/** n words, the first capitalised so a sentence before it ends there. */
const words = (n: number) => Array.from({ length: n }, (_, i) => `${i === 0 ? 'Palabra' : 'palabra'}${i}`).join(' ');

describe('answerWarnings (lenguaje claro on a phone)', () => {
  it('accepts a short answer with short steps', () => {
    expect(answerWarnings('Puede pagar en línea. Es gratis.', ['Entre al portal.', 'Pague por PSE.'])).toEqual([]);
  });

  it('warns about more than 80 words in all, counting the steps', () => {
    expect(answerWarnings(`${words(25)}. ${words(25)}. ${words(25)}.`, ['Uno dos tres cuatro cinco seis.'])).toEqual([
      'La respuesta tiene 81 palabras; en un celular se lee mejor con 80 o menos. Quite lo que no sea necesario o páselo a pasos.',
    ]);
    expect(answerWarnings(`${words(25)}. ${words(25)}. ${words(25)}.`, ['Uno dos tres cuatro cinco.'])).toEqual([]);
  });

  it('warns about a sentence or a step of more than 30 words, and keeps "a. m." and "n.º" inside a sentence', () => {
    expect(answerWarnings(`Atiende de 7:30 a. m. a 4:30 p. m. en la Carrera 5 n.º 10-20 ${words(15)}.`)).toEqual([]);
    expect(answerWarnings(`Corta. Larga ${words(30)}.`)).toEqual([
      'La frase «Larga Palabra0 palabra1 palabra2 palabra3 palabra4…» tiene 31 palabras; divídala en frases de 30 o menos.',
    ]);
    expect(answerWarnings('Corta.', [`Paso ${words(30)}`])).toHaveLength(1);
  });
});

describe('steps', () => {
  it('follow the answer as a numbered list after a blank line', () => {
    expect(answerWithSteps('Puede pagar en línea.', ['Entre al portal.', ' Pague por PSE. '])).toBe(
      'Puede pagar en línea.\n\n1. Entre al portal.\n2. Pague por PSE.',
    );
    expect(answerWithSteps('Sin pasos.', [])).toBe('Sin pasos.');
  });

  it('travel through CSV export and import', () => {
    const json = parseKbFile(
      JSON.stringify([
        { id: 'a', title: 'A', category: 'c', questions: ['¿a?'], answer: 'R.', steps: ['Uno.', 'Dos.'], tags: [] },
      ]),
      'json',
    );
    if (!json.ok) throw new Error(json.errors.join('\n'));
    const back = parseKbFile(serializeKbFile(json.entries, 'csv'), 'csv');
    expect(back).toEqual({ ok: true, entries: [expect.objectContaining({ steps: ['Uno.', 'Dos.'] })] });
  });

  it('are checked: no empty step', () => {
    const r = parseKbFile(
      JSON.stringify([
        { id: 'a', title: 'A', category: 'c', questions: ['¿a?'], answer: 'R.', steps: [' '], tags: [] },
      ]),
      'json',
    );
    expect(r).toEqual({
      ok: false,
      errors: ['Entrada 1 (id «a»), columna «steps (pasos)» (elemento 1): hay un paso vacío.'],
      valid: [],
      rows: 1,
    });
  });
});

describe('kb check', () => {
  it.each(['flows', 'flows/entidades/concejo'])('passes for the demo folder %s with no warnings', async (folder) => {
    const report = await checkKnowledgeFolder(folder);
    expect(report).toMatchObject({ ok: true, errors: [], warnings: [] });
    expect(report.entries).toBeGreaterThanOrEqual(20);
  });

  it('every concejo entry has three example questions', async () => {
    const entries = JSON.parse(await readFile('flows/entidades/concejo/knowledge/kb.json', 'utf8')) as {
      questions: string[];
    }[];
    expect(entries.length).toBeGreaterThanOrEqual(20);
    expect(entries.filter((e) => e.questions.length !== 3)).toEqual([]);
  });

  it('refuses a fact the entity does not have, naming the entry and the field, and warns about a long answer', async () => {
    const copy = await copyOf('flows');
    const kbFile = join(copy, 'knowledge', 'kb.json');
    const entries = JSON.parse(await readFile(kbFile, 'utf8')) as { id: string; answer: string; steps?: string[] }[];
    entries[0]!.steps = ['Llame al {{entidad.telefonos}}.'];
    entries[1]!.answer = `${words(40)}. ${words(45)}.`;
    delete entries[1]!.steps;
    await writeFile(kbFile, JSON.stringify(entries, null, 2) + '\n');
    const report = await checkKnowledgeFolder(copy);
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([
      `${kbFile}, entrada «predial-pago», steps (paso 1): el dato «{{entidad.telefonos}}» no existe en entity.yaml (settings.datos).`,
    ]);
    expect(report.warnings).toEqual([
      `${kbFile}, entrada «predial-descuentos»: La respuesta tiene 85 palabras; en un celular se lee mejor con 80 o menos. Quite lo que no sea necesario o páselo a pasos.`,
      `${kbFile}, entrada «predial-descuentos»: La frase «Palabra0 palabra1 palabra2 palabra3 palabra4 palabra5…» tiene 40 palabras; divídala en frases de 30 o menos.`,
      `${kbFile}, entrada «predial-descuentos»: La frase «Palabra0 palabra1 palabra2 palabra3 palabra4 palabra5…» tiene 45 palabras; divídala en frases de 30 o menos.`,
    ]);
  });

  it('counts the words of the facts as the citizen reads them', async () => {
    const copy = await copyOf('flows');
    const kbFile = join(copy, 'knowledge', 'kb.json');
    const entries = JSON.parse(await readFile(kbFile, 'utf8')) as { answer: string; steps?: string[] }[];
    // 20 words plus the main office's hours (about 20 words once written out): one sentence over 30.
    entries[0]!.answer = `${words(20)} {{entidad.sedes.principal.horario}}.`;
    delete entries[0]!.steps;
    await writeFile(kbFile, JSON.stringify(entries, null, 2) + '\n');
    const report = await checkKnowledgeFolder(copy);
    expect(report.warnings).toEqual([expect.stringMatching(/entrada «predial-pago»: La frase .* tiene 4\d palabras/)]);
  });
});
