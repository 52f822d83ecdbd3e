import type { StaffActor } from '../../staff/staff-member.js';
import {
  declareDesistimiento,
  receiveCompletion as receiveCompletionRule,
  requestCompletion as requestCompletionRule,
} from '../deadlines/completion.js';
import {
  fileReposicion as fileReposicionRule,
  notifyDesistimiento as notifyDesistimientoRule,
  REPOSICION_TERM_DAYS,
  reposicionDeadline,
  resolveReposicion as resolveReposicionRule,
} from '../deadlines/desistimiento-act.js';
import { formatLongDateEs } from '../local-date.js';
import type { CaseCore } from './case-core.js';
import { ruled } from './case-core.js';

// Ley 1755 art. 17: completing an incomplete petition, and the desistimiento act with its reposición.

/** Art. 17: asks the citizen for what is missing; the clock stops until it arrives. */
export async function requestCompletion(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { missing: string; version?: number },
) {
  return core.change(actor, radicado, 'request-completion', input.version, (row, clock) => {
    const next = ruled(requestCompletionRule(clock, { on: core.today(), missing: input.missing }, core.calendar));
    const until = next.completion?.citizenDeadline ?? next.dueDate;
    return {
      data: { clock: next, status: 'esperando_ciudadano' },
      event: { kind: 'completion_requested', data: { missing: input.missing.trim(), citizenDeadline: until } },
      citizenText:
        `Sobre su solicitud ${row.radicado}: para poder responderle necesitamos que nos envíe esto: ${input.missing.trim()}. ` +
        `Tiene plazo hasta el ${formatLongDateEs(until)}. Si no lo recibimos, la solicitud se archivará, pero podrá presentarla de nuevo. ` +
        'Puede enviarlo escribiendo «asesor» por este medio o en la Ventanilla de Atención al Ciudadano.',
    };
  });
}

/** The citizen completed the petition: the full term restarts the day after (art. 17). */
export async function receiveCompletion(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { note?: string; version?: number },
) {
  return core.change(actor, radicado, 'completion-received', input.version, (row, clock) => {
    const next = ruled(receiveCompletionRule(clock, { on: core.today() }, core.calendar));
    return {
      data: { clock: next, status: 'en_tramite' },
      event: {
        kind: 'completion_received',
        data: { dueDate: next.dueDate, ...(input.note ? { note: input.note.trim() } : {}) },
      },
      citizenText: `Recibimos la información de su solicitud ${row.radicado}. La fecha límite para responderle es ahora el ${formatLongDateEs(next.dueDate)}.`,
    };
  });
}

/**
 * Art. 17: the citizen did not complete in time. Desistimiento is a reasoned act, notified personally, against
 * which only the recurso de reposición applies; the citizen may file the petition again, and is told all of it.
 */
export async function desist(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { reasons: string; version?: number },
) {
  return core.change(actor, radicado, 'desist', input.version, (row, clock) => {
    const next = ruled(declareDesistimiento(clock, { on: core.today(), reasons: input.reasons }));
    return {
      data: { clock: next, status: 'desistido', closedAt: core.now() },
      event: { kind: 'desisted', data: { reasons: input.reasons.trim() } },
      citizenText:
        `Su solicitud ${row.radicado} se archivó por desistimiento porque no recibimos a tiempo la información que le pedimos. ` +
        `Motivos: ${input.reasons.trim()} ` +
        'Le notificaremos esta decisión personalmente. Si no está de acuerdo, puede presentar un recurso de reposición ' +
        `ante la Alcaldía dentro de los ${REPOSICION_TERM_DAYS} días hábiles siguientes a esa notificación. ` +
        'También puede presentar su solicitud de nuevo cuando quiera.',
    };
  });
}

/** Art. 17: the desistimiento act was notified personally; the reposición term runs from this date. */
export async function notifyDesistimiento(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { how: string; version?: number },
) {
  return core.change(actor, radicado, 'notify-desistimiento', input.version, (_row, clock) => {
    const next = ruled(notifyDesistimientoRule(clock, { on: core.today(), how: input.how }));
    const act = next.desistimiento;
    return {
      data: { clock: next },
      event: {
        kind: 'desistimiento_notified',
        data: { how: input.how.trim(), reposicionUntil: act ? reposicionDeadline(act, core.calendar) : null },
      },
    };
  });
}

/** The citizen filed the recurso de reposición against the desistimiento (the only one that applies, art. 17). */
export async function fileReposicion(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { grounds: string; version?: number },
) {
  return core.change(actor, radicado, 'reposicion', input.version, (row, clock) => {
    const next = ruled(fileReposicionRule(clock, { on: core.today(), grounds: input.grounds }, core.calendar));
    return {
      data: { clock: next, status: 'en_reposicion' },
      event: { kind: 'reposicion_filed', data: { grounds: input.grounds.trim() } },
      citizenText: `Recibimos su recurso de reposición contra el archivo de la solicitud ${row.radicado}. Le informaremos la decisión.`,
    };
  });
}

/** Decides the reposición: the desistimiento stands, or the petition goes on with a fresh term. */
export async function resolveReposicion(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { outcome: 'confirmado' | 'revocado'; reasons: string; version?: number },
) {
  return core.change(actor, radicado, 'resolve-reposicion', input.version, (row, clock) => {
    const next = ruled(resolveReposicionRule(clock, { on: core.today(), outcome: input.outcome }, core.calendar));
    const revoked = input.outcome === 'revocado';
    return {
      data: revoked ? { clock: next, status: 'en_tramite', closedAt: null } : { clock: next, status: 'desistido' },
      event: {
        kind: 'reposicion_resolved',
        data: {
          outcome: input.outcome,
          reasons: input.reasons.trim(),
          ...(revoked ? { dueDate: next.dueDate } : {}),
        },
      },
      citizenText: revoked
        ? `Aceptamos su recurso de reposición: su solicitud ${row.radicado} sigue en trámite. Motivos: ${input.reasons.trim()} ` +
          `La fecha límite para responderle es el ${formatLongDateEs(next.dueDate)}.`
        : `Decidimos su recurso de reposición: el archivo de la solicitud ${row.radicado} se mantiene. Motivos: ${input.reasons.trim()} ` +
          'Puede presentar su solicitud de nuevo cuando quiera.',
    };
  });
}
