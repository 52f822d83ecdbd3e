import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionTokens } from '../../../src/channels/web/session-token.js';
import { testProviders } from '../../support/test-database.js';
import { portalOrigin, secret, startWidgetApp, type WidgetApp, WidgetClient } from './widget-app.js';

describe.each(testProviders)('web widget protocol on %s', (provider) => {
  let w: WidgetApp;
  const clients: WidgetClient[] = [];
  const connect = async (...args: Parameters<WidgetApp['connect']>) => {
    const c = await w.connect(...args);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    w = await startWidgetApp(provider);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await w.close();
  });

  it('answers a trámite question over the socket: ack, echo, typing, then the answer with its buttons', async () => {
    const c = await connect();
    const welcome = await c.hello();
    expect(welcome.protocol).toBe(1);
    expect(welcome.history).toEqual([]);
    expect(welcome.limits.maxTextLength).toBe(4000);
    await c.say('hola');
    await c.say('1');
    const { ack, frames } = await c.say('como pago el impuesto de la casa', { id: 'cliente-0001' });
    expect(ack).toMatchObject({ id: 'cliente-0001', duplicate: false });
    const echo = frames.find((f) => f.type === 'message' && f.message.from === 'citizen');
    expect(echo).toMatchObject({
      message: { id: ack.messageId, text: 'como pago el impuesto de la casa', clientId: 'cliente-0001' },
    });
    expect(frames.some((f) => f.type === 'typing' && f.active)).toBe(true);
    const texts = WidgetClient.botTexts(frames);
    expect(texts[0]).toMatch(/^Puede pagar el impuesto predial en línea por PSE/);
    const question = frames.findLast((f) => f.type === 'message' && f.message.from === 'bot');
    expect(question?.type === 'message' && question.message.options.map((o) => o.label)).toEqual(['Sí', 'No']);
  });

  it('resumes a session with its token: the last messages after a reload, only the missed ones after a drop', async () => {
    const first = await connect();
    const { token } = await first.hello();
    await first.say('hola');
    const lastSeen = first.frames.findLast((f) => f.type === 'message');
    first.close();

    // Messages sent while the browser was away (a case notice) come back on resume.
    const conversation = await w.database.prisma.conversation.findFirstOrThrow({ where: { channel: 'web' } });
    await w.runtime.engine.notify(conversation.id, { text: 'Su radicado PQRSD-2026-000001 tiene respuesta.' });

    // A day later the token still opens the session, and the welcome hands out a fresh one. Meanwhile the server
    // closed the idle conversation and said so: that notice comes back too.
    await w.clock.advance(24 * 3600_000);
    const idleNotice = expect.stringContaining('Como no recibí respuesta');
    const reload = await connect();
    const all = await reload.hello(token);
    expect(all.token).not.toBe(token);
    expect(new SessionTokens(secret, w.clock.now).verify(all.token, w.entityId)?.issuedAt).toBe(
      w.clock.now().getTime() / 1000,
    );
    expect(all.history.map((m) => m.from)[0]).toBe('citizen');
    expect(all.history[0]?.text).toBe('hola');
    expect(all.history.slice(-2).map((m) => m.text)).toEqual([
      'Su radicado PQRSD-2026-000001 tiene respuesta.',
      idleNotice,
    ]);

    const resumed = await connect();
    const missed = await resumed.hello(token, lastSeen?.type === 'message' ? lastSeen.message.id : null);
    expect(missed.history.map((m) => m.text)).toEqual(['Su radicado PQRSD-2026-000001 tiene respuesta.', idleNotice]);
  });

  it('gives a reloaded page the last 50 messages, oldest first', async () => {
    const c = await connect();
    const { token } = await c.hello();
    await c.say('hola');
    const conversation = await w.database.prisma.conversation.findFirstOrThrow({ where: { channel: 'web' } });
    const base = w.clock.now().getTime() + 60_000;
    await w.database.prisma.message.createMany({
      data: Array.from({ length: 60 }, (_, i) => ({
        entityId: w.entityId,
        conversationId: conversation.id,
        direction: 'out',
        channel: 'web',
        text: `aviso ${i + 1}`,
        status: 'sent',
        createdAt: new Date(base + i * 1000),
      })),
    });
    const reload = await connect();
    const { history } = await reload.hello(token);
    expect(history).toHaveLength(50);
    expect(history[0]?.text).toBe('aviso 11');
    expect(history.at(-1)?.text).toBe('aviso 60');
  });

  it('pushes a bot message to every open tab of the same session', async () => {
    const a = await connect();
    const { token } = await a.hello();
    const b = await connect();
    await b.hello(token);
    const from = b.frames.length;
    await a.say('hola');
    expect(WidgetClient.botTexts(b.frames.slice(from)).join('\n')).toMatch(/¿En qué le puedo ayudar\?/);
    expect(
      b.frames
        .slice(from)
        .some((f) => f.type === 'message' && f.message.from === 'citizen' && f.message.text === 'hola'),
    ).toBe(true);
  });

  it('shows a message a person wrote as theirs, with their name, live and after a reload', async () => {
    const c = await connect();
    const { token } = await c.hello();
    await c.say('hola');
    const conversation = await w.database.prisma.conversation.findFirstOrThrow();
    const from = c.frames.length;
    await w.runtime.engine.notify(conversation.id, {
      text: 'Hola, soy Ana. ¿En qué le ayudo?',
      author: { kind: 'agent', name: 'Ana' },
    });
    await w.settle();
    const live = await c.next('message', from);
    expect(live.message).toMatchObject({ from: 'agent', authorName: 'Ana', text: 'Hola, soy Ana. ¿En qué le ayudo?' });
    const reload = await connect();
    const { history } = await reload.hello(token);
    expect(history.at(-1)).toMatchObject({ from: 'agent', authorName: 'Ana' });
    expect(history.filter((m) => m.from === 'bot').every((m) => m.authorName === undefined)).toBe(true);
  });

  it('processes a message sent twice with the same id once (a resend after reconnecting)', async () => {
    const c = await connect();
    const { token } = await c.hello();
    const first = await c.say('hola', { id: 'repetido-01' });
    c.close();
    const again = await connect();
    await again.hello(token);
    const second = await again.say('hola', { id: 'repetido-01' });
    expect(second.ack).toMatchObject({ duplicate: true, messageId: first.ack.messageId });
    expect(WidgetClient.botTexts(second.frames)).toEqual([]);
    expect(await w.database.prisma.message.count({ where: { direction: 'in' } })).toBe(1);
  });

  it('refuses a forged token, and a token signed with another key, and closes with 4001', async () => {
    const c = await connect();
    const { token } = await c.hello();
    const tampered = token.slice(0, -2) + (token.endsWith('A') ? 'BB' : 'AA');
    const forged = await connect();
    forged.send({ type: 'hello', token: tampered });
    const error = await forged.next('error');
    expect(error).toMatchObject({ code: 'INVALID_SESSION', fatal: true });
    expect(error.message).toMatch(/no es válida/);
    expect((await forged.waitClosed()).code).toBe(4001);

    // Knowing someone's session id is not enough: the signature needs the server's key.
    const sessionId = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).s as string;
    const other = new SessionTokens('another-secret-also-32-characters-long!!').issue(w.entityId, sessionId);
    const thief = await connect();
    thief.send({ type: 'hello', token: other });
    expect(await thief.next('error')).toMatchObject({ code: 'INVALID_SESSION' });
    expect(thief.frames.some((f) => f.type === 'welcome')).toBe(false);
    expect(new SessionTokens(secret, w.clock.now).verify(token, w.entityId)?.sessionId).toBe(sessionId);
  });

  it('refuses pages of origins the entity does not allow, and clients without an origin', async () => {
    const evil = await connect('https://phishing.example');
    expect(await evil.next('error')).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED', fatal: true });
    expect((await evil.waitClosed()).code).toBe(4003);
    const none = await connect(null);
    expect(await none.next('error')).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED' });
    // The server's own pages (the demo) and the listed portal are fine.
    const own = await connect('https://chat.sanisidro.test');
    expect((await own.hello()).protocol).toBe(1);
    const portal = await connect(portalOrigin);
    expect((await portal.hello()).protocol).toBe(1);
    const otherEntity = await connect(portalOrigin, undefined, { entity: 'otra-alcaldia' });
    expect(await otherEntity.next('error')).toMatchObject({ code: 'ENTITY_NOT_FOUND', fatal: true });
    expect((await otherEntity.waitClosed()).code).toBe(4004);
  });

  it('answers an oversized frame with an error and keeps the connection usable', async () => {
    const c = await connect();
    await c.hello();
    const from = c.frames.length;
    c.send({ type: 'message', id: 'grande-0001', text: 'x'.repeat(3000), padding: 'y'.repeat(20_000) });
    expect(await c.next('error', from)).toMatchObject({ code: 'FRAME_TOO_LARGE', ref: 'grande-0001', fatal: false });
    const { frames } = await c.say('hola');
    expect(WidgetClient.botTexts(frames).join('\n')).toMatch(/¿En qué le puedo ayudar\?/);
    expect(c.closed).toBeUndefined();
  });

  it('answers malformed, unknown and too-long frames with errors and keeps the connection usable', async () => {
    const c = await connect();
    let from = c.frames.length;
    c.send({ type: 'message', id: 'antes-0001', text: 'hola' });
    expect(await c.next('error', from)).toMatchObject({ code: 'HELLO_REQUIRED', ref: 'antes-0001' });
    await c.hello();
    const cases: [unknown, string][] = [
      ['esto no es json', 'MALFORMED_FRAME'],
      ['[1,2,3]', 'MALFORMED_FRAME'],
      [{ type: 'borrar_todo' }, 'INVALID_FRAME'],
      [{ type: 'message', id: 'x', text: 'id muy corto' }, 'INVALID_FRAME'],
      [{ type: 'message', id: 'vacio-0001', text: '   ' }, 'INVALID_FRAME'],
      [{ type: 'message', id: 'largo-0001', text: 'a'.repeat(4001) }, 'TEXT_TOO_LONG'],
    ];
    for (const [frame, code] of cases) {
      from = c.frames.length;
      c.send(frame);
      const error = await c.next('error', from);
      expect(error.code, JSON.stringify(frame).slice(0, 60)).toBe(code);
      expect(error.fatal).toBe(false);
      expect(error.message).toMatch(/[áéíóúñ]|mensaje|intente/i);
    }
    from = c.frames.length;
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await c.next('error', from)).toMatchObject({ code: 'MALFORMED_FRAME' });
    expect(await w.database.prisma.message.count({ where: { direction: 'in' } })).toBe(0);
    const { ack } = await c.say('hola');
    expect(ack.duplicate).toBe(false);
  });

  it('keeps HTML a citizen types as plain text, unchanged', async () => {
    const c = await connect();
    await c.hello();
    const html = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const { frames } = await c.say(html);
    const echo = frames.find((f) => f.type === 'message' && f.message.from === 'citizen');
    expect(echo?.type === 'message' && echo.message.text).toBe(html);
  });

  it('limits how fast one session sends, across its tabs, and stores nothing refused', async () => {
    const a = await connect();
    const { token } = await a.hello();
    const b = await connect();
    await b.hello(token);
    for (let i = 0; i < 8; i++) await a.say(`mensaje ${i}`, { id: `rapido-a-${i}0` });
    for (let i = 0; i < 7; i++) await b.say(`mensaje ${i}`, { id: `rapido-b-${i}0` });
    const from = b.frames.length;
    b.send({ type: 'message', id: 'rapido-b-99', text: 'uno más' });
    const error = await b.next('error', from);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', ref: 'rapido-b-99', fatal: false });
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(await w.database.prisma.message.count({ where: { direction: 'in' } })).toBe(15);
    // After the wait the same message goes through.
    await w.clock.advance(error.retryAfterMs!);
    const { ack } = await b.say('uno más', { id: 'rapido-b-99' });
    expect(ack.duplicate).toBe(false);
  });

  it('closes a connection that floods frames, and limits new sessions per address', async () => {
    const c = await connect();
    await c.hello();
    for (let i = 0; i < 80; i++) c.send({ type: 'ping' });
    expect((await c.waitClosed()).code).toBe(4029);

    const limited = await startWidgetApp(provider, { newSessionsPerMinute: 2 });
    try {
      const open = async () => {
        const s = await limited.connect(portalOrigin, '198.51.100.9');
        clients.push(s);
        s.send({ type: 'hello' });
        return Promise.race([s.next('welcome'), s.next('error')]);
      };
      expect((await open()).type).toBe('welcome');
      expect((await open()).type).toBe('welcome');
      expect(await open()).toMatchObject({ type: 'error', code: 'RATE_LIMITED', fatal: false });
    } finally {
      await limited.close();
    }
  });

  it('terminates a connection whose browser stopped answering pings', async () => {
    const live = await connect();
    await live.hello();
    const dead = await connect(portalOrigin, undefined, { answerPings: false });
    await dead.hello();
    w.channel.sweep();
    await new Promise((r) => setTimeout(r, 200));
    w.channel.sweep();
    expect((await dead.waitClosed()).code).toBe(1006);
    expect(live.closed).toBeUndefined();
    expect(w.channel.openConnections).toBe(1);
  });

  it('counts new sessions per citizen address behind a trusted proxy, and ignores the header otherwise', async () => {
    const open = async (app: WidgetApp, forwardedFor: string) => {
      const s = await app.connect(portalOrigin, '10.0.0.2', { headers: { 'x-forwarded-for': forwardedFor } });
      clients.push(s);
      s.send({ type: 'hello' });
      return (await Promise.race([s.next('welcome'), s.next('error')])).type;
    };
    const proxied = await startWidgetApp(provider, { newSessionsPerMinute: 1, trustProxy: 'true' });
    try {
      expect([
        await open(proxied, '181.1.1.1'),
        await open(proxied, '181.2.2.2'),
        await open(proxied, '181.1.1.1'),
      ]).toEqual(['welcome', 'welcome', 'error']);
    } finally {
      await proxied.close();
    }
    const direct = await startWidgetApp(provider, { newSessionsPerMinute: 1 });
    try {
      // Without TRUST_PROXY a client cannot dodge the limit by inventing the header.
      expect([await open(direct, '181.1.1.1'), await open(direct, '181.2.2.2')]).toEqual(['welcome', 'error']);
    } finally {
      await direct.close();
    }
  });

  it('answers pings, closes idle connections with 4000 and drops the ones that never said hello', async () => {
    const c = await connect();
    await c.hello();
    c.send({ type: 'ping', id: 'p1' });
    expect(await c.next('pong')).toEqual({ type: 'pong', id: 'p1' });
    const silent = await connect();
    await w.clock.advance(20_000);
    w.channel.sweep();
    expect((await silent.waitClosed()).code).toBe(4000);
    expect(c.closed).toBeUndefined();
    // A live browser answers the sweep's ping; only then is it judged on idleness alone.
    await new Promise((r) => setTimeout(r, 200));
    await w.clock.advance(31 * 60_000);
    w.channel.sweep();
    expect((await c.waitClosed()).code).toBe(4000);
    await vi.waitFor(() => expect(w.channel.openConnections).toBe(0));
  });
});
