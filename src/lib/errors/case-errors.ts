/**
 * Stable error codes of the official's workflow rules (src/cases/deadlines/). The API maps them to HTTP answers and the
 * console shows the Spanish message; tests and clients match on the code, never on the text. They live here, with the
 * catalogue, so that every code Ventanilla answers with is listed in one folder.
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
  EXTENSION_BEYOND_LEGAL_LIMIT: 'EXTENSION_BEYOND_LEGAL_LIMIT',
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
  PRIORITY_ALREADY_SET: 'PRIORITY_ALREADY_SET',
  PRIORITY_NOT_SHORTER: 'PRIORITY_NOT_SHORTER',
  PRIORITY_MEASURES_REQUIRED: 'PRIORITY_MEASURES_REQUIRED',
  CLARIFICATION_REQUIRED: 'CLARIFICATION_REQUIRED',
  CLARIFICATION_LATE: 'CLARIFICATION_LATE',
  NOT_AWAITING_CLARIFICATION: 'NOT_AWAITING_CLARIFICATION',
  CLARIFICATION_PERIOD_EXPIRED: 'CLARIFICATION_PERIOD_EXPIRED',
  CLARIFICATION_PERIOD_NOT_EXPIRED: 'CLARIFICATION_PERIOD_NOT_EXPIRED',
  REJECTION_REASONS_REQUIRED: 'REJECTION_REASONS_REQUIRED',
  EXTENSION_NOT_NOTIFIED: 'EXTENSION_NOT_NOTIFIED',
  DESISTIMIENTO_REASONS_REQUIRED: 'DESISTIMIENTO_REASONS_REQUIRED',
  NOT_DESISTED: 'NOT_DESISTED',
  DESISTIMIENTO_ALREADY_NOTIFIED: 'DESISTIMIENTO_ALREADY_NOTIFIED',
  REPOSICION_ALREADY_FILED: 'REPOSICION_ALREADY_FILED',
  REPOSICION_LATE: 'REPOSICION_LATE',
  NO_REPOSICION_PENDING: 'NO_REPOSICION_PENDING',
  WITHDRAWAL_NOT_ALLOWED: 'WITHDRAWAL_NOT_ALLOWED',
  NOT_WITHDRAWN: 'NOT_WITHDRAWN',
  PUBLIC_INTEREST_REASONS_REQUIRED: 'PUBLIC_INTEREST_REASONS_REQUIRED',
  DENIAL_RESERVE_REQUIRED: 'DENIAL_RESERVE_REQUIRED',
  NOT_DENIED: 'NOT_DENIED',
  INSISTENCE_ALREADY_FILED: 'INSISTENCE_ALREADY_FILED',
  INSISTENCE_LATE: 'INSISTENCE_LATE',
  INSISTENCE_GROUNDS_REQUIRED: 'INSISTENCE_GROUNDS_REQUIRED',
  NO_INSISTENCE_PENDING: 'NO_INSISTENCE_PENDING',
  COURT_REQUIRED: 'COURT_REQUIRED',
  NO_COMPETENCE_REASONS_REQUIRED: 'NO_COMPETENCE_REASONS_REQUIRED',
  VERBAL_NOT_TOLD_AT_ONCE: 'VERBAL_NOT_TOLD_AT_ONCE',
  REFERRAL_BODY_REQUIRED: 'REFERRAL_BODY_REQUIRED',
} as const;
export type RuleErrorCode = (typeof RuleErrorCode)[keyof typeof RuleErrorCode];

/** A legal rule said no: the request was understood, the law refuses it. The thrower's message names the rule. */
const ruleRefused = { status: 422, message: 'La ley no permite este paso en el estado actual del caso.' } as const;

/**
 * The case service's codes. Their messages are written for the situation (dates, the rule that applies), so the
 * catalogue's text is only the fallback.
 */
export const caseErrors = {
  CASE_NOT_FOUND: { status: 404, message: 'No hay un caso con ese radicado que usted pueda ver.' },
  CASE_CHANGED: {
    status: 409,
    message: 'Otra persona cambió este caso mientras usted lo veía. Recárguelo y revise antes de seguir.',
  },
  INPUT_NOT_VALID: { status: 400, message: 'La solicitud no es válida.' },
  DOCUMENT_NOT_VALID: { status: 400, message: 'El número de documento no tiene la forma de su tipo de documento.' },
  DEPENDENCY_UNKNOWN: { status: 400, message: 'La dependencia no existe.' },
  CASE_STATE: { status: 422, message: 'El estado del caso no permite este paso.' },
  ...(Object.fromEntries(Object.values(RuleErrorCode).map((code) => [code, ruleRefused])) as Record<
    RuleErrorCode,
    typeof ruleRefused
  >),
} as const satisfies Record<string, { status: number; message: string }>;

/** What the case service refuses with: its own codes and the rules', plus the general FORBIDDEN. */
export type CaseErrorCode = keyof typeof caseErrors | 'FORBIDDEN';
