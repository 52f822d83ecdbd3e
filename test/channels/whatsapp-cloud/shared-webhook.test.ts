import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { startServer, type RunningServer } from '../../../src/server.js';
import { repoRoot } from '../../support/cli-process.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../../support/test-database.js';
import { accessToken, appSecret, fixture, graph, phoneNumberId, sign, verifyToken } from './cloud-app.js';

/**
 * Issue #23: Meta sends every number of one app to the one webhook address registered in the app. Two entities served
 * by one process, each with its own WhatsApp number of the same Meta app; one call to the first entity's address
 * carries a change for each number (and one for a number nobody here serves).
 */
const concejoNumberId = '209871234567001';
const unknownNumberId = '999000111222333';
const vecino = '573001234567';
const concejal = '573109876543';

/** The recorded text-message fixture's change, for another number, sender and message. */
function change(numberId: string, from: string, wamid: string, text: string): unknown {
  const body = fixture('text-message') as { entry: { changes: Record<string, unknown>[] }[] };
  const value = structuredClone(body.entry[0]!.changes[0]!.value) as {
    metadata: Record<string, string>;
    contacts: Record<string, unknown>[];
    messages: Record<string, unknown>[];
  };
  value.metadata.phone_number_id = numberId;
  value.contacts[0]!.wa_id = from;
  Object.assign(value.messages[0]!, { from, id: wamid, text: { body: text } });
  return { value, field: 'messages' };
}

function webhook(...changes: unknown[]): string {
  const body = fixture('text-message') as { entry: Record<string, unknown>[] };
  return JSON.stringify({ ...body, entry: [{ ...body.entry[0], changes }] });
}

/** What each number sent through Meta's Graph API (read receipts apart). */
function fakeGraph(): Record<string, { to: string; text: string }[]> {
  const sent: Record<string, { to: string; text: string }[]> = { [phoneNumberId]: [], [concejoNumberId]: [] };
  for (const id of [phoneNumberId, concejoNumberId]) {
    let n = 0;
    nock(graph)
      .persist()
      .post(`/v23.0/${id}/messages`)
      .reply((_uri, requestBody) => {
        const body = requestBody as {
          status?: string;
          to?: string;
          text?: { body: string };
          interactive?: { body: { text: string } };
        };
        if (body.status !== 'read')
          sent[id]!.push({ to: String(body.to), text: body.text?.body ?? body.interactive?.body.text ?? '' });
        return [200, { messaging_product: 'whatsapp', messages: [{ id: `wamid.OUT-${id}-${++n}` }] }];
      });
  }
  return sent;
}

describe.each(testProviders)('one WhatsApp Cloud API webhook for the entities of one process on %s', (provider) => {
  let dir: string;
  let testDb: TestDatabase;
  let server: RunningServer;
  let sent: Record<string, { to: string; text: string }[]>;
  const lines: string[] = [];

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    sent = fakeGraph();
    dir = await mkdtemp(join(tmpdir(), 'ventanilla-shared-webhook-'));
    const flows = join(dir, 'alcaldia');
    await cp(join(repoRoot, 'test/fixtures/entities/alcaldia'), flows, { recursive: true });
    // The concejo's number is its own; the app secret is the Meta app's, the same variable as the alcaldía's.
    await appendFile(
      join(flows, 'entidades/concejo/entity.yaml'),
      [
        '  variables:',
        '    WHATSAPP_CLOUD_ACCESS_TOKEN: CONCEJO_WHATSAPP_TOKEN',
        '    WHATSAPP_CLOUD_PHONE_NUMBER_ID: CONCEJO_WHATSAPP_NUMERO',
        '    WHATSAPP_CLOUD_APP_SECRET: WHATSAPP_CLOUD_APP_SECRET',
        '    WHATSAPP_CLOUD_VERIFY_TOKEN: CONCEJO_WHATSAPP_VERIFICACION',
        '',
      ].join('\n'),
    );
    vi.stubEnv('CONCEJO_WHATSAPP_TOKEN', `EAAC${'c'.repeat(40)}`);
    vi.stubEnv('CONCEJO_WHATSAPP_NUMERO', concejoNumberId);
    vi.stubEnv('WHATSAPP_CLOUD_APP_SECRET', appSecret);
    vi.stubEnv('CONCEJO_WHATSAPP_VERIFICACION', 'verificacion-del-concejo');
    testDb = await createTestDatabase(provider);
    server = await startServer(
      loadConfig({
        DATABASE_URL: testDb.url,
        FLOWS_DIR: flows,
        PORT: '0',
        NODE_ENV: 'test',
        WIDGET_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
        ENTITIES_POLL_MS: '0',
        WHATSAPP_CLOUD_ACCESS_TOKEN: accessToken,
        WHATSAPP_CLOUD_PHONE_NUMBER_ID: phoneNumberId,
        WHATSAPP_CLOUD_APP_SECRET: appSecret,
        WHATSAPP_CLOUD_VERIFY_TOKEN: verifyToken,
      }),
      pino({ level: 'info' }, { write: (line: string) => lines.push(line) }),
    );
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await testDb?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
    vi.unstubAllEnvs();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const post = (path: string, raw: string, signature = sign(raw)) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
      body: raw,
    });

  async function inbound(wamid: string): Promise<string | undefined> {
    const row = await server.database.prisma.message.findFirst({
      where: { channelMessageId: wamid },
      include: { entity: true },
    });
    return row?.entity.slug;
  }

  it('routes each change to the entity whose number it names, and answers 200 for a number nobody serves', async () => {
    const raw = webhook(
      change(phoneNumberId, vecino, 'wamid.ALCALDIA-1', 'hola'),
      change(concejoNumberId, concejal, 'wamid.CONCEJO-1', 'hola'),
      change(unknownNumberId, '573150000000', 'wamid.NADIE-1', 'mensaje para un número ajeno'),
    );
    const res = await post('/webhooks/whatsapp-cloud/alcaldia-prueba', raw);
    expect(res.status).toBe(200);

    // Each citizen is answered by their own entity, from their own entity's number.
    await vi.waitFor(
      () => {
        expect(sent[phoneNumberId]).toContainEqual({ to: vecino, text: expect.stringContaining('Alcaldía de Prueba') });
        expect(sent[concejoNumberId]).toContainEqual({
          to: concejal,
          text: expect.stringContaining('Concejo Municipal de Prueba'),
        });
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(sent[phoneNumberId]!.map((m) => m.to)).not.toContain(concejal);
    expect(sent[concejoNumberId]!.map((m) => m.to)).not.toContain(vecino);
    expect(sent[concejoNumberId]!.map((m) => m.text).join('\n')).not.toContain('Alcaldía');
    expect(await inbound('wamid.ALCALDIA-1')).toBe('alcaldia-prueba');
    expect(await inbound('wamid.CONCEJO-1')).toBe('concejo-prueba');
    expect(await inbound('wamid.NADIE-1')).toBeUndefined();

    // The stranger's change is logged at warn by Meta's number id, never with the sender's number or words.
    const warned = lines.filter((l) => (JSON.parse(l) as { level: number }).level >= 40);
    const dropped = warned.filter((l) => l.includes('not served here'));
    expect(dropped).toHaveLength(1);
    expect(JSON.parse(dropped[0]!)).toMatchObject({
      phoneNumberId: unknownNumberId,
      reason: 'no entity has this number',
    });
    expect(warned.join('\n')).not.toMatch(/573150000000|mensaje para un número ajeno/);
  });

  it("keeps each entity's own address working and checks the app's signature once, before anything is stored", async () => {
    const forged = webhook(change(concejoNumberId, concejal, 'wamid.FALSO-1', 'hola'));
    const refused = await post(
      '/webhooks/whatsapp-cloud/alcaldia-prueba',
      forged,
      sign(forged, 'otro-secreto-0123456789'),
    );
    expect(refused.status).toBe(401);
    expect(await inbound('wamid.FALSO-1')).toBeUndefined();

    const before = sent[concejoNumberId]!.length;
    const own = webhook(change(concejoNumberId, concejal, 'wamid.CONCEJO-2', '¿Cuándo sesiona el concejo municipal?'));
    expect((await post('/webhooks/whatsapp-cloud/concejo-prueba', own)).status).toBe(200);
    await vi.waitFor(
      () =>
        expect(sent[concejoNumberId]!.slice(before)).toContainEqual({
          to: concejal,
          text: expect.stringContaining('febrero, mayo, agosto y noviembre'),
        }),
      { timeout: 15_000, interval: 100 },
    );
    expect(await inbound('wamid.CONCEJO-2')).toBe('concejo-prueba');
  });
});
