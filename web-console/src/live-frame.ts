import type { HandoffSummary, LiveFrame, TranscriptMessage } from './types.js';

// Frames of the console's WebSocket (.tmp/console-contract.md "Live updates"). A frame without the fields the console
// relies on is dropped here, so the views never guard against half-formed data.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isSummary(value: unknown): value is HandoffSummary {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.status === 'string' &&
    typeof value.area === 'string'
  );
}

function isMessage(value: unknown): value is TranscriptMessage {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.text === 'string' &&
    typeof value.at === 'string' &&
    ['citizen', 'bot', 'agent', 'note'].includes(value.from as string)
  );
}

export function parseLiveFrame(data: string): LiveFrame | null {
  let frame: unknown;
  try {
    frame = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isRecord(frame)) return null;
  switch (frame.type) {
    case 'ping':
    case 'queue.changed':
    case 'agents.changed':
      return { type: frame.type };
    case 'handoff.updated':
      return isSummary(frame.handoff) ? { type: 'handoff.updated', handoff: frame.handoff } : null;
    case 'message':
      if (typeof frame.handoffId !== 'string' || !isMessage(frame.message)) return null;
      return {
        type: 'message',
        handoffId: frame.handoffId,
        conversationId: typeof frame.conversationId === 'string' ? frame.conversationId : '',
        message: {
          ...frame.message,
          attachments: Array.isArray(frame.message.attachments) ? frame.message.attachments : [],
        },
      };
    default:
      return null;
  }
}

export const FIRST_RETRY_MS = 1000;
export const MAX_RETRY_MS = 30_000;

/** 1 s doubling up to 30 s, ±25 % so every open console does not knock at the same instant after a restart. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt));
  return Math.min(MAX_RETRY_MS, Math.round(base * (0.75 + random() * 0.5)));
}
