import type { BusinessCalendar } from '../calendar/business-calendar.js';
import { positiveSilence } from '../deadlines/positive-silence.js';
import { caseTrafficLight, trafficLightLabelEs, type TrafficLightReading } from '../deadlines/traffic-light.js';
import type { LocalDate } from '../local-date.js';
import { readStoredClock } from '../store/clock-json.js';
import { allowedActions, type CaseStep } from './case-transitions.js';
import { reposicionDeadline } from '../deadlines/desistimiento-act.js';
import { CASE_TYPES, type CaseType } from '../terms.js';
import { can, type StaffActor } from '../../staff/staff-member.js';
import { CASE_STATUS_LABELS, OPEN_STATUSES, type CaseStatus } from './case-status.js';

/** The case columns the views read (never the requester, which comes separately and only when allowed). */
export interface CaseRow {
  id: string;
  radicado: string;
  type: string;
  status: string;
  channel: string;
  replyChannel: string;
  requesterKind: string;
  identityReserved: boolean;
  subject: string | null;
  description: string;
  attachments: unknown;
  barrio: string | null;
  comuna: string | null;
  corregimiento: string | null;
  dependency: string | null;
  topic: string | null;
  referredTo: string | null;
  referredAt: Date | null;
  receivedAt: Date;
  dueDate: string;
  clock: unknown;
  answer: string | null;
  answeredAt: Date | null;
  answerPublished: boolean;
  informationDenied: boolean;
  closedAt: Date | null;
  version: number;
}

export interface RequesterRow {
  name: string | null;
  documentType: string | null;
  documentNumber: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  representedName?: string | null;
  representedDocumentType?: string | null;
  representedDocumentNumber?: string | null;
}

export interface EventRow {
  at: Date;
  actorKind: string;
  actorName: string | null;
  kind: string;
  data: unknown;
}

/**
 * Whether this person may read the requester of this case. Reserved identities need the control interno permission;
 * a minor's data is read only by those handling the case (who may act on it), never by readers such as supervisors
 * or Control Interno.
 */
export function mayReadRequester(actor: StaffActor, row: Pick<CaseRow, 'identityReserved' | 'requesterKind'>): boolean {
  if (row.identityReserved && !can(actor, 'cases.identity.reserved')) return false;
  return row.requesterKind !== 'menor' || handlesCases(actor);
}

/** A represented party's data follows the requester's rule and, like a minor's, is read only by those handling it. */
export function mayReadRepresented(
  actor: StaffActor,
  row: Pick<CaseRow, 'identityReserved' | 'requesterKind'>,
): boolean {
  return mayReadRequester(actor, row) && handlesCases(actor);
}

/** Those who act on cases (answer them), as opposed to those who only read them. */
function handlesCases(actor: StaffActor): boolean {
  return can(actor, 'cases.respond');
}

/** The case types a disciplinary office receives (Ley 1474 art. 76; Ley 1952 de 2019): quejas and denuncias. */
export const DISCIPLINARY_TYPES: readonly string[] = ['queja', 'denuncia'];

/** Whether this person may see the case at all: everything, their dependency's cases, or the disciplinary ones. */
export function maySeeCase(actor: StaffActor, row: Pick<CaseRow, 'dependency' | 'type'>): boolean {
  if (can(actor, 'cases.read.all')) return true;
  if (can(actor, 'cases.read.disciplinary') && DISCIPLINARY_TYPES.includes(row.type)) return true;
  return can(actor, 'cases.read.dependency') && actor.dependency !== null && row.dependency === actor.dependency;
}

export function trafficLightOf(
  row: CaseRow,
  today: LocalDate,
  calendar: BusinessCalendar,
): TrafficLightReading & { label: string } {
  const reading: TrafficLightReading = OPEN_STATUSES.includes(row.status as CaseStatus)
    ? caseTrafficLight(readStoredClock(row.clock, calendar), today, calendar)
    : { light: 'closed', businessDaysRemaining: null };
  return { ...reading, label: trafficLightLabelEs(reading.light) };
}

/**
 * What the official's API returns for a case. `unavailable`: steps the entity's settings rule out (no subjects defined).
 * The requester is `null` when there is none (anonymous), or
 * `{ reservada: true }` when the reader lacks the permission: the field is never filled from reserved data.
 */
export function staffCaseView(
  row: CaseRow,
  requester: RequesterRow | null,
  actor: StaffActor,
  today: LocalDate,
  calendar: BusinessCalendar,
  events?: EventRow[],
  unavailable: readonly CaseStep[] = [],
) {
  const clock = readStoredClock(row.clock, calendar);
  const readable = mayReadRequester(actor, row);
  return {
    id: row.id,
    radicado: row.radicado,
    type: row.type,
    typeLabel: CASE_TYPES[row.type as CaseType]?.label ?? row.type,
    status: row.status,
    statusLabel: CASE_STATUS_LABELS[row.status as CaseStatus] ?? row.status,
    channel: row.channel,
    replyChannel: row.replyChannel,
    requesterKind: row.requesterKind,
    identityReserved: row.identityReserved,
    requester: !readable
      ? { reservada: true as const }
      : requester
        ? {
            name: requester.name,
            documentType: requester.documentType,
            documentNumber: requester.documentNumber,
            email: requester.email,
            phone: requester.phone,
            address: requester.address,
          }
        : null,
    /**
     * The party a representative or apoderado files for: null when there is none, `{ reservada: true }` for readers
     * who do not handle the case.
     */
    represented:
      row.requesterKind !== 'representante'
        ? null
        : !mayReadRepresented(actor, row)
          ? { reservada: true as const }
          : requester?.representedName
            ? {
                name: requester.representedName,
                documentType: requester.representedDocumentType ?? null,
                documentNumber: requester.representedDocumentNumber ?? null,
              }
            : null,
    subject: row.subject,
    description: row.description,
    attachments: row.attachments ?? [],
    territory: { barrio: row.barrio, comuna: row.comuna, corregimiento: row.corregimiento },
    dependency: row.dependency,
    /** The subject category of settings.pqrsd.temas; null: "sin clasificar". */
    topic: row.topic,
    /** A queja or denuncia referred to a disciplinary or control body (Ley 1474 art. 76). */
    referral: row.referredTo ? { body: row.referredTo, at: row.referredAt?.toISOString() ?? null } : null,
    receivedAt: row.receivedAt.toISOString(),
    receivedOn: clock.receivedOn,
    dueDate: row.dueDate,
    termDays: clock.termDays,
    trafficLight: trafficLightOf(row, today, calendar),
    extension: clock.extension,
    completion: clock.completion,
    transfer: clock.transfer,
    desistimiento: clock.desistimiento
      ? { ...clock.desistimiento, reposicionUntil: reposicionDeadline(clock.desistimiento, calendar) }
      : null,
    withdrawal: clock.withdrawal ?? null,
    clarification: clock.clarification ?? null,
    priority: clock.priority ?? null,
    // Ley 1755 art. 14 num. 1: an unanswered information request is accepted; the console shows the copies' date.
    positiveSilence: OPEN_STATUSES.includes(row.status as CaseStatus) ? positiveSilence(clock, today, calendar) : null,
    answer: row.answer,
    answeredAt: row.answeredAt?.toISOString() ?? null,
    answerPublished: row.answerPublished,
    informationDenied: row.informationDenied,
    closedAt: row.closedAt?.toISOString() ?? null,
    version: row.version,
    /** The steps this person may take on the case today: the law's transitions from its state, and their role. */
    allowedActions: allowedActions(actor, { type: row.type, status: row.status, clock }, today, calendar).filter(
      (step) => !unavailable.includes(step) && (step !== 'revoke-consent' || row.requesterKind !== 'anonima'),
    ),
    ...(events
      ? {
          history: events.map((e) => ({
            at: e.at.toISOString(),
            actor:
              e.actorKind === 'staff'
                ? (e.actorName ?? 'Funcionario')
                : e.actorKind === 'citizen'
                  ? 'Ciudadano'
                  : 'Sistema',
            actorKind: e.actorKind,
            kind: e.kind,
            data: e.data ?? null,
          })),
        }
      : {}),
  };
}
export type StaffCaseView = ReturnType<typeof staffCaseView>;
