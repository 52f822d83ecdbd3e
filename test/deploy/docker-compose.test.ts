import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import { WebSocket } from 'ws';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { repoRoot, startServerProcess } from '../support/cli-process.js';
import { createTestDatabase, testProviders } from '../support/test-database.js';

// Docker does not run on these machines: the file is checked for shape, and the app container's own command and
// environment are run for real against PostgreSQL.
const App = z.object({
  build: z.string(),
  image: z.string(),
  command: z.array(z.string()),
  environment: z.record(z.string(), z.string()),
  ports: z.never({ message: 'only the proxy publishes a port' }).optional(),
  depends_on: z.object({ postgres: z.object({ condition: z.literal('service_healthy') }) }),
  healthcheck: z.object({ test: z.array(z.string()) }),
  ulimits: z.object({ nofile: z.object({ soft: z.number(), hard: z.number() }) }).optional(),
});
const Compose = z.object({
  services: z.object({
    postgres: z.object({
      image: z.string().regex(/^postgres:/),
      healthcheck: z.object({ test: z.array(z.string()).min(2) }),
    }),
    'app-1': App,
    'app-2': App,
    proxy: z.object({
      image: z.string().regex(/^nginx:/),
      ports: z.array(z.string()),
      volumes: z.array(z.string()),
      depends_on: z.record(z.string(), z.object({ condition: z.literal('service_healthy') })),
      healthcheck: z.object({ test: z.array(z.string()) }),
    }),
  }),
});

async function compose() {
  // Merge keys as docker compose reads them: both instances share one definition (x-app).
  return Compose.parse(parse(await readFile(join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }));
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
  it('runs each app instance after a healthy PostgreSQL, migrating at start, with a readiness health check', async () => {
    const { services } = await compose();
    const app = services['app-1'];
    // Two instances of one service: same image, command and settings (the same WIDGET_SECRET signs every session).
    expect(services['app-2']).toEqual(app);
    expect(app.command).toEqual(['node', 'bin/ventanilla.js', 'serve']);
    expect(interpolate(app.environment.DATABASE_URL!)).toBe(
      'postgresql://ventanilla:ventanilla@postgres:5432/ventanilla',
    );
    expect(app.environment.MIGRATE_ON_START).toBe('true');
    // No default signing key ships with the deployment: compose refuses to start without one.
    expect(() => interpolate(app.environment.WIDGET_SECRET!)).toThrow(/WIDGET_SECRET to 32 or more random characters/);
    expect(app.healthcheck.test.join(' ')).toContain('/ready');
    // Behind the proxy the citizen's address is the forwarded one: one trusted hop.
    expect(interpolate(app.environment.TRUST_PROXY!)).toBe('1');
    // Every open web chat holds a file descriptor: the usual 1024 would cap the widget near a thousand citizens.
    expect(app.ulimits?.nofile.soft).toBeGreaterThanOrEqual(10_000);
    expect(existsSync(join(repoRoot, 'Dockerfile'))).toBe(true);
  });

  it.runIf(testProviders.includes('postgresql'))(
    "the app container's command migrates an empty PostgreSQL and becomes ready",
    async () => {
      const { services } = await compose();
      expect(existsSync(join(repoRoot, 'dist', 'cli.js')), 'dist/ is built by npm install / npm run build').toBe(true);
      const testDb = await createTestDatabase('postgresql');
      try {
        const app = services['app-1'];
        const env = Object.fromEntries(
          Object.entries(app.environment).map(([k, v]) => [k, interpolate(v, composeEnv)]),
        );
        // Only the addresses differ from the container: the test's database and a free loopback port.
        const server = await startServerProcess(
          { ...env, DATABASE_URL: testDb.url, HOST: '127.0.0.1', PORT: '0' },
          app.command,
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

const nginxConf = () => readFile(join(repoRoot, 'deploy/nginx.conf'), 'utf8');
/** Every value of a directive in the config, e.g. `server` → ['app-1:3000 max_fails=3 …', …]. */
const directive = (conf: string, name: string) =>
  [...conf.replace(/#.*$/gm, '').matchAll(new RegExp(`^\\s*${name}\\s+([^;{}]+);`, 'gm'))].map((m) => m[1]!.trim());

describe('the reverse proxy (deploy/nginx.conf)', () => {
  it('publishes the only port and starts once both instances are healthy, checking readiness through itself', async () => {
    const { services } = await compose();
    const { proxy } = services;
    expect(proxy.ports.map((p) => interpolate(p))).toEqual(['3000:80']);
    expect(proxy.volumes).toContain('./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro');
    expect(Object.keys(proxy.depends_on).sort()).toEqual(['app-1', 'app-2']);
    expect(proxy.healthcheck.test.join(' ')).toContain('http://127.0.0.1/ready');
  });

  it('balances over both instances and passes WebSocket upgrades, with room for uploads and idle chats', async () => {
    const { services } = await compose();
    const conf = await nginxConf();
    const port = services['app-1'].environment.PORT;
    expect(directive(conf, 'server').map((s) => s.split(/\s+/)[0])).toEqual([`app-1:${port}`, `app-2:${port}`]);
    expect(directive(conf, 'proxy_pass')).toEqual(['http://ventanilla']);
    expect(directive(conf, 'proxy_http_version')).toEqual(['1.1']);
    expect(directive(conf, 'proxy_set_header')).toEqual(
      expect.arrayContaining([
        'Upgrade $http_upgrade',
        'Connection $connection_upgrade',
        'X-Forwarded-For $proxy_add_x_forwarded_for',
      ]),
    );
    expect(conf).toMatch(/map \$http_upgrade \$connection_upgrade \{\s*default upgrade;/);
    // The app pings sockets every 30 s: a quiet chat must not be cut by the proxy before that.
    expect(parseInt(directive(conf, 'proxy_read_timeout')[0]!, 10)).toBeGreaterThan(30);
    // Uploads are up to 5 MB (src/uploads/check-upload.ts); nginx's default would refuse anything over 1 MB.
    expect(parseInt(directive(conf, 'client_max_body_size')[0]!, 10)).toBeGreaterThanOrEqual(5);
  });

  // nginx is not on every machine (CI installs what .ci/run asks for): where it is, the committed config runs for real.
  it.runIf(existsSync(nginxBinary))(
    'in a real nginx: WebSockets reach both instances and come back, and the citizen address is forwarded',
    async () => {
      const backends = await Promise.all(['app-1', 'app-2'].map((name) => startBackend(name)));
      const proxy = await startNginx(
        await nginxConf(),
        backends.map((b) => b.port),
      );
      try {
        const sockets = await Promise.all(
          Array.from({ length: 4 }, async () => {
            const ws = new WebSocket(`ws://127.0.0.1:${proxy.port}/widget/v1/ws/san-isidro`);
            await new Promise((resolve, reject) => {
              ws.once('open', resolve);
              ws.once('error', reject);
            });
            const reply = new Promise<string>((resolve) => ws.once('message', (d) => resolve(String(d))));
            ws.send('hola');
            return { ws, reply: await reply };
          }),
        );
        const answeredBy = sockets.map((s) => s.reply.split(':')[0]);
        // least_conn with sockets held open: new ones alternate between the instances.
        expect(new Set(answeredBy)).toEqual(new Set(['app-1', 'app-2']));
        expect(sockets.every((s) => s.reply.endsWith(':hola'))).toBe(true);
        for (const s of sockets) s.ws.close();
        const ready = await fetch(`http://127.0.0.1:${proxy.port}/ready`, {
          headers: { 'X-Forwarded-For': '203.0.113.7' },
        });
        expect(ready.status).toBe(200);
        expect(((await ready.json()) as { forwardedFor: string }).forwardedFor).toBe('203.0.113.7, 127.0.0.1');
      } finally {
        await proxy.stop();
        await Promise.all(backends.map((b) => b.app.close()));
      }
    },
  );
});

const nginxBinary = '/usr/sbin/nginx';

/** A stand-in instance: /ready tells who answered and what was forwarded; each socket echoes "name:text". */
async function startBackend(name: string) {
  const app = Fastify({ logger: false });
  await app.register(websocket);
  app.get('/ready', async (request) => ({ name, forwardedFor: request.headers['x-forwarded-for'] }));
  app.get('/widget/v1/ws/:entity', { websocket: true }, (socket) => {
    socket.on('message', (data) => socket.send(`${name}:${String(data)}`));
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, port: (app.server.address() as AddressInfo).port };
}

/** The committed config in a real nginx on loopback, its upstreams pointed at the stand-ins. */
async function startNginx(conf: string, ports: number[]) {
  const dir = await mkdtemp(join(tmpdir(), 'ventanilla-nginx-'));
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const site = conf
    .replace(/app-1:3000/, `127.0.0.1:${ports[0]}`)
    .replace(/app-2:3000/, `127.0.0.1:${ports[1]}`)
    .replace(/listen 80;/, `listen 127.0.0.1:${port};`);
  await writeFile(join(dir, 'site.conf'), site);
  await writeFile(
    join(dir, 'nginx.conf'),
    `daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log stderr warn;
     events {}
     http { access_log off; client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir};
            uwsgi_temp_path ${dir}; scgi_temp_path ${dir}; include ${dir}/site.conf; }`,
  );
  const child = spawn(nginxBinary, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    const up = await fetch(`http://127.0.0.1:${port}/ready`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error(`nginx did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGQUIT');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
