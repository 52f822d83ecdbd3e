import { DisconnectReason } from '@whiskeysockets/baileys';
import { backoffMs } from '../../lib/backoff.js';

export type CloseDecision =
  | { action: 'logged-out' }
  | { action: 'stop'; reason: StopReason }
  | { action: 'reconnect'; delayMs: number; reason: CloseKind };

/** Closes that reconnecting cannot fix: only the administrator can (see the admin page's notices). */
export type StopReason = 'banned' | 'bad-session';

export type CloseKind = 'restart-required' | 'replaced' | 'lost';

export interface ReconnectTuning {
  baseMs: number;
  maxMs: number;
  /** After "connection replaced": another session took the number; wait this long (doubling) before trying. */
  replacedBaseMs: number;
  replacedMaxMs: number;
  /** Consecutive "bad session" (500) closes, without an open between, after which the adapter stops trying. */
  badSessionLimit: number;
}

export const defaultTuning: ReconnectTuning = {
  baseMs: 2_000,
  maxMs: 5 * 60_000,
  replacedBaseMs: 5 * 60_000,
  replacedMaxMs: 60 * 60_000,
  badSessionLimit: 3,
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
 * Forbidden (403) is how WhatsApp closes a banned number, and multi-device mismatch (411) a session it no longer
 * accepts: retrying only hammers WhatsApp, so stop. Bad session (500) is also what Baileys reports for a stream
 * error or failure without a known reason, which can pass: it stops only after `badSessionLimit` in a row.
 * `attempt` counts closes since the last open, from 1; `badSessionStreak` the 500s among them, this one included.
 */
export function decideOnClose(
  error: unknown,
  attempt: number,
  random: () => number = Math.random,
  tuning = defaultTuning,
  badSessionStreak = 0,
): CloseDecision {
  const status = closeStatusOf(error);
  if (status === DisconnectReason.loggedOut) return { action: 'logged-out' };
  if (status === DisconnectReason.forbidden) return { action: 'stop', reason: 'banned' };
  if (status === DisconnectReason.multideviceMismatch) return { action: 'stop', reason: 'bad-session' };
  if (status === DisconnectReason.badSession && badSessionStreak >= tuning.badSessionLimit)
    return { action: 'stop', reason: 'bad-session' };
  if (status === DisconnectReason.restartRequired)
    return { action: 'reconnect', delayMs: 0, reason: 'restart-required' };
  const replaced = status === DisconnectReason.connectionReplaced;
  const base = replaced
    ? backoffMs(attempt, tuning.replacedBaseMs, tuning.replacedMaxMs)
    : backoffMs(attempt, tuning.baseMs, tuning.maxMs);
  // Half fixed, half random: the delay still grows with every attempt.
  const delayMs = Math.round(base / 2 + (base / 2) * random());
  return { action: 'reconnect', delayMs, reason: replaced ? 'replaced' : 'lost' };
}
