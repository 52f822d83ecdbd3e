/** Exponential backoff with a cap: 1 s, 2 s, 4 s … up to maxMs. Attempt numbers start at 1. */
export function backoffMs(attempt: number, baseMs = 1000, maxMs = 15 * 60_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}
