/**
 * Outcome of checking something a citizen typed. On success `value` is the normalised form the flow stores; on
 * failure `message` is plain Spanish telling the citizen how to write it.
 */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; message: string };

export function valid<T>(value: T): ValidationResult<T> {
  return { ok: true, value };
}

export function invalid<T = never>(message: string): ValidationResult<T> {
  return { ok: false, message };
}
