import { describe, expect, it } from 'vitest';
import { initialHandoffState, queueView, reduce, type HandoffState } from '../../web-console/src/handoff-state.js';
import type { HandoffDetail, HandoffSummary, TranscriptMessage } from '../../web-console/src/types.js';

const ME = 'agent-1';

function summary(id: string, over: Partial<HandoffSummary> = {}): HandoffSummary {
  return {
    id,
    conversationId: `conv-${id}`,
    channel: 'web',
    area: 'general',
    priority: 0,
    priorityLabel: null,
    reason: 'Pidió un asesor',
    status: 'queued',
    position: 1,
    agent: null,
    citizenLabel: `Ciudadano ${id}`,
    queuedAt: '2026-11-23T15:00:00.000Z',
    assignedAt: null,
    unread: 0,
    waitingSeconds: 60,
    lastCitizenText: null,
    ...over,
  };
}

function message(id: string, from: TranscriptMessage['from'], text = 'hola'): TranscriptMessage {
  return {
    id,
    from,
    authorName: from === 'agent' ? 'Ana' : null,
    text,
    attachments: [],
    at: '2026-11-23T15:01:00.000Z',
    status: null,
  };
}

function detail(s: HandoffSummary, transcript: TranscriptMessage[] = []): HandoffDetail {
  return { ...s, transcript, cases: [] };
}

const mine = (id: string, over: Partial<HandoffSummary> = {}) =>
  summary(id, { status: 'assigned', position: null, agent: { id: ME, name: 'Ana' }, ...over });

describe('the queue as the agent sees it', () => {
  it('groups queued conversations by area, keeps the server’s serving order, and puts the most urgent area first', () => {
    const view = queueView(
      [
        summary('a', { area: 'movilidad', position: 1, waitingSeconds: 30 }),
        summary('b', { area: 'hacienda', position: 1, priority: 2, priorityLabel: 'Adulto mayor' }),
        summary('c', { area: 'movilidad', position: 2, waitingSeconds: 500 }),
        mine('d'),
        summary('e', { status: 'assigned', agent: { id: 'agent-2', name: 'Beto' } }),
      ],
      ME,
    );
    expect(view.areas.map((a) => [a.area, a.items.map((i) => i.id)])).toEqual([
      ['hacienda', ['b']],
      ['movilidad', ['a', 'c']],
    ]);
    expect(view.mine.map((h) => h.id)).toEqual(['d']);
    expect(view.others.map((h) => h.id)).toEqual(['e']);
    expect(view.queuedTotal).toBe(3);
  });

  it('lists my conversations with unanswered messages first, the longest-waiting on top', () => {
    const view = queueView(
      [
        mine('calm'),
        mine('old', { unread: 1, waitingSeconds: 400 }),
        mine('new', { unread: 1, waitingSeconds: 20 }),
        mine('busy', { unread: 3 }),
      ],
      ME,
    );
    expect(view.mine.map((h) => h.id)).toEqual(['busy', 'old', 'new', 'calm']);
  });
});

describe('live updates', () => {
  const loaded = (handoffs: HandoffSummary[], atMs = 1_000_000): HandoffState =>
    reduce(initialHandoffState, { type: 'list.loaded', handoffs, atMs });

  it('appends a message to the open conversation once, even when the POST answer and the live frame both bring it', () => {
    let state = reduce(loaded([mine('x')]), {
      type: 'detail.loaded',
      detail: detail(mine('x'), [message('m1', 'citizen')]),
      atMs: 1,
    });
    const reply = message('m2', 'agent', 'Con gusto le ayudo');
    state = reduce(state, { type: 'message', handoffId: 'x', message: reply });
    state = reduce(state, { type: 'message', handoffId: 'x', message: reply });
    expect(state.open?.transcript.map((m) => m.id)).toEqual(['m1', 'm2']);
  });

  it('counts unread citizen messages of conversations that are not open, and clears them when the agent answers or reads', () => {
    let state = reduce(loaded([mine('x'), mine('y')]), { type: 'detail.loaded', detail: detail(mine('x')), atMs: 1 });
    state = reduce(state, { type: 'message', handoffId: 'y', message: message('c1', 'citizen', '¿Sigue ahí?') });
    state = reduce(state, { type: 'message', handoffId: 'y', message: message('c2', 'citizen', '¿Hola?') });
    state = reduce(state, { type: 'message', handoffId: 'x', message: message('c3', 'citizen') });
    expect(state.handoffs.find((h) => h.id === 'y')).toMatchObject({ unread: 2, lastCitizenText: '¿Hola?' });
    expect(state.handoffs.find((h) => h.id === 'x')?.unread).toBe(0);
    // Messages of a conversation that is not open never leak into the open transcript.
    expect(state.open?.transcript.map((m) => m.id)).toEqual(['c3']);
    state = reduce(state, { type: 'read', handoffId: 'y' });
    expect(state.handoffs.find((h) => h.id === 'y')?.unread).toBe(0);
  });

  it('moves a taken conversation out of the queue and drops a closed one, updating the open panel', () => {
    let state = reduce(loaded([summary('q')]), {
      type: 'detail.loaded',
      detail: detail(summary('q'), [message('m', 'bot')]),
      atMs: 1,
    });
    state = reduce(state, { type: 'handoff.updated', handoff: mine('q'), atMs: 1_000_000 });
    expect(queueView(state.handoffs, ME).mine.map((h) => h.id)).toEqual(['q']);
    expect(state.open).toMatchObject({ status: 'assigned', transcript: [{ id: 'm' }] });
    state = reduce(state, { type: 'handoff.updated', handoff: mine('q', { status: 'closed' }), atMs: 1_000_000 });
    expect(state.handoffs).toEqual([]);
    expect(state.open?.status).toBe('closed');
  });

  it('adds a conversation that newly entered the queue, with its wait aligned to the list’s clock', () => {
    let state = loaded([], 1_000_000);
    state = reduce(state, { type: 'handoff.updated', handoff: summary('n', { waitingSeconds: 5 }), atMs: 1_010_000 });
    // 10 s after the list loaded, 5 s of waiting: shown as 5 s once the ticker adds the 10 s elapsed.
    expect(state.handoffs[0]).toMatchObject({ id: 'n', waitingSeconds: -5 });
  });

  it('a fresh list keeps the open transcript and takes the new summary', () => {
    let state = reduce(loaded([mine('x')]), {
      type: 'detail.loaded',
      detail: detail(mine('x'), [message('m', 'citizen')]),
      atMs: 1,
    });
    state = reduce(state, { type: 'list.loaded', handoffs: [mine('x', { unread: 4 })], atMs: 2 });
    expect(state.open).toMatchObject({ unread: 4, transcript: [{ id: 'm' }] });
  });
});
