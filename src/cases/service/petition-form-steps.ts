import type { StaffActor } from '../../staff/staff-member.js';
import {
  archiveUnclarified as archiveUnclarifiedRule,
  receiveClarification as receiveClarificationRule,
  rejectDisrespectful as rejectDisrespectfulRule,
  returnForClarification as returnForClarificationRule,
} from '../deadlines/unclear-petition.js';
import {
  continueForPublicInterest as continueForPublicInterestRule,
  withdrawPetition,
} from '../deadlines/withdrawal.js';
import { formatLongDateEs } from '../local-date.js';
import { type CaseStatus } from './case-status.js';
import type { CaseCore } from './case-core.js';
import { ruled } from './case-core.js';

// Ley 1755 arts. 18-19: withdrawal, unclear and disrespectful petitions.

/** Art. 18: the citizen withdrew the petition; the entity may still go on for public interest. */
export async function withdraw(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { note?: string; version?: number },
) {
  return core.change(actor, radicado, 'withdraw', input.version, (row, clock) => {
    const next = ruled(withdrawPetition(clock, { on: core.today() }));
    return {
      data: { clock: next, status: 'retirado', closedAt: core.now() },
      event: {
        kind: 'withdrawn',
        data: { previousStatus: row.status, ...(input.note ? { note: input.note.trim() } : {}) },
      },
      citizenText:
        `Registramos que usted retiró su solicitud ${row.radicado}. No seguiremos con el trámite, salvo que la Alcaldía ` +
        'decida continuarlo por interés público; si eso pasa, se lo diremos con los motivos.',
    };
  });
}

/** Art. 18: the entity goes on with a withdrawn petition for public interest, by a reasoned decision. */
export async function continueForPublicInterest(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { reasons: string; version?: number },
) {
  return core.change(actor, radicado, 'continue-public-interest', input.version, (row, clock) => {
    const next = ruled(continueForPublicInterestRule(clock, { on: core.today(), reasons: input.reasons }));
    const resumed: CaseStatus =
      next.status === 'awaiting_completion' ? 'esperando_ciudadano' : row.dependency ? 'en_tramite' : 'radicado';
    return {
      data: { clock: next, status: resumed, closedAt: null },
      event: { kind: 'continued_public_interest', data: { reasons: input.reasons.trim() } },
      citizenText:
        `Usted retiró su solicitud ${row.radicado}, pero la Alcaldía decidió continuar el trámite por interés público ` +
        `(Ley 1755 de 2015, art. 18). Motivos: ${input.reasons.trim()}`,
    };
  });
}

/** Art. 19: the purpose is not understood; the petition goes back to the citizen to clarify, the term stops. */
export async function returnForClarification(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { what: string; version?: number },
) {
  return core.change(actor, radicado, 'return-for-clarification', input.version, (row, clock) => {
    const next = ruled(returnForClarificationRule(clock, { on: core.today(), what: input.what }, core.calendar));
    const until = next.clarification?.citizenDeadline ?? next.dueDate;
    return {
      data: { clock: next, status: 'por_aclarar' },
      event: { kind: 'clarification_requested', data: { what: input.what.trim(), citizenDeadline: until } },
      citizenText:
        `Sobre su solicitud ${row.radicado}: no logramos entender qué nos pide. ${input.what.trim()} ` +
        `Por favor aclárela a más tardar el ${formatLongDateEs(until)}. Si no la aclara, la archivaremos, pero podrá presentarla de nuevo.`,
    };
  });
}

/** The citizen clarified in time: the full term restarts the day after. */
export async function receiveClarification(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { note?: string; version?: number },
) {
  return core.change(actor, radicado, 'clarification-received', input.version, (row, clock) => {
    const next = ruled(receiveClarificationRule(clock, { on: core.today() }, core.calendar));
    return {
      data: { clock: next, status: 'en_tramite' },
      event: {
        kind: 'clarification_received',
        data: { dueDate: next.dueDate, ...(input.note ? { note: input.note.trim() } : {}) },
      },
      citizenText: `Recibimos la aclaración de su solicitud ${row.radicado}. La fecha límite para responderle es el ${formatLongDateEs(next.dueDate)}.`,
    };
  });
}

/** Art. 19: not clarified in time, the petition is archived; the citizen may file it again. */
export async function archiveUnclarified(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { version?: number },
) {
  return core.change(actor, radicado, 'archive-unclarified', input.version, (row, clock) => {
    const next = ruled(archiveUnclarifiedRule(clock, { on: core.today() }));
    return {
      data: { clock: next, status: 'archivado', closedAt: core.now() },
      event: { kind: 'archived_unclarified', data: {} },
      citizenText: `Archivamos su solicitud ${row.radicado} porque no recibimos a tiempo la aclaración que le pedimos. Puede presentarla de nuevo cuando quiera.`,
    };
  });
}

/** Art. 19: a disrespectful petition is rejected by a reasoned decision, which the citizen is told. */
export async function rejectDisrespectful(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { reasons: string; version?: number },
) {
  return core.change(actor, radicado, 'reject-disrespectful', input.version, (row, clock) => {
    const next = ruled(rejectDisrespectfulRule(clock, { on: core.today(), reasons: input.reasons }));
    return {
      data: { clock: next, status: 'rechazado', closedAt: core.now() },
      event: { kind: 'rejected_disrespectful', data: { reasons: input.reasons.trim() } },
      citizenText:
        `Su solicitud ${row.radicado} fue rechazada por su lenguaje irrespetuoso (Ley 1755 de 2015, art. 19). Motivos: ${input.reasons.trim()} ` +
        'Puede presentarla de nuevo en términos respetuosos y la tramitaremos.',
    };
  });
}
