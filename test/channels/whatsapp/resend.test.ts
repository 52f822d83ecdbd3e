import { afterEach, describe, expect, it } from 'vitest';
import type { StoredOutbound } from '../../../src/core/outbox.js';
import { testProviders } from '../../support/test-database.js';
import { fixture } from './fixtures.js';
import { startWhatsappApp, type WhatsappApp } from './whatsapp-app.js';

const pn = '573001234567@s.whatsapp.net';
const lid = '123456789012345@lid';

describe.each(testProviders)('WhatsApp (Baileys): a phone asks for a reply again (getMessage), on %s', (provider) => {
  let w: WhatsappApp | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  /** A citizen says hola; then a reply of two parts (text and a location) goes out through the outbox. */
  async function twoPartReply(app: WhatsappApp) {
    const hola = fixture('text-conversation', { id: '3A0000000000000000R1', remoteJid: pn, remoteJidAlt: lid });
    hola.message = { conversation: 'hola' };
    app.sockets.latest.deliver(hola);
    await app.settle();
    const { prisma } = app.database;
    const conversation = await prisma.conversation.findFirstOrThrow();
    const stored: StoredOutbound = {
      recipientId: pn,
      message: {
        text: 'La alcaldía queda aquí:',
        options: [],
        attachments: [{ kind: 'location', ref: 'geo:4.5981,-74.0758', caption: 'Alcaldía de San Isidro' }],
        typing: false,
      },
    };
    const row = await prisma.message.create({
      data: {
        entityId: app.entity.id,
        conversationId: conversation.id,
        direction: 'out',
        channel: 'whatsapp',
        status: 'queued',
        text: stored.message.text,
        payload: stored as never,
      },
    });
    const before = app.sockets.latest.sent.length;
    await app.runtime.outbox.dispatch(conversation.id);
    const parts = app.sockets.latest.sent.slice(before);
    expect(parts).toHaveLength(2);
    return { row, ids: parts.map((p) => p.options!.messageId!) };
  }

  it('serves every part of a reply from the database after a restart, with the content Baileys sends again', async () => {
    const app = (w = await startWhatsappApp(provider));
    await app.connect();
    const { row, ids } = await twoPartReply(app);
    const sent = await app.database.prisma.message.findUniqueOrThrow({ where: { id: row.id } });
    // The first part's id stays the delivery reference; every part's id is kept with the reply.
    expect(sent.channelMessageId).toBe(ids[0]);
    expect((sent.payload as { whatsappParts: { id: string }[] }).whatsappParts.map((p) => p.id)).toEqual(ids);
    expect((sent.payload as unknown as StoredOutbound).recipientId).toBe(pn);

    // Baileys' memory of what it sent is gone.
    await app.restartChannel();
    app.sockets.latest.open();
    const socket = app.sockets.latest;
    const text = await socket.askAgain({ remoteJid: pn, fromMe: true, id: ids[0]! });
    expect(text?.extendedTextMessage?.text).toBe('La alcaldía queda aquí:');
    // The receipt may come from the person's LID; the second part is found among that person's replies.
    const location = await socket.askAgain({ remoteJid: lid, fromMe: true, id: ids[1]! });
    expect(location?.locationMessage).toMatchObject({
      degreesLatitude: 4.5981,
      degreesLongitude: -74.0758,
      name: 'Alcaldía de San Isidro',
    });
  });

  it('answers nothing for an id it never sent, or one sent to someone else', async () => {
    const app = (w = await startWhatsappApp(provider));
    await app.connect();
    const { ids } = await twoPartReply(app);
    const socket = app.sockets.latest;
    expect(await socket.askAgain({ remoteJid: pn, fromMe: true, id: '3EB0000000000000000000' })).toBeUndefined();
    expect(
      await socket.askAgain({ remoteJid: '573009999999@s.whatsapp.net', fromMe: true, id: ids[1]! }),
    ).toBeUndefined();
  });
});
