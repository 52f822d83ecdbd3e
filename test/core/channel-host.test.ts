import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelSendError, type ChannelHost } from '../../src/core/channel-adapter.js';
import { unreachableReason } from '../../src/core/outbox.js';
import { inboundFileKeeper, maxInboundFileBytes } from '../../src/core/keep-inbound-file.js';
import { testProviders } from '../support/test-database.js';
import { action, startHarness, type Harness } from './harness.js';

const flowsDir = fileURLToPath(new URL('./fixtures/flows', import.meta.url));
const actions = () =>
  new Map([
    ['kb.lookup', action(() => ({ found: false }))],
    ['case.create', action(() => ({ radicado: 'PQRSD-2026-000001' }))],
    ['case.status', action(() => ({ estado: 'en trámite' }))],
    ['handoff.request', action(() => null)],
    ['survey.start', action(() => null)],
    ['prueba.contar', action(() => 1)],
  ]);

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200, 0x20)]);

/** What adapters get from the runtime besides the inbound sink: delivery statuses, unreachable citizens, kept files. */
describe.each(testProviders)('channel host on %s', (provider) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function firstReply(sender: string) {
    await h.adapter.receive(sender, { text: 'hola' });
    await h.settle();
    return h.database.prisma.message.findFirstOrThrow({ where: { direction: 'out' }, orderBy: { createdAt: 'asc' } });
  }

  it('moves an outbound message forward through delivered and read, never back', async () => {
    h = await startHarness({ provider, flowsDir, actions: actions() });
    const sent = await firstReply('ana');
    const update = { entityId: h.entityId, channel: 'fake' as const, channelMessageId: sent.channelMessageId! };
    await h.runtime.outbox.recordDelivery({ ...update, status: 'read', at: new Date('2026-03-02T14:01:00Z') });
    // A late "delivered" webhook must not move a read message back.
    await h.runtime.outbox.recordDelivery({ ...update, status: 'delivered', at: new Date('2026-03-02T14:02:00Z') });
    await h.runtime.outbox.recordDelivery({
      ...update,
      status: 'failed',
      at: new Date('2026-03-02T14:03:00Z'),
      error: 'tarde',
    });
    const row = await h.database.prisma.message.findUniqueOrThrow({ where: { id: sent.id } });
    expect(row).toMatchObject({ status: 'read', lastError: null });
    expect(row.readAt?.toISOString()).toBe('2026-03-02T14:01:00.000Z');
    expect(row.deliveredAt?.toISOString()).toBe('2026-03-02T14:01:00.000Z');
  });

  it("marks a sent message failed with the channel's reason and tells the failure listeners", async () => {
    h = await startHarness({ provider, flowsDir, actions: actions() });
    const failures: string[] = [];
    h.runtime.outbox.onFailure((f) => void failures.push(`${f.messageId}:${f.reason}`));
    const sent = await firstReply('ana');
    const found = await h.runtime.outbox.recordDelivery({
      entityId: h.entityId,
      channel: 'fake',
      channelMessageId: sent.channelMessageId!,
      status: 'failed',
      at: new Date(),
      error: 'Pasaron más de 24 horas desde el último mensaje del ciudadano.',
    });
    expect(found).toBe(true);
    const row = await h.database.prisma.message.findUniqueOrThrow({ where: { id: sent.id } });
    expect(row).toMatchObject({
      status: 'failed',
      lastError: 'Pasaron más de 24 horas desde el último mensaje del ciudadano.',
    });
    expect(failures).toEqual([`${sent.id}:Pasaron más de 24 horas desde el último mensaje del ciudadano.`]);
    expect(
      await h.runtime.outbox.recordDelivery({
        entityId: h.entityId,
        channel: 'fake',
        channelMessageId: 'desconocido',
        status: 'read',
        at: new Date(),
      }),
    ).toBe(false);
  });

  it('stops sending to a citizen who blocked the channel, without retrying, until they write again', async () => {
    h = await startHarness({ provider, flowsDir, actions: actions() });
    h.adapter.failNext(1, new ChannelSendError('Forbidden: bot was blocked by the user', false, undefined, true));
    await h.adapter.receive('luis', { text: 'hola' });
    await h.settle();
    const contact = await h.database.prisma.contact.findFirstOrThrow();
    expect(contact.unreachableAt).not.toBeNull();
    const out = await h.database.prisma.message.findMany({ where: { direction: 'out' } });
    expect(out.length).toBeGreaterThan(0);
    // The one refused send and everything queued after it are failed, not retried: the channel got a single call.
    expect(out.every((m) => m.status === 'failed' && m.lastError === unreachableReason)).toBe(true);
    expect(h.adapter.sent).toEqual([]);
    await h.clock.advance(60 * 60_000);
    expect(h.adapter.sent).toEqual([]);

    await h.adapter.receive('luis', { text: 'menú' });
    await h.settle();
    expect((await h.database.prisma.contact.findFirstOrThrow()).unreachableAt).toBeNull();
    expect(h.adapter.sentTo('luis').length).toBeGreaterThan(0);
  });

  it('keeps JPG, PNG and PDF files up to 5 MB with the sender, and says why it refuses others', async () => {
    h = await startHarness({ provider, flowsDir, actions: actions() });
    const keep: ChannelHost['keepFile'] = inboundFileKeeper(h.database.prisma);
    const base = { entityId: h.entityId, channel: 'fake' as const, senderId: 'ana' };
    const kept = await keep({
      ...base,
      data: pdf,
      fileName: '../../recibo predial.pdf',
      declaredType: 'application/pdf',
    });
    expect(kept).toMatchObject({
      kept: true,
      attachment: { kind: 'document', mimeType: 'application/pdf', fileName: 'recibo predial.pdf' },
    });
    const file = await h.database.prisma.storedFile.findFirstOrThrow({
      include: { contact: { include: { identities: true } } },
    });
    expect(file.contact.identities.map((i) => i.externalId)).toEqual(['ana']);
    expect(kept.kept && kept.attachment.ref).toBe(`upload:${file.id}`);

    expect(await keep({ ...base, data: Buffer.from('MZ\x90\x00 not a pdf'), fileName: 'factura.pdf' })).toEqual({
      kept: false,
      reason: 'type',
    });
    const big = Buffer.concat([pdf, Buffer.alloc(maxInboundFileBytes)]);
    expect(await keep({ ...base, data: big })).toEqual({ kept: false, reason: 'size' });
    expect(await h.database.prisma.storedFile.count()).toBe(1);
  });
});
