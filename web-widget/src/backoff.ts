export const FIRST_RETRY_MS = 1000;
export const MAX_RETRY_MS = 30_000;

/**
 * Delay before reconnect attempt number `attempt` (0 for the first retry): 1 s doubling up to 30 s. The ±25 % jitter
 * keeps every open widget from knocking at the same instant after a server restart.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt));
  return Math.min(MAX_RETRY_MS, Math.round(base * (0.75 + random() * 0.5)));
}
