import { z } from 'zod';
import type { ActionImplementation } from '../core/action-registry.js';
import type { ActionSpec } from '../flows/action-catalog.js';
import type { JsonValue } from '../lib/json-value.js';
import type { KnowledgeLookup, KnowledgeService } from '../knowledge/knowledge-service.js';
import { answerWithSteps } from '../knowledge/answer-with-steps.js';

/** The same rule as an entry's id in kb.json: flows pass ids they got from a previous result. */
const EntryId = z.string().trim().min(1).max(120);
const Question = z.string().trim().min(1).max(2000);

const KbLookupArgs = z.strictObject({
  question: Question,
  /** The entry the citizen picked from a list (`options` or `alternatives` of a previous result). */
  id: EntryId.optional(),
  /**
   * The entry just given to this citizen, so that a follow-up ("¿y cuánto vale?") is read against it. Flows render a
   * missing variable as '', which means none.
   */
  previous: z.string().trim().max(120).optional(),
});

const KbFeedbackArgs = z.strictObject({
  id: EntryId,
  helpful: z.boolean(),
  question: Question,
});

export const kbLookupSpec: ActionSpec = {
  args: KbLookupArgs,
  description:
    'Busca la pregunta en la base de conocimiento. Resultado: { found: true, kind: "answer", id, title, answer, ' +
    'alternatives: [{ id, title }] }, o { found: true, kind: "clarify", options: [{ id, title }] } cuando hay varias ' +
    'entradas parecidas, o { found: false, reason, redirect? } (se anota como pregunta sin respuesta). Con "id" ' +
    'muestra esa entrada (la que el ciudadano eligió de una lista). Con "previous" (el id de la entrada que se le ' +
    'acaba de dar) entiende preguntas de seguimiento como «¿y cuánto vale?»: entonces "answer" trae solo la parte ' +
    'de la respuesta que la contesta y el resultado incluye followUp: true.',
};

export const kbFeedbackSpec: ActionSpec = {
  args: KbFeedbackArgs,
  description:
    'Anota si una respuesta le sirvió al ciudadano. Con helpful: false la pregunta queda en la lista de preguntas ' +
    'sin respuesta («kb misses») como «no le sirvió». Resultado: { recorded: true | false }.',
};

/** The knowledge actions' specs without a service, for `flows check` and tests. */
export function knowledgeActionSpecs(): Map<string, ActionSpec> {
  return new Map([
    ['kb.lookup', kbLookupSpec],
    ['kb.feedback', kbFeedbackSpec],
  ]);
}

/** The JSON a flow receives. Stable: flows read these fields by name. */
export function lookupToJson(lookup: KnowledgeLookup): JsonValue {
  switch (lookup.kind) {
    case 'answer':
      return {
        found: true,
        kind: 'answer',
        id: lookup.entry.id,
        title: lookup.entry.title,
        // A follow-up shows only the passage that answers it; the whole answer comes with its steps.
        answer: lookup.passage ?? answerWithSteps(lookup.entry.answer, lookup.entry.steps),
        links: (lookup.entry.links ?? []).map((l) => ({ label: l.label, url: l.url })),
        alternatives: lookup.alternatives.map((a) => ({ id: a.id, title: a.title })),
        ...(lookup.passage !== undefined ? { followUp: true } : {}),
      };
    case 'clarify':
      return { found: true, kind: 'clarify', options: lookup.options.map((o) => ({ id: o.id, title: o.title })) };
    case 'unknown':
      return {
        found: false,
        kind: 'unknown',
        reason: lookup.reason,
        ...(lookup.redirect !== undefined ? { redirect: lookup.redirect } : {}),
      };
  }
}

/**
 * `kb.lookup`, what the flows' `kb` node calls. An unknown question (one the knowledge base should cover) is recorded
 * for editors; an id that no longer exists is not, since the citizen's question was already handled.
 */
export function kbLookupAction(service: KnowledgeService): ActionImplementation {
  return {
    spec: kbLookupSpec,
    async run(rawArgs, ctx) {
      const args = KbLookupArgs.parse(rawArgs);
      const previous = args.previous === '' ? undefined : args.previous;
      const lookup =
        args.id !== undefined
          ? await service.show(args.id, args.question)
          : await service.lookup(args.question, previous === undefined ? {} : { previous });
      if (lookup.kind === 'unknown' && lookup.gap) {
        await service.recordMiss(args.question, 'unknown');
      }
      ctx.logger.debug(
        {
          action: 'kb.lookup',
          kind: lookup.kind,
          ...(lookup.kind === 'answer' ? { entry: lookup.entry.id, followUp: lookup.passage !== undefined } : {}),
        },
        'knowledge lookup',
      );
      return lookupToJson(lookup);
    },
  };
}

/** `kb.feedback`: the citizen said whether the answer helped; "no" adds the question to the misses as not-helpful. */
export function kbFeedbackAction(service: KnowledgeService): ActionImplementation {
  return {
    spec: kbFeedbackSpec,
    async run(rawArgs, ctx) {
      const args = KbFeedbackArgs.parse(rawArgs);
      if (args.helpful) return { recorded: false };
      const recorded = await service.recordMiss(args.question, 'not-helpful', args.id);
      ctx.logger.debug({ action: 'kb.feedback', entry: args.id, helpful: false }, 'knowledge feedback');
      return { recorded };
    },
  };
}

/** Both knowledge actions, keyed by name, ready to merge into the action registry. */
export function knowledgeActions(service: KnowledgeService): Map<string, ActionImplementation> {
  return new Map([
    ['kb.lookup', kbLookupAction(service)],
    ['kb.feedback', kbFeedbackAction(service)],
  ]);
}
