import type { BusinessCalendar } from '../calendar/business-calendar.js';
import { formatLongDateEs } from '../local-date.js';
import { asLocalDate, checkActionDate, statusLabelEs } from './case-clock.js';
import type { CaseClock, DateInput } from './case-clock.js';
import { citizenAnswered, citizenPeriodOver, citizenWaitCanStart, type CitizenWait } from './citizen-wait.js';
import { accept, refuse } from './rule-result.js';
import type { RuleResult } from './rule-result.js';

/**
 * Art. 19: a petition whose purpose is not understood is returned within 10 days, and the citizen has 10 days to
 * clarify it. Both read as business days (the terms of Ley 1755 are in business days).
 */
export const CLARIFICATION_DAYS = 10;

/**
 * Returns the petition for clarification (Ley 1755 art. 19). Like a completion (art. 17) the term is suspended and
 * restarts once the clarification arrives; the law is silent on the term, and this is the reading that gives the
 * entity a full term for the petition it can finally understand.
 */
export function returnForClarification(
  clock: CaseClock,
  request: { on: DateInput; what: string },
  calendar: BusinessCalendar,
): RuleResult<CaseClock> {
  const start = citizenWaitCanStart(clock, request.on, 'devolver la petición para aclararla');
  if (!start.ok) return start;
  const on = start.value;
  const what = request.what.trim();
  if (what.length === 0) return refuse('CLARIFICATION_REQUIRED', 'Indique qué no se entiende de la petición.');
  const last = calendar.addBusinessDays(clock.receivedOn, CLARIFICATION_DAYS);
  if (on > last) {
    return refuse(
      'CLARIFICATION_LATE',
      `La petición debía devolverse para aclararla a más tardar el ${formatLongDateEs(last)} (Ley 1755 de 2015, art. 19). Resuelva con lo que entiende o pida completar.`,
    );
  }
  return accept({
    ...clock,
    status: 'awaiting_clarification',
    clarification: {
      requestedOn: on,
      what,
      citizenDeadline: calendar.addBusinessDays(on, CLARIFICATION_DAYS),
      clarifiedOn: null,
    },
  });
}

/** A petition returned for clarification (art. 19), as a period of waiting for the citizen. */
export const CLARIFICATION_WAIT: CitizenWait = {
  status: 'awaiting_clarification',
  record: 'clarification',
  answeredField: 'clarifiedOn',
  notWaiting: {
    code: 'NOT_AWAITING_CLARIFICATION',
    message: 'El caso no está esperando que el ciudadano aclare la petición.',
  },
  expired: (deadline) => ({
    code: 'CLARIFICATION_PERIOD_EXPIRED',
    message: `El plazo para aclarar la petición venció el ${formatLongDateEs(deadline)}; corresponde archivarla. El ciudadano puede presentarla de nuevo.`,
  }),
  notExpired: (deadline) => ({
    code: 'CLARIFICATION_PERIOD_NOT_EXPIRED',
    message: `El ciudadano tiene hasta el ${formatLongDateEs(deadline)} para aclarar la petición.`,
  }),
};

/** The citizen clarified in time: the full term restarts the day after. */
export function receiveClarification(
  clock: CaseClock,
  arrival: { on: DateInput },
  calendar: BusinessCalendar,
): RuleResult<CaseClock> {
  return citizenAnswered(clock, arrival, calendar, CLARIFICATION_WAIT);
}

/** Art. 19: not clarified in time, the petition is archived (from the day after the citizen's deadline). */
export function archiveUnclarified(clock: CaseClock, request: { on: DateInput }): RuleResult<CaseClock> {
  const over = citizenPeriodOver(clock, request, CLARIFICATION_WAIT);
  return over.ok ? accept({ ...clock, status: 'archived' }) : over;
}

/**
 * Art. 19: a disrespectful petition may be rejected, by a reasoned decision. Only while the entity holds it; a
 * respectful petition is never refused (art. 15 par. 2), so the reasons are required.
 */
export function rejectDisrespectful(
  clock: CaseClock,
  request: { on: DateInput; reasons: string },
): RuleResult<CaseClock> {
  const on = asLocalDate(request.on);
  const bad = checkActionDate<CaseClock>(clock, on);
  if (bad) return bad;
  if (
    clock.status !== 'running' &&
    clock.status !== 'awaiting_completion' &&
    clock.status !== 'awaiting_clarification'
  ) {
    return refuse('CASE_NOT_RUNNING', `No se puede rechazar la petición: el caso está ${statusLabelEs(clock.status)}.`);
  }
  if (request.reasons.trim().length === 0) {
    return refuse(
      'REJECTION_REASONS_REQUIRED',
      'Explique por qué la petición es irrespetuosa: el rechazo debe ser motivado (Ley 1755 de 2015, art. 19).',
    );
  }
  return accept({ ...clock, status: 'rejected' });
}
