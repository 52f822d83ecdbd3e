import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CaseRecommendations } from '../cases/recommendations/case-recommendations.js';
import { RecommendationPeriod, RecommendationStatus } from '../cases/recommendations/case-recommendations.js';
import { text } from './case-step-routes.js';
import { Recommendation } from './case-wire.js';

const PeriodQuery = z.object({ period: RecommendationPeriod });
const NewRecommendation = z.strictObject({ period: RecommendationPeriod, text: text(4000) });
const RecommendationChange = z
  .strictObject({ status: RecommendationStatus.optional(), text: text(4000).optional() })
  .refine((b) => b.status !== undefined || b.text !== undefined, {
    error: 'Indique el nuevo estado (pendiente, en_curso o cumplida) o el texto corregido.',
  });
const IdParams = z.object({ id: z.string().trim().min(1).max(60) });

/**
 * Control Interno's recommendations of the Ley 1474 art. 76 report (GET/POST /recommendations, PATCH
 * /recommendations/:id). Registered inside the officials' scope; the store checks who may read and write.
 */
export const caseRecommendationRoutes: FastifyPluginAsyncZod<{ recommendations: CaseRecommendations }> = async (
  app,
  { recommendations },
) => {
  app.get(
    '/recommendations',
    { schema: { querystring: PeriodQuery, response: { 200: z.object({ items: z.array(Recommendation) }) } } },
    async (request) => ({
      items: await recommendations.list(request.staff, request.query.period),
    }),
  );
  app.post(
    '/recommendations',
    { schema: { body: NewRecommendation, response: { 201: Recommendation } } },
    async (request, reply) => {
      const created = await recommendations.create(request.staff, request.body);
      return reply.code(201).send(created);
    },
  );
  app.patch(
    '/recommendations/:id',
    { schema: { params: IdParams, body: RecommendationChange, response: { 200: Recommendation } } },
    async (request) => recommendations.update(request.staff, request.params.id, request.body),
  );
};
