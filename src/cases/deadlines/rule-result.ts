/**
 * Stable error codes of the official's workflow rules. The API maps them to HTTP answers and the console shows the
 * Spanish message; tests and clients match on the code, never on the text.
 */
export const RuleErrorCode = {
  DATE_NOT_VALID: 'DATE_NOT_VALID',
  DATE_BEFORE_RECEIPT: 'DATE_BEFORE_RECEIPT',
  CASE_NOT_RUNNING: 'CASE_NOT_RUNNING',
  EXTENSION_AFTER_DUE_DATE: 'EXTENSION_AFTER_DUE_DATE',
  EXTENSION_ALREADY_GRANTED: 'EXTENSION_ALREADY_GRANTED',
  EXTENSION_REASONS_REQUIRED: 'EXTENSION_REASONS_REQUIRED',
  EXTENSION_NOT_LATER: 'EXTENSION_NOT_LATER',
  EXTENSION_NOT_BUSINESS_DAY: 'EXTENSION_NOT_BUSINESS_DAY',
  EXTENSION_BEYOND_DOUBLE_TERM: 'EXTENSION_BEYOND_DOUBLE_TERM',
  COMPLETION_MISSING_REQUIRED: 'COMPLETION_MISSING_REQUIRED',
  COMPLETION_ALREADY_REQUESTED: 'COMPLETION_ALREADY_REQUESTED',
  COMPLETION_REQUEST_LATE: 'COMPLETION_REQUEST_LATE',
  NOT_AWAITING_COMPLETION: 'NOT_AWAITING_COMPLETION',
  COMPLETION_PERIOD_EXPIRED: 'COMPLETION_PERIOD_EXPIRED',
  COMPLETION_PERIOD_NOT_EXPIRED: 'COMPLETION_PERIOD_NOT_EXPIRED',
  COMPLETION_EXTENSION_ALREADY_GRANTED: 'COMPLETION_EXTENSION_ALREADY_GRANTED',
  COMPLETION_EXTENSION_TOO_LONG: 'COMPLETION_EXTENSION_TOO_LONG',
  TRANSFER_RECIPIENT_REQUIRED: 'TRANSFER_RECIPIENT_REQUIRED',
  POSITIVE_SILENCE: 'POSITIVE_SILENCE',
} as const;
export type RuleErrorCode = (typeof RuleErrorCode)[keyof typeof RuleErrorCode];

/** Why a rule refused: a stable code and a Spanish message for the official. */
export interface RuleRefusal {
  code: RuleErrorCode;
  message: string;
}

/** Either the new state or a refusal; rules never throw for a business reason. */
export type RuleResult<T> = { ok: true; value: T } | { ok: false; error: RuleRefusal };

/** Wraps an accepted result. */
export function accept<T>(value: T): RuleResult<T> {
  return { ok: true, value };
}

/** Wraps a refusal. */
export function refuse<T = never>(code: RuleErrorCode, message: string): RuleResult<T> {
  return { ok: false, error: { code, message } };
}
