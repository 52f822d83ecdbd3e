import type { BusinessCalendar } from '../calendar/business-calendar.js';
import { formatLongDateEs } from '../local-date.js';
import type { LocalDate } from '../local-date.js';
import { asLocalDate, checkActionDate, restartTerm } from './case-clock.js';
import type { CaseClock, DateInput, InformationDenial } from './case-clock.js';
import { accept, refuse } from './rule-result.js';
import type { RuleResult } from './rule-result.js';

/** Business days after the denial to file the recurso de insistencia (Ley 1755 art. 26: "dentro de los diez días"). */
export const INSISTENCE_DAYS = 10;

/**
 * A reasoned denial of information or documents (Ley 1755 arts. 24-25): only citing the provision that makes them
 * reserved. Returns the denial to store with the answer.
 */
export function denyInformation(
  clock: CaseClock,
  request: { on: DateInput; reserve: string },
): RuleResult<InformationDenial> {
  const on = asLocalDate(request.on);
  const bad = checkActionDate<InformationDenial>(clock, on);
  if (bad) return bad;
  const reserve = request.reserve.trim();
  if (reserve.length === 0) {
    return refuse(
      'DENIAL_RESERVE_REQUIRED',
      'Para negar el acceso cite la norma de la Constitución o de la ley que hace reservada la información (Ley 1755 de 2015, arts. 24 y 25).',
    );
  }
  return accept({ deniedOn: on, reserve, insistence: null });
}

/** Last business day to insist on a denial. */
export function insistenceDeadline(denial: InformationDenial, calendar: BusinessCalendar): LocalDate {
  return calendar.addBusinessDays(denial.deniedOn, INSISTENCE_DAYS);
}

/** Art. 26: the citizen insists on a reasoned denial, in writing and with grounds, within 10 business days. */
export function fileInsistence(
  clock: CaseClock,
  request: { on: DateInput; grounds: string },
  calendar: BusinessCalendar,
): RuleResult<CaseClock> {
  const on = asLocalDate(request.on);
  const bad = checkActionDate<CaseClock>(clock, on);
  if (bad) return bad;
  const denial = clock.denial;
  if (!denial) return refuse('NOT_DENIED', 'Esta solicitud no tiene una negativa motivada contra la cual insistir.');
  if (denial.insistence) return refuse('INSISTENCE_ALREADY_FILED', 'El ciudadano ya insistió en esta solicitud.');
  const until = insistenceDeadline(denial, calendar);
  if (on > until) {
    return refuse(
      'INSISTENCE_LATE',
      `El plazo para insistir venció el ${formatLongDateEs(until)} (10 días hábiles después de la negativa, Ley 1755 de 2015, art. 26).`,
    );
  }
  const grounds = request.grounds.trim();
  if (grounds.length === 0)
    return refuse('INSISTENCE_GROUNDS_REQUIRED', 'Escriba por qué el ciudadano insiste en la solicitud.');
  return accept({
    ...clock,
    denial: {
      ...denial,
      insistence: { filedOn: on, grounds, referredOn: null, court: null, decidedOn: null, outcome: null },
    },
  });
}

/** Art. 26: the entity sends the file to the administrative court or judge, which decides. */
export function referToCourt(clock: CaseClock, request: { on: DateInput; court: string }): RuleResult<CaseClock> {
  const on = asLocalDate(request.on);
  const bad = checkActionDate<CaseClock>(clock, on);
  if (bad) return bad;
  const insistence = clock.denial?.insistence;
  if (!clock.denial || !insistence || insistence.referredOn)
    return refuse('NO_INSISTENCE_PENDING', 'No hay una insistencia por enviar al juez.');
  const court = request.court.trim();
  if (court.length === 0)
    return refuse('COURT_REQUIRED', 'Escriba a qué tribunal o juez administrativo se envió la documentación.');
  return accept({ ...clock, denial: { ...clock.denial, insistence: { ...insistence, referredOn: on, court } } });
}

/**
 * The court's decision: the reserve stands, or the information must be delivered. Where the law is silent on the
 * term to deliver, the information term (10 business days) restarts the day after the decision is recorded.
 */
export function recordCourtDecision(
  clock: CaseClock,
  request: { on: DateInput; outcome: 'confirma' | 'ordena_entrega' },
  calendar: BusinessCalendar,
): RuleResult<CaseClock> {
  const on = asLocalDate(request.on);
  const bad = checkActionDate<CaseClock>(clock, on);
  if (bad) return bad;
  const insistence = clock.denial?.insistence;
  if (!clock.denial || !insistence?.referredOn || insistence.decidedOn) {
    return refuse('NO_INSISTENCE_PENDING', 'No hay una insistencia ante el juez por decidir.');
  }
  const denial = { ...clock.denial, insistence: { ...insistence, decidedOn: on, outcome: request.outcome } };
  if (request.outcome === 'confirma') return accept({ ...clock, denial });
  return accept({ ...clock, denial, ...restartTerm(clock, on, calendar) });
}
