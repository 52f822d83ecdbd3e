import type { BusinessCalendar } from '../calendar/business-calendar.js';
import { formatLongDateEs } from '../local-date.js';
import type { LocalDate } from '../local-date.js';
import { asLocalDate, checkActionDate, restartTerm } from './case-clock.js';
import type { CaseClock, DateInput, Desistimiento } from './case-clock.js';
import { accept, refuse } from './rule-result.js';
import type { RuleResult } from './rule-result.js';

/**
 * CPACA (Ley 1437 de 2011) art. 76: the recurso de reposición is filed within the 10 business days after the personal
 * notification. Not in Ley 1755 itself; the general rule for administrative acts.
 */
export const REPOSICION_TERM_DAYS = 10;

function desistedAct(clock: CaseClock): Desistimiento | RuleResult<never> {
  if (clock.status !== 'desisted') {
    return refuse('NOT_DESISTED', 'El caso no está archivado por desistimiento.');
  }
  // Desisted before the act was modelled: the act exists, its details were not recorded.
  return (
    clock.desistimiento ?? {
      declaredOn: clock.receivedOn,
      reasons: '',
      notifiedOn: null,
      notifiedHow: null,
      reposicion: null,
    }
  );
}

const isRefusal = (value: Desistimiento | RuleResult<never>): value is RuleResult<never> => 'ok' in value;

/** Last business day to file the reposición, once the act was notified; null while it has not been. */
export function reposicionDeadline(act: Desistimiento, calendar: BusinessCalendar): LocalDate | null {
  return act.notifiedOn ? calendar.addBusinessDays(act.notifiedOn, REPOSICION_TERM_DAYS) : null;
}

/** Records the personal notification of the desistimiento act (art. 17: "se notificará personalmente"). */
export function notifyDesistimiento(clock: CaseClock, request: { on: DateInput; how: string }): RuleResult<CaseClock> {
  const on = asLocalDate(request.on);
  const bad = checkActionDate<CaseClock>(clock, on);
  if (bad) return bad;
  const act = desistedAct(clock);
  if (isRefusal(act)) return act;
  if (act.notifiedOn) {
    return refuse(
      'DESISTIMIENTO_ALREADY_NOTIFIED',
      `El acto de desistimiento ya se notificó el ${formatLongDateEs(act.notifiedOn)}.`,
    );
  }
  return accept({ ...clock, desistimiento: { ...act, notifiedOn: on, notifiedHow: request.how.trim() } });
}

/**
 * The citizen files the recurso de reposición, the only one against the desistimiento (art. 17): before the
 * notification or within {@link REPOSICION_TERM_DAYS} business days after it, once.
 */
export function fileReposicion(
  clock: CaseClock,
  request: { on: DateInput; grounds: string },
  calendar: BusinessCalendar,
): RuleResult<CaseClock> {
  const on = asLocalDate(request.on);
  const bad = checkActionDate<CaseClock>(clock, on);
  if (bad) return bad;
  const act = desistedAct(clock);
  if (isRefusal(act)) return act;
  if (act.reposicion) return refuse('REPOSICION_ALREADY_FILED', 'El recurso de reposición ya se presentó.');
  const deadline = reposicionDeadline(act, calendar);
  if (deadline && on > deadline) {
    return refuse(
      'REPOSICION_LATE',
      `El recurso de reposición debía presentarse a más tardar el ${formatLongDateEs(deadline)} (diez días hábiles después de la notificación).`,
    );
  }
  return accept({
    ...clock,
    desistimiento: {
      ...act,
      reposicion: { filedOn: on, grounds: request.grounds.trim(), resolvedOn: null, outcome: null },
    },
  });
}

/**
 * Decides the reposición. Confirmed, the desistimiento stands. Revoked, the petition goes on with its full term
 * counted from the day after the decision, as when a completion arrives (art. 17): the law is silent on this case and
 * this is the reading most favourable to the citizen.
 */
export function resolveReposicion(
  clock: CaseClock,
  request: { on: DateInput; outcome: 'confirmado' | 'revocado' },
  calendar: BusinessCalendar,
): RuleResult<CaseClock> {
  const on = asLocalDate(request.on);
  const bad = checkActionDate<CaseClock>(clock, on);
  if (bad) return bad;
  const act = desistedAct(clock);
  if (isRefusal(act)) return act;
  const pending = act.reposicion;
  if (!pending || pending.outcome)
    return refuse('NO_REPOSICION_PENDING', 'No hay un recurso de reposición pendiente de decidir.');
  const desistimiento = { ...act, reposicion: { ...pending, resolvedOn: on, outcome: request.outcome } };
  if (request.outcome === 'confirmado') return accept({ ...clock, desistimiento });
  return accept({ ...clock, ...restartTerm(clock, on, calendar), extension: null, desistimiento });
}
