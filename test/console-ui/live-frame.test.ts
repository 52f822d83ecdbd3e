import { describe, expect, it } from 'vitest';
import { parseLiveFrame, reconnectDelay } from '../../web-console/src/live-frame.js';

describe('frames of the console WebSocket', () => {
  it('reads the contract’s events and the ping', () => {
    expect(parseLiveFrame('{"type":"ping"}')).toEqual({ type: 'ping' });
    expect(parseLiveFrame('{"type":"queue.changed"}')).toEqual({ type: 'queue.changed' });
    expect(parseLiveFrame('{"type":"agents.changed"}')).toEqual({ type: 'agents.changed' });
    const message = {
      id: 'm1',
      from: 'citizen',
      authorName: null,
      text: 'hola',
      at: '2026-11-23T15:00:00.000Z',
      status: null,
    };
    expect(parseLiveFrame(JSON.stringify({ type: 'message', handoffId: 'h1', conversationId: 'c1', message }))).toEqual(
      {
        type: 'message',
        handoffId: 'h1',
        conversationId: 'c1',
        message: { ...message, attachments: [] },
      },
    );
    const handoff = { id: 'h1', status: 'assigned', area: 'general' };
    expect(parseLiveFrame(JSON.stringify({ type: 'handoff.updated', handoff }))).toEqual({
      type: 'handoff.updated',
      handoff,
    });
  });

  it('drops what it cannot rely on instead of breaking the page', () => {
    expect(parseLiveFrame('not json')).toBeNull();
    expect(parseLiveFrame('null')).toBeNull();
    expect(
      parseLiveFrame('{"type":"message","handoffId":"h1","message":{"id":"m","from":"hacker","text":"x","at":"t"}}'),
    ).toBeNull();
    expect(parseLiveFrame('{"type":"handoff.updated"}')).toBeNull();
    expect(parseLiveFrame('{"type":"something.else"}')).toBeNull();
  });

  it('reconnects after 1 s doubling up to 30 s, with jitter', () => {
    expect([0, 1, 2, 3, 4].map((n) => reconnectDelay(n, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(reconnectDelay(50, () => 0.99)).toBe(30_000);
    expect(reconnectDelay(0, () => 0)).toBe(750);
  });
});
