import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeAdapter } from '../../src/channels/fake/fake-adapter.js';
import type { CaseService } from '../../src/cases/service/case-service.js';
import { ChannelSendError } from '../../src/core/channel-adapter.js';
import { unreachableReason } from '../../src/core/outbox.js';
import type { Runtime } from '../../src/core/runtime.js';
import { startEntityRuntime } from '../../src/runtime-for-entity.js';
import { staffActor } from '../../src/staff/staff-member.js';
import { silentLogger } from '../core/harness.js';
import { repoRoot } from '../support/cli-process.js';
import { openMigratedDatabase, testProviders } from '../support/test-database.js';

/**
 * The server's wiring (src/runtime-for-entity.ts): case notices reach the citizen through the conversation engine and
 * the outbox, and reminder timers run through the runtime's job scheduler. The service tests use fakes for both.
 */
describe.each(testProviders)('case notices and reminders in the running runtime on %s', (provider) => {
  let opened: Awaited<ReturnType<typeof openMigratedDatabase>>;
  let runtime: Runtime;
  let cases: CaseService;
  let adapter: FakeAdapter;
  let entityId: string;
  let t: number;

  beforeEach(async () => {
    opened = await openMigratedDatabase(provider);
    t = new Date('2026-03-27T14:00:00Z').getTime();
    const started = await startEntityRuntime({
      database: opened.database,
      logger: silentLogger,
      flowsDir: join(repoRoot, 'flows'),
      adapters: (entity) => [(adapter = new FakeAdapter(entity.id))],
      pollMs: 0,
      now: () => new Date(t),
    });
    runtime = started.runtime;
    cases = started.cases;
    entityId = started.entity.id;
  });
  afterEach(async () => {
    await runtime.stop();
    await opened.close();
  });

  it('sends the answer to the citizen on their channel, after the conversation closed, and runs the reminders', async () => {
    await adapter.receive('573001112233', { text: 'hola' });
    await runtime.engine.idle();
    await runtime.outbox.idle();
    const conversation = await opened.database.prisma.conversation.findFirstOrThrow();
    await opened.database.prisma.conversation.update({ where: { id: conversation.id }, data: { status: 'closed' } });
    const consent = await cases.recordConsent({ channel: 'fake', conversationId: conversation.id });
    const filed = await cases.file(
      { type: 'peticion', description: 'Arreglo del andén', requester: { name: 'Ana' } },
      { channel: 'fake', conversationId: conversation.id, consentId: consent.id },
    );
    const gestor = staffActor({ id: 'g1', entityId, name: 'Gestora', roles: ['gestor'], dependency: null });
    await cases.assign(gestor, filed.radicado, { dependency: 'Secretaría de Planeación' });

    // Half of the 15-day term: 9 April 2026 at 08:00 in Bogotá.
    t = new Date('2026-04-09T13:00:00Z').getTime();
    await runtime.jobs.runDue(new Date(t));
    const reminders = await cases.reminders(gestor);
    expect(reminders).toEqual([
      expect.objectContaining({ radicado: filed.radicado, kind: 'reminder', dependency: 'Secretaría de Planeación' }),
    ]);

    t = new Date('2026-04-10T15:00:00Z').getTime();
    await cases.answer(gestor, filed.radicado, { text: 'El andén se arregla la otra semana.' });
    await runtime.outbox.idle();
    const texts = adapter.sentTo('573001112233').map((m) => m.text);
    expect(texts.at(-1)).toBe(`Respuesta a su solicitud ${filed.radicado}:\nEl andén se arregla la otra semana.`);
    const history = await opened.database.prisma.caseEvent.findMany({
      where: { caseId: filed.id },
      orderBy: { at: 'asc' },
    });
    expect(history.map((e) => e.kind)).toEqual(['filed', 'assigned', 'reminder', 'answered', 'citizen_notified']);
    expect(await opened.database.prisma.scheduledJob.count({ where: { kind: 'case.reminder' } })).toBe(0);
  });

  it('records in the case history that a notice could not be delivered when the citizen blocked the channel', async () => {
    await adapter.receive('573004445566', { text: 'hola' });
    await runtime.engine.idle();
    await runtime.outbox.idle();
    const conversation = await opened.database.prisma.conversation.findFirstOrThrow();
    const consent = await cases.recordConsent({ channel: 'fake', conversationId: conversation.id });
    const filed = await cases.file(
      { type: 'queja', description: 'No recogieron la basura', requester: { name: 'Luis' } },
      { channel: 'fake', conversationId: conversation.id, consentId: consent.id },
    );
    const gestor = staffActor({ id: 'g1', entityId, name: 'Gestora', roles: ['gestor'], dependency: null });
    adapter.failNext(1, new ChannelSendError('Forbidden: bot was blocked by the user', false, undefined, true));
    await cases.answer(gestor, filed.radicado, { text: 'Mañana pasa el camión.' });
    await runtime.outbox.idle();

    const history = await opened.database.prisma.caseEvent.findMany({
      where: { caseId: filed.id },
      orderBy: { at: 'asc' },
    });
    expect(history.map((e) => e.kind)).toEqual(['filed', 'answered', 'citizen_notified', 'citizen_not_notified']);
    expect(history.at(-1)?.data).toEqual({ reason: 'envio_fallido', detail: unreachableReason });
    const contact = await opened.database.prisma.contact.findFirstOrThrow({ where: { id: conversation.contactId } });
    expect(contact.unreachableAt).not.toBeNull();
  });
});
