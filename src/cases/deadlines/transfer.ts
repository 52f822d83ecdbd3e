import type { BusinessCalendar } from '../calendar/business-calendar.js';
import type { LocalDate } from '../local-date.js';
import { asLocalDate, checkActionDate, statusLabelEs } from './case-clock.js';
import type { CaseClock, DateInput } from './case-clock.js';
import { accept, refuse } from './rule-result.js';
import type { RuleResult } from './rule-result.js';

/** Art. 21: a written transfer by competence within the 5 days following receipt. */
export const TRANSFER_TERM_DAYS = 5;

/** Last business day to transfer a case received on `receivedAt` (Ley 1755 art. 21). */
export function transferDeadline(calendar: BusinessCalendar, receivedAt: DateInput): LocalDate {
  return calendar.addBusinessDays(asLocalDate(receivedAt), TRANSFER_TERM_DAYS);
}

/**
 * Records a transfer by competence (art. 21). A late transfer is still accepted, because the petition must reach the
 * competent authority anyway, but it is flagged `late` for the report. The competent authority's own term starts on
 * its receipt, so this entity's clock stops. The caller must send the citizen a copy of the referral.
 */
export function recordTransfer(
  clock: CaseClock,
  request: { on: DateInput; recipient: string },
  calendar: BusinessCalendar,
): RuleResult<CaseClock> {
  const on = asLocalDate(request.on);
  const bad = checkActionDate<CaseClock>(clock, on);
  if (bad) return bad;
  if (clock.status !== 'running' && clock.status !== 'awaiting_completion') {
    return refuse('CASE_NOT_RUNNING', `No se puede trasladar: el caso está ${statusLabelEs(clock.status)}.`);
  }
  const recipient = request.recipient.trim();
  if (recipient.length === 0) {
    return refuse('TRANSFER_RECIPIENT_REQUIRED', 'Indique la entidad competente a la que se traslada la petición.');
  }
  const deadline = transferDeadline(calendar, clock.receivedOn);
  return accept({
    ...clock,
    status: 'transferred',
    transfer: { transferredOn: on, recipient, deadline, late: on > deadline },
  });
}
