import type { BusinessCalendar } from '../calendar/business-calendar.js';
import type { LocalDate } from '../local-date.js';
import { asLocalDate, checkActionDate, statusLabelEs } from './case-clock.js';
import type { CaseClock, DateInput } from './case-clock.js';
import { accept, refuse } from './rule-result.js';
import type { RuleResult } from './rule-result.js';

/** Art. 21: a written transfer by competence within the 5 days following receipt. */
export const TRANSFER_TERM_DAYS = 5;

/**
 * Last day to tell the citizen that the entity is not competent (Ley 1755 art. 21): "de inmediato" when the citizen
 * acted verbally, so the day of receipt; otherwise within the 5 business days following receipt.
 */
export function transferDeadline(calendar: BusinessCalendar, receivedAt: DateInput, verbal = false): LocalDate {
  const receivedOn = asLocalDate(receivedAt);
  return verbal ? receivedOn : calendar.addBusinessDays(receivedOn, TRANSFER_TERM_DAYS);
}

/** How the citizen learns that the entity is not competent: verbal petitions are told at once, in person. */
interface CompetenceRequest {
  on: DateInput;
  /** The petition was made verbally (in person or by phone). */
  verbal?: boolean;
  /** For a verbal petition: the official told the citizen there and then. Required, or nobody told them. */
  toldAtOnce?: boolean;
}

/** The checks a transfer and a "no competent authority" decision share: date, state, and the verbal rule. */
function competenceDecision(
  clock: CaseClock,
  request: CompetenceRequest,
  calendar: BusinessCalendar,
  doing: string,
): RuleResult<{ on: LocalDate; verbal: boolean; deadline: LocalDate; late: boolean }> {
  const on = asLocalDate(request.on);
  const bad = checkActionDate<never>(clock, on);
  if (bad) return bad;
  if (clock.status !== 'running' && clock.status !== 'awaiting_completion') {
    return refuse('CASE_NOT_RUNNING', `No se puede ${doing}: el caso está ${statusLabelEs(clock.status)}.`);
  }
  const verbal = request.verbal === true;
  if (verbal && request.toldAtOnce !== true) {
    return refuse(
      'VERBAL_NOT_TOLD_AT_ONCE',
      'La petición se presentó verbalmente: dígale de inmediato al ciudadano, en persona o por teléfono, que esta entidad no es la competente, y registre que se lo dijo (Ley 1755 de 2015, art. 21).',
    );
  }
  const deadline = transferDeadline(calendar, clock.receivedOn, verbal);
  return accept({ on, verbal, deadline, late: on > deadline });
}

/**
 * Records a transfer by competence (art. 21). A late transfer is still accepted, because the petition must reach the
 * competent authority anyway, but it is flagged `late` for the report. The competent authority's own term starts on
 * its receipt, so this entity's clock stops. The caller must send the citizen a copy of the referral.
 */
export function recordTransfer(
  clock: CaseClock,
  request: CompetenceRequest & { recipient: string },
  calendar: BusinessCalendar,
): RuleResult<CaseClock> {
  const decided = competenceDecision(clock, request, calendar, 'trasladar');
  if (!decided.ok) return decided;
  const recipient = request.recipient.trim();
  if (recipient.length === 0) {
    return refuse('TRANSFER_RECIPIENT_REQUIRED', 'Indique la entidad competente a la que se traslada la petición.');
  }
  const { on, verbal, deadline, late } = decided.value;
  return accept({
    ...clock,
    status: 'transferred',
    transfer: { transferredOn: on, recipient, deadline, late, ...(verbal ? { verbal } : {}) },
  });
}

/**
 * Art. 21: no authority is competent for the petition; the entity tells the citizen so, with the reasons. A final
 * state of its own: the entity answers nothing more, and no other authority's term starts.
 */
export function declareNoCompetentAuthority(
  clock: CaseClock,
  request: CompetenceRequest & { reasons: string },
  calendar: BusinessCalendar,
): RuleResult<CaseClock> {
  const decided = competenceDecision(clock, request, calendar, 'declarar que ninguna autoridad es competente');
  if (!decided.ok) return decided;
  const reasons = request.reasons.trim();
  if (reasons.length === 0) {
    return refuse(
      'NO_COMPETENCE_REASONS_REQUIRED',
      'Explique al ciudadano por qué ninguna autoridad es competente para su petición (Ley 1755 de 2015, art. 21).',
    );
  }
  const { on, verbal, deadline, late } = decided.value;
  return accept({
    ...clock,
    status: 'no_competent_authority',
    noCompetence: { decidedOn: on, reasons, verbal, deadline, late },
  });
}
