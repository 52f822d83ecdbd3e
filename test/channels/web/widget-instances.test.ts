import { describe, expect, it, vi } from 'vitest';
import { SessionTokens } from '../../../src/channels/web/session-token.js';
import { WidgetChannel } from '../../../src/channels/web/widget-channel.js';
import type { WidgetConnection } from '../../../src/channels/web/widget-connection.js';
import type { ServerFrame } from '../../../src/channels/web/widget-frames.js';
import { parseWidgetSettings } from '../../../src/channels/web/widget-settings.js';
import type { ChannelHost } from '../../../src/core/channel-adapter.js';
import { OutboundMessage } from '../../../src/lib/messages.js';
import { PgEventBus } from '../../../src/db/pg-event-bus.js';
import { ensureEntity } from '../../../src/entities/ensure-entity.js';
import { StoredFiles } from '../../../src/uploads/stored-files.js';
import { silentLogger } from '../../core/harness.js';
import { openMigratedDatabase, testProviders } from '../../support/test-database.js';

const host: ChannelHost = {
  receive: async () => ({ duplicate: false, messageId: 'x' }),
  delivery: async () => undefined,
  keepFile: async () => ({ kept: false, reason: 'type' }),
};

/**
 * Several instances behind a load balancer: the tab's socket is on one, the reply is sent by another. PostgreSQL's
 * LISTEN/NOTIFY carries the push; a message too big for NOTIFY travels as its id and is read from the database.
 */
describe.runIf(testProviders.includes('postgresql'))('widget pushes across instances (PostgreSQL)', () => {
  it('a reply sent by one instance reaches the tab held by another, big or small', async () => {
    const opened = await openMigratedDatabase('postgresql');
    const entity = await ensureEntity(opened.database.prisma, { slug: 'san-isidro', name: 'Alcaldía', settings: {} });
    const buses = [new PgEventBus(opened.url, silentLogger), new PgEventBus(opened.url, silentLogger)];
    const [a, b] = buses.map(
      (bus) =>
        new WidgetChannel({
          entity: { id: entity.id, slug: 'san-isidro', name: 'Alcaldía' },
          settings: parseWidgetSettings({}),
          prisma: opened.database.prisma,
          tokens: new SessionTokens('a-test-secret-that-is-long-enough-0123456789'),
          files: new StoredFiles(opened.database.prisma),
          logger: silentLogger,
          sweepIntervalMs: 0,
          bus,
        }),
    ) as [WidgetChannel, WidgetChannel];
    try {
      for (const bus of buses) await bus.start();
      await a.start(host);
      await b.start(host);
      const frames: ServerFrame[] = [];
      b.join('session-1', { send: (frame: ServerFrame) => frames.push(frame) } as unknown as WidgetConnection);

      await a.send('session-1', OutboundMessage.parse({ text: 'Hola desde la otra instancia' }), {
        messageId: 'm-1',
        conversationId: 'c-1',
      });
      await vi.waitFor(() => expect(frames).toHaveLength(1));
      expect(frames[0]).toMatchObject({
        type: 'message',
        message: { id: 'm-1', from: 'bot', text: 'Hola desde la otra instancia' },
      });

      // Too big for NOTIFY: the other instance reads the stored message.
      const contact = await opened.database.prisma.contact.create({ data: { entityId: entity.id } });
      const conversation = await opened.database.prisma.conversation.create({
        data: { entityId: entity.id, contactId: contact.id, channel: 'web' },
      });
      const long = 'Le cuento cómo sacar la licencia de construcción. '.repeat(160);
      const stored = await opened.database.prisma.message.create({
        data: {
          entityId: entity.id,
          conversationId: conversation.id,
          direction: 'out',
          channel: 'web',
          text: long,
          payload: { recipientId: 'session-1', message: OutboundMessage.parse({ text: long }) },
          status: 'sent',
        },
      });
      await a.send('session-1', OutboundMessage.parse({ text: long }), {
        messageId: stored.id,
        conversationId: conversation.id,
      });
      await vi.waitFor(() => expect(frames).toHaveLength(2));
      expect(frames[1]).toMatchObject({ type: 'message', message: { id: stored.id, text: long } });
    } finally {
      await a.stop();
      await b.stop();
      for (const bus of buses) await bus.close();
      await opened.close();
    }
  });
});
