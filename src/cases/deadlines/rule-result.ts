// The codes are listed with the error catalogue; cases keep importing them from here.
import { RuleErrorCode } from '../../lib/errors/case-errors.js';

export { RuleErrorCode };

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
