import { describe, expect, it } from 'vitest';
import { messageFrame, parseLimits, parseServerFrame, DEFAULT_LIMITS } from '../../web-widget/src/protocol.js';

describe('parseServerFrame', () => {
  it('reads a welcome with its history and limits', () => {
    const frame = parseServerFrame(
      JSON.stringify({
        type: 'welcome',
        protocol: 1,
        token: 'v1.a.b',
        history: [
          {
            id: '1',
            from: 'bot',
            text: 'Hola',
            options: [{ label: 'Sí', value: 'si' }],
            expects: 'file',
            at: '2026-11-23T15:04:05.000Z',
          },
          {
            id: '2',
            from: 'citizen',
            text: 'Hola',
            clientId: 'c-12345678',
            attachments: [{ kind: 'image', fileName: 'a.jpg', mimeType: 'image/jpeg', url: null }],
            at: '2026-11-23T15:05:00.000Z',
          },
          { id: '3', from: 'somebody', text: 'dropped' },
        ],
        limits: { maxTextLength: 500, maxFrameBytes: 8000, upload: { maxBytes: 10, types: ['application/pdf'] } },
      }),
    );
    expect(frame).toMatchObject({
      type: 'welcome',
      token: 'v1.a.b',
      limits: { maxTextLength: 500, maxFrameBytes: 8000, upload: { maxBytes: 10, types: ['application/pdf'] } },
    });
    if (frame?.type !== 'welcome') throw new Error('expected welcome');
    expect(frame.history.map((m) => m.id)).toEqual(['1', '2']);
    expect(frame.history[0]).toMatchObject({
      options: [{ label: 'Sí', value: 'si' }],
      expectsFile: true,
      clientId: null,
    });
    expect(frame.history[1]).toMatchObject({ clientId: 'c-12345678', attachments: [{ fileName: 'a.jpg', url: null }] });
  });

  it('reads a message a person of the entity wrote, with their name', () => {
    const frame = parseServerFrame(
      JSON.stringify({
        type: 'message',
        message: {
          id: '9',
          from: 'agent',
          authorName: 'Ana',
          text: 'Hola, le ayudo.',
          options: [],
          at: '2026-11-23T15:06:00.000Z',
        },
      }),
    );
    if (frame?.type !== 'message') throw new Error('expected message');
    expect(frame.message).toMatchObject({ from: 'agent', authorName: 'Ana', text: 'Hola, le ayudo.' });
    // A citizen or bot message never carries an author name, whatever the frame says.
    const bot = parseServerFrame(
      JSON.stringify({
        type: 'message',
        message: { id: '10', from: 'bot', authorName: 'X', text: 'Hola', at: '2026-11-23T15:06:00.000Z' },
      }),
    );
    if (bot?.type !== 'message') throw new Error('expected message');
    expect(bot.message.authorName).toBeNull();
  });

  it('reads errors with and without ref', () => {
    expect(
      parseServerFrame(
        '{"type":"error","code":"RATE_LIMITED","message":"Espere","ref":"c-1","retryAfterMs":1500,"fatal":false}',
      ),
    ).toEqual({
      type: 'error',
      code: 'RATE_LIMITED',
      message: 'Espere',
      ref: 'c-1',
      retryAfterMs: 1500,
      fatal: false,
    });
    expect(parseServerFrame('{"type":"error","code":"MALFORMED_FRAME","message":"x","fatal":false}')).toMatchObject({
      ref: null,
      retryAfterMs: null,
    });
  });

  it('reads the busy notice the server sends after an ack under load, and ignores one without text', () => {
    expect(
      parseServerFrame(JSON.stringify({ type: 'busy', id: 'c1', message: 'Estamos atendiendo a muchas personas.' })),
    ).toEqual({
      type: 'busy',
      message: 'Estamos atendiendo a muchas personas.',
    });
    expect(parseServerFrame(JSON.stringify({ type: 'busy', id: 'c1' }))).toBeNull();
  });

  it('returns null for what it cannot use instead of throwing', () => {
    for (const raw of [
      'not json',
      '[]',
      'null',
      '{"type":"future-thing"}',
      '{"type":"message"}',
      '{"type":"welcome"}',
    ]) {
      expect(parseServerFrame(raw)).toBeNull();
    }
  });

  it('falls back to defaults for missing or nonsensical limits', () => {
    expect(parseLimits({ maxTextLength: -1, upload: { types: [] } })).toEqual(DEFAULT_LIMITS);
  });
});

describe('messageFrame', () => {
  it('sends only protocol fields', () => {
    expect(messageFrame({ id: 'c-12345678', text: 'Hablar con un asesor', payload: 'asesor', createdAt: 'x' })).toEqual(
      {
        type: 'message',
        id: 'c-12345678',
        text: 'Hablar con un asesor',
        payload: 'asesor',
      },
    );
  });
});
