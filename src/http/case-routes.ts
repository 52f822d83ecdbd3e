import fp from 'fastify-plugin';
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TrafficLight } from '../cases/deadlines/traffic-light.js';
import { CaseError } from '../cases/service/case-error.js';
import type { CaseService } from '../cases/service/case-service.js';
import { caseStatuses } from '../cases/service/case-status.js';
import { CASE_TRANSITIONS, caseSteps } from '../cases/service/case-transitions.js';
import { ConsentDecision } from '../cases/service/consent-decision.js';
import { FileCaseInput } from '../cases/service/file-case-input.js';
import { CaseType } from '../cases/terms.js';
import type { StaffDirectory } from '../staff/staff-directory.js';
import { can } from '../staff/staff-member.js';
import { reportToCsv } from '../cases/report/report-formats.js';
import type { ReportService } from '../reports/report-service.js';
import { mayReadCasePopulation } from '../population/population-access.js';
import { PopulationProfile, populationLabels } from '../population/population-profile.js';
import { PopulationStore } from '../population/population-store.js';
import { HttpDate } from './http-date.js';
import { rawUploadScope, uploadedFile } from './raw-upload-scope.js';
import { maxUploadBytes } from '../uploads/check-upload.js';
import { cleanFileName } from '../uploads/stored-files.js';
import { csv, reportRoutes } from './report-routes.js';
import { PqrsdReport } from './report-wire.js';
import {
  AnswerFile,
  CaseDetail,
  CaseList,
  CaseTransitions,
  PublishedAnswers,
  PublishedExtensions,
  Reminders,
} from './case-wire.js';
import { caseStepRoutes, RadicadoParams, text } from './case-step-routes.js';
import { caseRecommendationRoutes } from './case-recommendation-routes.js';
import { CaseRecommendations } from '../cases/recommendations/case-recommendations.js';
import { staffAuth } from './staff-auth.js';
import { infrastructure } from './plugin-names.js';

/** Case API bodies are short texts; anything bigger is a mistake or an attack (attachments travel by reference). */
export const CASE_API_BODY_LIMIT = 64 * 1024;

export interface CaseRoutesOptions {
  cases: CaseService;
  staff: StaffDirectory;
  /** The supervisors' reports (/reports/service, /dashboard, printable pages); absent, only /reports/pqrsd. */
  reports?: ReportService;
}

const spanishErrors = z.locales.es().localeError;
// The symbol fastify-type-provider-zod marks its validation errors with, so the error handler treats ours the same.
const zodValidationMark = Symbol.for('ZodFastifySchemaValidationError');

/**
 * fastify-type-provider-zod's validator, with zod's Spanish messages for the `details` of a 400: officials and the
 * console read them. Messages set on a schema (dates, for instance) still win.
 */
const spanishValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data, { error: spanishErrors });
    if (result.success) return { value: result.data };
    const errors = result.error.issues.map(
      (issue) =>
        ({
          [zodValidationMark]: true,
          keyword: issue.code,
          instancePath: `/${issue.path.join('/')}`,
          schemaPath: `#/${issue.path.join('/')}/${issue.code}`,
          message: issue.message,
          params: {},
        }) as FastifySchemaValidationError,
    );
    return { error: errors };
  };

const trafficLights = [
  'green',
  'yellow',
  'red',
  'expired',
  'paused',
  'closed',
] as const satisfies readonly TrafficLight[];

const ReportQuery = z.object({
  from: HttpDate,
  to: HttpDate,
  format: z.enum(['json', 'csv']).default('json'),
});

const ListQuery = z
  .object({
    type: CaseType.optional(),
    status: z.enum(caseStatuses).optional(),
    dependency: text(120).optional(),
    light: z.enum(trafficLights).optional(),
    from: HttpDate.optional(),
    to: HttpDate.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    error: 'La fecha inicial (from) es posterior a la final (to).',
    path: ['from'],
  });

const NewCaseBody = FileCaseInput.extend({
  /**
   * The data-use notice shown on paper or at the counter: which version of the policy, and what the citizen chose
   * (accepted by default). Recorded, never required (Ley 1755 art. 15 par. 2).
   */
  consent: z.strictObject({ policyVersion: text(40), decision: ConsentDecision.optional() }).optional(),
  /**
   * The petition was made verbally (in person or by phone) and the official wrote it down (Decreto 1166 de 2016). A
   * written petition handed in at the counter is not verbal, and is the default.
   */
  verbal: z.boolean().default(false),
  /**
   * The population groups the citizen chose to state (enfoque diferencial): sensitive data, every field optional, kept
   * only with an accepted data notice (consent.decision "aceptado").
   */
  population: PopulationProfile.optional(),
});

const NewCaseHeaders = z.object({
  /** Lets a client retry a filing after a network failure without getting a second radicado. */
  'idempotency-key': z.string().trim().min(8).max(100).optional(),
});

const Filed = z.object({ radicado: z.string(), dueDate: z.string(), lookupCode: z.string().optional() });

const LimitQuery = (max: number, fallback: number) =>
  z.object({ limit: z.coerce.number().int().min(1).max(max).default(fallback) });

/**
 * The officials' case API, registered under /api/v1: listing and reading cases and every workflow step of
 * src/cases/service/case-service.ts. The service decides permissions and visibility (a case someone may not see is
 * 404, like a missing one) and its refusals reach the client through the error handler as `{ error: { code,
 * message } }` with the service's status. Only the published answers of anonymous cases are public.
 */
const caseRoutesPlugin: FastifyPluginAsyncZod<CaseRoutesOptions> = async (app, options) => {
  app.setValidatorCompiler(spanishValidatorCompiler);
  // Every route of this scope (and its children) gets the small body limit unless it sets its own.
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= CASE_API_BODY_LIMIT;
  });

  app.get(
    '/public/answers',
    { schema: { querystring: LimitQuery(200, 50), response: { 200: PublishedAnswers } } },
    async (request, reply) => {
      void reply.header('cache-control', 'public, max-age=60');
      return { items: await options.cases.publishedAnswers(request.query.limit) };
    },
  );

  app.get(
    '/public/extensions',
    { schema: { querystring: LimitQuery(200, 50), response: { 200: PublishedExtensions } } },
    async (request, reply) => {
      void reply.header('cache-control', 'public, max-age=60');
      return { items: await options.cases.publishedExtensions(request.query.limit) };
    },
  );

  // Only our own fields: `options` also holds the prefix, which the child would apply a second time.
  await app.register(staffCaseRoutes, {
    cases: options.cases,
    staff: options.staff,
    ...(options.reports ? { reports: options.reports } : {}),
  });
};

const staffCaseRoutes: FastifyPluginAsyncZod<CaseRoutesOptions> = async (app, options) => {
  const { cases } = options;
  await app.register(staffAuth, {
    directory: options.staff,
    limiter: app.authLimiter,
  });
  if (options.reports) await app.register(reportRoutes, { reports: options.reports });

  app.get('/cases', { schema: { querystring: ListQuery, response: { 200: CaseList } } }, async (request) => {
    const q = request.query;
    return cases.list(request.staff, {
      limit: q.limit,
      offset: q.offset,
      ...(q.type ? { type: q.type } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.dependency ? { dependency: q.dependency } : {}),
      ...(q.light ? { light: q.light } : {}),
      ...(q.from ? { from: q.from } : {}),
      ...(q.to ? { to: q.to } : {}),
    });
  });

  const population = new PopulationStore(app.database.prisma, cases.entityId);

  // The case's own population fields go only to the officials handling it, never to supervisors (aggregates only).
  app.get(
    '/cases/:radicado',
    { schema: { params: RadicadoParams, response: { 200: CaseDetail } } },
    async (request) => {
      const view = await cases.get(request.staff, request.params.radicado);
      if (!mayReadCasePopulation(request.staff)) return view;
      const stated = await population.ofCase(view.id);
      return { ...view, population: stated, populationLabels: populationLabels(stated) };
    },
  );

  // A petition received in person or on paper (Ley 1755 art. 15; Decreto 1166 de 2016), filed by the official.
  app.post(
    '/cases',
    { schema: { body: NewCaseBody, headers: NewCaseHeaders, response: { 200: Filed, 201: Filed } } },
    async (request, reply) => {
      const actor = request.staff;
      if (!can(actor, 'cases.assign')) {
        throw new CaseError('FORBIDDEN', 'Su rol no le permite radicar peticiones recibidas en persona.');
      }
      const { consent, verbal, population: stated, ...input } = request.body;
      const accepted =
        input.requesterKind !== 'anonima' && consent !== undefined && (consent.decision ?? 'aceptado') === 'aceptado';
      if (stated && !accepted) {
        throw new CaseError(
          'INPUT_NOT_VALID',
          'Los grupos de población son datos sensibles: solo se guardan si el ciudadano aceptó el aviso de datos (consent).',
        );
      }
      const recorded =
        consent && input.requesterKind !== 'anonima'
          ? await cases.recordConsent({
              channel: 'presencial',
              policyVersion: consent.policyVersion,
              ...(consent.decision ? { decision: consent.decision } : {}),
            })
          : undefined;
      const key = request.headers['idempotency-key'];
      const filed = await cases.file(input, {
        channel: 'presencial',
        staff: { id: actor.id, name: actor.name, verbal },
        ...(recorded ? { consentId: recorded.id } : {}),
        // Scoped to the official so two people's keys can never collide with each other or with chat turns.
        ...(key ? { idempotencyKey: `api:${actor.id}:${key}` } : {}),
      });
      if (stated && !filed.duplicate) await population.saveForCase(filed.id, stated);
      return reply.status(filed.duplicate ? 200 : 201).send({
        radicado: filed.radicado,
        dueDate: filed.dueDate,
        ...(filed.lookupCode ? { lookupCode: filed.lookupCode } : {}),
      });
    },
  );

  // The documents of an answer (the signed letter, a certificate): uploaded one by one, then named in the answer step.
  await rawUploadScope(app, (files) => {
    files.post(
      '/cases/:radicado/files',
      { schema: { params: RadicadoParams, response: { 201: AnswerFile } }, bodyLimit: maxUploadBytes },
      async (request, reply) => {
        const { data, type } = uploadedFile(request.body, request.headers['content-type']);
        const name = request.headers['x-file-name'];
        const attachment = await cases.keepAnswerFile(request.staff, request.params.radicado, {
          data,
          mimeType: type,
          fileName: cleanFileName(typeof name === 'string' ? name : undefined, type),
        });
        return reply.status(201).send({ attachment });
      },
    );
  });

  await app.register(caseStepRoutes, { cases });
  await app.register(caseRecommendationRoutes, {
    recommendations: new CaseRecommendations(app.database.prisma, cases.entityId),
  });

  // The law's transitions between legal states, for the console and the docs (src/cases/service/case-transitions.ts).
  app.get('/case-transitions', { schema: { response: { 200: CaseTransitions } } }, async () => ({
    items: caseSteps.map((step) => {
      const rule = CASE_TRANSITIONS[step];
      return {
        step,
        from: [...rule.from],
        to: [...rule.to],
        article: rule.article,
        permission: rule.permission,
        types: rule.types ? [...rule.types] : null,
      };
    }),
  }));

  app.get(
    '/reports/pqrsd',
    { schema: { querystring: ReportQuery, response: { 200: PqrsdReport } } },
    async (request, reply) => {
      const { from, to, format } = request.query;
      const report = await cases.report(request.staff, { from, to });
      if (format === 'csv') return csv(reply, `pqrsd-${from}-${to}.csv`, reportToCsv(report));
      return report;
    },
  );

  app.get(
    '/reminders',
    { schema: { querystring: LimitQuery(500, 100), response: { 200: Reminders } } },
    async (request) => ({
      items: await cases.reminders(request.staff, request.query.limit),
    }),
  );
};

export const caseRoutes = fp(caseRoutesPlugin, {
  name: 'ventanilla-case-routes',
  dependencies: [infrastructure.core, infrastructure.authLimiter],
  encapsulate: true,
});
