import type { WAMessage } from '@whiskeysockets/baileys';
import { afterEach, describe, expect, it } from 'vitest';
import { testProviders } from '../../support/test-database.js';
import { fixture } from './fixtures.js';
import { startWhatsappApp, type WhatsappApp } from './whatsapp-app.js';

/** Five citizens, each writing "hola" while the server was down. */
function heldMessages(batch: string): WAMessage[] {
  return [1, 2, 3, 4, 5].map((n) => {
    const message = fixture('text-conversation', {
      id: `3A${batch}${String(n).padStart(16, '0')}`,
      remoteJid: `57300000000${n}@s.whatsapp.net`,
    });
    message.message = { conversation: 'hola' };
    return message;
  });
}

describe.each(testProviders)('WhatsApp (Baileys): messages held while the server was down, on %s', (provider) => {
  let w: WhatsappApp | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it('the drill: 5 messages delivered as append after a restart are all answered once; the same 5 again answer nothing', async () => {
    const app = (w = await startWhatsappApp(provider));
    await app.connect();
    await app.restartChannel();
    app.sockets.latest.open();
    const socket = app.sockets.latest;
    const { prisma } = app.database;

    const held = heldMessages('01');
    socket.deliverOffline(...held);
    await app.settle();
    expect(await prisma.message.count({ where: { direction: 'in' } })).toBe(5);
    const jids = held.map((m) => m.key.remoteJid!);
    const answered = jids.map((jid) => socket.textsTo(jid).length);
    // Every citizen got the greeting, and all got the same one (a single answer each).
    for (const count of answered) expect(count).toBeGreaterThan(0);
    expect(new Set(answered).size).toBe(1);
    expect(socket.textsTo(jids[0]!).join('\n')).toMatch(/¿En qué le puedo ayudar\?/);
    const sentBefore = socket.sent.length;
    const outBefore = await prisma.message.count({ where: { direction: 'out' } });

    // Baileys may hand the same offline batch again (another reconnect before the acks reached WhatsApp).
    socket.deliverOffline(...heldMessages('01'));
    await app.settle();
    expect(await prisma.message.count({ where: { direction: 'in' } })).toBe(5);
    expect(await prisma.message.count({ where: { direction: 'out' } })).toBe(outBefore);
    expect(socket.sent.length).toBe(sentBefore);
  });

  it('in an append batch, its own messages and status updates are still ignored', async () => {
    const app = (w = await startWhatsappApp(provider));
    await app.connect();
    const socket = app.sockets.latest;
    const [citizen] = heldMessages('02');
    socket.deliverOffline(fixture('from-me'), fixture('status-broadcast'), citizen!);
    await app.settle();
    const inbound = await app.database.prisma.message.findMany({
      where: { direction: 'in' },
      select: { channelMessageId: true },
    });
    expect(inbound).toEqual([{ channelMessageId: citizen!.key.id }]);
    expect(new Set(socket.sent.map((s) => s.jid))).toEqual(new Set([citizen!.key.remoteJid]));
  });

  it('a message answered live and then handed again as append after a restart is not answered twice', async () => {
    const app = (w = await startWhatsappApp(provider));
    await app.connect();
    const [message] = heldMessages('03');
    app.sockets.latest.deliver(message!);
    await app.settle();
    const answers = app.sockets.latest.sent.length;
    expect(answers).toBeGreaterThan(0);

    await app.restartChannel();
    app.sockets.latest.open();
    app.sockets.latest.deliverOffline(heldMessages('03')[0]!);
    await app.settle();
    expect(app.sockets.latest.sent).toHaveLength(0);
    expect(await app.database.prisma.message.count({ where: { direction: 'in' } })).toBe(1);
  });
});
