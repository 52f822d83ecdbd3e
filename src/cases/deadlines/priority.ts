import type { BusinessCalendar } from '../calendar/business-calendar.js';
import { formatLongDateEs, isLocalDate } from '../local-date.js';
import type { LocalDate } from '../local-date.js';
import { asLocalDate, checkActionDate, statusLabelEs } from './case-clock.js';
import type { CaseClock, DateInput, PriorityReason } from './case-clock.js';
import { accept, refuse } from './rule-result.js';
import type { RuleResult } from './rule-result.js';

/**
 * Gives a petition priority (Ley 1755 art. 20): a fundamental right at stake, imminent harm to life or integrity, or
 * a journalist's request in their work. The entity sets a shorter term: a business day from today up to, not past,
 * the current due date. Imminent harm needs immediate measures, so they must be recorded.
 */
export function prioritize(
  clock: CaseClock,
  request: { on: DateInput; reason: PriorityReason; dueDate: LocalDate; measures?: string },
  calendar: BusinessCalendar,
): RuleResult<CaseClock> {
  const on = asLocalDate(request.on);
  const bad = checkActionDate<CaseClock>(clock, on);
  if (bad) return bad;
  if (clock.status !== 'running') {
    return refuse('CASE_NOT_RUNNING', `No se puede dar prioridad: el caso está ${statusLabelEs(clock.status)}.`);
  }
  if (clock.priority) return refuse('PRIORITY_ALREADY_SET', 'La petición ya tiene prioridad y un término más corto.');
  const dueDate = request.dueDate;
  if (!isLocalDate(dueDate)) return refuse('DATE_NOT_VALID', 'La nueva fecha de vencimiento no es válida.');
  if (dueDate < on || dueDate >= clock.dueDate || !calendar.isBusinessDay(dueDate)) {
    return refuse(
      'PRIORITY_NOT_SHORTER',
      `El término prioritario debe vencer en un día hábil desde hoy y antes del ${formatLongDateEs(clock.dueDate)}.`,
    );
  }
  const measures = request.measures?.trim() ?? '';
  if (request.reason === 'perjuicio_irremediable' && measures.length === 0) {
    return refuse(
      'PRIORITY_MEASURES_REQUIRED',
      'Ante un peligro inminente para la vida o la integridad hay que tomar medidas de urgencia (Ley 1755 de 2015, art. 20): escríbalas.',
    );
  }
  return accept({
    ...clock,
    dueDate,
    priority: { reason: request.reason, setOn: on, previousDueDate: clock.dueDate, measures: measures || null },
  });
}
