import { z } from 'zod';
import type { ActionImplementation } from '../core/action-registry.js';
import type { Db } from '../db/database.js';
import type { ActionSpec } from '../flows/action-catalog.js';
import { PopulationProfile, isEmptyProfile } from './population-profile.js';
import { PopulationStore } from './population-store.js';

/** Flows pass unanswered questions as null and empty templates as "": both mean "not asked". */
const given = (schema: z.ZodType) => z.preprocess((v) => (v === null || v === '' ? undefined : v), schema.optional());

const shape = PopulationProfile.shape;
const PopulationArgs = z.strictObject({
  discapacidad: given(shape.disability),
  etnia: given(shape.ethnicGroup),
  victima: given(shape.armedConflictVictim),
  edad: given(shape.ageGroup),
  sexo: given(shape.sex),
  identidad: given(shape.genderIdentity),
});

export const populationRecordSpec: ActionSpec = {
  args: PopulationArgs,
  description:
    'Guarda los grupos de población que el ciudadano quiso contar (enfoque diferencial): discapacidad, etnia, victima, ' +
    'edad, sexo, identidad (todos opcionales; "prefiere_no_decir" si eligió no responder). Son datos sensibles: solo ' +
    'se guardan si el ciudadano aceptó el aviso de datos en esta conversación. Se guardan en la conversación y en la ' +
    'última solicitud radicada en ella. Resultado: { guardado }.',
};

export function populationActionSpecs(): Map<string, ActionSpec> {
  return new Map([['population.record', populationRecordSpec]]);
}

/** The `population.record` action, bound to the entity's database. */
export function populationActions(prisma: Db, entityId: string): Map<string, ActionImplementation> {
  const store = new PopulationStore(prisma, entityId);
  const record: ActionImplementation = {
    spec: populationRecordSpec,
    async run(rawArgs, ctx) {
      const a = PopulationArgs.parse(rawArgs) as Record<string, string | undefined>;
      const profile = PopulationProfile.parse({
        ...(a.discapacidad ? { disability: a.discapacidad } : {}),
        ...(a.etnia ? { ethnicGroup: a.etnia } : {}),
        ...(a.victima ? { armedConflictVictim: a.victima } : {}),
        ...(a.edad ? { ageGroup: a.edad } : {}),
        ...(a.sexo ? { sex: a.sexo } : {}),
        ...(a.identidad ? { genderIdentity: a.identidad } : {}),
      });
      // Sensitive data needs explicit authorisation (Ley 1581 art. 6): the flow asks only after "Sí, acepto", and
      // this check keeps a flow edit from storing it without one.
      const consent = await prisma.consent.findFirst({
        where: { entityId, conversationId: ctx.conversationId },
        orderBy: { acceptedAt: 'desc' },
        select: { decision: true },
      });
      if (consent?.decision !== 'aceptado' || isEmptyProfile(profile)) {
        ctx.logger.info({ action: 'population.record', stored: false }, 'population profile not stored');
        return { guardado: false };
      }
      const filed = await prisma.pqrsdCase.findFirst({
        where: { entityId, conversationId: ctx.conversationId },
        orderBy: { createdAt: 'desc' },
        select: { id: true },
      });
      await store.saveForConversation(ctx.conversationId, profile);
      if (filed) await store.saveForCase(filed.id, profile);
      // Which fields, never their values: the log must not say who is a victim or has a disability.
      ctx.logger.info(
        { action: 'population.record', stored: true, caseLinked: filed !== null },
        'population profile stored',
      );
      return { guardado: true };
    },
  };
  return new Map([['population.record', record]]);
}
