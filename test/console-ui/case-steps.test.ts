import { describe, expect, it } from 'vitest';
import { caseSteps } from '../../src/cases/service/case-transitions.js';
import { availableSteps, CASE_STEPS, canReadCases, stepBody } from '../../web-console/src/case-steps.js';

const step = (name: string) => CASE_STEPS.find((s) => s.step === name)!;

describe('workflow steps of a PQRSD case', () => {
  it('offers exactly the steps the server allows on the case, in its order, with a form for every step the server knows', () => {
    expect(availableSteps(['assign', 'transfer', 'answer']).map((s) => s.step)).toEqual([
      'assign',
      'transfer',
      'answer',
    ]);
    expect(availableSteps(['notify-desistimiento', 'reposicion']).map((s) => s.step)).toEqual([
      'notify-desistimiento',
      'reposicion',
    ]);
    expect(availableSteps([])).toEqual([]);
    // Every transition of the law has a form: the server can never offer a step the console cannot show.
    expect(caseSteps.filter((name) => !CASE_STEPS.some((s) => s.step === name))).toEqual([]);
    expect(CASE_STEPS.map((s) => s.step).filter((name) => !(caseSteps as readonly string[]).includes(name))).toEqual(
      [],
    );
    expect(canReadCases(['cases.read.dependency', 'cases.respond'])).toBe(true);
    expect(canReadCases(['handoff.attend'])).toBe(false);
  });

  it('sends the chosen option of a select and leaves an optional one out when not chosen', () => {
    expect(stepBody(step('resolve-reposicion'), { outcome: 'revocado', reasons: 'Llegó a tiempo.' }, 4)).toEqual({
      body: { outcome: 'revocado', reasons: 'Llegó a tiempo.', version: 4 },
    });
    expect(stepBody(step('resolve-reposicion'), { outcome: '', reasons: 'x' }, 4)).toEqual({
      missing: 'Falta «Decisión».',
    });
    expect(stepBody(step('extend'), { newDueDate: '2026-05-13', reasons: 'Visita.', notifiedBy: '' }, 2)).toEqual({
      body: { newDueDate: '2026-05-13', reasons: 'Visita.', version: 2 },
    });
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

describe('Ley 1474 art. 76 and Ley 1581 art. 8 e in the console', () => {
  it('Ley 1474 art. 76: Control Interno Disciplinario, who reads only quejas and denuncias, gets the cases section', () => {
    expect(canReadCases(['cases.read.disciplinary', 'cases.respond', 'cases.identity.reserved'])).toBe(true);
  });

  it('Ley 1581 art. 8 e: the revocation of the data authorization is a form with an optional note, sent with the version', () => {
    const revoke = step('revoke-consent');
    expect(revoke.fields.map((f) => [f.name, f.required])).toEqual([['note', false]]);
    expect(stepBody(revoke, {}, 7)).toEqual({ body: { version: 7 } });
    expect(stepBody(revoke, { note: 'Carta del 3 de abril.' }, 7)).toEqual({
      body: { note: 'Carta del 3 de abril.', version: 7 },
    });
  });
});
