import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEntityRuntime } from '../../src/runtime-for-entity.js';
import { KnowledgeService } from '../../src/knowledge/knowledge-service.js';
import { TurnGate } from '../../src/core/turn-gate.js';
import { busyMessage } from '../../src/channels/web/widget-frames.js';
import type { ConversationEngine } from '../../src/core/conversation-engine.js';
import { openMigratedDatabase, testProviders } from '../support/test-database.js';
import { startWidgetApp, type WidgetApp, type WidgetClient } from '../channels/web/widget-app.js';
import { silentLogger } from './harness.js';

/** Holds every conversation's processing until released: the turn is "busy" for as long as the test wants. */
function holdTurns(engine: ConversationEngine) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const target = engine as unknown as { drainExclusively(id: string): Promise<void> };
  const original = target.drainExclusively.bind(engine);
  const spy = vi.spyOn(target, 'drainExclusively').mockImplementation(async (id: string) => {
    await gate;
    return original(id);
  });
  return { release, restore: () => spy.mockRestore() };
}

const openFiles = () => readdirSync('/proc/self/fd').length;

describe.each(testProviders)('turn pipeline on %s', (provider) => {
  let w: WidgetApp | undefined;
  const clients: WidgetClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await w?.close();
    w = undefined;
  });
  const connect = async () => {
    const c = await w!.connect();
    clients.push(c);
    await c.hello();
    return c;
  };

  it('stores and acknowledges a message while turns are held, and answers it once they run', async () => {
    w = await startWidgetApp(provider);
    const c = await connect();
    await c.say('hola');
    const held = holdTurns(w.runtime.engine);
    const from = c.frames.length;
    c.send({ type: 'message', id: 'held-message-01', text: '¿Cómo puedo pagar el impuesto predial?' });
    const ack = await c.next('ack', from);
    expect(ack).toMatchObject({ id: 'held-message-01', duplicate: false });
    const stored = await w.database.prisma.message.findUniqueOrThrow({ where: { id: ack.messageId } });
    expect(stored.status).toBe('received');
    expect(c.frames.slice(from).some((f) => f.type === 'message' && f.message.from === 'bot')).toBe(false);
    held.release();
    await w.settle();
    await vi.waitFor(() =>
      expect(
        c.frames
          .slice(from)
          .some((f) => f.type === 'message' && f.message.from === 'bot' && /predial/i.test(f.message.text)),
      ).toBe(true),
    );
    held.restore();
  });

  it('queues turns for a free connection instead of failing them (pool of 2, 20 conversations at once)', async () => {
    w = await startWidgetApp(provider, { database: { poolSize: 2, poolTimeoutMs: 30_000 } });
    const sessions = await Promise.all(Array.from({ length: 20 }, () => connect()));
    const turns = await Promise.all(sessions.map((c) => c.say('hola')));
    await w.settle();
    for (const c of sessions) expect(c.frames.some((f) => f.type === 'error')).toBe(false);
    expect(turns.every((t) => t.ack.duplicate === false)).toBe(true);
    const failed = await w.database.prisma.message.count({ where: { direction: 'in', status: { not: 'processed' } } });
    expect(failed).toBe(0);
    for (const c of sessions) expect(c.frames.some((f) => f.type === 'message' && f.message.from === 'bot')).toBe(true);
  });

  it('answers a message stored while its conversation was being closed once, in the next conversation', async () => {
    w = await startWidgetApp(provider);
    const c = await connect();
    await c.say('hola');
    const first = await w.database.prisma.conversation.findFirstOrThrow({ where: { channel: 'web' } });
    const held = holdTurns(w.runtime.engine);
    const from = c.frames.length;
    c.send({ type: 'message', id: 'racing-message-1', text: '¿Cómo puedo pagar el impuesto predial?' });
    const ack = await c.next('ack', from);
    // The idle timer closes the conversation between the message being stored and its turn.
    await w.database.prisma.conversation.update({
      where: { id: first.id },
      data: { status: 'closed', closedAt: new Date(), closeReason: 'idle' },
    });
    held.release();
    await w.settle();
    await w.settle();
    held.restore();
    const inbound = await w.database.prisma.message.findUniqueOrThrow({ where: { id: ack.messageId } });
    expect(inbound.status).toBe('processed');
    expect(inbound.conversationId).not.toBe(first.id);
    const outAfter = await w.database.prisma.message.findMany({
      where: { direction: 'out', createdAt: { gte: inbound.createdAt } },
    });
    expect(new Set(outAfter.map((m) => m.conversationId))).toEqual(new Set([inbound.conversationId]));
    const answers = c.frames
      .slice(from)
      .filter((f) => f.type === 'message' && f.message.from === 'bot' && /predial/i.test(f.message.text));
    expect(answers).toHaveLength(1);
  });

  it('builds the knowledge index before the runtime is handed to the server (before it listens and reports ready)', async () => {
    const opened = await openMigratedDatabase(provider);
    const built = vi.spyOn(KnowledgeService.prototype, 'matcher');
    try {
      const started = await startEntityRuntime({
        database: opened.database,
        logger: silentLogger,
        flowsDir: 'flows',
        pollMs: 0,
        adapters: () => [],
      });
      expect(built).toHaveBeenCalled();
      await expect(built.mock.results[0]!.value).resolves.toBeDefined();
      await started.runtime.stop();
    } finally {
      built.mockRestore();
      await opened.close();
    }
  });
});

describe('SQLite connections', () => {
  it('keep one connection: a thousand transactions open no descriptors', async () => {
    const opened = await openMigratedDatabase('sqlite');
    try {
      const entity = await opened.database.prisma.entity.create({
        data: { slug: 'fd-test', name: 'Prueba', settings: {} },
      });
      await opened.database.prisma.$transaction(async (tx) => tx.entity.findUnique({ where: { id: entity.id } }));
      const before = openFiles();
      for (let i = 0; i < 1000; i++) {
        await opened.database.prisma.$transaction(async (tx) =>
          tx.entity.update({ where: { id: entity.id }, data: { name: `Prueba ${i}` } }),
        );
      }
      expect(openFiles() - before).toBeLessThanOrEqual(2);
      const rows =
        await opened.database.prisma.$queryRawUnsafe<{ synchronous: bigint | number }[]>('PRAGMA synchronous');
      expect(Number(rows[0]?.synchronous)).toBe(1); // NORMAL
      const fk =
        await opened.database.prisma.$queryRawUnsafe<{ foreign_keys: bigint | number }[]>('PRAGMA foreign_keys');
      expect(Number(fk[0]?.foreign_keys)).toBe(1);
    } finally {
      await opened.close();
    }
  });

  it('roll a failed transaction back on the shared connection and go on', async () => {
    const opened = await openMigratedDatabase('sqlite');
    try {
      const { prisma } = opened.database;
      await expect(
        prisma.$transaction(async (tx) => {
          await tx.entity.create({ data: { slug: 'rolled-back', name: 'No', settings: {} } });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await prisma.entity.count({ where: { slug: 'rolled-back' } })).toBe(0);
      await prisma.entity.create({ data: { slug: 'kept', name: 'Sí', settings: {} } });
      expect(await prisma.entity.count({ where: { slug: 'kept' } })).toBe(1);
    } finally {
      await opened.close();
    }
  });
});

describe('TurnGate', () => {
  it('runs at most `concurrency` tasks, in arrival order, and says busy once the estimated wait is long', async () => {
    const gate = new TurnGate(1, 0);
    expect(gate.busy()).toBe(false);
    const order: number[] = [];
    let release!: () => void;
    const first = gate.run(() => new Promise<void>((r) => (release = r)).then(() => order.push(0)));
    const rest = [1, 2, 3].map((i) => gate.run(async () => order.push(i)));
    await new Promise((r) => setTimeout(r, 5));
    expect(gate.load()).toMatchObject({ running: 1, waiting: 3 });
    release();
    await Promise.all([first, ...rest]);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(gate.load()).toMatchObject({ running: 0, waiting: 0 });
    expect(gate.busy()).toBe(true);
    expect(gate.load().busyTotal).toBe(1);
    expect(busyMessage).toMatch(/recibimos su mensaje/);
  });
});
