import { describe, expect, it } from 'vitest';
import { caseActionSpecs } from '../../src/cases/service/case-actions.js';
import { builtInActionCatalog } from '../../src/flows/action-catalog.js';
import { formatFlowError } from '../../src/lib/flow-error.js';
import { loadFlowBundle } from '../../src/flows/load-flow-bundle.js';
import { handoffActionSpecs } from '../../src/handoff/handoff-actions.js';
import { knowledgeActionSpecs } from '../../src/actions/kb-lookup-action.js';
import { surveyActionSpecs } from '../../src/surveys/survey-actions.js';
import { populationActionSpecs } from '../../src/population/population-actions.js';
import { loadEntityFacts } from '../../src/entities/load-entity-facts.js';
import { compile } from '../flows/build-bundle.js';

// The demo flows also call the case, population, handoff and survey actions (consent.record, population.record,
// handoff.callback and survey.answer are not built-in names), so their specs are added too.
const catalog = new Map([
  ...builtInActionCatalog(),
  ...knowledgeActionSpecs(),
  ...caseActionSpecs(),
  ...populationActionSpecs(),
  ...handoffActionSpecs(),
  ...surveyActionSpecs(),
]);

describe('kb.lookup and kb.feedback argument schemas, as flows are checked at load', () => {
  it('accept the demo flows with no errors and no warnings', async () => {
    const r = await loadFlowBundle('flows', { actions: catalog, entityFacts: loadEntityFacts });
    if (!r.ok) expect.fail(r.errors.map(formatFlowError).join('\n'));
    expect(r.warnings.map(formatFlowError)).toEqual([]);
  });

  it('reject a feedback that is not true/false and a misspelt argument, naming the line', () => {
    const r = compile(
      {
        'main.yaml': `version: 1
id: main
nodes:
  - id: buscar
    type: kb
    question: "{{pregunta}}"
    args: { ids: abc }
    result: respuesta
    onError: fin
  - id: opinar
    type: action
    action: kb.feedback
    args: { id: "{{respuesta.id}}", helpful: "no", question: "{{pregunta}}" }
    onError: fin
  - id: fin
    type: end
`,
      },
      catalog,
    );
    expect(r.ok).toBe(false);
    // (The test bot.yaml's commands point at a main/menu node this flow lacks; those errors are not the subject.)
    const errors = (r.ok ? [] : r.errors.map(formatFlowError)).filter((e) => e.includes('le pasa a la acción'));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBe(
      'flows/main.yaml:7:11 — El nodo "buscar" le pasa a la acción "kb.lookup" datos que no acepta: el campo "ids" no existe aquí.',
    );
    expect(errors[1]).toBe(
      'flows/main.yaml:13:46 — El nodo "opinar" le pasa a la acción "kb.feedback" datos que no acepta: "helpful" debe ser true o false.',
    );
  });
});
