import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { openMigratedDatabase, testProviders } from '../support/test-database.js';

describe.each(testProviders)('messages on %s', (provider) => {
  let prisma: Db;
  let close: () => Promise<void>;
  let ids: { entityId: string; conversationId: string };

  beforeAll(async () => {
    const opened = await openMigratedDatabase(provider);
    prisma = opened.database.prisma;
    close = opened.close;
    const entity = await prisma.entity.create({ data: { slug: 'demo', name: 'Alcaldía de Prueba', settings: {} } });
    const contact = await prisma.contact.create({ data: { entityId: entity.id } });
    const conversation = await prisma.conversation.create({
      data: { entityId: entity.id, contactId: contact.id, channel: 'whatsapp' },
    });
    ids = { entityId: entity.id, conversationId: conversation.id };
  });
  afterAll(() => close());

  const inbound = (channel: string, channelMessageId: string | null) =>
    prisma.message.create({
      data: { ...ids, direction: 'in', channel, channelMessageId, text: 'hola', status: 'received' },
    });

  it('refuses to store the same channel message twice', async () => {
    await inbound('whatsapp', 'wamid.ABC123');
    await expect(inbound('whatsapp', 'wamid.ABC123')).rejects.toMatchObject({ code: 'P2002' });
    expect(await prisma.message.count({ where: { channelMessageId: 'wamid.ABC123' } })).toBe(1);
  });

  it('accepts the same id on another channel, and any number of not-yet-sent outbound messages', async () => {
    await inbound('telegram', 'wamid.ABC123');
    await inbound('whatsapp', null);
    await inbound('whatsapp', null);
    expect(await prisma.message.count({ where: { channelMessageId: null } })).toBe(2);
  });

  it('keeps structured payloads and entity settings as JSON', async () => {
    const m = await prisma.message.create({
      data: {
        ...ids,
        direction: 'out',
        channel: 'web',
        status: 'queued',
        payload: { options: [{ label: 'Sí', value: 'si' }] },
      },
    });
    const read = await prisma.message.findUniqueOrThrow({ where: { id: m.id } });
    expect(read.payload).toEqual({ options: [{ label: 'Sí', value: 'si' }] });
  });
});
