import { Writable } from 'node:stream';
import pino from 'pino';
import type { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { HOST, ORIGIN, startConsoleApp, type ConsoleApp } from '../console/console-app.js';
import { startWidgetApp, type WidgetApp } from '../channels/web/widget-app.js';

/** A logger that keeps every line, to check what a broken client leaves in the log. */
function capturingLogger() {
  const lines: { level: number; msg: string; err?: unknown; stack?: unknown }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

/** A masked client text frame whose payload is not UTF-8: broken at the WebSocket protocol level. */
function invalidUtf8Frame(): Buffer {
  const payload = Buffer.from([0xff, 0xfe, 0xfd]);
  const mask = Buffer.from([1, 2, 3, 4]);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]);
}

const writeRaw = (ws: WebSocket, bytes: Buffer) =>
  (ws as unknown as { _socket: { write(b: Buffer): void } })._socket.write(bytes);

const waitFor = async (check: () => boolean, what: string) => {
  const deadline = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('malformed WebSocket frames', () => {
  let w: WidgetApp | undefined;
  let c: ConsoleApp | undefined;
  afterEach(async () => {
    await w?.close();
    await c?.close();
    w = c = undefined;
  });

  it('widget: the citizen gets the error frame, the log one warn line without a stack or the frame content', async () => {
    const { logger, lines } = capturingLogger();
    w = await startWidgetApp('sqlite', { logger });
    const client = await w.connect();
    await client.hello();
    const from = client.frames.length;
    client.send('{"type":"message","text":"mi cédula es 79123456"');
    expect(await client.next('error', from)).toMatchObject({ code: 'MALFORMED_FRAME' });
    client.send({ type: 'hola', text: 'mi cédula es 79123456' });
    await waitFor(
      () => client.frames.slice(from).filter((f) => f.type === 'error').length === 2,
      'the second error frame',
    );
    expect(
      client.frames
        .slice(from)
        .filter((f) => f.type === 'error')
        .map((f) => (f as { code: string }).code),
    ).toEqual(['MALFORMED_FRAME', 'INVALID_FRAME']);

    // Broken at the protocol level: the socket is closed with 1007 (invalid payload data).
    writeRaw(client.ws, invalidUtf8Frame());
    expect((await client.waitClosed()).code).toBe(1007);

    await waitFor(() => lines.some((l) => l.msg === 'malformed websocket frame refused'), 'the protocol warning');
    const refused = lines.filter((l) => /refused/.test(l.msg));
    expect(refused.map((l) => [l.level, l.msg])).toEqual([
      [40, 'widget frame refused'],
      [40, 'widget frame refused'],
      [40, 'malformed websocket frame refused'],
    ]);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain('"stack"');
    expect(logged).not.toContain('79123456');
  });

  it('console: the agent keeps the socket for a bad JSON frame; a protocol-level one closes it with 1007; warn lines only', async () => {
    const { logger, lines } = capturingLogger();
    c = await startConsoleApp('sqlite', { logger });
    await c.addStaff('ana@alcaldia.gov.co', ['agente']);
    const ana = await c.signIn('ana@alcaldia.gov.co');
    let ws: WebSocket | undefined;
    let closed: number | undefined;
    await c.app.injectWS(
      '/console/ws',
      { headers: { host: HOST, origin: ORIGIN, cookie: `vt_console=${ana.cookie}` } } as never,
      {
        onInit: (socket) => {
          ws = socket;
          socket.on('close', (code) => (closed = code));
        },
      },
    );
    ws!.send('esto no es JSON');
    ws!.send(JSON.stringify({ type: 'otra-cosa' }));
    await waitFor(() => lines.filter((l) => l.msg === 'console socket frame refused').length === 2, 'two refusals');
    expect(closed).toBeUndefined();

    writeRaw(ws!, invalidUtf8Frame());
    await waitFor(() => closed !== undefined, 'the close');
    expect(closed).toBe(1007);
    await waitFor(() => lines.some((l) => l.msg === 'malformed websocket frame refused'), 'the protocol warning');
    expect(lines.filter((l) => /refused/.test(l.msg)).every((l) => l.level === 40)).toBe(true);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(JSON.stringify(lines)).not.toContain('"stack"');
  });
});
