import { describe, expect, it } from 'vitest';
import type { KbEntry } from '../../src/knowledge/kb-entry.js';
import { KnowledgeMatcher } from '../../src/knowledge/matcher.js';

const entry = (id: string, title: string, questions: string[], answer: string, tags: string[]): KbEntry => ({
  id,
  title,
  category: 'prueba',
  questions,
  answer,
  tags,
});

const kb: KbEntry[] = [
  entry(
    'predial-pago',
    'Pago del impuesto predial',
    ['¿Cómo pago el impuesto predial?', '¿Dónde se paga el predial?'],
    'El impuesto predial se paga por PSE, en bancos o en las taquillas de Hacienda.',
    ['predial', 'pago', 'impuesto'],
  ),
  entry(
    'predial-paz-y-salvo',
    'Paz y salvo del impuesto predial',
    ['¿Cómo obtengo el paz y salvo predial?'],
    'El paz y salvo lo piden las notarías; se expide si el predio está al día.',
    ['predial', 'paz y salvo'],
  ),
  entry(
    'vacunacion-perros',
    'Vacunación antirrábica de perros y gatos',
    ['¿Dónde vacuno a mi perro contra la rabia?'],
    'Las jornadas de vacunación antirrábica son gratuitas en los puestos de zoonosis.',
    ['mascotas', 'antirrábica'],
  ),
  entry(
    'vacunacion-gatos',
    'Vacunación antirrábica de gatos y perros',
    ['¿Dónde vacuno a mi gato contra la rabia?'],
    'Las jornadas de vacunación antirrábica son gratuitas en los puestos de zoonosis.',
    ['mascotas', 'antirrábica'],
  ),
];

describe('KnowledgeMatcher', () => {
  const matcher = new KnowledgeMatcher(kb, []);

  it('answers a colloquial, misspelled question with calibrated confidence', () => {
    const result = matcher.match('q tengo q aser pa pagar el predal x internet');
    expect(result.kind).toBe('answer');
    if (result.kind !== 'answer') return;
    expect(result.best.id).toBe('predial-pago');
    expect(result.best.confidence).toBeGreaterThan(0.5);
    expect(result.best.confidence).toBeLessThanOrEqual(1);
    expect(result.candidates[0]).toEqual(result.best);
  });

  it.each(['hola', 'buenas tardes', 'gracias!!', 'ok', 'jajaja', 'bot inutil no sirves pa nada', 'cuentame un chiste'])(
    'does not answer smalltalk: %s',
    (message) => {
      const result = matcher.match(message);
      expect(result.kind).toBe('unknown');
      if (result.kind === 'unknown') expect(result.reason).toBe('smalltalk');
    },
  );

  it('reports empty messages', () => {
    const result = matcher.match('  ¿? ');
    expect(result).toMatchObject({ kind: 'unknown', reason: 'empty' });
  });

  it.each([
    'como saco el pasaporte',
    'a cuanto esta el dolar hoy',
    'necesito la libreta militar',
    'como abro una cuenta en nequi',
  ])('says it does not know out-of-scope questions: %s', (message) => {
    expect(matcher.match(message).kind).toBe('unknown');
  });

  it('names who handles questions for other entities', () => {
    const result = matcher.match('se me perdio la cedula, donde saco el duplicado');
    expect(result).toMatchObject({ kind: 'unknown', redirect: expect.stringContaining('Registraduría') });
  });

  it('asks which one when two entries are equally likely', () => {
    const result = matcher.match('vacunacion antirrabica');
    expect(result.kind).toBe('clarify');
    if (result.kind === 'clarify') {
      expect(
        result.candidates
          .slice(0, 2)
          .map((c) => c.id)
          .sort(),
      ).toEqual(['vacunacion-gatos', 'vacunacion-perros']);
    }
  });

  it('tells close entries apart when the question says which', () => {
    const result = matcher.match('la notaria me pide el paz y salvo del predial');
    expect(result.kind === 'answer' && result.best.id).toBe('predial-paz-y-salvo');
  });
});

describe('KnowledgeMatcher probabilities', () => {
  const matcher = new KnowledgeMatcher(kb, []);

  it('gives entries and "out of scope" probabilities that add up to at most one', () => {
    for (const message of ['vacunacion antirrabica', 'como pago el predial', 'como saco el pasaporte']) {
      const result = matcher.match(message);
      const total = result.candidates.reduce((sum, c) => sum + c.confidence, result.outOfScope ?? 0);
      expect(total).toBeLessThanOrEqual(1 + 1e-9);
      expect(total).toBeGreaterThan(0.9);
    }
  });

  it('answers a message that repeats an example question almost word for word, with high probability', () => {
    const result = matcher.match('como obtengo el paz y salvo predial');
    expect(result).toMatchObject({ kind: 'answer', best: { id: 'predial-paz-y-salvo' } });
    if (result.kind === 'answer') expect(result.best.confidence).toBeGreaterThan(0.8);
  });

  it('rejects out-of-scope messages with a high out-of-scope probability, not a confident entry', () => {
    const result = matcher.match('como saco el pasaporte');
    expect(result.kind).toBe('unknown');
    expect(result.outOfScope).toBeGreaterThan(0.8);
    for (const c of result.candidates) expect(c.confidence).toBeLessThan(0.2);
  });
});
