import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeAdapter } from '../../src/channels/fake/fake-adapter.js';
import { Runtime } from '../../src/core/runtime.js';
import { ensureEntity } from '../../src/entities/ensure-entity.js';
import { openMigratedDatabase, testProviders } from '../support/test-database.js';
import { loadEntityFacts } from '../../src/entities/load-entity-facts.js';
import { action, silentLogger, TestClock } from './harness.js';

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

/**
 * Two instances on one database (what a load balancer in front of webhooks gives): a conversation's turns run on
 * one of them at a time, and what one leaves behind, another finishes.
 */
describe.each(testProviders)('turns of one conversation on several instances (%s)', (provider) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function twoInstances() {
    const opened = await openMigratedDatabase(provider);
    cleanups.push(opened.close);
    const entity = await ensureEntity(opened.database.prisma, {
      slug: 'prueba',
      name: 'Alcaldía de Prueba',
      settings: {},
    });
    const clock = new TestClock();
    const make = async (instanceId: string) => {
      const adapter = new FakeAdapter(entity.id);
      const runtime = await Runtime.create({
        database: opened.database,
        logger: silentLogger,
        flowsDir,
        entityFacts: loadEntityFacts,
        actions: actions(),
        adapters: [adapter],
        pollMs: 0,
        now: clock.now,
        exclusive: { instanceId, lockMs: 60_000 },
      });
      await runtime.start();
      cleanups.push(() => runtime.stop());
      return { adapter, runtime };
    };
    return { prisma: opened.database.prisma, clock, a: await make('instance-a'), b: await make('instance-b') };
  }

  it('leaves a conversation another instance is processing to it, and that instance drains what arrived meanwhile', async () => {
    const { prisma, a, b } = await twoInstances();
    await a.adapter.receive('ana', { text: 'hola' });
    await a.runtime.engine.idle();
    const conversation = await prisma.conversation.findFirstOrThrow();
    expect(conversation.lockedBy).toBeNull();

    // Instance A is in the middle of a turn of this conversation when B receives the next message.
    await prisma.conversation.update({
      where: { id: conversation.id },
      data: { lockedBy: 'instance-a', lockedUntil: new Date(Date.parse('2026-03-02T14:01:00Z')) },
    });
    await b.adapter.receive('ana', { text: '2' });
    await b.runtime.engine.idle();
    expect(await prisma.message.count({ where: { direction: 'in', status: 'received' } })).toBe(1);

    // A's drain finds it before letting go.
    await a.runtime.engine.process(conversation.id);
    expect(await prisma.message.count({ where: { direction: 'in', status: 'received' } })).toBe(0);
    expect((await prisma.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).lockedBy).toBeNull();
  });

  it('finishes what an instance that died mid-turn left, once its lock expires', async () => {
    const { prisma, clock, a, b } = await twoInstances();
    await a.adapter.receive('luis', { text: 'hola' });
    await a.runtime.engine.idle();
    const conversation = await prisma.conversation.findFirstOrThrow();
    await prisma.conversation.update({
      where: { id: conversation.id },
      data: { lockedBy: 'instance-dead', lockedUntil: new Date(clock.now().getTime() + 60_000) },
    });
    await b.adapter.receive('luis', { text: 'menú' });
    await b.runtime.engine.idle();
    await b.runtime.engine.recover(10_000);
    await b.runtime.engine.idle();
    expect(await prisma.message.count({ where: { direction: 'in', status: 'received' } })).toBe(1);

    await clock.advance(61_000);
    await b.runtime.engine.recover(10_000);
    await b.runtime.engine.idle();
    expect(await prisma.message.count({ where: { direction: 'in', status: 'received' } })).toBe(0);
    await b.runtime.outbox.idle();
    expect(b.adapter.sentTo('luis').length).toBeGreaterThan(0);
  });
});
