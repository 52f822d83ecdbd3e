import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { repoRoot, startServerProcess } from '../support/cli-process.js';
import { createTestDatabase, testProviders } from '../support/test-database.js';

// Docker does not run on these machines: the file is checked for shape, and the app container's own command and
// environment are run for real against PostgreSQL.
const Compose = z.object({
  services: z.object({
    postgres: z.object({
      image: z.string().regex(/^postgres:/),
      healthcheck: z.object({ test: z.array(z.string()).min(2) }),
    }),
    app: z.object({
      build: z.string(),
      command: z.array(z.string()),
      environment: z.record(z.string(), z.string()),
      ports: z.array(z.string()),
      depends_on: z.object({ postgres: z.object({ condition: z.literal('service_healthy') }) }),
      healthcheck: z.object({ test: z.array(z.string()) }),
      ulimits: z.object({ nofile: z.object({ soft: z.number(), hard: z.number() }) }).optional(),
    }),
  }),
});

async function compose() {
  return Compose.parse(parse(await readFile(join(repoRoot, 'docker-compose.yml'), 'utf8')));
}

/** Resolves ${VAR:-default} and ${VAR:?error} the way docker compose does, with the given environment. */
const interpolate = (value: string, env: Record<string, string> = {}) =>
  value.replace(/\$\{([A-Z_]+):([-?])([^}]*)\}/g, (_match, name: string, op: string, rest: string) => {
    if (env[name]) return env[name];
    if (op === '-') return rest;
    throw new Error(`docker compose would stop: ${name}: ${rest}`);
  });
const composeEnv = { WIDGET_SECRET: 'a-deployment-secret-of-32-characters-or-more' };

describe('docker-compose.yml', () => {
  it('runs the app after a healthy PostgreSQL, migrating at start, with a readiness health check', async () => {
    const { services } = await compose();
    expect(services.app.command).toEqual(['node', 'bin/ventanilla.js', 'serve']);
    expect(interpolate(services.app.environment.DATABASE_URL!)).toBe(
      'postgresql://ventanilla:ventanilla@postgres:5432/ventanilla',
    );
    expect(services.app.environment.MIGRATE_ON_START).toBe('true');
    // No default signing key ships with the deployment: compose refuses to start without one.
    expect(() => interpolate(services.app.environment.WIDGET_SECRET!)).toThrow(
      /WIDGET_SECRET to 32 or more random characters/,
    );
    expect(services.app.healthcheck.test.join(' ')).toContain('/ready');
    // Every open web chat holds a file descriptor: the usual 1024 would cap the widget near a thousand citizens.
    expect(services.app.ulimits?.nofile.soft).toBeGreaterThanOrEqual(10_000);
    expect(existsSync(join(repoRoot, 'Dockerfile'))).toBe(true);
  });

  it.runIf(testProviders.includes('postgresql'))(
    "the app container's command migrates an empty PostgreSQL and becomes ready",
    async () => {
      const { services } = await compose();
      expect(existsSync(join(repoRoot, 'dist', 'cli.js')), 'dist/ is built by npm install / npm run build').toBe(true);
      const testDb = await createTestDatabase('postgresql');
      try {
        const env = Object.fromEntries(
          Object.entries(services.app.environment).map(([k, v]) => [k, interpolate(v, composeEnv)]),
        );
        // Only the addresses differ from the container: the test's database and a free loopback port.
        const server = await startServerProcess(
          { ...env, DATABASE_URL: testDb.url, HOST: '127.0.0.1', PORT: '0' },
          services.app.command,
        );
        try {
          expect(server.logs()).toContain('"msg":"migrations applied"');
          expect((await fetch(`${server.url}/ready`)).status).toBe(200);
        } finally {
          expect(await server.stop()).toBe(0);
        }
      } finally {
        await testDb.drop();
      }
    },
  );
});
