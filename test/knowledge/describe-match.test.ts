import { describe, expect, it } from 'vitest';
import { describeMatch } from '../../src/knowledge/describe-match.js';

const candidate = (id: string, confidence: number) => ({ id, title: `Título ${id}`, score: 1, confidence });

describe('describeMatch (kb ask)', () => {
  it('starts with the decision and shows the probability the decision used', () => {
    const text = describeMatch({
      kind: 'answer',
      best: candidate('a', 0.87),
      candidates: [candidate('a', 0.87), candidate('b', 0.1)],
      outOfScope: 0.03,
    });
    expect(text.split('\n')[0]).toBe(
      'Respuesta: Título a (a), probabilidad 87 %; probabilidad de que esté fuera de alcance: 3 %.',
    );
    expect(text).toContain('  2. b  probabilidad 10 %  Título b');
  });

  it('says how many entries a "which one?" offers', () => {
    const text = describeMatch({
      kind: 'clarify',
      candidates: [candidate('a', 0.45), candidate('b', 0.4), candidate('c', 0.1)],
      offered: 2,
      outOfScope: 0.05,
    });
    expect(text.split('\n')[0]).toMatch(/^Pregunta cuál: se le ofrecerían al ciudadano las 2 primeras entradas/);
  });

  it('gives the reason for a "no sé" and lists the discarded entries with their (low) probabilities', () => {
    const text = describeMatch({
      kind: 'unknown',
      reason: 'low-confidence',
      candidates: [candidate('a', 0.04)],
      redirect: 'la Registraduría',
      outOfScope: 0.95,
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'No sé: ninguna entrada es suficientemente probable; lo atiende la Registraduría; probabilidad de que esté fuera de alcance: 95 %.',
    );
    expect(lines[1]).toBe('Entradas más cercanas (descartadas):');
    expect(text).not.toMatch(/confianza/);
  });
});
