import type { HandoffDetail, HandoffSummary, TranscriptMessage } from './types.js';

/**
 * The agent view's data, changed only through `reduce`: the list as last loaded (with the moment it arrived, so waits
 * keep counting), and the conversation open in the panel. Pure, so every live-update case is unit-tested.
 */
export interface HandoffState {
  handoffs: HandoffSummary[];
  loadedAtMs: number;
  open: HandoffDetail | null;
  /** The open conversation's summary moment, for its own waiting counter. */
  openLoadedAtMs: number;
}

export type HandoffAction =
  | { type: 'list.loaded'; handoffs: HandoffSummary[]; atMs: number }
  | { type: 'handoff.updated'; handoff: HandoffSummary; atMs: number }
  | { type: 'detail.loaded'; detail: HandoffDetail; atMs: number }
  | { type: 'message'; handoffId: string; message: TranscriptMessage }
  | { type: 'read'; handoffId: string }
  | { type: 'panel.closed' };

export const initialHandoffState: HandoffState = { handoffs: [], loadedAtMs: 0, open: null, openLoadedAtMs: 0 };

const LIVE: ReadonlySet<string> = new Set(['queued', 'assigned']);

function withSummary(detail: HandoffDetail, summary: HandoffSummary): HandoffDetail {
  return { ...detail, ...summary, transcript: detail.transcript, cases: detail.cases };
}

export function reduce(state: HandoffState, action: HandoffAction): HandoffState {
  switch (action.type) {
    case 'list.loaded': {
      const open = state.open ? action.handoffs.find((h) => h.id === state.open?.id) : undefined;
      return {
        ...state,
        handoffs: action.handoffs,
        loadedAtMs: action.atMs,
        open: state.open && open ? withSummary(state.open, open) : state.open,
      };
    }
    case 'handoff.updated': {
      const { handoff } = action;
      // Rows keep the list's clock; an updated row gets its own by shifting its waiting time onto the list's.
      const shifted = {
        ...handoff,
        waitingSeconds: handoff.waitingSeconds - Math.floor((action.atMs - state.loadedAtMs) / 1000),
      };
      const exists = state.handoffs.some((h) => h.id === handoff.id);
      let handoffs: HandoffSummary[];
      if (!LIVE.has(handoff.status)) handoffs = state.handoffs.filter((h) => h.id !== handoff.id);
      else if (exists) handoffs = state.handoffs.map((h) => (h.id === handoff.id ? shifted : h));
      else handoffs = [...state.handoffs, shifted];
      const isOpen = state.open?.id === handoff.id;
      return {
        ...state,
        handoffs,
        open: isOpen && state.open ? withSummary(state.open, handoff) : state.open,
        openLoadedAtMs: isOpen ? action.atMs : state.openLoadedAtMs,
      };
    }
    case 'detail.loaded':
      return { ...state, open: action.detail, openLoadedAtMs: action.atMs };
    case 'message': {
      const { handoffId, message } = action;
      const isOpen = state.open?.id === handoffId;
      // The agent's own reply comes back both as the POST answer and as a live frame: keep one.
      const open =
        isOpen && state.open && !state.open.transcript.some((m) => m.id === message.id)
          ? { ...state.open, transcript: [...state.open.transcript, message] }
          : state.open;
      const handoffs = state.handoffs.map((h) => {
        if (h.id !== handoffId) return h;
        if (message.from === 'citizen')
          return { ...h, lastCitizenText: message.text, unread: isOpen ? h.unread : h.unread + 1 };
        if (message.from === 'agent') return { ...h, unread: 0 };
        return h;
      });
      return { ...state, open, handoffs };
    }
    case 'read':
      return {
        ...state,
        handoffs: state.handoffs.map((h) => (h.id === action.handoffId ? { ...h, unread: 0 } : h)),
        open: state.open?.id === action.handoffId ? { ...state.open, unread: 0 } : state.open,
      };
    case 'panel.closed':
      return { ...state, open: null };
  }
}

export interface QueueArea {
  area: string;
  items: HandoffSummary[];
}

export interface QueueView {
  /** Queued conversations by area, each in the server's serving order; areas with the most urgent wait first. */
  areas: QueueArea[];
  mine: HandoffSummary[];
  /** Held by other agents (shown to supervisors). */
  others: HandoffSummary[];
  queuedTotal: number;
}

export function queueView(handoffs: readonly HandoffSummary[], myId: string): QueueView {
  const byArea = new Map<string, HandoffSummary[]>();
  const mine: HandoffSummary[] = [];
  const others: HandoffSummary[] = [];
  for (const h of handoffs) {
    if (h.status === 'queued') {
      const list = byArea.get(h.area) ?? [];
      list.push(h);
      byArea.set(h.area, list);
    } else if (h.status === 'assigned') {
      (h.agent?.id === myId ? mine : others).push(h);
    }
  }
  const urgency = (items: HandoffSummary[]) => Math.max(...items.map((h) => h.priority));
  const longest = (items: HandoffSummary[]) => Math.max(...items.map((h) => h.waitingSeconds));
  const areas = [...byArea.entries()]
    .map(([area, items]) => ({ area, items }))
    .sort(
      (a, b) =>
        urgency(b.items) - urgency(a.items) || longest(b.items) - longest(a.items) || a.area.localeCompare(b.area),
    );
  // Mine: whoever has waited longest for an answer first, so nobody is forgotten below the fold.
  mine.sort((a, b) => b.unread - a.unread || b.waitingSeconds - a.waitingSeconds);
  return { areas, mine, others, queuedTotal: handoffs.filter((h) => h.status === 'queued').length };
}
