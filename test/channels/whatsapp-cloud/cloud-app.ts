import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import nock from 'nock';
import type { Logger } from 'pino';
import { buildApp } from '../../../src/app.js';
import type { CaseService } from '../../../src/cases/service/case-service.js';
import type { WhatsappCloudAdapter } from '../../../src/channels/whatsapp-cloud/whatsapp-cloud-adapter.js';
import { whatsappCloudChannel } from '../../../src/channels/whatsapp-cloud/whatsapp-cloud-channel.js';
import { loadConfig } from '../../../src/config.js';
import type { Runtime } from '../../../src/core/runtime.js';
import type { Database } from '../../../src/db/database.js';
import type { DatabaseProvider } from '../../../src/db/provider.js';
import { startEntityRuntime } from '../../../src/runtime-for-entity.js';
import type { Transcriber } from '../../../src/transcription/transcriber.js';
import { StoredFiles } from '../../../src/uploads/stored-files.js';
import { silentLogger, TestClock } from '../../core/harness.js';
import { openMigratedDatabase } from '../../support/test-database.js';

export const graph = 'https://graph.facebook.com';
export const phoneNumberId = '106540352242922';
export const appSecret = 'meta-app-secret-0123456789abcdef';
export const verifyToken = 'ventanilla-verificacion-2026';
export const accessToken = `EAAG${'x'.repeat(40)}`;
export const messagesPath = `/v23.0/${phoneNumberId}/messages`;
export const citizen = '573001234567';

export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** A copy of a fixture whose first message has another wamid and text, for conversations of several turns. */
export function textWebhook(id: string, text: string, timestamp = '1772460000'): Record<string, unknown> {
  const body = fixture('text-message') as {
    entry: { changes: { value: { messages: Record<string, unknown>[] } }[] }[];
  };
  const m = body.entry[0]!.changes[0]!.value.messages[0]!;
  Object.assign(m, { id, timestamp, text: { body: text } });
  return body;
}

export function sign(raw: string, secret = appSecret): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

/** One POST to /messages as Graph received it, and what we answered. */
export interface GraphCall {
  body: Record<string, unknown>;
  status: number;
}

export type GraphAnswer = [status: number, body: Record<string, unknown>, headers?: Record<string, string>];

/**
 * Stands in for Meta's /messages endpoint: records every call and answers from a script (then 200 with a new wamid).
 * Read receipts ("typing…") are recorded apart, so the replies read in order.
 */
export class GraphFake {
  readonly sent: GraphCall[] = [];
  readonly reads: string[] = [];
  private readonly script: GraphAnswer[] = [];
  private n = 0;

  constructor() {
    nock(graph)
      .persist()
      .post(messagesPath)
      .reply((_uri, requestBody) => {
        const body = (typeof requestBody === 'string' ? JSON.parse(requestBody) : requestBody) as Record<
          string,
          unknown
        >;
        if (body.status === 'read') {
          this.reads.push(String(body.message_id));
          return [200, { success: true }];
        }
        const answer = this.script.shift() ?? [
          200,
          {
            messaging_product: 'whatsapp',
            contacts: [{ input: body.to, wa_id: body.to }],
            messages: [{ id: `wamid.SENT-${++this.n}` }],
          },
        ];
        this.sent.push({ body, status: answer[0] });
        return answer[2] ? [answer[0], answer[1], answer[2]] : [answer[0], answer[1]];
      });
  }

  /** The next calls get these answers, in order. */
  answerNext(...answers: GraphAnswer[]): void {
    this.script.push(...answers);
  }

  /** Bodies Meta accepted. */
  delivered(): Record<string, unknown>[] {
    return this.sent.filter((c) => c.status === 200).map((c) => c.body);
  }
}

export interface CloudApp {
  app: FastifyInstance;
  runtime: Runtime;
  cases: CaseService;
  database: Database;
  clock: TestClock;
  entityId: string;
  graphFake: GraphFake;
  post(body: unknown, signature?: string | null): Promise<LightMyRequestResponse>;
  /** Waits for what the webhooks started: jobs run right after the answer, turns, sends. */
  settle(): Promise<void>;
  /** The channel's durable jobs still waiting (files to fetch, messages queued behind them, kind replies). */
  pendingJobs(): Promise<number>;
  /** Moves the clock on and runs due jobs until none of the channel's are left (retries, messages waiting their turn). */
  drainJobs(stepMs?: number, maxRounds?: number): Promise<void>;
  close(): Promise<void>;
}

/** The real server pieces on the demo flows and a real database, with the WhatsApp Cloud channel and its webhook. */
export async function startCloudApp(
  provider: DatabaseProvider,
  options: { whatsappCloud?: unknown; markRead?: boolean; channelLogger?: Logger; transcriber?: Transcriber } = {},
): Promise<CloudApp> {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  const graphFake = new GraphFake();
  const opened = await openMigratedDatabase(provider);
  const clock = new TestClock(new Date('2026-03-02T14:00:00Z').getTime());
  const files = new StoredFiles(opened.database.prisma);
  const config = loadConfig({
    DATABASE_URL: opened.url,
    NODE_ENV: 'test',
    WHATSAPP_CLOUD_ACCESS_TOKEN: accessToken,
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: phoneNumberId,
    WHATSAPP_CLOUD_APP_SECRET: appSecret,
    WHATSAPP_CLOUD_VERIFY_TOKEN: verifyToken,
  });
  let channel: ReturnType<typeof whatsappCloudChannel>;
  const started = await startEntityRuntime({
    database: opened.database,
    logger: silentLogger,
    flowsDir: 'flows',
    pollMs: 0,
    now: clock.now,
    ...(options.transcriber ? { transcriber: options.transcriber } : {}),
    adapters: (entity) => {
      const settings =
        options.whatsappCloud === undefined
          ? entity.settings
          : { ...entity.settings, whatsappCloud: options.whatsappCloud };
      channel = whatsappCloudChannel({
        config,
        entity: { ...entity, settings },
        files,
        prisma: opened.database.prisma,
        logger: options.channelLogger ?? silentLogger,
        now: clock.now,
        markRead: options.markRead ?? false,
      });
      if (!channel) throw new Error('channel not configured');
      return [channel.adapter];
    },
  });
  const app = await buildApp({
    config,
    database: opened.database,
    logger: silentLogger,
    channels: { routes: [channel!.routes], health: () => started.runtime.channelHealth() },
  });
  await app.ready();
  const runtime = started.runtime;
  channel!.attach(runtime.jobs);
  const adapter = channel!.adapter as WhatsappCloudAdapter;
  const settle = async () => {
    await adapter.idle();
    await runtime.engine.idle();
    await runtime.outbox.idle();
  };
  const pendingJobs = () =>
    opened.database.prisma.scheduledJob.count({ where: { kind: { startsWith: 'whatsapp-cloud.' } } });
  clock.pollRuntime(runtime, settle);
  return {
    app,
    runtime,
    cases: started.cases,
    database: opened.database,
    clock,
    entityId: started.entity.id,
    graphFake,
    settle,
    pendingJobs,
    async drainJobs(stepMs = 5_000, maxRounds = 20) {
      for (let round = 0; round < maxRounds && (await pendingJobs()) > 0; round++) await clock.advance(stepMs);
    },
    post(body, signature) {
      const raw = typeof body === 'string' ? body : JSON.stringify(body);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const sig = signature === undefined ? sign(raw) : signature;
      if (sig !== null) headers['x-hub-signature-256'] = sig;
      return app.inject({ method: 'POST', url: '/webhooks/whatsapp-cloud/san-isidro', headers, payload: raw });
    },
    async close() {
      await app.close();
      await runtime.stop();
      await opened.close();
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}
