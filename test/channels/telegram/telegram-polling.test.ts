import Fastify from 'fastify';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TelegramAdapter } from '../../../src/channels/telegram/telegram-adapter.js';
import { telegramChannel } from '../../../src/channels/telegram/telegram-channel.js';
import { telegramWebhookRoutes } from '../../../src/channels/telegram/telegram-webhook-routes.js';
import { loadConfig } from '../../../src/config.js';
import type { ChannelHost } from '../../../src/core/channel-adapter.js';
import type { InboundMessage } from '../../../src/lib/messages.js';
import { installErrorHandler } from '../../../src/http/error-handler.js';
import type { Db } from '../../../src/db/database.js';
import type { StoredFiles } from '../../../src/uploads/stored-files.js';
import { silentLogger } from '../../core/harness.js';
import { testProviders } from '../../support/test-database.js';
import {
  answer,
  apiRoot,
  blockNetwork,
  botPath,
  fixture,
  sentMessage,
  startTelegramApp,
  telegramApi,
  token,
  webhookPath,
  webhookSecret,
  type TelegramApp,
} from './telegram-app.js';

const entity = { id: 'entity-1', slug: 'san-isidro', name: 'Alcaldía de San Isidro del Río', settings: {} };

/** A host whose storage fails the first `failures` times, recording what it stored. */
function flakyHost(failures: number): ChannelHost & { stored: InboundMessage[] } {
  const stored: InboundMessage[] = [];
  let left = failures;
  return {
    stored,
    async receive(message) {
      if (left-- > 0) throw new Error('database unavailable');
      stored.push(message);
      return { duplicate: false, messageId: `m${stored.length}` };
    },
    async delivery() {},
    async keepFile() {
      return { kept: false, reason: 'type' };
    },
  };
}

function pollingAdapter(files = {} as StoredFiles, forEntity: { id: string; slug: string } = entity) {
  return new TelegramAdapter({
    token,
    apiRoot,
    entity: forEntity,
    files,
    logger: silentLogger,
    mode: { type: 'polling', timeoutSeconds: 1 },
    retryDelayMs: () => 10,
  });
}

/**
 * getUpdates as Telegram answers it: the pending updates from the asked offset on (confirmed ones are gone), after a
 * short wait when there is nothing, as a long poll would.
 */
function serveUpdates(pending: Record<string, unknown>[], calls: string[] = []) {
  const offsets: number[] = [];
  telegramApi()
    .post(`${botPath}/deleteWebhook`, { drop_pending_updates: false })
    .reply(() => {
      calls.push('deleteWebhook');
      return answer(200, { ok: true, result: true });
    });
  telegramApi()
    .post(`${botPath}/getUpdates`)
    .delay(20)
    .reply((_uri, body) => {
      const offset = (body as { offset: number }).offset;
      offsets.push(offset);
      calls.push('getUpdates');
      return answer(200, { ok: true, result: pending.filter((u) => (u.update_id as number) >= offset) });
    })
    .persist();
  return offsets;
}

describe.each(testProviders)('Telegram polling (%s)', (provider) => {
  let t: TelegramApp;
  let adapter: TelegramAdapter;
  let offsets: number[];
  const calls: string[] = [];
  const sends: string[] = [];

  beforeAll(async () => {
    blockNetwork();
    offsets = serveUpdates([fixture('text')], calls);
    telegramApi()
      .post(`${botPath}/sendMessage`)
      .reply((_uri, body) => {
        sends.push((body as { text: string }).text);
        return answer(200, sentMessage(300 + sends.length));
      })
      .persist();
    t = await startTelegramApp(provider, { adapter: (e, files) => (adapter = pollingAdapter(files, e)) });
  });

  afterAll(async () => {
    await t.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('removes the webhook, processes what getUpdates returns and asks for the updates after it', async () => {
    await vi.waitFor(() => expect(offsets.length).toBeGreaterThanOrEqual(2));
    await t.settle();
    expect(calls.slice(0, 3)).toEqual(['deleteWebhook', 'getUpdates', 'getUpdates']);
    expect(offsets.slice(0, 2)).toEqual([0, 731904514]);
    expect(adapter.pollOffset).toBe(731904514);
    const stored = await t.database.prisma.message.findMany({ where: { direction: 'in', channel: 'telegram' } });
    expect(stored.map((m) => m.text)).toEqual(['Buenos días, ¿a qué hora abren?']);
    // A new conversation whose first message is a question: the greeting, the data notice, the answer, the menu.
    await vi.waitFor(() => expect(sends).toHaveLength(4));
    expect(sends[0]).toMatch(/^¡Hola! Soy A.V.A/);
    expect(sends[2]).toMatch(/de lunes a viernes/);
    expect(sends[3]).toBe('¿En qué le puedo ayudar? Elija una opción o escríbame su pregunta.');
    expect(adapter.health()).toMatchObject({ state: 'connected' });
  });
});

describe('Telegram channel without the runtime', () => {
  beforeAll(() => blockNetwork());
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(() => nock.enableNetConnect());

  it('asks for an update again when storing it failed, so nothing is lost', async () => {
    const offsets = serveUpdates([fixture('start')]);
    const host = flakyHost(1);
    const adapter = pollingAdapter();
    await adapter.start(host);
    try {
      await vi.waitFor(() => expect(host.stored).toHaveLength(1));
      await vi.waitFor(() => expect(adapter.pollOffset).toBe(731904513));
      // The failed try asked from 0, and so did the try after it.
      expect(offsets.slice(0, 2)).toEqual([0, 0]);
    } finally {
      await adapter.stop();
    }
  });

  it('answers the webhook with 5xx when the update could not be stored, so Telegram sends it again', async () => {
    const adapter = new TelegramAdapter({
      token,
      apiRoot,
      entity,
      files: {} as StoredFiles,
      logger: silentLogger,
      mode: { type: 'webhook', url: `https://chat.sanisidro.test${webhookPath}`, secret: webhookSecret },
      retryDelayMs: () => 60_000,
    });
    telegramApi().post(`${botPath}/setWebhook`).reply(200, { ok: true, result: true });
    const host = flakyHost(1);
    await adapter.start(host);
    const app = Fastify();
    installErrorHandler(app);
    await app.register(telegramWebhookRoutes({ adapter, path: webhookPath, secret: webhookSecret }));
    const post = () =>
      app.inject({
        method: 'POST',
        url: webhookPath,
        headers: { 'x-telegram-bot-api-secret-token': webhookSecret },
        payload: fixture('text'),
      });
    try {
      const failed = await post();
      expect(failed.statusCode).toBe(500);
      expect(host.stored).toEqual([]);
      const retried = await post();
      expect(retried.statusCode).toBe(200);
      expect(host.stored.map((m) => m.text)).toEqual(['Buenos días, ¿a qué hora abren?']);
    } finally {
      await app.close();
      await adapter.stop();
    }
  });

  it('keeps running when the webhook cannot be registered, says why, and registers it on a later try', async () => {
    const adapter = new TelegramAdapter({
      token,
      apiRoot,
      entity,
      files: {} as StoredFiles,
      logger: silentLogger,
      mode: { type: 'webhook', url: `https://chat.sanisidro.test${webhookPath}`, secret: webhookSecret },
      retryDelayMs: () => 20,
    });
    const scope = telegramApi()
      .post(`${botPath}/setWebhook`)
      .reply(401, { ok: false, error_code: 401, description: 'Unauthorized' })
      .post(`${botPath}/setWebhook`)
      .reply(200, { ok: true, result: true });
    await adapter.start(flakyHost(0));
    try {
      expect(adapter.health()).toMatchObject({ state: 'disconnected', detail: 'Telegram respondió 401: Unauthorized' });
      await vi.waitFor(() => expect(adapter.health()).toMatchObject({ state: 'connected' }));
      expect(scope.isDone()).toBe(true);
    } finally {
      await adapter.stop();
    }
  });

  it('in polling mode serves no webhook; without a token there is no channel', async () => {
    const base = { DATABASE_URL: 'file:/tmp/unused.db', NODE_ENV: 'test' };
    const polling = telegramChannel({
      config: loadConfig({ ...base, TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling' }),
      entity,
      prisma: {} as Db,
      files: {} as StoredFiles,
      logger: silentLogger,
    });
    expect(polling?.adapter.channel).toBe('telegram');
    const app = Fastify();
    await app.register(polling!.routes);
    const response = await app.inject({
      method: 'POST',
      url: webhookPath,
      headers: { 'x-telegram-bot-api-secret-token': webhookSecret },
      payload: {},
    });
    expect(response.statusCode).toBe(404);
    await app.close();
    expect(
      telegramChannel({
        config: loadConfig(base),
        entity,
        prisma: {} as Db,
        files: {} as StoredFiles,
        logger: silentLogger,
      }),
    ).toBeUndefined();
  });
});
