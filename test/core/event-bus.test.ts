import { describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { LocalEventBus } from '../../src/lib/event-bus.js';
import { PgEventBus } from '../../src/db/pg-event-bus.js';
import { silentLogger } from './harness.js';
import { createTestDatabase, testProviders } from '../support/test-database.js';

describe('events within one process', () => {
  it('reaches every subscriber of the topic, and a failing listener does not stop the others', async () => {
    const bus = new LocalEventBus();
    const got: unknown[] = [];
    bus.subscribe('widget', () => {
      throw new Error('listener bug');
    });
    const off = bus.subscribe('widget', (p) => got.push(p));
    bus.subscribe('other', (p) => got.push(['other', p]));
    await bus.publish('widget', { s: 'session-1' });
    off();
    await bus.publish('widget', { s: 'session-2' });
    expect(got).toEqual([{ s: 'session-1' }]);
  });
});

/** Two PgEventBus on one database stand for two server instances. */
describe.runIf(testProviders.includes('postgresql'))(
  'events between instances through PostgreSQL LISTEN/NOTIFY',
  () => {
    async function twoInstances() {
      const db = await createTestDatabase('postgresql');
      const a = new PgEventBus(db.url, silentLogger);
      const b = new PgEventBus(db.url, silentLogger);
      await a.start();
      await b.start();
      return {
        a,
        b,
        db,
        async close() {
          await a.close();
          await b.close();
          await db.drop();
        },
      };
    }

    it('delivers a publish once to this instance and once to the other', async () => {
      const t = await twoInstances();
      try {
        const onA: unknown[] = [];
        const onB: unknown[] = [];
        t.a.subscribe('console', (p) => onA.push(p));
        t.b.subscribe('console', (p) => onB.push(p));
        await t.a.publish('console', { type: 'queue.changed' });
        await vi.waitFor(() => expect(onB).toEqual([{ type: 'queue.changed' }]));
        // Its own NOTIFY comes back to instance A too: it must not deliver it twice.
        await new Promise((r) => setTimeout(r, 100));
        expect(onA).toEqual([{ type: 'queue.changed' }]);
        await expect(t.a.publish('console', { text: 'x'.repeat(9000) })).rejects.toThrow(/too large/);
      } finally {
        await t.close();
      }
    });

    it('listens again after its connection is cut, and gets later events', async () => {
      const t = await twoInstances();
      try {
        const onB: unknown[] = [];
        t.b.subscribe('widget', (p) => onB.push(p));
        const admin = new pg.Client({ connectionString: t.db.url });
        await admin.connect();
        await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN ventanilla_events' AND pid <> pg_backend_pid()`,
        );
        await admin.end();
        await vi.waitFor(
          async () => {
            await t.a.publish('widget', { n: onB.length });
            expect(onB.length).toBeGreaterThan(0);
          },
          { timeout: 10_000, interval: 300 },
        );
      } finally {
        await t.close();
      }
    });
  },
);
