import type { BusinessCalendar } from '../calendar/business-calendar.js';
import type { CaseClock } from '../deadlines/case-clock.js';
import { declareDesistimiento, receiveCompletion, requestCompletion } from '../deadlines/completion.js';
import { fileReposicion, notifyDesistimiento, resolveReposicion } from '../deadlines/desistimiento-act.js';
import { extendDueDate, maxExtendedDueDate } from '../deadlines/extension.js';
import { fileInsistence, recordCourtDecision, referToCourt } from '../deadlines/information-denial.js';
import { prioritize } from '../deadlines/priority.js';
import { declareNoCompetentAuthority, recordTransfer } from '../deadlines/transfer.js';
import {
  archiveUnclarified,
  receiveClarification,
  rejectDisrespectful,
  returnForClarification,
} from '../deadlines/unclear-petition.js';
import { continueForPublicInterest, withdrawPetition } from '../deadlines/withdrawal.js';
import type { LocalDate } from '../local-date.js';
import type { Permission } from '../../staff/staff-roles.js';
import { can, type StaffActor } from '../../staff/staff-member.js';
import { caseStatuses, type CaseStatus } from './case-status.js';

/** The official's workflow steps, as the API names them (POST /api/v1/cases/:radicado/<step>). */
export const caseSteps = [
  'assign',
  'request-completion',
  'completion-received',
  'extend',
  'transfer',
  'no-competent-authority',
  'answer',
  'close',
  'desist',
  'notify-desistimiento',
  'reposicion',
  'resolve-reposicion',
  'withdraw',
  'continue-public-interest',
  'return-for-clarification',
  'clarification-received',
  'archive-unclarified',
  'reject-disrespectful',
  'prioritize',
  'insist',
  'refer-to-court',
  'court-decision',
  'revoke-consent',
  'set-topic',
  'refer-to-control-body',
] as const;
export type CaseStep = (typeof caseSteps)[number];

interface StepRule {
  permission: Permission;
  /** The states the step leaves from. */
  from: readonly CaseStatus[];
  /** The states it may lead to. */
  to: readonly CaseStatus[];
  /** The article that allows it. */
  article: string;
  /** The case types it applies to; every type when absent. */
  types?: readonly string[];
  /**
   * Whether the law allows it today, asked of the same pure rule the step runs, with placeholder texts: the offer and
   * the refusal can never disagree.
   */
  allowedNow?: (clock: CaseClock, today: LocalDate, calendar: BusinessCalendar) => boolean;
}

const PENDING: readonly CaseStatus[] = ['radicado', 'en_tramite', 'esperando_ciudadano'];
const probe = 'x';

/**
 * The transitions the law allows between the legal states of a petition. The service refuses any step not listed
 * for the case's state, and the API gives each case the steps its reader may take now (`allowedActions`), which is
 * all the console offers.
 */
export const CASE_TRANSITIONS: Readonly<Record<CaseStep, StepRule>> = {
  assign: {
    permission: 'cases.assign',
    from: PENDING,
    to: ['en_tramite', 'esperando_ciudadano'],
    article: 'Ley 1755 art. 14',
  },
  'request-completion': {
    permission: 'cases.respond',
    from: ['radicado', 'en_tramite'],
    to: ['esperando_ciudadano'],
    article: 'Ley 1755 art. 17',
    allowedNow: (clock, today, calendar) => requestCompletion(clock, { on: today, missing: probe }, calendar).ok,
  },
  'completion-received': {
    permission: 'cases.respond',
    from: ['esperando_ciudadano'],
    to: ['en_tramite'],
    article: 'Ley 1755 art. 17',
    allowedNow: (clock, today, calendar) => receiveCompletion(clock, { on: today }, calendar).ok,
  },
  extend: {
    permission: 'cases.respond',
    from: ['radicado', 'en_tramite'],
    to: ['radicado', 'en_tramite'],
    article: 'Ley 1755 art. 14 par.',
    allowedNow: (clock, today, calendar) =>
      extendDueDate(clock, { on: today, newDueDate: maxExtendedDueDate(clock, calendar), reasons: probe }, calendar).ok,
  },
  transfer: {
    permission: 'cases.transfer',
    from: ['radicado', 'en_tramite'],
    to: ['trasladado'],
    article: 'Ley 1755 art. 21',
    allowedNow: (clock, today, calendar) => recordTransfer(clock, { on: today, recipient: probe }, calendar).ok,
  },
  // Art. 21, last clause: no authority is competent; the citizen is told so with the reasons. A final state.
  'no-competent-authority': {
    permission: 'cases.transfer',
    from: ['radicado', 'en_tramite'],
    to: ['sin_competencia'],
    article: 'Ley 1755 art. 21',
    allowedNow: (clock, today, calendar) =>
      declareNoCompetentAuthority(clock, { on: today, reasons: probe }, calendar).ok,
  },
  answer: {
    permission: 'cases.respond',
    from: ['radicado', 'en_tramite'],
    to: ['respondido'],
    article: 'Ley 1755 art. 14',
  },
  close: { permission: 'cases.respond', from: ['respondido'], to: ['cerrado'], article: 'Ley 1755 art. 14' },
  desist: {
    permission: 'cases.respond',
    from: ['esperando_ciudadano'],
    to: ['desistido'],
    article: 'Ley 1755 art. 17',
    allowedNow: (clock, today) => declareDesistimiento(clock, { on: today, reasons: probe }).ok,
  },
  'notify-desistimiento': {
    permission: 'cases.respond',
    from: ['desistido'],
    to: ['desistido'],
    article: 'Ley 1755 art. 17',
    allowedNow: (clock, today) => notifyDesistimiento(clock, { on: today, how: probe }).ok,
  },
  reposicion: {
    permission: 'cases.respond',
    from: ['desistido'],
    to: ['en_reposicion'],
    article: 'Ley 1755 art. 17; CPACA art. 76',
    allowedNow: (clock, today, calendar) => fileReposicion(clock, { on: today, grounds: probe }, calendar).ok,
  },
  'resolve-reposicion': {
    permission: 'cases.respond',
    from: ['en_reposicion'],
    to: ['desistido', 'en_tramite'],
    article: 'Ley 1755 art. 17; CPACA art. 74',
    allowedNow: (clock, today, calendar) => resolveReposicion(clock, { on: today, outcome: 'confirmado' }, calendar).ok,
  },
  withdraw: {
    permission: 'cases.respond',
    from: PENDING,
    to: ['retirado'],
    article: 'Ley 1755 art. 18',
    allowedNow: (clock, today) => withdrawPetition(clock, { on: today }).ok,
  },
  'continue-public-interest': {
    permission: 'cases.respond',
    from: ['retirado'],
    to: PENDING,
    article: 'Ley 1755 art. 18',
    allowedNow: (clock, today) => continueForPublicInterest(clock, { on: today, reasons: probe }).ok,
  },
  'return-for-clarification': {
    permission: 'cases.respond',
    from: ['radicado', 'en_tramite'],
    to: ['por_aclarar'],
    article: 'Ley 1755 art. 19',
    allowedNow: (clock, today, calendar) => returnForClarification(clock, { on: today, what: probe }, calendar).ok,
  },
  'clarification-received': {
    permission: 'cases.respond',
    from: ['por_aclarar'],
    to: ['en_tramite'],
    article: 'Ley 1755 art. 19',
    allowedNow: (clock, today, calendar) => receiveClarification(clock, { on: today }, calendar).ok,
  },
  'archive-unclarified': {
    permission: 'cases.respond',
    from: ['por_aclarar'],
    to: ['archivado'],
    article: 'Ley 1755 art. 19',
    allowedNow: (clock, today) => archiveUnclarified(clock, { on: today }).ok,
  },
  'reject-disrespectful': {
    permission: 'cases.respond',
    from: ['radicado', 'en_tramite', 'esperando_ciudadano', 'por_aclarar'],
    to: ['rechazado'],
    article: 'Ley 1755 art. 19',
    allowedNow: (clock, today) => rejectDisrespectful(clock, { on: today, reasons: probe }).ok,
  },
  prioritize: {
    permission: 'cases.respond',
    from: ['radicado', 'en_tramite'],
    to: ['radicado', 'en_tramite'],
    article: 'Ley 1755 art. 20',
    allowedNow: (clock, today, calendar) =>
      prioritize(clock, { on: today, reason: 'periodista', dueDate: calendar.businessDayOnOrAfter(today) }, calendar)
        .ok,
  },
  // Ley 1755 art. 26: only against a reasoned denial (art. 25), within 10 business days; also after closing.
  insist: {
    permission: 'cases.respond',
    from: ['respondido', 'cerrado'],
    to: ['en_insistencia'],
    article: 'Ley 1755 art. 26',
    allowedNow: (clock, today, calendar) => fileInsistence(clock, { on: today, grounds: probe }, calendar).ok,
  },
  'refer-to-court': {
    permission: 'cases.respond',
    from: ['en_insistencia'],
    to: ['ante_juez'],
    article: 'Ley 1755 art. 26',
    allowedNow: (clock, today) => referToCourt(clock, { on: today, court: probe }).ok,
  },
  'court-decision': {
    permission: 'cases.respond',
    from: ['ante_juez'],
    to: ['cerrado', 'en_tramite'],
    article: 'Ley 1755 art. 26',
    allowedNow: (clock, today, calendar) => recordCourtDecision(clock, { on: today, outcome: 'confirma' }, calendar).ok,
  },
  // Not a change of legal state: the citizen may revoke the data authorization at any time, whatever the case's state
  // (Ley 1581 art. 8 e and art. 9). Anonymous cases carry no authorization and are not offered it (case-view.ts).
  'revoke-consent': {
    permission: 'cases.respond',
    from: caseStatuses,
    to: caseStatuses,
    article: 'Ley 1581 art. 8 e',
  },
  // Not a change of legal state: the subject category the art. 76 report counts (recurring subjects). An official may
  // correct it in any state, since the report covers closed cases too.
  'set-topic': {
    permission: 'cases.respond',
    from: caseStatuses,
    to: caseStatuses,
    article: 'Ley 1474 art. 76',
  },
  // Ley 1474 art. 76: quejas and denuncias that reveal a possible disciplinary fault go to the body that investigates
  // it (Control Interno Disciplinario, Personería, Procuraduría). The entity still owes the citizen an answer, so the
  // state does not change; once the case is closed (or ended otherwise) the referral is made outside the case.
  'refer-to-control-body': {
    permission: 'cases.respond',
    from: ['radicado', 'en_tramite', 'esperando_ciudadano', 'por_aclarar', 'respondido'],
    to: ['radicado', 'en_tramite', 'esperando_ciudadano', 'por_aclarar', 'respondido'],
    article: 'Ley 1474 art. 76',
    types: ['queja', 'denuncia'],
  },
};

/** Whether the law allows `step` from `status` at all (the state, not today's date). */
export function stepAllowedFrom(step: CaseStep, status: string): boolean {
  return (CASE_TRANSITIONS[step].from as readonly string[]).includes(status);
}

/** Whether `step` applies to cases of this type at all. */
export function stepAppliesTo(step: CaseStep, type: string): boolean {
  const types = CASE_TRANSITIONS[step].types;
  return types === undefined || types.includes(type);
}

/** The case as the transitions table reads it. */
export interface TransitionCase {
  type: string;
  status: string;
  clock: CaseClock;
}

/** The steps the law allows on this case today, in {@link caseSteps} order. */
export function legalSteps(c: TransitionCase, today: LocalDate, calendar: BusinessCalendar): CaseStep[] {
  return caseSteps.filter((step) => {
    const rule = CASE_TRANSITIONS[step];
    return (
      stepAllowedFrom(step, c.status) &&
      stepAppliesTo(step, c.type) &&
      (rule.allowedNow ? rule.allowedNow(c.clock, today, calendar) : true)
    );
  });
}

/** The steps this person may take on this case today: what the law allows, and their role permits. */
export function allowedActions(
  actor: StaffActor,
  c: TransitionCase,
  today: LocalDate,
  calendar: BusinessCalendar,
): CaseStep[] {
  return legalSteps(c, today, calendar).filter((step) => can(actor, CASE_TRANSITIONS[step].permission));
}
