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
  app: FastifyInstance;
  started: Started;
  database: Database;
  clock: TestClock;
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
  const started = await startEntityRuntime({
    database: opened.database,
    logger: silentLogger,
    flowsDir: 'flows',
    pollMs: 0,
    now: clock.now,
    adapters: (entity) => [(adapter = new FakeAdapter(entity.id))],
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
  const settle = async () => {
    await started.runtime.engine.idle();
    await started.runtime.outbox.idle();
  };
  return {
    app,
    started,
    database: opened.database,
    clock,
    chat: (senderId) => new ChatScript(adapter!, senderId, settle),
    async signInAs(email, roles) {
      await directory.add({ name: `Persona ${roles.join('+')}`, email, roles });
      await directory.setPassword(email, PASSWORD);
      const response = await app.inject({
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
      return app.inject({
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
      await app.close();
      await started.handoff.idle();
      await started.runtime.stop();
      started.content.close();
      await opened.close();
    },
  };
}
