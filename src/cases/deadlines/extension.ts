import type { BusinessCalendar } from '../calendar/business-calendar.js';
import { formatLongDateEs, isLocalDate } from '../local-date.js';
import type { LocalDate } from '../local-date.js';
import { CASE_TYPES, MAX_EXTENSION_FACTOR } from '../terms.js';
import { asLocalDate, checkActionDate, statusLabelEs } from './case-clock.js';
import type { CaseClock, DateInput } from './case-clock.js';
import { accept, refuse } from './rule-result.js';
import type { RuleResult } from './rule-result.js';

/**
 * The latest due date an extension may set: double the term counted from the start of the current term
 * (Ley 1755 art. 14 parágrafo, "no podrá exceder del doble del inicialmente previsto"). The start is the receipt, or
 * the arrival of the completion when the term restarted under art. 17.
 */
export function maxExtendedDueDate(clock: CaseClock, calendar: BusinessCalendar): LocalDate {
  return calendar.addBusinessDays(clock.termStartsAfter, clock.termDays + maxExtensionDays(clock));
}

/**
 * Business days an extension may add: Ley 1581 art. 14 (consulta, 5) and art. 15 (reclamo, 8) for habeas data,
 * otherwise as many as the term (Ley 1755 art. 14 parágrafo).
 */
function maxExtensionDays(clock: CaseClock): number {
  return CASE_TYPES[clock.type].maxExtensionDays ?? (MAX_EXTENSION_FACTOR - 1) * clock.termDays;
}

/**
 * Extends the due date (art. 14 parágrafo). Accepted only while the term has not expired (the due date itself still
 * counts), once per term, with written reasons, to a later business day no further than {@link maxExtendedDueDate}.
 * The caller must notify the citizen of the reasons and the new date.
 */
export function extendDueDate(
  clock: CaseClock,
  request: { on: DateInput; newDueDate: LocalDate; reasons: string },
  calendar: BusinessCalendar,
): RuleResult<CaseClock> {
  const on = asLocalDate(request.on);
  const bad = checkActionDate<CaseClock>(clock, on);
  if (bad) return bad;
  if (clock.status !== 'running') {
    return refuse('CASE_NOT_RUNNING', `No se puede ampliar el plazo: el caso está ${statusLabelEs(clock.status)}.`);
  }
  if (on > clock.dueDate) {
    return refuse(
      'EXTENSION_AFTER_DUE_DATE',
      `El plazo venció el ${formatLongDateEs(clock.dueDate)}. La ampliación debe informarse al ciudadano antes del vencimiento (Ley 1755 de 2015, art. 14, parágrafo); ya no es posible ampliarlo.`,
    );
  }
  if (clock.extension) {
    return refuse(
      'EXTENSION_ALREADY_GRANTED',
      `El plazo ya se amplió hasta el ${formatLongDateEs(clock.extension.newDueDate)}; la ley permite una sola ampliación.`,
    );
  }
  const reasons = request.reasons.trim();
  if (reasons.length === 0) {
    return refuse(
      'EXTENSION_REASONS_REQUIRED',
      'Explique los motivos de la demora: la ley exige informarlos al ciudadano junto con la nueva fecha.',
    );
  }
  const newDueDate = request.newDueDate;
  if (!isLocalDate(newDueDate)) return refuse('DATE_NOT_VALID', 'La nueva fecha de vencimiento no es válida.');
  if (newDueDate <= clock.dueDate) {
    return refuse(
      'EXTENSION_NOT_LATER',
      `La nueva fecha debe ser posterior al vencimiento actual (${formatLongDateEs(clock.dueDate)}).`,
    );
  }
  if (!calendar.isBusinessDay(newDueDate)) {
    return refuse(
      'EXTENSION_NOT_BUSINESS_DAY',
      `El ${formatLongDateEs(newDueDate)} no es día hábil (${calendar.nonWorkingReason(newDueDate) ?? ''}); elija un día hábil.`,
    );
  }
  const max = maxExtendedDueDate(clock, calendar);
  const habeasData = CASE_TYPES[clock.type].maxExtensionDays;
  if (newDueDate > max && habeasData !== undefined) {
    return refuse(
      'EXTENSION_BEYOND_LEGAL_LIMIT',
      `${CASE_TYPES[clock.type].legalBasis} permite ampliar el término hasta ${habeasData} días hábiles más: la fecha máxima es el ${formatLongDateEs(max)}.`,
    );
  }
  if (newDueDate > max) {
    return refuse(
      'EXTENSION_BEYOND_DOUBLE_TERM',
      `La nueva fecha no puede superar el doble del término inicial (${MAX_EXTENSION_FACTOR * clock.termDays} días hábiles): la fecha máxima es el ${formatLongDateEs(max)}.`,
    );
  }
  return accept({
    ...clock,
    dueDate: newDueDate,
    extension: { notifiedOn: on, previousDueDate: clock.dueDate, newDueDate, reasons },
  });
}
