import { describe, expect, it } from 'vitest';
import type { KbEntry } from '../../src/knowledge/kb-entry.js';
import { KnowledgeMatcher } from '../../src/knowledge/matcher.js';
import { normalizeText } from '../../src/knowledge/normalize.js';
import { applySynonyms, parseSynonymsYaml } from '../../src/knowledge/synonyms.js';

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
    'predial',
    'Pago del impuesto predial',
    ['¿Cómo pago el impuesto predial?', '¿Hasta cuándo se paga el predial?'],
    'El predial se paga por PSE o en los bancos autorizados.',
    ['predial', 'pago'],
  ),
  entry(
    'residencia',
    'Certificado de residencia',
    ['¿Cómo solicito el certificado de residencia?'],
    'Lo expide la Secretaría de Gobierno en línea.',
    ['residencia', 'certificado'],
  ),
  entry(
    'licencia',
    'Licencia de conducción',
    ['¿Cómo renuevo la licencia de conducción?'],
    'Se renueva en el organismo de tránsito con el examen médico.',
    ['licencia de conducción', 'renovación'],
  ),
];

describe('synonyms', () => {
  it('parses the editor YAML and applies multi-word phrases with fillers in between', () => {
    const parsed = parseSynonymsYaml('# comentario\nresidencia:\n  - papel donde vivo\n');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(applySynonyms(normalizeText('El papel que me dice dónde vivo'), parsed.list)).toBe(
      'el papel que me dice donde vivo residencia',
    );
    expect(applySynonyms(normalizeText('vivo en un papel'), parsed.list)).toBe('vivo en un papel');
  });

  it('reports a malformed file in Spanish', () => {
    const parsed = parseSynonymsYaml('predial: impuesto de la casa\n');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]).toMatch(/predial.*lista de frases/);
  });

  it('adding a synonym changes the answer for a colloquial question, without rebuilding the index', () => {
    const question = 'se me vencio el pase, que hago';
    const before = new KnowledgeMatcher(kb, []);
    const beforeResult = before.match(question);
    expect(beforeResult.kind === 'answer' && beforeResult.best.id === 'licencia').toBe(false);

    const after = before.withSynonyms([{ term: 'licencia de conduccion', phrases: ['pase'] }]);
    const afterResult = after.match(question);
    expect(afterResult.kind).toBe('answer');
    if (afterResult.kind === 'answer') expect(afterResult.best.id).toBe('licencia');
    expect(after.model).toBe(before.model);
  });

  it('maps "impuesto de la casa" to predial once the editor says so', () => {
    const matcher = new KnowledgeMatcher(kb, [{ term: 'predial', phrases: ['impuesto de la casa'] }]);
    const result = matcher.match('donde pago el impuesto de la casa');
    expect(result.kind === 'answer' && result.best.id).toBe('predial');
  });
});
