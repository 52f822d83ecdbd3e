import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { FakeAdapter } from '../../src/channels/fake/fake-adapter.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import type { DatabaseProvider } from '../../src/db/provider.js';
import { startEntityRuntime } from '../../src/runtime-for-entity.js';
import { StaffDirectory } from '../../src/staff/staff-directory.js';
import type { StaffRole } from '../../src/staff/staff-roles.js';
import { ChatScript, silentLogger, TestClock } from '../core/harness.js';
import { HOST, ORIGIN, PASSWORD, sessionCookieOf, type SignedInClient } from '../console/console-app.js';
import { openMigratedDatabase } from '../support/test-database.js';

export type Started = Awaited<ReturnType<typeof startEntityRuntime>>;

export interface ContentApp {
  readonly app: FastifyInstance;
  readonly started: Started;
  database: Database;
  clock: TestClock;
  /** The entity settings the channels were last built with (at start or at `restart`). */
  channelSettings(): Record<string, unknown>;
  /** Stops the runtime and the server and starts both again on the same database, as a process restart would. */
  restart(): Promise<void>;
  /** A citizen on the fake channel, talking to the running flows. */
  chat(senderId: string): ChatScript;
  signInAs(email: string, roles: StaffRole[]): Promise<SignedInClient>;
  call(
    client: SignedInClient,
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * The demo entity (flows/) on a real migrated database, with the console's sign-in and the content routes, and a fake
 * channel for citizens. The clock starts on Monday 2026-03-02 at 09:00 in Bogotá, inside the demo's office hours.
 */
export async function startContentApp(provider: DatabaseProvider): Promise<ContentApp> {
  const opened = await openMigratedDatabase(provider);
  const clock = new TestClock(new Date('2026-03-02T14:00:00Z').getTime());
  let adapter: FakeAdapter | undefined;
  let channelSettings: Record<string, unknown> = {};
  const boot = async () => {
    const started = await startEntityRuntime({
      database: opened.database,
      logger: silentLogger,
      flowsDir: 'flows',
      pollMs: 0,
      now: clock.now,
      adapters: (entity) => {
        channelSettings = entity.settings;
        return [(adapter = new FakeAdapter(entity.id))];
      },
    });
    const directory = new StaffDirectory(opened.database.prisma, started.entity.id, { now: clock.now });
    const app = await buildApp({
      config: loadConfig({ DATABASE_URL: opened.url, NODE_ENV: 'test' }),
      database: opened.database,
      logger: silentLogger,
      console: {
        directory,
        handoffs: started.handoff,
        areas: started.handoff.areas(),
        login: { now: clock.now },
        distDir: '/nonexistent/console-dist',
      },
      content: { content: started.content },
    });
    await app.ready();
    return { started, directory, app };
  };
  const stop = async (running: Awaited<ReturnType<typeof boot>>) => {
    await running.app.close();
    await running.started.handoff.idle();
    await running.started.runtime.stop();
    running.started.content.close();
  };
  let running = await boot();
  const settle = async () => {
    await running.started.runtime.engine.idle();
    await running.started.runtime.outbox.idle();
  };
  return {
    get app() {
      return running.app;
    },
    get started() {
      return running.started;
    },
    database: opened.database,
    clock,
    channelSettings: () => channelSettings,
    async restart() {
      await stop(running);
      running = await boot();
    },
    chat: (senderId) => new ChatScript(adapter!, senderId, settle),
    async signInAs(email, roles) {
      await running.directory.add({ name: `Persona ${roles.join('+')}`, email, roles });
      await running.directory.setPassword(email, PASSWORD);
      const response = await running.app.inject({
        method: 'POST',
        url: '/console/api/login',
        headers: { host: HOST, origin: ORIGIN },
        payload: { email, password: PASSWORD },
      });
      if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
      const body = response.json<{ me: Record<string, unknown>; csrfToken: string }>();
      return { cookie: sessionCookieOf(response)!, csrfToken: body.csrfToken, me: body.me };
    },
    call(client, method, url, body) {
      return running.app.inject({
        method,
        url,
        headers: {
          host: HOST,
          origin: ORIGIN,
          cookie: `vt_console=${client.cookie}`,
          'x-csrf-token': client.csrfToken,
        },
        ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
      });
    },
    async close() {
      await stop(running);
      await opened.close();
    },
  };
}
