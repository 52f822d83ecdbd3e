import type { RuleRefusal } from '../deadlines/rule-result.js';

/** Codes the case service refuses with, besides the legal rules' own (src/cases/deadlines/rule-result.ts). */
export type CaseErrorCode =
  | 'CASE_NOT_FOUND'
  | 'FORBIDDEN'
  | 'CASE_CHANGED'
  | 'DOCUMENT_NOT_VALID'
  | 'DEPENDENCY_UNKNOWN'
  | 'CASE_STATE'
  | 'INPUT_NOT_VALID'
  | RuleRefusal['code'];

const statusOf: Partial<Record<CaseErrorCode, number>> = {
  CASE_NOT_FOUND: 404,
  FORBIDDEN: 403,
  CASE_CHANGED: 409,
  INPUT_NOT_VALID: 400,
  DOCUMENT_NOT_VALID: 400,
  DEPENDENCY_UNKNOWN: 400,
};

/** A refusal of the case service: a stable code, an HTTP status and a Spanish message for the official or citizen. */
export class CaseError extends Error {
  readonly status: number;
  constructor(
    readonly code: CaseErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CaseError';
    // Business-rule refusals are 422: the request was understood, the law says no.
    this.status = statusOf[code] ?? 422;
  }

  static fromRule(refusal: RuleRefusal): CaseError {
    return new CaseError(refusal.code, refusal.message);
  }
}
