import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { graphPartsFor, limits } from '../../src/channels/whatsapp-cloud/graph-messages.js';
import { renderForChannel } from '../../src/core/render-outbound.js';
import { parseSurveysFile, readSurveysFile } from '../../src/surveys/survey-definitions.js';
import { askedQuestion } from '../../src/surveys/survey-questions.js';
import { repoRoot } from '../support/cli-process.js';

const flowsDir = join(repoRoot, 'flows');

/** Every question of the demo file as the flow asks it, optional ones with their "Saltar pregunta" option. */
async function demoQuestions() {
  const file = (await readSurveysFile(flowsDir))!;
  return file.encuestas.flatMap((s) =>
    s.preguntas.map((q, i) => ({ survey: s.id, asked: askedQuestion(q, i, s.preguntas.length, file.textos) })),
  );
}

type Interactive = {
  type: string;
  interactive?: {
    type: string;
    action: {
      buttons?: { reply: { title: string } }[];
      sections?: { rows: { title: string; description?: string }[] }[];
    };
  };
};

describe('survey questions render within each channel’s limits', () => {
  it('on WhatsApp’s Cloud API every option question is reply buttons (≤ 3, ≤ 20 characters) or a list (≤ 10 rows), never cut', async () => {
    const questions = (await demoQuestions()).filter((q) => q.asked.tipo === 'opciones');
    expect(questions.length).toBeGreaterThan(5);
    for (const { survey, asked } of questions) {
      const [message] = renderForChannel(
        { text: asked.texto, options: asked.opciones },
        { maxButtons: 10, maxTextLength: 1024, typingIndicator: true, attachments: true },
      );
      const parts = graphPartsFor('573001112233', message!);
      expect(parts, `${survey}.${asked.id}`).toHaveLength(1);
      const body = (parts[0] as { kind: 'body'; body: Interactive }).body;
      expect(body.type, `${survey}.${asked.id} must not fall back to numbered text`).toBe('interactive');
      const labels = asked.opciones.map((o) => o.label);
      if (body.interactive!.type === 'button') {
        const titles = body.interactive!.action.buttons!.map((b) => b.reply.title);
        expect(titles).toEqual(labels);
        expect(titles.length).toBeLessThanOrEqual(limits.buttons);
        for (const t of titles) expect(t.length).toBeLessThanOrEqual(limits.buttonTitle);
      } else {
        const rows = body.interactive!.action.sections![0]!.rows;
        expect(rows.map((r) => r.title)).toEqual(labels);
        expect(rows.length).toBeLessThanOrEqual(limits.listRows);
        for (const r of rows) expect(r.description).toBeUndefined();
      }
    }
    // Sí / No / Omitir encuesta fits as three buttons; the 1-5 scales as a list.
    const yesNo = questions.find((q) => q.asked.id === 'resuelto')!.asked;
    expect(yesNo.opciones.map((o) => o.label)).toEqual(['Sí', 'No', 'Omitir encuesta']);
  });

  it('every label fits a 20-character button on the widget and Telegram (10 buttons), and is numbered text on WhatsApp (Baileys)', async () => {
    for (const { asked } of await demoQuestions()) {
      for (const o of asked.opciones) expect(o.label.length, o.label).toBeLessThanOrEqual(20);
      const buttons = renderForChannel(
        { text: asked.texto, options: asked.opciones },
        { maxButtons: 10, maxTextLength: 4000, typingIndicator: true, attachments: true },
      );
      expect(buttons).toHaveLength(1);
      expect(buttons[0]!.options).toEqual(asked.opciones);
      const [numbered] = renderForChannel(
        { text: asked.texto, options: asked.opciones },
        { maxButtons: 0, maxTextLength: 4096, typingIndicator: true, attachments: true },
      );
      expect(numbered!.options).toEqual([]);
      asked.opciones.forEach((o, i) => expect(numbered!.text).toContain(`${i + 1}. ${o.label}`));
    }
  });
});

describe('encuestas.yaml is checked at start, with messages that say where and what to fix', () => {
  it('accepts the demo file', async () => {
    const file = await readSurveysFile(flowsDir);
    expect(file?.encuestas.map((s) => s.id)).toEqual(['satisfaccion', 'atencion_asesor', 'respuesta_pqrsd']);
    expect(file).toMatchObject({ intervaloDias: 7, recordatorioHoras: 4, venceHoras: 24 });
  });

  const problems = (text: string): string => {
    try {
      parseSurveysFile('flows/encuestas.yaml', text);
    } catch (error) {
      return (error as Error).message;
    }
    return '';
  };

  it('names the file, the line and the field of each mistake in how it is written', () => {
    const message = problems(`version: 1
encuestas:
  - id: corta
    titulo: Corta
    intro: Hola
    preguntas:
      - id: como
        tipo: opciones
        texto: ¿Cómo le fue?
        opciones:
          - texto: Me fue muy pero muy bien
          - texto: Mal
      - id: otra
        tipo: estrellas
        texto: ¿Y esto?
`);
    expect(message).toMatch(/^Las encuestas de satisfacción \(encuestas\.yaml\) no son válidas; corrija:/);
    expect(message).toContain('flows/encuestas.yaml:11:20 — "texto" es demasiado largo (máximo 20 caracteres).');
    expect(message).toContain(
      'flows/encuestas.yaml:14:15 — "estrellas" no es un tipo de pregunta conocido. Tipos posibles: escala, si_no, opciones, texto.',
    );
  });

  it('then what does not fit together: timers, the survey each moment sends, labels too long with their number', () => {
    const message = problems(`version: 1
recordatorioHoras: 30
venceHoras: 24
enviar:
  cierreAsesor: atencion
encuestas:
  - id: corta
    titulo: Corta
    intro: Hola
    preguntas:
      - id: nota
        tipo: escala
        texto: ¿Qué nota nos da?
        etiquetas: [Pésimo, Malo, Regular, Bueno, Extraordinariamente bueno]
      - id: nota
        tipo: si_no
        texto: ¿Se resolvió?
`);
    expect(message).toContain(
      'flows/encuestas.yaml:2:20 — "recordatorioHoras": el recordatorio debe llegar antes de que la encuesta venza',
    );
    expect(message).toContain('flows/encuestas.yaml:5:17 — "cierreAsesor": no hay ninguna encuesta con id «atencion»');
    expect(message).toContain(
      'flows/encuestas.yaml:14:51 — "etiquetas": «5 - Extraordinariamente bueno» tiene 29 caracteres; con el número caben 20',
    );
    expect(message).toContain('la pregunta «nota» está repetida en esta encuesta');
  });

  it('the demo file is read from disk as shipped (no tabs, the texts editors see)', async () => {
    const text = await readFile(join(flowsDir, 'encuestas.yaml'), 'utf8');
    expect(text).not.toMatch(/\t/);
    expect(() => parseSurveysFile('flows/encuestas.yaml', text)).not.toThrow();
  });
});
