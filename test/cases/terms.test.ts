import { describe, expect, it } from 'vitest';
import { CASE_TYPES, CaseTermsSettings, caseTypes, LEGAL_CASE_TERMS, termFor } from '../../src/cases/terms.js';

describe('case terms (Ley 1755 de 2015 art. 14 and 30)', () => {
  it('has the legal defaults', () => {
    expect(LEGAL_CASE_TERMS.terms).toEqual({
      peticion: 15,
      queja: 15,
      reclamo: 15,
      sugerencia: 15,
      denuncia: 15,
      solicitud_informacion: 10,
      consulta: 30,
      felicitacion: 15,
      informacion_autoridad: 10,
      habeas_data_consulta: 10,
      habeas_data_reclamo: 15,
    });
    expect(termFor('consulta')).toBe(30);
  });

  it('gives every type a Spanish label and a one-line explanation', () => {
    for (const t of caseTypes) {
      expect(CASE_TYPES[t].label.length).toBeGreaterThan(3);
      expect(CASE_TYPES[t].explanation).not.toMatch(/\n/);
    }
    expect(CASE_TYPES.queja.label).toBe('Queja');
  });

  it('lets an entity shorten configurable terms only', () => {
    const s = CaseTermsSettings.parse({ terms: { queja: 8, reclamo: 10 } });
    expect(termFor('queja', s)).toBe(8);
    expect(termFor('reclamo', s)).toBe(10);
    expect(termFor('peticion', s)).toBe(15);
  });

  it('rejects overrides of legal terms and terms above the legal ceiling, in Spanish', () => {
    const fixed = CaseTermsSettings.safeParse({ terms: { peticion: 10 } });
    expect(fixed.success).toBe(false);
    expect(fixed.error?.issues[0]?.message).toMatch(/los fija la ley/);
    const tooLong = CaseTermsSettings.safeParse({ terms: { queja: 20 } });
    expect(tooLong.error?.issues[0]?.message).toBe(
      'El término de «Queja» no puede superar el término legal de 15 días hábiles.',
    );
    const zero = CaseTermsSettings.safeParse({ terms: { denuncia: 0 } });
    expect(zero.error?.issues[0]?.message).toMatch(/al menos 1 día hábil/);
    expect(CaseTermsSettings.safeParse({ terms: { sugerencia: 7.5 } }).success).toBe(false);
  });
});
