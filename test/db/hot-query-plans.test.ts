import type { SqlDriverAdapter, SqlQuery } from '@prisma/driver-adapter-utils';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/channels/web/widget-history.js';
import { SharedAdapterFactory } from '../../src/db/driver-transaction.js';
import type { DatabaseProvider } from '../../src/db/provider.js';
import { action, startHarness, type Harness } from '../core/harness.js';
import { testProviders } from '../support/test-database.js';

/**
 * Every hot query, as the application sends it, planned on a database of a million messages (issue #20): the turn
 * (store, next inbound, the turn's writes, the outbox), the widget's resume, the outbox's retries, recovery after a
 * restart, the job poll and the handoff queue. The statements are captured at the driver adapter, so what is planned
 * is exactly what Prisma and the driver path send, and each must find its rows through an index: a full scan of
 * Message here is a turn that grows slower with every message the entity ever stored.
 */

const messages = 1_000_000;
const flowsDir = fileURLToPath(new URL('../core/fixtures/flows', import.meta.url));
const actions = () =>
  new Map(
    ['kb.lookup', 'case.create', 'case.status', 'handoff.request', 'survey.start', 'prueba.contar'].map((name) => [
      name,
      action(() => null),
    ]),
  );

// ---------------------------------------------------------------- statement capture at the adapter

let recording: SqlQuery[] | undefined;
let lastAdapter: SqlDriverAdapter | undefined;
const connect = SharedAdapterFactory.prototype.connect;
SharedAdapterFactory.prototype.connect = async function (this: SharedAdapterFactory) {
  const adapter = await connect.call(this);
  lastAdapter = adapter;
  const tap = <T extends Pick<SqlDriverAdapter, 'queryRaw' | 'executeRaw'>>(target: T): T => {
    const queryRaw = target.queryRaw.bind(target);
    const executeRaw = target.executeRaw.bind(target);
    target.queryRaw = (q) => (recording?.push(q), queryRaw(q));
    target.executeRaw = (q) => (recording?.push(q), executeRaw(q));
    return target;
  };
  tap(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args) => tap(await startTransaction(...args));
  return adapter;
};
afterAll(() => {
  SharedAdapterFactory.prototype.connect = connect;
});

// ---------------------------------------------------------------- filling a million rows in a few statements

/** A date `seconds` after 2025-01-01, in each database's own column format (Prisma's ISO text on SQLite). */
const date: Record<DatabaseProvider, (seconds: string) => string> = {
  sqlite: (s) => `(strftime('%Y-%m-%dT%H:%M:%f', 1735689600 + ${s}, 'unixepoch') || '+00:00')`,
  postgresql: (s) => `(timestamp '2025-01-01' + (${s}) * interval '1 second')`,
};
/** The integers 1..n as a row source `n(i)`: a recursive CTE on SQLite, generate_series on PostgreSQL. */
const series = (provider: DatabaseProvider, n: number) =>
  provider === 'sqlite'
    ? `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n}) SELECT`
    : 'SELECT';
const from = (provider: DatabaseProvider, n: number) =>
  provider === 'sqlite' ? 'FROM n' : `FROM generate_series(1, ${n}) AS n(i)`;
const pad = (provider: DatabaseProvider, expr: string) =>
  provider === 'sqlite' ? `printf('%07d', ${expr})` : `lpad((${expr})::text, 7, '0')`;

/**
 * 1,000 other web conversations (each contact with a widget session) sharing 60 % of the messages, the chat's own
 * conversation the other 40 % (a conversation of 400,000 messages: a plan that walks it shows), all processed or
 * sent; 50,000 future jobs and 50,000 closed handoffs.
 */
async function fill(h: Harness, chatConversation: string): Promise<void> {
  const p = h.database.provider;
  const q = (sql: string) => h.database.driverQuery(sql);
  const e = `'${h.entityId}'`;
  // The random-order index inserts of a bulk load need the indexes in memory, not a 2 MB page cache going to disk.
  if (p === 'sqlite') await q('PRAGMA cache_size = -400000');
  const now = date[p]('0');
  await q(
    `INSERT INTO "Contact" ("id", "entityId", "createdAt", "updatedAt") ${series(p, 1000)} 'bulk-contact-' || ${pad(p, 'i')}, ${e}, ${now}, ${now} ${from(p, 1000)}`,
  );
  await q(
    `INSERT INTO "ContactIdentity" ("id", "entityId", "contactId", "channel", "externalId", "createdAt") ${series(p, 1000)} 'bulk-identity-' || ${pad(p, 'i')}, ${e}, 'bulk-contact-' || ${pad(p, 'i')}, 'web', 'session-' || i, ${now} ${from(p, 1000)}`,
  );
  await q(
    `INSERT INTO "Conversation" ("id", "entityId", "contactId", "channel", "status", "startedAt", "lastActivityAt") ${series(p, 1000)} 'bulk-conv-' || ${pad(p, 'i')}, ${e}, 'bulk-contact-' || ${pad(p, 'i')}, 'web', 'closed', ${now}, ${now} ${from(p, 1000)}`,
  );
  const inChat = messages * 0.4;
  await q(
    `INSERT INTO "Message" ("id", "entityId", "conversationId", "direction", "channel", "channelMessageId", "text", "status", "attempts", "createdAt")
     ${series(p, messages)} 'bulk-msg-' || ${pad(p, 'i')}, ${e},
       CASE WHEN i <= ${inChat} THEN '${chatConversation}' ELSE 'bulk-conv-' || ${pad(p, `1 + (i - ${inChat} - 1) / ${(messages - inChat) / 1000}`)} END,
       CASE WHEN i % 2 = 0 THEN 'in' ELSE 'out' END,
       CASE WHEN i <= ${inChat} THEN 'fake' ELSE 'web' END,
       CASE WHEN i % 2 = 0 THEN 'bulk-' || ${pad(p, 'i')} END,
       'mensaje ' || i,
       CASE WHEN i % 2 = 0 THEN 'processed' ELSE 'sent' END,
       1, ${date[p]('i')}
     ${from(p, messages)}`,
  );
  await q(
    `INSERT INTO "ScheduledJob" ("id", "entityId", "kind", "key", "runAt", "payload", "attempts") ${series(p, 50_000)} 'bulk-job-' || ${pad(p, 'i')}, ${e}, 'recordatorio', 'bulk-job-' || i, ${date[p]('100000000 + i')}, '{}', 0 ${from(p, 50_000)}`,
  );
  await q(
    `INSERT INTO "Handoff" ("id", "entityId", "conversationId", "contactId", "channel", "area", "reason", "status", "queuedAt", "closedAt") ${series(p, 50_000)} 'bulk-handoff-' || ${pad(p, 'i')}, ${e}, 'bulk-conv-' || ${pad(p, '1 + i % 1000')}, 'bulk-contact-' || ${pad(p, '1 + i % 1000')}, 'web', 'atencion_general', 'citizen_request', 'closed', ${now}, ${now} ${from(p, 50_000)}`,
  );
  if (p === 'sqlite') await q('PRAGMA cache_size = -2000');
  // PostgreSQL plans from statistics, which autovacuum would gather on a live database within a minute.
  if (p === 'postgresql') await q('ANALYZE');
}

// ---------------------------------------------------------------- plans

interface Planned {
  sql: string;
  plan: string;
  /** Full scans of a table: SQLite's "SCAN x", PostgreSQL's Seq Scan. */
  scans: string[];
}

async function explain(provider: DatabaseProvider, statement: SqlQuery): Promise<Planned> {
  const adapter = lastAdapter!;
  if (provider === 'sqlite') {
    const { rows } = await adapter.queryRaw({ ...statement, sql: `EXPLAIN QUERY PLAN ${statement.sql}` });
    // Rows: id, parent, notused, detail. "SCAN t" walks a whole table or index; "SEARCH t USING INDEX" seeks.
    const details = rows.map((r) => String(r[3]));
    // A table is named by its alias ("SCAN m"); scanning a subquery's own result (a co-routine) reads no table.
    const subqueries = new Set(details.flatMap((d) => /^(?:CO-ROUTINE|MATERIALIZE) (\S+)/.exec(d)?.[1] ?? []));
    const scans = details.filter((d) => {
      const scanned = /^SCAN (\S+)/.exec(d)?.[1];
      return scanned !== undefined && scanned !== 'CONSTANT' && !subqueries.has(scanned);
    });
    return { sql: statement.sql, plan: details.join('\n'), scans };
  }
  const { rows } = await adapter.queryRaw({ ...statement, sql: `EXPLAIN (FORMAT JSON) ${statement.sql}` });
  const raw = rows[0]![0];
  const [{ Plan }] = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: PgNode }];
  const scans: string[] = [];
  const lines: string[] = [];
  const walk = (node: PgNode, depth: number) => {
    lines.push(`${'  '.repeat(depth)}${node['Node Type']} ${node['Relation Name'] ?? ''} ${node['Index Name'] ?? ''}`);
    if (node['Node Type'] === 'Seq Scan' && largeTables.test(node['Relation Name'] ?? '')) {
      scans.push(`Seq Scan on ${node['Relation Name']}`);
    }
    for (const child of node.Plans ?? []) walk(child, depth + 1);
  };
  walk(Plan, 0);
  return { sql: statement.sql, plan: lines.join('\n'), scans };
}

/** The tables the fill makes large; PostgreSQL rightly reads a table of a few rows (Entity) whole. */
const largeTables = /^(Message|Conversation|Contact|ContactIdentity|ScheduledJob|Handoff)$/;

interface PgNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PgNode[];
}

/** The statements a piece of work sends that read or change a table (not BEGIN, COMMIT, PRAGMA, …). */
async function capture(work: () => Promise<unknown>): Promise<SqlQuery[]> {
  recording = [];
  try {
    await work();
    return recording.filter((s) => /^\s*(SELECT|UPDATE|DELETE|WITH)\b/i.test(s.sql));
  } finally {
    recording = undefined;
  }
}

/**
 * PostgreSQL only on request (TEST_PLANS_POSTGRES=1 under scripts/with-postgres.ts): filling and indexing a million
 * rows there took 88 s on the shared 2-core machine (SQLite: ~30 s), too long for every run of the suite.
 */
const providers = testProviders.filter((p) => p === 'sqlite' || process.env.TEST_PLANS_POSTGRES === '1');
// The PostgreSQL pass (TEST_PROVIDERS=postgresql) without the opt-in leaves nothing to run here: say so, skipped.
describe.skipIf(providers.length > 0)('hot queries on PostgreSQL (TEST_PLANS_POSTGRES=1 to run them)', () => {
  it.skip('fills a million messages and checks the plans', () => undefined);
});

describe.each(providers)('hot queries on %s with a million messages', (provider) => {
  let h: Harness | undefined;
  afterAll(async () => {
    await h?.close();
  });

  it('find their rows through an index: no statement of a turn, the resume, the outbox, recovery, the job poll or the handoff queue scans Message', async () => {
    h = await startHarness({ provider, flowsDir, actions: actions() });
    const chat = h.chat();
    await chat.send('hola');
    chat.expectEventually(/Elija una opción/);
    const conversation = await h.database.prisma.conversation.findFirstOrThrow({ where: { channel: 'fake' } });
    await fill(h, conversation.id);
    expect(await h.database.prisma.message.count()).toBeGreaterThanOrEqual(messages);

    const runtime = h.runtime;
    const prisma = h.database.prisma;
    const entityId = h.entityId;
    const work: Record<string, () => Promise<unknown>> = {
      // Storing the message, the turn on the driver, the outbox sending the replies.
      turn: async () => {
        h!.clock.advance(60_000);
        await chat.send('2');
      },
      'widget resume (last 50 messages)': () => loadHistory(prisma, entityId, 'session-7'),
      'widget resume after a message': async () => {
        const [newest] = await prisma.message.findMany({
          where: { conversationId: 'bulk-conv-0000007' },
          orderBy: { createdAt: 'desc' },
          take: 3,
        });
        return loadHistory(prisma, entityId, 'session-7', newest!.id);
      },
      'outbox retries': () => runtime.outbox.retryDue(),
      'outbox recovery': () => runtime.outbox.recoverStale(),
      'inbound recovery': () => runtime.engine.recover(),
      'job poll': () => runtime.jobs.runDue(new Date('2026-03-02T15:00:00Z')),
      // As the console's queue and automatic assignment read it (console-queue.ts, handoff-queue.ts).
      'handoff queue': async () => {
        await prisma.handoff.findMany({
          where: { entityId, status: { in: ['queued', 'assigned'] } },
          orderBy: [{ priority: 'desc' }, { queuedAt: 'asc' }, { id: 'asc' }],
        });
        await prisma.handoff.findMany({
          where: { entityId, status: 'queued' },
          orderBy: [{ priority: 'desc' }, { queuedAt: 'asc' }, { id: 'asc' }],
        });
      },
    };
    const planned: Record<string, Planned[]> = {};
    for (const [name, run] of Object.entries(work)) {
      const statements = await capture(run);
      expect(statements.length, `${name} sent no statement`).toBeGreaterThan(0);
      planned[name] = [];
      for (const s of statements) planned[name].push(await explain(provider, s));
    }
    chat.expectEventually(/.+/);

    const scans = Object.entries(planned).flatMap(([name, plans]) =>
      plans.filter((p) => p.scans.length > 0).map((p) => `${name}: ${p.sql}\n${p.plan}`),
    );
    expect(scans, 'statements that scan a large table').toEqual([]);

    // The turn's two reads that filter by status go straight to those rows (they walked the conversation before).
    const turnPlans = planned.turn!.map((p) => `${p.sql}\n${p.plan}`);
    const statusIndex = 'Message_conversationId_direction_status_createdAt_idx';
    const nextInbound = turnPlans.find((p) =>
      /"status" = \S+\s+ORDER BY m\."createdAt" ASC, m\."id" ASC LIMIT 1/.test(p),
    );
    expect(nextInbound, turnPlans.join('\n\n')).toContain(statusIndex);
    const waitingOutbound = turnPlans.find((p) => /UNION ALL/.test(p) && /JOIN "Contact"/.test(p));
    expect(waitingOutbound, turnPlans.join('\n\n')).toContain(statusIndex);
  }, 180_000);
});
