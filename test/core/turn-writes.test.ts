import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunInDriverTransaction } from '../../src/db/driver-transaction.js';
import type { ConversationEngine } from '../../src/core/conversation-engine.js';
import { testProviders } from '../support/test-database.js';
import { action, startHarness, type Harness } from './harness.js';

const flowsDir = fileURLToPath(new URL('./fixtures/flows', import.meta.url));
const actions = () =>
  new Map(
    ['kb.lookup', 'case.create', 'case.status', 'handoff.request', 'survey.start', 'prueba.contar'].map((name) => [
      name,
      action(() => null),
    ]),
  );

/** The engine's driver transactions, with every statement matching `failing` throwing as a dead database would. */
function failStatements(engine: ConversationEngine, failing: RegExp): () => void {
  const deps = (engine as unknown as { deps: { driverTransaction: RunInDriverTransaction } }).deps;
  const original = deps.driverTransaction;
  deps.driverTransaction = (work) =>
    original((tx) =>
      work({
        query: (sql, args) => (failing.test(sql) ? Promise.reject(new Error('disk I/O error')) : tx.query(sql, args)),
        execute: (sql, args) =>
          failing.test(sql) ? Promise.reject(new Error('disk I/O error')) : tx.execute(sql, args),
      }),
    );
  return () => (deps.driverTransaction = original);
}

describe.each(testProviders)("a turn's writes on %s", (provider) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('are all or nothing: a statement failing late leaves no reply, session or timer of the turn, and the citizen gets the apology', async () => {
    h = await startHarness({ provider, flowsDir, actions: actions() });
    const chat = h.chat();
    await chat.send('hola');
    chat.expectEventually(/Elija una opción/);
    const before = await h.database.prisma.conversation.findFirstOrThrow();
    const timerBefore = await h.database.prisma.scheduledJob.findFirstOrThrow();
    const outBefore = await h.database.prisma.message.count({ where: { direction: 'out' } });

    // The inbound's status is written after the replies and the session: the failure comes mid-transaction.
    const restore = failStatements(h.runtime.engine, /^UPDATE "Message" SET "status"/);
    await h.clock.advance(60_000);
    await chat.send('2');
    restore();

    const apology = chat.expectEventually(/^Lo siento, tuve un problema\.$/);
    expect(apology.options.map((o) => o.value)).toEqual(['menú', 'asesor']);
    const inbound = await h.database.prisma.message.findFirstOrThrow({ where: { direction: 'in', text: '2' } });
    expect(inbound.status).toBe('failed');
    expect(inbound.lastError).toBe('disk I/O error');
    // Only the apology was stored: none of the turn's replies.
    const out = await h.database.prisma.message.findMany({
      where: { direction: 'out' },
      orderBy: { createdAt: 'asc' },
      skip: outBefore,
    });
    expect(out.map((m) => m.text)).toEqual(['Lo siento, tuve un problema.']);
    const after = await h.database.prisma.conversation.findFirstOrThrow();
    expect(after.session).toEqual(before.session);
    expect(after.lastActivityAt).toEqual(before.lastActivityAt);
    expect((await h.database.prisma.scheduledJob.findFirstOrThrow()).runAt).toEqual(timerBefore.runAt);

    // The connection is not left inside the failed transaction: the next turn runs and commits.
    await chat.send('2');
    chat.expectEventually(/^Escriba algo y se lo repito\.$/);
    expect(
      (await h.database.prisma.message.findFirstOrThrow({ where: { direction: 'in', text: '2', status: 'processed' } }))
        .processedAt,
    ).toEqual(h.clock.now());
  });

  it('are read back by Prisma as Prisma writes them: dates, JSON, ids, the idle timer', async () => {
    h = await startHarness({ provider, flowsDir, actions: actions() });
    await h.chat().send('hola');
    const conversation = await h.database.prisma.conversation.findFirstOrThrow();
    expect(conversation.lastActivityAt).toEqual(h.clock.now());
    expect(conversation.session).toMatchObject({ stack: expect.any(Array) });
    const out = await h.database.prisma.message.findFirstOrThrow({ where: { direction: 'out' } });
    expect(out.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(out.createdAt.getTime()).toBeGreaterThanOrEqual(h.clock.now().getTime());
    expect(out.payload).toMatchObject({ recipientId: 'ciudadano-1', message: { text: out.text } });
    expect(out.status).toBe('sent');
    const timer = await h.database.prisma.scheduledJob.findFirstOrThrow();
    expect(timer).toMatchObject({
      kind: 'conversation.idle',
      key: `conversation.idle:${conversation.id}`,
      payload: { conversationId: conversation.id },
      attempts: 0,
    });
    expect(timer.runAt.getTime()).toBeGreaterThan(h.clock.now().getTime());
  });
});
