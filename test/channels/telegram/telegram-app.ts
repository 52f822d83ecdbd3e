import { readFileSync } from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import nock from 'nock';
import { buildApp } from '../../../src/app.js';
import type { TelegramAdapter } from '../../../src/channels/telegram/telegram-adapter.js';
import { telegramChannel } from '../../../src/channels/telegram/telegram-channel.js';
import { loadConfig } from '../../../src/config.js';
import type { ChannelAdapter } from '../../../src/core/channel-adapter.js';
import type { Runtime } from '../../../src/core/runtime.js';
import type { Database } from '../../../src/db/database.js';
import type { DatabaseProvider } from '../../../src/db/provider.js';
import { startEntityRuntime } from '../../../src/runtime-for-entity.js';
import type { Transcriber } from '../../../src/transcription/transcriber.js';
import { StoredFiles } from '../../../src/uploads/stored-files.js';
import { silentLogger, TestClock } from '../../core/harness.js';
import { openMigratedDatabase } from '../../support/test-database.js';

/** A token in @BotFather's format; every call with it is answered by nock. */
export const token = '7012345678:AAFakeTokenForTestsOnly_abcdefghijkl';
export const apiRoot = 'https://api.telegram.org';
export const botPath = `/bot${token}`;
export const webhookSecret = 'webhook-secret-for-tests-0123456789';
export const publicUrl = 'https://chat.sanisidro.test';
export const webhookPath = '/webhooks/telegram/san-isidro';
export const chatId = 5123456789;

/**
 * A recorded update from test/channels/telegram/fixtures. `chat` puts it in another private chat (the recorded
 * citizen's id replaced), so tests on one server do not share a conversation.
 */
export function fixture(name: string, chat?: number): Record<string, unknown> {
  const raw = readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8');
  return JSON.parse(chat === undefined ? raw : raw.replaceAll(String(chatId), String(chat))) as Record<string, unknown>;
}

/** Telegram's answer to a send: the message it created. */
export function sentMessage(messageId: number, text = '') {
  return { ok: true, result: { message_id: messageId, date: 1772460001, chat: { id: chatId, type: 'private' }, text } };
}

/**
 * A reply computed from the request. nock 14 cannot add the content length to computed replies, and without it
 * telegraf's keep-alive requests never end: answers from `.reply((uri, body) => answer(...))` carry it.
 */
export function answer(status: number, body: unknown): [number, string, Record<string, string>] {
  const text = JSON.stringify(body);
  return [status, text, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }];
}

/** The Bot API host; replies carry a content length, which telegraf's keep-alive requests need under nock 14. */
export function telegramApi() {
  return nock(apiRoot).replyContentLength();
}

/** Stops any real network use: only what nock answers (and local servers) can be reached. */
export function blockNetwork(): void {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
}

export interface TelegramApp {
  app: FastifyInstance;
  adapter: ChannelAdapter;
  runtime: Runtime;
  database: Database;
  files: StoredFiles;
  clock: TestClock;
  entityId: string;
  /** POSTs an update to the webhook with the right secret unless told otherwise. */
  post(body: unknown, secret?: string | null): Promise<LightMyRequestResponse>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real server pieces on the demo flows and a real database, with the Telegram channel as server.ts wires it.
 * Webhook mode registers the webhook at start: the caller's nock scope must answer setWebhook.
 */
export async function startTelegramApp(
  provider: DatabaseProvider,
  options: {
    adapter?: (entity: { id: string; slug: string }, files: StoredFiles) => TelegramAdapter;
    transcriber?: Transcriber;
  } = {},
): Promise<TelegramApp> {
  const opened = await openMigratedDatabase(provider);
  const clock = new TestClock(new Date('2026-03-02T14:00:00Z').getTime());
  const config = loadConfig({
    DATABASE_URL: opened.url,
    NODE_ENV: 'test',
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: webhookSecret,
    PUBLIC_URL: publicUrl,
  });
  const files = new StoredFiles(opened.database.prisma);
  let channel: ReturnType<typeof telegramChannel>;
  const started = await startEntityRuntime({
    database: opened.database,
    logger: silentLogger,
    flowsDir: 'flows',
    pollMs: 0,
    now: clock.now,
    ...(options.transcriber ? { transcriber: options.transcriber } : {}),
    adapters: (entity) => {
      if (options.adapter) {
        const adapter = options.adapter(entity, files);
        channel = { adapter, routes: async () => undefined };
      } else {
        channel = telegramChannel({ config, entity, prisma: opened.database.prisma, files, logger: silentLogger });
      }
      return [channel!.adapter];
    },
  });
  const runtime = started.runtime;
  const app = await buildApp({
    config,
    database: opened.database,
    logger: silentLogger,
    channels: { routes: [channel!.routes], health: () => runtime.channelHealth() },
  });
  await app.ready();
  const settle = async () => {
    await runtime.engine.idle();
    await runtime.outbox.idle();
  };
  clock.pollRuntime(runtime, settle);
  return {
    app,
    adapter: channel!.adapter,
    runtime,
    database: opened.database,
    files,
    clock,
    entityId: started.entity.id,
    settle,
    post(body, secret = webhookSecret) {
      return app.inject({
        method: 'POST',
        url: webhookPath,
        headers: {
          'content-type': 'application/json',
          ...(secret !== null ? { 'x-telegram-bot-api-secret-token': secret } : {}),
        },
        payload: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    async close() {
      await app.close();
      await runtime.stop();
      await opened.close();
    },
  };
}
