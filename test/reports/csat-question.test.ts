import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csatQuestionOf, parseSurveysFile, readSurveysFile } from '../../src/surveys/survey-definitions.js';
import { surveys } from './report-world.js';

function problems(yaml: string): string {
  try {
    parseSurveysFile('flows/encuestas.yaml', yaml);
  } catch (error) {
    return (error as Error).message;
  }
  return expect.fail('the file was accepted');
}

describe('which question is each survey’s CSAT', () => {
  it('the demo surveys mark their general satisfaction question', async () => {
    const file = await readSurveysFile(resolve('flows'));
    expect(file?.encuestas.map((s) => [s.id, csatQuestionOf(s)?.id])).toEqual([
      ['satisfaccion', 'satisfaccion'],
      ['atencion_asesor', 'satisfaccion'],
      ['respuesta_pqrsd', 'satisfaccion'],
    ]);
  });

  it('the marked question wins over an earlier scale; without a mark, the first scale; none without scales', () => {
    const [bot, asesor] = surveys().encuestas;
    expect(csatQuestionOf(bot!)?.id).toBe('satisfaccion'); // facilidad is the first escala, but not marked
    expect(csatQuestionOf(asesor!)?.id).toBe('trato'); // resuelto (si_no) comes first, trato is the first escala
    expect(
      csatQuestionOf({ preguntas: [{ id: 'c', tipo: 'texto', texto: '¿Algo?', opcional: true, largoMaximo: 100 }] }),
    ).toBeUndefined();
  });

  it('tells the editor, with the line, when csat is on a question that is not a scale or on two questions', () => {
    const message = problems(`version: 1
encuestas:
  - id: e
    titulo: E
    intro: Hola
    preguntas:
      - id: resuelto
        tipo: si_no
        texto: ¿Se resolvió?
        csat: true
      - id: a
        tipo: escala
        texto: ¿A?
        csat: true
      - id: b
        tipo: escala
        texto: ¿B?
        csat: true
`);
    expect(message).toContain(
      'flows/encuestas.yaml:10:15 — "csat": solo una pregunta de tipo "escala" (1 a 5) puede ser la de satisfacción general (csat)',
    );
    expect(message).not.toContain('encuestas.yaml:14:'); // the first valid mark is not the mistake
    expect(message).toContain(
      'flows/encuestas.yaml:18:15 — "csat": ya hay otra pregunta con "csat: true" en esta encuesta; marque solo una',
    );
  });
});
