import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerFrame } from '../../src/channels/web/widget-wire.js';
import { parseServerFrame } from '../../web-widget/src/protocol.js';
import { startWidgetApp, type WidgetApp } from '../channels/web/widget-app.js';

const run = promisify(execFile);

/**
 * The browsers compile against the server's schemas (type-only imports of src/): a server change they do not follow
 * fails their type check here, inside `npm test`, not only in CI's separate typecheck step.
 */
describe('the browser apps compile against the server contract', () => {
  it.each(['web-widget', 'web-console'])(
    '%s type-checks',
    async (app) => {
      const result = await run('npx', ['tsc', '-p', `${app}/tsconfig.json`], { timeout: 120_000 }).catch(
        (error: { stdout?: string; stderr?: string }) => ({
          stdout: error.stdout ?? '',
          stderr: error.stderr ?? 'failed',
        }),
      );
      expect(`${result.stdout}${result.stderr}`).toBe('');
    },
    120_000,
  );
});

describe('every frame the server sends satisfies the contract and the widget reads it whole', () => {
  let widget: WidgetApp;
  const recorded: unknown[] = [];

  beforeAll(async () => {
    widget = await startWidgetApp('sqlite');
    const client = await widget.connect();
    await client.hello();
    await client.say('hola');
    await client.say('q necesito pa sacar el certificado de residencia');
    client.send({ type: 'ping', id: 'p1' });
    await client.next('pong');
    client.send('{not json');
    await client.next('error');
    client.send({ type: 'message', id: 'long-text-1', text: 'x'.repeat(5000) });
    await client.next('error', client.frames.length - 1).catch(() => undefined);
    recorded.push(...client.frames);
    client.close();
  }, 60_000);
  afterAll(async () => widget?.close());

  it('records each kind of frame a conversation produces', () => {
    const kinds = new Set(recorded.map((f) => (f as { type: string }).type));
    expect([...kinds].sort()).toEqual(['ack', 'error', 'message', 'pong', 'typing', 'welcome']);
  });

  it('each recorded frame passes the server schema', () => {
    for (const frame of recorded) expect(ServerFrame.safeParse(frame).error).toBeUndefined();
  });

  it('the widget parser keeps what the citizen sees from each frame', () => {
    for (const frame of recorded.map((f) => ServerFrame.parse(f))) {
      const parsed = parseServerFrame(JSON.stringify(frame));
      expect(parsed?.type).toBe(frame.type);
      if (frame.type === 'message' && parsed?.type === 'message') {
        expect(parsed.message).toMatchObject({
          id: frame.message.id,
          from: frame.message.from,
          text: frame.message.text,
          options: frame.message.options,
        });
      }
      if (frame.type === 'welcome' && parsed?.type === 'welcome') {
        expect(parsed.history).toHaveLength(frame.history.length);
        expect(parsed.limits?.maxTextLength).toBe(frame.limits.maxTextLength);
      }
      if (frame.type === 'error' && parsed?.type === 'error') {
        expect(parsed).toMatchObject({ code: frame.code, message: frame.message, fatal: frame.fatal });
      }
      if (frame.type === 'ack' && parsed?.type === 'ack') expect(parsed.messageId).toBe(frame.messageId);
    }
  });
});
