import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CaseService } from '../cases/service/case-service.js';
import { caseSteps, type CaseStep } from '../cases/service/case-transitions.js';
import type { StaffCaseView } from '../cases/service/case-view.js';
import type { StaffActor } from '../staff/staff-member.js';
import { CaseView } from './case-wire.js';
import { HttpDate } from './http-date.js';

export const text = (max: number) => z.string().trim().min(1, { error: 'No puede estar vacío.' }).max(max);
/** The case's `version` as last read: a stale one is refused with 409 CASE_CHANGED instead of overwriting. */
export const Version = z.number().int().min(1).optional();
export const RadicadoParams = z.object({ radicado: z.string().trim().min(1).max(60) });

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
/** Art. 21: `toldAtOnce` records that the citizen of a verbal petition was told there and then. */
const TransferBody = z.strictObject({
  recipient: text(200),
  reasons: text(2000).optional(),
  toldAtOnce: z.boolean().optional(),
  version: Version,
});
const NoCompetenceBody = z.strictObject({ reasons: text(2000), toldAtOnce: z.boolean().optional(), version: Version });
const AnswerBody = z.strictObject({
  text: text(20_000),
  denied: z.boolean().optional(),
  /** Arts. 24-25: the provision that makes the information reserved, required with `denied`. */
  reserve: text(1000).optional(),
  /** Art. 19: a repeated petition already resolved is answered by referring to the earlier answer. */
  earlierRadicado: text(60).optional(),
  /** Documents uploaded with POST /api/v1/cases/:radicado/files, sent with the answer. */
  attachments: z
    .array(z.string().regex(/^upload:[0-9a-f-]{36}$/, 'archivo no válido'))
    .max(5)
    .optional(),
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

/** Ley 1474 art. 76: the subject category from settings.pqrsd.temas (checked by the service); null clears it. */
const TopicBody = z.strictObject({ topic: z.union([text(120), z.null()]), version: Version });
/** Ley 1474 art. 76: the disciplinary or control body a queja or denuncia was referred to. */
const ReferralBody = z.strictObject({
  /** Optional here so that a missing body gets the rule's own code, REFERRAL_BODY_REQUIRED, from the service. */
  body: z.string().trim().max(200).optional(),
  note: text(2000).optional(),
  version: Version,
});

/** One workflow step as the API takes it: its body, and the service call it makes. */
interface StepRoute {
  body: z.ZodType;
  run: (cases: CaseService, actor: StaffActor, radicado: string, body: unknown) => Promise<StaffCaseView>;
}

/** Fastify validates the body against `body` before `run` sees it, so `run` may take the schema's output type. */
function step<B extends z.ZodType>(
  body: B,
  run: (cases: CaseService, actor: StaffActor, radicado: string, body: z.output<B>) => Promise<StaffCaseView>,
): StepRoute {
  return { body, run: run as StepRoute['run'] };
}

/** Every step of the transitions table has exactly one route: the compiler refuses a step without one. */
export const CASE_STEP_ROUTES: Readonly<Record<CaseStep, StepRoute>> = {
  assign: step(AssignBody, (c, a, r, b) => c.assign(a, r, b)),
  'request-completion': step(RequestCompletionBody, (c, a, r, b) => c.requestCompletion(a, r, b)),
  'completion-received': step(CompletionReceivedBody, (c, a, r, b) => c.receiveCompletion(a, r, b)),
  extend: step(ExtendBody, (c, a, r, b) => c.extend(a, r, b)),
  transfer: step(TransferBody, (c, a, r, b) => c.transfer(a, r, b)),
  'no-competent-authority': step(NoCompetenceBody, (c, a, r, b) => c.declareNoCompetence(a, r, b)),
  answer: step(AnswerBody, (c, a, r, b) => c.answer(a, r, b)),
  close: step(CloseBody, (c, a, r, b) => c.close(a, r, b)),
  desist: step(DesistBody, (c, a, r, b) => c.desist(a, r, b)),
  'notify-desistimiento': step(NotifyDesistimientoBody, (c, a, r, b) => c.notifyDesistimiento(a, r, b)),
  reposicion: step(ReposicionBody, (c, a, r, b) => c.fileReposicion(a, r, b)),
  'resolve-reposicion': step(ResolveReposicionBody, (c, a, r, b) => c.resolveReposicion(a, r, b)),
  withdraw: step(WithdrawBody, (c, a, r, b) => c.withdraw(a, r, b)),
  'continue-public-interest': step(ContinueBody, (c, a, r, b) => c.continueForPublicInterest(a, r, b)),
  'return-for-clarification': step(ClarificationBody, (c, a, r, b) => c.returnForClarification(a, r, b)),
  'clarification-received': step(ClarificationReceivedBody, (c, a, r, b) => c.receiveClarification(a, r, b)),
  'archive-unclarified': step(ArchiveBody, (c, a, r, b) => c.archiveUnclarified(a, r, b)),
  'reject-disrespectful': step(RejectBody, (c, a, r, b) => c.rejectDisrespectful(a, r, b)),
  prioritize: step(PrioritizeBody, (c, a, r, b) => c.prioritize(a, r, b)),
  insist: step(InsistBody, (c, a, r, b) => c.insist(a, r, b)),
  'refer-to-court': step(ReferToCourtBody, (c, a, r, b) => c.referToCourt(a, r, b)),
  'court-decision': step(CourtDecisionBody, (c, a, r, b) => c.recordCourtDecision(a, r, b)),
  'revoke-consent': step(RevokeConsentBody, (c, a, r, b) => c.revokeConsentOf(a, r, b)),
  'set-topic': step(TopicBody, (c, a, r, b) => c.setTopic(a, r, b)),
  'refer-to-control-body': step(ReferralBody, (c, a, r, b) => c.referToControlBody(a, r, b)),
};

/**
 * POST /cases/:radicado/<step> for every workflow step. Registered inside the officials' scope, whose hooks
 * authenticate (`request.staff`) and whose validator gives Spanish messages.
 */
export const caseStepRoutes: FastifyPluginAsyncZod<{ cases: CaseService }> = async (app, { cases }) => {
  for (const name of caseSteps) {
    const route = CASE_STEP_ROUTES[name];
    app.post(
      `/cases/:radicado/${name}`,
      { schema: { params: RadicadoParams, body: route.body, response: { 200: CaseView } } },
      async (request) => route.run(cases, request.staff, request.params.radicado, request.body),
    );
  }
};
