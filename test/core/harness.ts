import { join } from 'node:path';
import { expect } from 'vitest';
import { createActions } from '../../src/actions/create-actions.js';
import { FakeAdapter } from '../../src/channels/fake/fake-adapter.js';
import type { ActionImplementation, ActionRegistry } from '../../src/core/action-registry.js';
import type { OutboundMessage } from '../../src/lib/messages.js';
import { Runtime } from '../../src/core/runtime.js';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/database.js';
import { ensureEntity } from '../../src/entities/ensure-entity.js';
import { loadEntityFacts } from '../../src/entities/load-entity-facts.js';
import type { DatabaseProvider } from '../../src/db/provider.js';
import type { JsonValue } from '../../src/flows/index.js';
import type { Transcriber } from '../../src/transcription/transcriber.js';
import { createLogger } from '../../src/logger.js';
import { repoRoot } from '../support/cli-process.js';
import { openMigratedDatabase } from '../support/test-database.js';

export const silentLogger = createLogger({ LOG_LEVEL: 'silent', NODE_ENV: 'test' });

import { TestClock } from '../support/test-clock.js';

export { TestClock };

export function action(run: (args: Record<string, JsonValue>) => JsonValue | Promise<JsonValue>): ActionImplementation {
  return { spec: { description: 'test action' }, run: async (args) => run(args) };
}

export interface Harness {
  database: Database;
  runtime: Runtime;
  adapter: FakeAdapter;
  clock: TestClock;
  entityId: string;
  url: string;
  chat(senderId?: string): ChatScript;
  /** Everything stored is processed and sent (or waiting for a retry). */
  settle(): Promise<void>;
  /** Stops the runtime and opens a new one on the same database, as a process restart would. */
  restart(): Promise<Harness>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  provider: DatabaseProvider;
  flowsDir: string;
  actions: ActionRegistry;
  /** Builds the registry on the harness's database instead, for actions that need it (the real ones). */
  actionsFor?: (prisma: Database['prisma'], entityId: string) => Promise<ActionRegistry>;
  /** Speech to text for voice notes (none: citizens are asked to write). */
  transcriber?: Transcriber;
}

const demoFlowsDir = join(repoRoot, 'flows');

/** The demo entity's real flows (flows/) and real actions, its knowledge base seeded from flows/knowledge. */
export function startDemoHarness(
  provider: DatabaseProvider,
  extra: Pick<HarnessOptions, 'transcriber'> = {},
): Promise<Harness> {
  return startHarness({
    provider,
    flowsDir: demoFlowsDir,
    actions: new Map(),
    actionsFor: async (prisma, entityId) =>
      createActions({ prisma, entityId, flowsDir: demoFlowsDir, logger: silentLogger }),
    ...extra,
  });
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const opened = await openMigratedDatabase(options.provider);
  const clock = new TestClock();
  const entity = await ensureEntity(opened.database.prisma, {
    slug: 'prueba',
    name: 'Alcaldía de Prueba',
    settings: {},
  });
  return build(opened.database, opened.url, entity.id, clock, options, async () => opened.close());
}

async function build(
  database: Database,
  url: string,
  entityId: string,
  clock: TestClock,
  options: HarnessOptions,
  dropDatabase: () => Promise<void>,
): Promise<Harness> {
  const adapter = new FakeAdapter(entityId);
  const actions = options.actionsFor ? await options.actionsFor(database.prisma, entityId) : options.actions;
  const runtime = await Runtime.create({
    database,
    logger: silentLogger,
    flowsDir: options.flowsDir,
    entityFacts: loadEntityFacts,
    actions,
    adapters: [adapter],
    pollMs: 0,
    now: clock.now,
    ...(options.transcriber ? { transcriber: options.transcriber } : {}),
  });
  await runtime.start();
  const settle = async () => {
    await runtime.engine.idle();
    await runtime.outbox.idle();
  };
  const detach = clock.pollRuntime(runtime, settle);
  const harness: Harness = {
    database,
    runtime,
    adapter,
    clock,
    entityId,
    url,
    settle,
    chat: (senderId = 'ciudadano-1') => new ChatScript(adapter, senderId, settle),
    async restart() {
      detach();
      await runtime.stop();
      await database.close();
      const reopened = await openDatabase(url);
      return build(reopened, url, entityId, clock, options, dropDatabase);
    },
    async close() {
      detach();
      await runtime.stop();
      await database.close();
      await dropDatabase();
    },
  };
  return harness;
}

/** A conversation that reads like a chat: `await chat.send('hola'); chat.expectReply(/Hola/)`. */
export class ChatScript {
  private seen = 0;
  constructor(
    readonly adapter: FakeAdapter,
    readonly senderId: string,
    private readonly settle: () => Promise<void>,
  ) {}

  async send(text: string, extra: { id?: string; payload?: string } = {}): Promise<this> {
    await this.adapter.receive(this.senderId, { text, ...extra });
    await this.settle();
    return this;
  }

  /** Every message received since the last expectation, in order. */
  replies(): OutboundMessage[] {
    return this.adapter.sentTo(this.senderId).slice(this.seen);
  }

  expectReply(pattern: RegExp): OutboundMessage {
    const all = this.adapter.sentTo(this.senderId);
    const next = all[this.seen];
    expect(next, `expected a reply matching ${pattern}, got nothing more after ${this.seen} replies`).toBeDefined();
    expect(next!.text).toMatch(pattern);
    this.seen++;
    return next!;
  }

  /** Skips replies up to and including the first that matches. */
  expectEventually(pattern: RegExp): OutboundMessage {
    const all = this.adapter.sentTo(this.senderId);
    for (let i = this.seen; i < all.length; i++) {
      if (pattern.test(all[i]!.text)) {
        this.seen = i + 1;
        return all[i]!;
      }
    }
    throw new Error(
      `no reply matches ${pattern}; replies: ${all
        .slice(this.seen)
        .map((m) => m.text)
        .join(' | ')}`,
    );
  }

  expectNoMoreReplies(): void {
    expect(this.replies().map((m) => m.text)).toEqual([]);
  }
}
