/**
 * The official's workflow rules over a case's legal clock (Ley 1755 de 2015). Pure functions: each takes the current
 * {@link CaseClock} and returns the new one or a refusal with a stable code and a Spanish message.
 */
export { accept, refuse, RuleErrorCode } from './deadlines/rule-result.js';
export type { RuleRefusal, RuleResult } from './deadlines/rule-result.js';
export { asLocalDate, dueDateAtFiling, openCaseClock, statusLabelEs } from './deadlines/case-clock.js';
export type {
  CaseClock,
  ClockStatus,
  CompletionRequest,
  DateInput,
  Extension,
  Transfer,
} from './deadlines/case-clock.js';
export { extendDueDate, maxExtendedDueDate } from './deadlines/extension.js';
export {
  COMPLETION_PERIOD_MONTHS,
  COMPLETION_REQUEST_WINDOW_DAYS,
  completionRequestDeadline,
  declareDesistimiento,
  extendCompletionPeriod,
  isDesistimientoDue,
  receiveCompletion,
  requestCompletion,
} from './deadlines/completion.js';
export { POSITIVE_SILENCE_DELIVERY_DAYS, positiveSilence } from './deadlines/positive-silence.js';
export type { PositiveSilence } from './deadlines/positive-silence.js';
export { recordTransfer, TRANSFER_TERM_DAYS, transferDeadline } from './deadlines/transfer.js';
export { caseTrafficLight, termTrafficLight, trafficLightLabelEs, YELLOW_MIN_DAYS } from './deadlines/traffic-light.js';
export type { TrafficLight, TrafficLightReading } from './deadlines/traffic-light.js';
export { LAST_REMINDER_DAYS_BEFORE, reminderSchedule } from './deadlines/reminders.js';
