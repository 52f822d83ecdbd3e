import { DisconnectReason } from '@whiskeysockets/baileys';
import { backoffMs } from '../../core/backoff.js';

export type CloseDecision =
  | { action: 'logged-out' }
  | { action: 'reconnect'; delayMs: number; reason: CloseKind };

export type CloseKind = 'restart-required' | 'replaced' | 'lost';

export interface ReconnectTuning {
  baseMs: number;
  maxMs: number;
  /** After "connection replaced": another session took the number; wait this long (doubling) before trying. */
  replacedBaseMs: number;
  replacedMaxMs: number;
}

export const defaultTuning: ReconnectTuning = {
  baseMs: 2_000,
  maxMs: 5 * 60_000,
  replacedBaseMs: 5 * 60_000,
  replacedMaxMs: 60 * 60_000,
};

/** The status code Baileys puts on a close (a Boom error's output.statusCode), if any. */
export function closeStatusOf(error: unknown): number | undefined {
  const status = (error as { output?: { statusCode?: unknown } } | undefined)?.output?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * What to do when the socket closes. Logged out on the phone: the stored session is worthless, pair again.
 * Restart required (515) comes right after pairing: reconnect at once. Connection replaced (440): another client
 * opened the same session; reconnecting at once would kick it and be kicked back in a loop, so wait long. Anything
 * else: reconnect with growing delays, capped, with jitter so instances and numbers do not retry in step.
 * `attempt` counts closes since the last open, from 1.
 */
export function decideOnClose(error: unknown, attempt: number, random: () => number = Math.random, tuning = defaultTuning): CloseDecision {
  const status = closeStatusOf(error);
  if (status === DisconnectReason.loggedOut) return { action: 'logged-out' };
  if (status === DisconnectReason.restartRequired) return { action: 'reconnect', delayMs: 0, reason: 'restart-required' };
  const replaced = status === DisconnectReason.connectionReplaced;
  const base = replaced ? backoffMs(attempt, tuning.replacedBaseMs, tuning.replacedMaxMs) : backoffMs(attempt, tuning.baseMs, tuning.maxMs);
  // Half fixed, half random: the delay still grows with every attempt.
  const delayMs = Math.round(base / 2 + (base / 2) * random());
  return { action: 'reconnect', delayMs, reason: replaced ? 'replaced' : 'lost' };
}
