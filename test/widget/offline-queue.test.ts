import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OfflineQueue, type KeyValueStore } from '../../web-widget/src/offline-queue.js';
import type { QueuedMessage } from '../../web-widget/src/protocol.js';

const KEY = 'ava:san-isidro:outbox';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

function message(id: string, text = `texto ${id}`): QueuedMessage {
  return { id, text, createdAt: '2026-11-23T15:04:05.000Z' };
}

function setup(store = memoryStore()) {
  const sent: string[] = [];
  let open = true;
  const queue = new OfflineQueue({
    store,
    key: KEY,
    send: (m) => {
      if (!open) return false;
      sent.push(m.id);
      return true;
    },
  });
  return { queue, sent, store, setOpen: (value: boolean) => (open = value) };
}

describe('OfflineQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps what is typed offline in storage and sends nothing until connected', () => {
    const { queue, sent, store } = setup();
    queue.add(message('m1-aaaaaaaa'));
    queue.add(message('m2-aaaaaaaa'));
    expect(sent).toEqual([]);
    expect(JSON.parse(store.data.get(KEY) ?? '[]')).toHaveLength(2);
  });

  it('sends one at a time, in order, each after the previous ack; the last ack empties storage', () => {
    const { queue, sent, store } = setup();
    queue.add(message('m1-aaaaaaaa'));
    queue.add(message('m2-aaaaaaaa'));
    queue.onConnected();
    expect(sent).toEqual(['m1-aaaaaaaa']);
    queue.add(message('m3-aaaaaaaa'));
    expect(sent).toEqual(['m1-aaaaaaaa']);
    queue.onAck('m1-aaaaaaaa');
    expect(sent).toEqual(['m1-aaaaaaaa', 'm2-aaaaaaaa']);
    queue.onAck('m2-aaaaaaaa');
    queue.onAck('m3-aaaaaaaa');
    expect(sent).toEqual(['m1-aaaaaaaa', 'm2-aaaaaaaa', 'm3-aaaaaaaa']);
    expect(store.data.has(KEY)).toBe(false);
  });

  it('survives a reload: a new queue on the same storage sends what the old one left', () => {
    const first = setup();
    first.queue.add(message('m1-aaaaaaaa'));
    const second = setup(first.store);
    expect(second.queue.list().map((m) => m.id)).toEqual(['m1-aaaaaaaa']);
    second.queue.onConnected();
    expect(second.sent).toEqual(['m1-aaaaaaaa']);
  });

  it('sends an unacknowledged message again after a reconnect (the server deduplicates by id)', () => {
    const { queue, sent } = setup();
    queue.add(message('m1-aaaaaaaa'));
    queue.onConnected();
    queue.onDisconnected();
    queue.onConnected();
    expect(sent).toEqual(['m1-aaaaaaaa', 'm1-aaaaaaaa']);
  });

  it('does not count a message as in flight when the socket refused to send it', () => {
    const { queue, sent, setOpen } = setup();
    setOpen(false);
    queue.add(message('m1-aaaaaaaa'));
    queue.onConnected();
    setOpen(true);
    queue.pump();
    expect(sent).toEqual(['m1-aaaaaaaa']);
  });

  it('waits retryAfterMs after RATE_LIMITED and resends the same message before the next one', () => {
    const { queue, sent } = setup();
    queue.add(message('m1-aaaaaaaa'));
    queue.add(message('m2-aaaaaaaa'));
    queue.onConnected();
    expect(queue.onRefused('m1-aaaaaaaa', 'RATE_LIMITED', 3000)).toBe('retry');
    vi.advanceTimersByTime(2999);
    expect(sent).toEqual(['m1-aaaaaaaa']);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['m1-aaaaaaaa', 'm1-aaaaaaaa']);
  });

  it('retries after INTERNAL with growing delays', () => {
    const { queue, sent } = setup();
    queue.add(message('m1-aaaaaaaa'));
    queue.onConnected();
    queue.onRefused('m1-aaaaaaaa', 'INTERNAL', null);
    vi.advanceTimersByTime(1250);
    expect(sent).toHaveLength(2);
    queue.onRefused('m1-aaaaaaaa', 'INTERNAL', null);
    vi.advanceTimersByTime(1250);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(1250);
    expect(sent).toHaveLength(3);
  });

  it('drops a message refused for good and goes on with the next one', () => {
    const { queue, sent } = setup();
    queue.add(message('m1-aaaaaaaa'));
    queue.add(message('m2-aaaaaaaa'));
    queue.onConnected();
    expect(queue.onRefused('m1-aaaaaaaa', 'TEXT_TOO_LONG', null)).toBe('dropped');
    expect(sent).toEqual(['m1-aaaaaaaa', 'm2-aaaaaaaa']);
    expect(queue.list().map((m) => m.id)).toEqual(['m2-aaaaaaaa']);
  });

  it('cancels a pending retry when the connection drops, and sends on the next connection', () => {
    const { queue, sent } = setup();
    queue.add(message('m1-aaaaaaaa'));
    queue.onConnected();
    queue.onRefused('m1-aaaaaaaa', 'RATE_LIMITED', 5000);
    queue.onDisconnected();
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual(['m1-aaaaaaaa']);
    queue.onConnected();
    expect(sent).toEqual(['m1-aaaaaaaa', 'm1-aaaaaaaa']);
  });

  it('ignores a second add of the same id and unreadable storage', () => {
    const { queue, store } = setup();
    queue.add(message('m1-aaaaaaaa'));
    queue.add(message('m1-aaaaaaaa', 'otro'));
    expect(queue.list()).toHaveLength(1);
    store.data.set(KEY, '{not json');
    expect(queue.list()).toEqual([]);
    store.data.set(KEY, JSON.stringify([{ id: 'x' }, 7, message('m9-aaaaaaaa')]));
    expect(queue.list().map((m) => m.id)).toEqual(['m9-aaaaaaaa']);
  });

  it('sees messages another tab added to the same storage', () => {
    const store = memoryStore();
    const tabA = setup(store);
    const tabB = setup(store);
    tabA.queue.add(message('m1-aaaaaaaa'));
    tabB.queue.add(message('m2-aaaaaaaa'));
    expect(tabA.queue.list().map((m) => m.id)).toEqual(['m1-aaaaaaaa', 'm2-aaaaaaaa']);
  });
});
