import { writeFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { ChannelHealth } from '../../src/core/channel-adapter.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { createLogger } from '../../src/logger.js';
import {
  createTestDatabase,
  openMigratedDatabase,
  testProviders,
  type TestDatabase,
} from '../support/test-database.js';

const logger = createLogger({ LOG_LEVEL: 'silent', NODE_ENV: 'test' });
const appOn = (database: Database, url: string) =>
  buildApp({ config: loadConfig({ DATABASE_URL: url }), database, logger });

describe.each(testProviders)('health and readiness on %s', (provider) => {
  let app: FastifyInstance | undefined;
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await app?.close();
    for (const c of cleanups.splice(0)) await c();
  });

  it('answers /health and /ready with 200 on a migrated database', async () => {
    const opened = await openMigratedDatabase(provider);
    cleanups.push(opened.close);
    app = await appOn(opened.database, opened.url);
    const health = await app.inject({ url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok' });
    const ready = await app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
  });

  it('turns /ready to 503 while migrations are pending, and names them', async () => {
    const testDb: TestDatabase = await createTestDatabase(provider);
    const database = await openDatabase(testDb.url);
    cleanups.push(async () => {
      await database.close();
      await testDb.drop();
    });
    app = await appOn(database, testDb.url);
    const ready = await app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'unavailable', checks: { database: 'ok', migrations: 'pending' } });
    expect(ready.json().pending.length).toBeGreaterThan(0);
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
  });

  it('shows held channel connections in /ready details and /metrics, without making the instance unready', async () => {
    const opened = await openMigratedDatabase(provider);
    cleanups.push(opened.close);
    const since = new Date(Date.now() - 90_000);
    let state: ChannelHealth['state'] = 'standby';
    app = await buildApp({
      config: loadConfig({ DATABASE_URL: opened.url }),
      database: opened.database,
      logger,
      channels: {
        routes: [],
        health: () => ({ whatsapp: { state, since, detail: 'otra instancia tiene la sesión' } }),
      },
    });
    const ready = await app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().channels).toEqual({
      whatsapp: { state: 'standby', since: since.toISOString(), detail: 'otra instancia tiene la sesión' },
    });

    state = 'disconnected';
    const metrics = await app.inject({ url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toContain('ventanilla_channel_state{channel="whatsapp",state="disconnected"} 1');
    expect(metrics.body).toContain('ventanilla_channel_state{channel="whatsapp",state="standby"} 0');
    const seconds = Number(/ventanilla_channel_state_seconds\{channel="whatsapp"\} ([\d.]+)/.exec(metrics.body)?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(90);
    expect(metrics.body).toContain('ventanilla_process_resident_memory_bytes');

    // What waits to be sent, and what was given up on, by channel: an administrator's first look when citizens say
    // they got nothing.
    const prisma = opened.database.prisma;
    const entity = await prisma.entity.create({ data: { slug: 'metricas', name: 'Alcaldía', settings: {} } });
    const contact = await prisma.contact.create({ data: { entityId: entity.id } });
    const conversation = await prisma.conversation.create({
      data: { entityId: entity.id, contactId: contact.id, channel: 'telegram' },
    });
    const out = { entityId: entity.id, conversationId: conversation.id, direction: 'out', channel: 'telegram' };
    await prisma.message.createMany({
      data: [
        { ...out, status: 'queued' },
        { ...out, status: 'queued' },
        { ...out, status: 'failed' },
        { ...out, status: 'sent' },
      ],
    });
    const after = (await app.inject({ url: '/metrics' })).body;
    expect(after).toContain('ventanilla_outbound_messages{channel="telegram",status="queued"} 2');
    expect(after).toContain('ventanilla_outbound_messages{channel="telegram",status="failed"} 1');
    expect(after).not.toContain('status="sent"');
  });

  it('with METRICS_TOKEN set, /metrics answers only a scraper that sends it as a bearer token', async () => {
    const opened = await openMigratedDatabase(provider);
    cleanups.push(opened.close);
    const token = 'un-token-de-prometheus-0123456789';
    app = await buildApp({
      config: loadConfig({ DATABASE_URL: opened.url, METRICS_TOKEN: token }),
      database: opened.database,
      logger,
    });
    for (const authorization of [undefined, 'Bearer otro-token-0123456789', `Basic ${token}`, `Bearer ${token}x`]) {
      const refused = await app.inject({ url: '/metrics', headers: authorization ? { authorization } : {} });
      expect(refused.statusCode, authorization).toBe(401);
      expect(refused.headers['www-authenticate']).toBe('Bearer');
      expect(refused.json().error.code).toBe('UNAUTHENTICATED');
      expect(refused.body).not.toContain('ventanilla_');
    }
    const scraped = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } });
    expect(scraped.statusCode).toBe(200);
    expect(scraped.body).toContain('ventanilla_process_resident_memory_bytes');
    // /health stays open for load balancers.
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
  });

  it('answers unknown routes with a catalogue error in Spanish', async () => {
    const opened = await openMigratedDatabase(provider);
    cleanups.push(opened.close);
    app = await appOn(opened.database, opened.url);
    const res = await app.inject({ url: '/no-existe' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No encontramos lo que busca.' } });
  });
});

describe('readiness when the database is unreachable', () => {
  it('SQLite: /ready is 503 once the database file is no longer a database, /health stays 200', async () => {
    const opened = await openMigratedDatabase('sqlite');
    const app = await appOn(opened.database, opened.url);
    try {
      expect((await app.inject({ url: '/ready' })).statusCode).toBe(200);
      await opened.database.prisma.$disconnect();
      await writeFile(opened.url.replace(/^file:/, ''), 'this is not a database '.repeat(512));
      const ready = await app.inject({ url: '/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'unavailable', checks: { database: 'unreachable' } });
      expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await opened.close();
    }
  });

  it.runIf(testProviders.includes('postgresql'))(
    'PostgreSQL: /ready is 503 when nothing listens at DATABASE_URL',
    async () => {
      const url = 'postgresql://postgres@127.0.0.1:1/ventanilla';
      const database = await openDatabase(url);
      const app = await appOn(database, url);
      try {
        const ready = await app.inject({ url: '/ready' });
        expect(ready.statusCode).toBe(503);
        expect(ready.json()).toMatchObject({ checks: { database: 'unreachable' } });
      } finally {
        await app.close();
        await database.close();
      }
    },
  );
});
