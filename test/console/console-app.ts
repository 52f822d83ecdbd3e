import { createHash } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Runtime } from '../../src/core/runtime.js';
import type { Database } from '../../src/db/database.js';
import type { DatabaseProvider } from '../../src/db/provider.js';
import type { HandoffService } from '../../src/handoff/handoff-service.js';
import type { KnowledgeEditor } from '../../src/knowledge/knowledge-editor.js';
import { consoleRoutes } from '../../src/http/console-routes.js';
import { FailedAuthLimiter } from '../../src/http/staff-auth.js';
import type { EntityInfo } from '../../src/runtime-for-entity.js';
import { startEntityRuntime } from '../../src/runtime-for-entity.js';
import { StaffDirectory } from '../../src/staff/staff-directory.js';
import type { StaffRole } from '../../src/staff/staff-roles.js';
import { silentLogger, TestClock } from '../core/harness.js';
import { openMigratedDatabase } from '../support/test-database.js';

export const HOST = 'ventanilla.sanisidro.test';
export const ORIGIN = `https://${HOST}`;
export const PASSWORD = 'una clave larga de prueba 2026';

export interface SignedInClient {
  cookie: string;
  csrfToken: string;
  me: Record<string, unknown>;
}

export interface ConsoleApp {
  app: FastifyInstance;
  runtime: Runtime;
  database: Database;
  directory: StaffDirectory;
  handoffs: HandoffService;
  /** The runtime's knowledge editor, the one the console's knowledge routes use. */
  knowledge: KnowledgeEditor;
  entity: EntityInfo;
  clock: TestClock;
  /** Adds a person with the console password {@link PASSWORD}. */
  addStaff(email: string, roles: StaffRole[], extra?: { name?: string; dependency?: string }): Promise<string>;
  login(email: string, password?: string, ip?: string, origin?: string | null): Promise<LightMyRequestResponse>;
  signIn(email: string, password?: string): Promise<SignedInClient>;
  /** A request as the console page makes it: same origin, with the session cookie (and the CSRF token if given). */
  call(
    client: SignedInClient | null,
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    csrf?: string | null,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The session cookie's value from a response's set-cookie header. */
export function sessionCookieOf(response: LightMyRequestResponse): string | undefined {
  const header = response.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header ? [header] : [];
  return all
    .find((c) => c.startsWith('vt_console='))
    ?.split(';')[0]
    ?.slice('vt_console='.length);
}

/**
 * The real server on the demo flows and a real migrated database: the entity's runtime, case API, the real handoff
 * service and the console routes, with a movable clock shared by sessions, lockouts and the address limiter.
 */
export async function startConsoleApp(
  provider: DatabaseProvider,
  options: { distDir?: string; pingMs?: number; logger?: Logger } = {},
): Promise<ConsoleApp> {
  const opened = await openMigratedDatabase(provider);
  const clock = new TestClock(new Date('2026-03-02T14:00:00Z').getTime());
  const started = await startEntityRuntime({
    database: opened.database,
    logger: silentLogger,
    flowsDir: 'flows',
    pollMs: 0,
    now: clock.now,
    adapters: () => [],
  });
  const { runtime, entity } = started;
  const prisma = opened.database.prisma;
  const directory = new StaffDirectory(prisma, entity.id, { now: clock.now });
  // The runtime's own service: handoffs the flows request ("asesor") are the ones the console sees.
  const handoffs = started.handoff;
  const app = await buildApp({
    config: loadConfig({ DATABASE_URL: opened.url, NODE_ENV: 'test' }),
    database: opened.database,
    logger:
      options.logger ?? (process.env.DEBUG_CONSOLE ? (await import('pino')).default({ level: 'debug' }) : silentLogger),
    services: { cases: started.cases, staff: directory, reports: started.reports },
  });
  await app.register(consoleRoutes, {
    directory,
    handoffs,
    areas: handoffs.areas(),
    limiter: new FailedAuthLimiter({ now: () => clock.now().getTime() }),
    login: { now: clock.now },
    distDir: options.distDir ?? '/nonexistent/console-dist',
    knowledge: started.knowledge,
    ...(options.pingMs !== undefined ? { pingMs: options.pingMs } : {}),
  });
  await app.ready();

  const login = (email: string, password = PASSWORD, ip = '198.51.100.10', origin: string | null = ORIGIN) =>
    app.inject({
      method: 'POST',
      url: '/console/api/login',
      headers: { host: HOST, ...(origin ? { origin } : {}) },
      remoteAddress: ip,
      payload: { email, password },
    });

  return {
    app,
    runtime,
    database: opened.database,
    directory,
    handoffs,
    knowledge: started.knowledge,
    entity,
    clock,
    async addStaff(email, roles, extra = {}) {
      const { actor } = await directory.add({
        name: extra.name ?? 'Ana Asesora',
        email,
        roles,
        ...(extra.dependency ? { dependency: extra.dependency } : {}),
      });
      await directory.setPassword(email, PASSWORD);
      return actor.id;
    },
    login,
    async signIn(email, password = PASSWORD) {
      const response = await login(email, password);
      if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
      const body = response.json<{ me: Record<string, unknown>; csrfToken: string }>();
      return { cookie: sessionCookieOf(response)!, csrfToken: body.csrfToken, me: body.me };
    },
    call(client, method, url, body, csrf) {
      const headers: Record<string, string> = { host: HOST, origin: ORIGIN };
      if (client) headers.cookie = `vt_console=${client.cookie}`;
      const token = csrf === undefined ? client?.csrfToken : csrf;
      if (token) headers['x-csrf-token'] = token;
      return app.inject({
        method,
        url,
        headers,
        ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
      });
    },
    async close() {
      await app.close();
      await handoffs.idle();
      await runtime.stop();
      await opened.close();
    },
  };
}
