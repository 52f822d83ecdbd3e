import { z } from 'zod';
import type { ActionImplementation } from '../core/action-registry.js';
import type { ActionSpec } from '../flows/action-catalog.js';
import type { SurveyService } from './survey-service.js';

/** Flows pass missing variables as null and empty templates as "": both mean "not given". */
const given = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === null || v === '' ? undefined : v), schema.optional());

const SurveyStartArgs = z.strictObject({
  /** A survey id of encuestas.yaml; without it, the one `enviar.finBot` names. */
  survey: given(z.string().trim().max(40)),
  /** The run the system already sent (flows/encuesta.yaml passes `{{encuesta.id}}`). */
  run: given(z.string().trim().max(64)),
});

const SurveyAnswerArgs = z.strictObject({
  run: z.string().trim().min(1).max(64),
  question: z.string().trim().min(1).max(40),
  /** The option's value or the free text; null when an optional question was skipped. */
  answer: z.preprocess(
    (v) => (v === undefined ? null : typeof v === 'number' ? String(v) : v),
    z.string().max(4000).nullable(),
  ),
});

/** The specs alone, for `flows check`, which validates flows without a database. */
export function surveyActionSpecs(): Map<string, ActionSpec> {
  return new Map<string, ActionSpec>([
    [
      'survey.start',
      {
        description:
          'Empieza (o continúa) la encuesta de satisfacción; si el ciudadano ya respondió una hace poco, no hace nada (resultado: id, pregunta, intro, despedida).',
        args: SurveyStartArgs,
      },
    ],
    [
      'survey.answer',
      {
        description:
          'Guarda la respuesta a una pregunta de la encuesta y da la siguiente (resultado: id, pregunta, despedida).',
        args: SurveyAnswerArgs,
      },
    ],
  ]);
}

export function surveyActions(service: SurveyService): Map<string, ActionImplementation> {
  const specs = surveyActionSpecs();
  return new Map<string, ActionImplementation>([
    [
      'survey.start',
      {
        spec: specs.get('survey.start')!,
        run: async (args, ctx) => service.start(SurveyStartArgs.parse(args), ctx),
      },
    ],
    [
      'survey.answer',
      {
        spec: specs.get('survey.answer')!,
        run: async (args, ctx) => service.answer(SurveyAnswerArgs.parse(args), ctx),
      },
    ],
  ]);
}
