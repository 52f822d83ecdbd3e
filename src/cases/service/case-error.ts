import type { CaseErrorCode } from '../../lib/errors/case-errors.js';
import { DomainError } from '../../lib/errors/domain-error.js';
import type { RuleRefusal } from '../deadlines/rule-result.js';

export type { CaseErrorCode };

/**
 * A refusal of the case service: a catalogue code (src/lib/errors/case-errors.ts, plus FORBIDDEN) with its status, and
 * a Spanish message written for the official or citizen.
 */
export class CaseError extends DomainError<CaseErrorCode> {
  constructor(code: CaseErrorCode, message: string) {
    super(code, { message });
    this.name = 'CaseError';
  }

  static fromRule(refusal: RuleRefusal): CaseError {
    return new CaseError(refusal.code, refusal.message);
  }
}
