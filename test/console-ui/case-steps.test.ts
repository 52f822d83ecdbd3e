import { describe, expect, it } from 'vitest';
import { availableSteps, CASE_STEPS, canReadCases, stepBody } from '../../web-console/src/case-steps.js';

const step = (name: string) => CASE_STEPS.find((s) => s.step === name)!;

describe('workflow steps of a PQRSD case', () => {
  it('offers each step only to the roles that may take it, in the statuses where it applies', () => {
    const gestor = ['cases.read.all', 'cases.assign', 'cases.transfer', 'cases.respond'];
    const funcionario = ['cases.read.dependency', 'cases.respond'];
    const supervisor = ['cases.read.all', 'reports.read'];
    expect(availableSteps(gestor, 'radicado').map((s) => s.step)).toEqual(['assign', 'transfer', 'answer']);
    expect(availableSteps(funcionario, 'en_tramite').map((s) => s.step)).toEqual([
      'request-completion',
      'extend',
      'answer',
    ]);
    expect(availableSteps(funcionario, 'esperando_ciudadano').map((s) => s.step)).toEqual(['completion-received']);
    expect(availableSteps(funcionario, 'respondido').map((s) => s.step)).toEqual(['close']);
    expect(availableSteps(supervisor, 'en_tramite')).toEqual([]);
    expect(canReadCases(funcionario)).toBe(true);
    expect(canReadCases(['handoff.attend'])).toBe(false);
  });

  it('always sends the version read, trims texts and leaves out empty optional fields', () => {
    expect(stepBody(step('extend'), { newDueDate: '2026-05-13', reasons: '  Falta el plano.  ' }, 7)).toEqual({
      body: { newDueDate: '2026-05-13', reasons: 'Falta el plano.', version: 7 },
    });
    expect(stepBody(step('close'), { reason: '   ' }, 3)).toEqual({ body: { version: 3 } });
    expect(stepBody(step('answer'), { text: 'No es posible entregarla.', denied: true }, 2)).toEqual({
      body: { text: 'No es posible entregarla.', denied: true, version: 2 },
    });
    expect(stepBody(step('answer'), { text: 'Adjuntamos el plano.', denied: false }, 2)).toEqual({
      body: { text: 'Adjuntamos el plano.', version: 2 },
    });
  });

  it('names the missing required field in Spanish instead of sending', () => {
    expect(stepBody(step('extend'), { newDueDate: '2026-05-13', reasons: '' }, 1)).toEqual({
      missing: 'Falta «Motivos que se informan al ciudadano».',
    });
  });
});
