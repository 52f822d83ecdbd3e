import { DisconnectReason } from '@whiskeysockets/baileys';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChannelSendError } from '../../../src/core/channel-adapter.js';
import { testProviders } from '../../support/test-database.js';
import { fixture } from './fixtures.js';
import { alertAfterMinutes, leaseRenewMs, startWhatsappApp, type WhatsappApp } from './whatsapp-app.js';

const pn = '573001234567@s.whatsapp.net';
const lid = '123456789012345@lid';
let seq = 0;
const nextId = () => `3A${String(++seq).padStart(18, '0')}`;

describe.each(testProviders)('WhatsApp (Baileys) channel on %s', (provider) => {
  let w: WhatsappApp | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  async function start(options: Parameters<typeof startWhatsappApp>[1] = {}): Promise<WhatsappApp> {
    w = await startWhatsappApp(provider, options);
    return w;
  }

  async function say(app: WhatsappApp, text: string, from = pn, alt?: string) {
    const message = fixture('text-conversation', {
      id: nextId(),
      remoteJid: from,
      ...(alt ? { remoteJidAlt: alt } : {}),
    });
    message.message = { conversation: text };
    app.sockets.latest.deliver(message);
    await app.settle();
  }

  it("carries a greeting and a numbered answer through the demo flows and replies to the citizen's JID", async () => {
    const app = await start();
    await app.connect();
    expect(app.adapter.health().state).toBe('connected');
    const socket = app.sockets.latest;

    await say(app, 'hola');
    const greeting = socket.textsTo(pn).join('\n');
    expect(greeting).toMatch(/¿En qué le puedo ayudar\?/);
    // Options come as numbered text (maxButtons 0), never as WhatsApp buttons.
    expect(greeting).toMatch(/^1\. /m);
    expect(socket.sent.every((s) => 'text' in s.content)).toBe(true);
    // "typing…" then the message, for the same chat.
    expect(socket.calls.slice(0, 3)).toEqual([`composing:${pn}`, `paused:${pn}`, `send:${pn}`]);

    const before = socket.sent.length;
    await say(app, '1');
    expect(socket.textsTo(pn).slice(before).join('\n')).toMatch(/Escriba su pregunta/);
    // Every send carried a message id derived from the stored message, so a retry reuses it.
    const stored = await app.database.prisma.message.findMany({ where: { direction: 'out', status: 'sent' } });
    expect(stored.length).toBe(socket.sent.length);
    expect(new Set(socket.sent.map((s) => s.options?.messageId)).size).toBe(socket.sent.length);
    expect(stored.map((m) => m.channelMessageId).sort()).toEqual(socket.sent.map((s) => s.options!.messageId).sort());
  });

  it('keeps a message that could not be stored at first: WhatsApp will not send it again, so it tries again', async () => {
    const app = await start();
    await app.connect();
    const receive = vi.spyOn(app.runtime.engine, 'receive');
    receive
      .mockRejectedValueOnce(new Error('database is locked'))
      .mockRejectedValueOnce(new Error('database is locked'));
    await say(app, 'hola');
    await vi.waitFor(() => expect(receive).toHaveBeenCalledTimes(3));
    await app.settle();
    const stored = await app.database.prisma.message.findMany({ where: { direction: 'in' } });
    expect(stored.map((m) => m.text)).toEqual(['hola']);
    expect(app.sockets.latest.textsTo(pn).join('\n')).toMatch(/¿En qué le puedo ayudar\?/);
    expect(
      app.lines.filter((l) => l.msg === 'whatsapp: storing an incoming message failed; trying again'),
    ).toHaveLength(2);
  });

  it('ignores group, status, newsletter and its own messages', async () => {
    const app = await start();
    await app.connect();
    app.sockets.latest.deliver(
      fixture('group-text'),
      fixture('status-broadcast'),
      fixture('newsletter'),
      fixture('from-me'),
    );
    await app.settle();
    expect(await app.database.prisma.message.count()).toBe(0);
    expect(await app.database.prisma.contact.count()).toBe(0);
    expect(app.sockets.latest.sent).toEqual([]);
  });

  it('brings a LID chat and the phone-number chat of one person to one conversation', async () => {
    const app = await start();
    await app.connect();
    await say(app, 'hola', lid);
    await say(app, '1', pn, lid);
    const { prisma } = app.database;
    expect(await prisma.contact.count()).toBe(1);
    expect(await prisma.conversation.count()).toBe(1);
    const inbound = await prisma.message.findMany({ where: { direction: 'in' }, select: { conversationId: true } });
    expect(inbound).toHaveLength(2);
    // The second message continued the first one's menu.
    expect(app.sockets.latest.sent.map((s) => (s.content as { text: string }).text).join('\n')).toMatch(
      /Escriba su pregunta/,
    );
  });

  it('merges two contacts when WhatsApp maps a LID to a phone number later', async () => {
    const app = await start();
    await app.connect();
    await say(app, 'hola', lid);
    await say(app, 'hola', pn);
    const { prisma } = app.database;
    expect(await prisma.contact.count()).toBe(2);
    app.sockets.latest.emit('lid-mapping.update', { lid, pn });
    await vi.waitFor(async () => expect(await prisma.contact.count()).toBe(1));
    const identities = await prisma.contactIdentity.findMany();
    expect(new Set(identities.map((i) => i.contactId)).size).toBe(1);
    expect(identities.map((i) => i.externalId).sort()).toEqual([pn, lid].sort());
    expect(await prisma.conversation.count({ where: { status: { not: 'closed' } } })).toBe(1);
    expect(await prisma.conversation.count()).toBe(2);
  });

  // Was "…and points an audio it cannot keep at the message": voice notes (OGG/Opus) are now kept like images.
  it('keeps an image and a voice note the citizen sends with the contact', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
    const ogg = Buffer.from('OggS\0\x02 OpusHead voice note', 'latin1');
    const app = await start({
      downloadMedia: async (m) => ((m as { message?: { audioMessage?: unknown } }).message?.audioMessage ? ogg : png),
    });
    await app.connect();
    app.sockets.latest.deliver(fixture('image-ephemeral'), fixture('audio-ptt'));
    await app.settle();
    const inbound = await app.database.prisma.message.findMany({
      where: { direction: 'in' },
      orderBy: { createdAt: 'asc' },
    });
    const attachments = inbound.map(
      (m) => (m.payload as { attachments: { ref: string; kind: string; caption?: string }[] }).attachments[0],
    );
    expect(attachments[0]).toMatchObject({
      kind: 'image',
      ref: expect.stringMatching(/^upload:/),
      caption: 'Foto del hueco en la vía',
    });
    expect(attachments[1]).toMatchObject({
      kind: 'audio',
      ref: expect.stringMatching(/^upload:/),
      mimeType: 'audio/ogg',
    });
    const files = await app.database.prisma.storedFile.findMany({ orderBy: { createdAt: 'asc' } });
    expect(files.map((f) => [f.mimeType, f.channel])).toEqual([
      ['image/png', 'whatsapp'],
      ['audio/ogg', 'whatsapp'],
    ]);
  });

  it("hands a voice note's bytes to keepFile as it does a photo's (the uploads decide which types are kept)", async () => {
    const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(60)]);
    const app = await start({ downloadMedia: async () => ogg });
    await app.connect();
    app.sockets.latest.deliver(fixture('audio-ptt'));
    await app.settle();
    expect(app.keptFiles).toHaveLength(1);
    expect(app.keptFiles[0]).toMatchObject({
      channel: 'whatsapp',
      senderId: expect.stringMatching(/@/),
      declaredType: expect.stringMatching(/^audio\//),
    });
    expect(app.keptFiles[0]!.data.equals(ogg)).toBe(true);
  });

  it('clears the stored session when the phone logs the device out, and asks for a new pairing', async () => {
    const app = await start();
    await vi.waitFor(() => app.sockets.latest);
    const socket = app.sockets.latest;
    socket.showQr('2@first-qr');
    expect(app.adapter.health().state).toBe('pairing');
    socket.config.auth.creds.registered = true;
    socket.emit('creds.update', { registered: true });
    await socket.config.auth.keys.set({
      'pre-key': { '1': { public: Buffer.alloc(32, 1), private: Buffer.alloc(32, 2) } },
    });
    socket.open();
    const { prisma } = app.database;
    await vi.waitFor(async () => expect(await prisma.channelAuth.count()).toBe(2));

    socket.close(DisconnectReason.loggedOut);
    await vi.waitFor(async () => expect(await prisma.channelAuth.count()).toBe(0));
    expect(app.adapter.health().state).toBe('logged_out');
    expect(socket.listening()).toBe(0);

    // A new socket right away, with fresh credentials, shows a new QR.
    expect(app.timers.fire(0)).toBe(1);
    await vi.waitFor(() => expect(app.sockets.sockets).toHaveLength(2));
    expect(app.sockets.latest.config.auth.creds.registered).toBe(false);
    app.sockets.latest.showQr('2@second-qr');
    expect(app.adapter.health().state).toBe('pairing');
    expect(app.adapter.pairing().qr).toBe('2@second-qr');
  });

  it('reconnects with growing delays on other close reasons, at once after restartRequired, and long after a replacement', async () => {
    const app = await start();
    await app.connect();
    const reconnect = async (status: number) => {
      const before = app.timers.scheduled.length;
      app.sockets.latest.close(status);
      await vi.waitFor(() => expect(app.timers.scheduled.length).toBeGreaterThan(before));
      const delay = app.timers.scheduled.at(-1)!;
      const opened = app.sockets.sockets.length;
      app.timers.fire(delay);
      await vi.waitFor(() => expect(app.sockets.sockets).toHaveLength(opened + 1));
      return delay;
    };
    const delays = [];
    for (const status of [
      DisconnectReason.connectionClosed,
      DisconnectReason.connectionLost,
      DisconnectReason.badSession,
      503,
    ]) {
      delays.push(await reconnect(status));
    }
    expect(delays[0]).toBeGreaterThan(0);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1]!);
    expect(app.adapter.health().state).toBe('connecting');

    expect(await reconnect(DisconnectReason.restartRequired)).toBe(0);

    const replaced = await reconnect(DisconnectReason.connectionReplaced);
    expect(replaced).toBeGreaterThanOrEqual(5 * 60_000);
    expect(app.lines.some((l) => l.level === 50 && /another session replaced/.test(l.msg))).toBe(true);

    // After an open, the delays start small again.
    app.sockets.latest.open();
    expect(await reconnect(DisconnectReason.connectionClosed)).toBe(delays[0]);
  });

  it('logs one alert when the connection stays down longer than WHATSAPP_ALERT_AFTER_MINUTES', async () => {
    const app = await start();
    await app.connect();
    app.sockets.latest.close(DisconnectReason.connectionLost);
    await vi.waitFor(() => expect(app.adapter.health().state).toBe('disconnected'));
    await app.clock.advance(alertAfterMinutes * 60_000 + 1000);
    expect(app.timers.fire(alertAfterMinutes * 60_000)).toBe(1);
    expect(app.timers.fire(alertAfterMinutes * 60_000)).toBe(0);
    const alerts = app.lines.filter((l) => l.alert === 'whatsapp_disconnected');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.level).toBe(50);
  });

  it('refuses sends while disconnected with a retryable error, and paces bursts to one chat', async () => {
    const app = await start({ env: { WHATSAPP_SEND_PER_CHAT_PER_MINUTE: '2' } });
    await vi.waitFor(() => app.sockets.latest);
    const message = { text: 'Hola', options: [], attachments: [], typing: false };
    const notConnected = await app.adapter.send(pn, message).catch((e: unknown) => e);
    expect(notConnected).toBeInstanceOf(ChannelSendError);
    expect((notConnected as ChannelSendError).retryable).toBe(true);

    app.sockets.latest.open();
    await app.adapter.send(pn, message, { messageId: 'm1', conversationId: 'c' });
    await app.adapter.send(pn, message, { messageId: 'm2', conversationId: 'c' });
    const third = await app.adapter
      .send(pn, message, { messageId: 'm3', conversationId: 'c' })
      .catch((e: unknown) => e);
    expect(third).toBeInstanceOf(ChannelSendError);
    expect((third as ChannelSendError).retryable).toBe(true);
    expect((third as ChannelSendError).retryAfterMs).toBeGreaterThan(5_000);
    // Another chat is not held back by the first one's pace.
    await app.adapter.send('573005550000@s.whatsapp.net', message, { messageId: 'm4', conversationId: 'd' });
    expect(app.sockets.latest.sent).toHaveLength(3);

    // A retried send reuses its WhatsApp id, so the phone shows one message even if the failed attempt got through.
    await app.clock.advance(60_000);
    const socket = app.sockets.latest;
    socket.failSends = 1;
    const failed = await app.adapter
      .send(pn, message, { messageId: 'm5', conversationId: 'c' })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ChannelSendError);
    expect((failed as ChannelSendError).retryable).toBe(true);
    await app.adapter.send(pn, message, { messageId: 'm5', conversationId: 'c' });
    const [firstTry, retry] = socket.attemptedIds.slice(-2);
    expect(retry).toBe(firstTry);
    expect(retry).toMatch(/^3EB0[0-9A-F]{18}$/);
    expect(retry).not.toBe(socket.sent[0]!.options!.messageId);
  });

  it('a second instance stands by while the first holds the number, and takes over when it stops', async () => {
    const app = await start();
    await app.connect();
    const b = await app.secondInstance('instance-b');
    await vi.waitFor(() => expect(b.adapter.health().state).toBe('standby'));
    expect(b.sockets.sockets).toHaveLength(0);
    b.timers.fire(leaseRenewMs);
    await new Promise((r) => setTimeout(r, 50));
    expect(b.sockets.sockets).toHaveLength(0);

    await app.adapter.stop();
    expect(app.sockets.latest.ended).toBe(true);
    b.timers.fire(leaseRenewMs);
    await vi.waitFor(() => expect(b.sockets.sockets).toHaveLength(1));
    expect(b.adapter.health().state).toBe('connecting');
  });

  it('a second instance takes over an expired lease, and the first closes its socket when it finds out', async () => {
    const app = await start();
    await app.connect();
    const b = await app.secondInstance('instance-b');
    await vi.waitFor(() => expect(b.adapter.health().state).toBe('standby'));
    // The first instance hangs: it renews no more, and its lease runs out.
    await app.clock.advance(31_000);
    b.timers.fire(leaseRenewMs);
    await vi.waitFor(() => expect(b.sockets.sockets).toHaveLength(1));
    const lease = await app.database.prisma.lease.findFirstOrThrow();
    expect(lease.holder).toBe('instance-b');

    app.timers.fire(leaseRenewMs);
    await vi.waitFor(() => expect(app.adapter.health().state).toBe('standby'));
    expect(app.sockets.latest.ended).toBe(true);
  });

  it('the admin API: 401 without a token, 403 without channels.manage, the QR and status for an administrator', async () => {
    const app = await start();
    await vi.waitFor(() => app.sockets.latest);
    app.sockets.latest.showQr('2@admin-qr,abc,def');
    const { token: adminToken } = await app.staff.add({
      name: 'Admin',
      email: 'admin@sanisidro.gov.co',
      roles: ['admin'],
    });
    const { token: gestorToken } = await app.staff.add({
      name: 'Gestor',
      email: 'gestor@sanisidro.gov.co',
      roles: ['gestor'],
    });

    const anonymous = await app.app.inject({ method: 'GET', url: '/api/v1/admin/whatsapp' });
    expect(anonymous.statusCode).toBe(401);
    const gestor = await app.app.inject({
      method: 'GET',
      url: '/api/v1/admin/whatsapp',
      headers: { authorization: `Bearer ${gestorToken}` },
    });
    expect(gestor.statusCode).toBe(403);
    expect(gestor.body).not.toContain('admin-qr');

    const admin = await app.app.inject({
      method: 'GET',
      url: '/api/v1/admin/whatsapp',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(admin.statusCode).toBe(200);
    const body = admin.json();
    expect(body).toMatchObject({ status: 'waiting', qr: '2@admin-qr,abc,def', pairingCode: null });
    expect(body.qrSvg).toMatch(/^<svg/);
    expect(body.message).toMatch(/escanee el código QR/);

    const code = await app.app.inject({
      method: 'POST',
      url: '/api/v1/admin/whatsapp/pairing-code',
      headers: { authorization: `Bearer ${adminToken}` },
      payload: { phone: '573009876543' },
    });
    expect(code.json()).toEqual({ pairingCode: 'ABCD1234' });

    app.sockets.latest.open();
    const connected = await app.app.inject({
      method: 'GET',
      url: '/api/v1/admin/whatsapp',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(connected.json()).toMatchObject({ status: 'connected', qr: null, qrSvg: null });

    const page = await app.app.inject({ method: 'GET', url: '/admin/whatsapp' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('sessionStorage');
    expect(page.body).toContain('/api/v1/admin/whatsapp');
  });

  it('does not connect with a key that cannot open the stored session', async () => {
    const app = await start();
    await vi.waitFor(() => app.sockets.latest);
    app.sockets.latest.emit('creds.update', {});
    await vi.waitFor(async () => expect(await app.database.prisma.channelAuth.count()).toBe(1));
    await app.adapter.stop();
    await app.database.prisma.channelAuth.updateMany({ data: { value: 'v1.AAAA.BBBB.CCCC' } });
    const b = await app.secondInstance('instance-b');
    await vi.waitFor(() => expect(b.adapter.health().detail ?? '').toMatch(/WHATSAPP_AUTH_KEY/));
    expect(b.sockets.sockets).toHaveLength(0);
    expect(b.adapter.health().state).toBe('disconnected');
  });
});
