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
import { reportRoutes } from './report-routes.js';
import { FailedAuthLimiter, staffAuth } from './staff-auth.js';

/** Case API bodies are short texts; anything bigger is a mistake or an attack (attachments travel by reference). */
export const CASE_API_BODY_LIMIT = 64 * 1024;

export interface CaseRoutesOptions {
  cases: CaseService;
  staff: StaffDirectory;
  /** The supervisors' reports (/reports/service, /dashboard, printable pages); absent, only /reports/pqrsd. */
  reports?: ReportService;
  /** Shared with other authenticated scopes so failures count once per address; a new one by default. */
  authLimiter?: FailedAuthLimiter;
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

const text = (max: number) => z.string().trim().min(1, { error: 'No puede estar vacío.' }).max(max);
/** The case's `version` as last read: a stale one is refused with 409 CASE_CHANGED instead of overwriting. */
const Version = z.number().int().min(1).optional();

const ReportQuery = z.object({
  from: HttpDate,
  to: HttpDate,
  format: z.enum(['json', 'csv']).default('json'),
});

const RadicadoParams = z.object({ radicado: z.string().trim().min(1).max(60) });

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

/** Steps whose fields are all optional may be posted with no body at all (Fastify then hands over null). */
function optionalBody<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => value ?? {}, schema);
}

const AssignBody = z.strictObject({ dependency: text(120), version: Version });
const RequestCompletionBody = z.strictObject({ missing: text(2000), version: Version });
const CompletionReceivedBody = optionalBody(z.strictObject({ note: text(2000).optional(), version: Version }));
const ExtendBody = z.strictObject({
  newDueDate: HttpDate,
  reasons: text(2000),
  /** How the official told a citizen who has no chat with the entity (art. 14 par.: an untold extension does not count). */
  notifiedBy: z.enum(['correo', 'direccion', 'personal']).optional(),
  version: Version,
});
const TransferBody = z.strictObject({ recipient: text(200), reasons: text(2000).optional(), version: Version });
const AnswerBody = z.strictObject({
  text: text(20_000),
  denied: z.boolean().optional(),
  /** Arts. 24-25: the provision that makes the information reserved, required with `denied`. */
  reserve: text(1000).optional(),
  /** Art. 19: a repeated petition already resolved is answered by referring to the earlier answer. */
  earlierRadicado: text(60).optional(),
  version: Version,
});
const ClarificationBody = z.strictObject({ what: text(2000), version: Version });
const ClarificationReceivedBody = optionalBody(z.strictObject({ note: text(2000).optional(), version: Version }));
const ArchiveBody = optionalBody(z.strictObject({ version: Version }));
const RejectBody = z.strictObject({ reasons: text(2000), version: Version });
/** Art. 20: why the petition has priority, the shorter term the entity sets, and the urgent measures for imminent harm. */
const PrioritizeBody = z.strictObject({
  reason: z.enum(['derecho_fundamental', 'perjuicio_irremediable', 'periodista']),
  dueDate: HttpDate,
  measures: text(2000).optional(),
  version: Version,
});
const CloseBody = optionalBody(z.strictObject({ reason: text(1000).optional(), version: Version }));
/** Art. 17: desistimiento is a reasoned act. */
const DesistBody = z.strictObject({ reasons: text(2000), version: Version });
const NotifyDesistimientoBody = z.strictObject({ how: text(500), version: Version });
const ReposicionBody = z.strictObject({ grounds: text(4000), version: Version });
const ResolveReposicionBody = z.strictObject({
  outcome: z.enum(['confirmado', 'revocado']),
  reasons: text(2000),
  version: Version,
});
const WithdrawBody = optionalBody(z.strictObject({ note: text(2000).optional(), version: Version }));
const ContinueBody = z.strictObject({ reasons: text(2000), version: Version });
/** Ley 1755 art. 26: the recurso de insistencia, the court it goes to and the court's decision. */
const InsistBody = z.strictObject({ grounds: text(4000), version: Version });
const ReferToCourtBody = z.strictObject({ court: text(300), version: Version });
const CourtDecisionBody = z.strictObject({ outcome: z.enum(['confirma', 'ordena_entrega']), version: Version });
/** Ley 1581 art. 8 e: the citizen revoked the data authorization by letter, at the counter or by phone. */
const RevokeConsentBody = optionalBody(z.strictObject({ note: text(2000).optional(), version: Version }));

const LimitQuery = (max: number, fallback: number) =>
  z.object({ limit: z.coerce.number().int().min(1).max(max).default(fallback) });

/**
 * The officials' case API, registered under /api/v1: listing and reading cases and every workflow step of
 * src/cases/service/case-service.ts. The service decides permissions and visibility (a case someone may not see is
 * 404, like a missing one) and its refusals reach the client through the error handler as `{ error: { code,
 * message } }` with the service's status. Only the published answers of anonymous cases are public.
 */
export const caseRoutes: FastifyPluginAsyncZod<CaseRoutesOptions> = async (app, options) => {
  app.setValidatorCompiler(spanishValidatorCompiler);
  // Every route of this scope (and its children) gets the small body limit unless it sets its own.
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= CASE_API_BODY_LIMIT;
  });

  app.get('/public/answers', { schema: { querystring: LimitQuery(200, 50) } }, async (request, reply) => {
    void reply.header('cache-control', 'public, max-age=60');
    return { items: await options.cases.publishedAnswers(request.query.limit) };
  });

  app.get('/public/extensions', { schema: { querystring: LimitQuery(200, 50) } }, async (request, reply) => {
    void reply.header('cache-control', 'public, max-age=60');
    return { items: await options.cases.publishedExtensions(request.query.limit) };
  });

  // Only our own fields: `options` also holds the prefix, which the child would apply a second time.
  await app.register(staffCaseRoutes, {
    cases: options.cases,
    staff: options.staff,
    authLimiter: options.authLimiter ?? new FailedAuthLimiter(),
    ...(options.reports ? { reports: options.reports } : {}),
  });
};

const staffCaseRoutes: FastifyPluginAsyncZod<CaseRoutesOptions> = async (app, options) => {
  const { cases } = options;
  await app.register(staffAuth, {
    directory: options.staff,
    ...(options.authLimiter ? { limiter: options.authLimiter } : {}),
  });
  if (options.reports) await app.register(reportRoutes, { reports: options.reports });

  app.get('/cases', { schema: { querystring: ListQuery } }, async (request) => {
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
  app.get('/cases/:radicado', { schema: { params: RadicadoParams } }, async (request) => {
    const view = await cases.get(request.staff, request.params.radicado);
    if (!mayReadCasePopulation(request.staff)) return view;
    const stated = await population.ofCase(view.id);
    return { ...view, population: stated, populationLabels: populationLabels(stated) };
  });

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

  app.post('/cases/:radicado/assign', { schema: { params: RadicadoParams, body: AssignBody } }, async (request) =>
    cases.assign(request.staff, request.params.radicado, request.body),
  );

  app.post(
    '/cases/:radicado/request-completion',
    { schema: { params: RadicadoParams, body: RequestCompletionBody } },
    async (request) => cases.requestCompletion(request.staff, request.params.radicado, request.body),
  );

  app.post(
    '/cases/:radicado/completion-received',
    { schema: { params: RadicadoParams, body: CompletionReceivedBody } },
    async (request) => cases.receiveCompletion(request.staff, request.params.radicado, request.body),
  );

  app.post('/cases/:radicado/extend', { schema: { params: RadicadoParams, body: ExtendBody } }, async (request) =>
    cases.extend(request.staff, request.params.radicado, request.body),
  );

  app.post('/cases/:radicado/transfer', { schema: { params: RadicadoParams, body: TransferBody } }, async (request) =>
    cases.transfer(request.staff, request.params.radicado, request.body),
  );

  app.post('/cases/:radicado/answer', { schema: { params: RadicadoParams, body: AnswerBody } }, async (request) =>
    cases.answer(request.staff, request.params.radicado, request.body),
  );

  app.post('/cases/:radicado/close', { schema: { params: RadicadoParams, body: CloseBody } }, async (request) =>
    cases.close(request.staff, request.params.radicado, request.body),
  );

  app.post('/cases/:radicado/desist', { schema: { params: RadicadoParams, body: DesistBody } }, async (request) =>
    cases.desist(request.staff, request.params.radicado, request.body),
  );

  app.post(
    '/cases/:radicado/notify-desistimiento',
    { schema: { params: RadicadoParams, body: NotifyDesistimientoBody } },
    async (request) => cases.notifyDesistimiento(request.staff, request.params.radicado, request.body),
  );

  app.post(
    '/cases/:radicado/reposicion',
    { schema: { params: RadicadoParams, body: ReposicionBody } },
    async (request) => cases.fileReposicion(request.staff, request.params.radicado, request.body),
  );

  app.post(
    '/cases/:radicado/resolve-reposicion',
    { schema: { params: RadicadoParams, body: ResolveReposicionBody } },
    async (request) => cases.resolveReposicion(request.staff, request.params.radicado, request.body),
  );

  app.post('/cases/:radicado/withdraw', { schema: { params: RadicadoParams, body: WithdrawBody } }, async (request) =>
    cases.withdraw(request.staff, request.params.radicado, request.body),
  );

  app.post(
    '/cases/:radicado/continue-public-interest',
    { schema: { params: RadicadoParams, body: ContinueBody } },
    async (request) => cases.continueForPublicInterest(request.staff, request.params.radicado, request.body),
  );

  app.post(
    '/cases/:radicado/return-for-clarification',
    { schema: { params: RadicadoParams, body: ClarificationBody } },
    async (request) => cases.returnForClarification(request.staff, request.params.radicado, request.body),
  );

  app.post(
    '/cases/:radicado/clarification-received',
    { schema: { params: RadicadoParams, body: ClarificationReceivedBody } },
    async (request) => cases.receiveClarification(request.staff, request.params.radicado, request.body),
  );

  app.post(
    '/cases/:radicado/archive-unclarified',
    { schema: { params: RadicadoParams, body: ArchiveBody } },
    async (request) => cases.archiveUnclarified(request.staff, request.params.radicado, request.body),
  );

  app.post(
    '/cases/:radicado/reject-disrespectful',
    { schema: { params: RadicadoParams, body: RejectBody } },
    async (request) => cases.rejectDisrespectful(request.staff, request.params.radicado, request.body),
  );

  app.post(
    '/cases/:radicado/prioritize',
    { schema: { params: RadicadoParams, body: PrioritizeBody } },
    async (request) => cases.prioritize(request.staff, request.params.radicado, request.body),
  );

  app.post('/cases/:radicado/insist', { schema: { params: RadicadoParams, body: InsistBody } }, async (request) =>
    cases.insist(request.staff, request.params.radicado, request.body),
  );
  app.post(
    '/cases/:radicado/refer-to-court',
    { schema: { params: RadicadoParams, body: ReferToCourtBody } },
    async (request) => cases.referToCourt(request.staff, request.params.radicado, request.body),
  );
  app.post(
    '/cases/:radicado/court-decision',
    { schema: { params: RadicadoParams, body: CourtDecisionBody } },
    async (request) => cases.recordCourtDecision(request.staff, request.params.radicado, request.body),
  );

  app.post(
    '/cases/:radicado/revoke-consent',
    { schema: { params: RadicadoParams, body: RevokeConsentBody } },
    async (request) => cases.revokeConsentOf(request.staff, request.params.radicado, request.body),
  );

  // The law's transitions between legal states, for the console and the docs (src/cases/service/case-transitions.ts).
  app.get('/case-transitions', async () => ({
    items: caseSteps.map((step) => {
      const rule = CASE_TRANSITIONS[step];
      return { step, from: rule.from, to: rule.to, article: rule.article, permission: rule.permission };
    }),
  }));

  app.get('/reports/pqrsd', { schema: { querystring: ReportQuery } }, async (request, reply) => {
    const { from, to, format } = request.query;
    const report = await cases.report(request.staff, { from, to });
    if (format === 'csv') {
      void reply.header('content-type', 'text/csv; charset=utf-8');
      void reply.header('content-disposition', `attachment; filename="pqrsd-${from}-${to}.csv"`);
      return reportToCsv(report);
    }
    return report;
  });

  app.get('/reminders', { schema: { querystring: LimitQuery(500, 100) } }, async (request) => ({
    items: await cases.reminders(request.staff, request.query.limit),
  }));
};
