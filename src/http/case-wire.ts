import { z } from 'zod';
import { caseSteps } from '../cases/service/case-transitions.js';
import { RecommendationStatus } from '../cases/recommendations/case-recommendations.js';
import { Attachment } from '../lib/messages.js';
import { PopulationProfile } from '../population/population-profile.js';

/**
 * The officials' case API on the wire (docs/case-api.md): the response schemas of src/http/case-routes.ts and its
 * children. They mirror the service's views (src/cases/service/case-view.ts); a field the service adds and this file
 * does not name is dropped by the serializer, so the API tests read the fields they rely on.
 */

const day = z.string();
const nullableDay = day.nullable();

const Reserved = z.object({ reservada: z.literal(true) });

const Requester = z.union([
  Reserved,
  z.object({
    name: z.string().nullable(),
    documentType: z.string().nullable(),
    documentNumber: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.string().nullable(),
  }),
]);

const Represented = z.union([
  Reserved,
  z.object({ name: z.string(), documentType: z.string().nullable(), documentNumber: z.string().nullable() }),
]);

const Extension = z.object({
  notifiedOn: day,
  previousDueDate: day,
  newDueDate: day,
  reasons: z.string(),
  notifiedVia: z.enum(['canal', 'publicacion', 'correo', 'direccion', 'personal']).optional(),
});

const Completion = z.object({
  requestedOn: day,
  missing: z.string(),
  citizenDeadline: day,
  extended: z.boolean(),
  completedOn: nullableDay,
  elapsedBusinessDays: z.number(),
});

const Transfer = z.object({
  transferredOn: day,
  recipient: z.string(),
  deadline: day,
  late: z.boolean(),
  verbal: z.boolean().optional(),
});

const Desistimiento = z.object({
  declaredOn: day,
  reasons: z.string(),
  notifiedOn: nullableDay,
  notifiedHow: z.string().nullable(),
  reposicion: z
    .object({
      filedOn: day,
      grounds: z.string(),
      resolvedOn: nullableDay,
      outcome: z.enum(['confirmado', 'revocado']).nullable(),
    })
    .nullable(),
  reposicionUntil: nullableDay,
});

const Withdrawal = z.object({
  withdrawnOn: day,
  previousStatus: z.string(),
  continuedOn: nullableDay,
  continueReasons: z.string().nullable(),
});

const Clarification = z.object({ requestedOn: day, what: z.string(), citizenDeadline: day, clarifiedOn: nullableDay });

const Priority = z.object({
  reason: z.enum(['derecho_fundamental', 'perjuicio_irremediable', 'periodista']),
  setOn: day,
  previousDueDate: day,
  measures: z.string().nullable(),
});

const HistoryEvent = z.object({
  at: z.string(),
  actor: z.string(),
  actorKind: z.string(),
  kind: z.string(),
  /** The event's own details, as stored (JSON). */
  data: z.unknown(),
});

/** A case as an official may see it: reserved identities come as `{ reservada: true }`, never filled. */
export const CaseView = z.object({
  id: z.string(),
  radicado: z.string(),
  type: z.string(),
  typeLabel: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  channel: z.string(),
  replyChannel: z.string(),
  requesterKind: z.string(),
  identityReserved: z.boolean(),
  requester: Requester.nullable(),
  represented: Represented.nullable(),
  subject: z.string().nullable(),
  description: z.string(),
  /** The citizen's attachments as stored with the case (JSON: Attachment[]). */
  attachments: z.unknown(),
  territory: z.object({
    barrio: z.string().nullable(),
    comuna: z.string().nullable(),
    corregimiento: z.string().nullable(),
  }),
  dependency: z.string().nullable(),
  topic: z.string().nullable(),
  referral: z.object({ body: z.string(), at: z.string().nullable() }).nullable(),
  receivedAt: z.string(),
  receivedOn: day,
  dueDate: day,
  termDays: z.number(),
  trafficLight: z.object({
    light: z.enum(['green', 'yellow', 'red', 'expired', 'paused', 'closed']),
    businessDaysRemaining: z.number().nullable(),
    label: z.string(),
  }),
  extension: Extension.nullable(),
  completion: Completion.nullable(),
  transfer: Transfer.nullable(),
  desistimiento: Desistimiento.nullable(),
  withdrawal: Withdrawal.nullable(),
  clarification: Clarification.nullable(),
  priority: Priority.nullable(),
  positiveSilence: z.object({ since: day, copiesDue: day }).nullable(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  answerPublished: z.boolean(),
  informationDenied: z.boolean(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
  allowedActions: z.array(z.enum(caseSteps)),
  /** Only when reading one case. */
  history: z.array(HistoryEvent).optional(),
});

/** GET /cases/:radicado: the population groups the citizen stated, for the officials handling the case only. */
export const CaseDetail = CaseView.extend({
  population: PopulationProfile.optional(),
  populationLabels: z.array(z.object({ field: z.string(), value: z.string() })).optional(),
});

export const CaseList = z.object({ total: z.number().int(), items: z.array(CaseView) });

export const PublishedAnswers = z.object({
  items: z.array(
    z.object({
      radicado: z.string(),
      type: z.string(),
      receivedAt: z.string(),
      answeredAt: z.string().nullable(),
      answer: z.string(),
    }),
  ),
});

export const PublishedExtensions = z.object({
  items: z.array(
    z.object({
      radicado: z.string(),
      type: z.string(),
      publishedAt: z.string(),
      newDueDate: z.string().nullable(),
      reasons: z.string(),
    }),
  ),
});

export const Reminders = z.object({
  items: z.array(
    z.object({
      at: z.string(),
      kind: z.string(),
      radicado: z.string(),
      type: z.string(),
      status: z.string(),
      dependency: z.string().nullable(),
      dueDate: z.string(),
      data: z.unknown(),
    }),
  ),
});

export const AnswerFile = z.object({ attachment: Attachment });

export const CaseTransitions = z.object({
  items: z.array(
    z.object({
      step: z.enum(caseSteps),
      from: z.array(z.string()),
      to: z.array(z.string()),
      article: z.string(),
      permission: z.string(),
      types: z.array(z.string()).nullable(),
    }),
  ),
});

export const Recommendation = z.object({
  id: z.string(),
  period: z.string(),
  text: z.string(),
  status: RecommendationStatus,
  statusLabel: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
});
