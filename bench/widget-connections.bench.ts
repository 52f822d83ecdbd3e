/**
 * Widget idle connections: the real server's extra memory for 5,000 widget WebSockets that said hello and got
 * welcome, against a bare Fastify + @fastify/websocket server holding as many.
 * Run: node --expose-gc --import tsx bench/widget-connections.bench.ts  (needs `ulimit -n` above 5,200)
 * Writes the "Widget: idle connections" section of docs/benchmarks.md (other sections are left as they are).
 *
 * Processes: this one runs the real server (startServer, as `ventanilla serve` does); the 5,000 client sockets live in
 * a child process, so their memory and event loop are not counted as the server's; the baseline server runs in
 * another child, so that neither server starts from memory the other one freed.
 */
import { rmSync } from 'node:fs';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startServer } from '../src/server.js';
import {
  WidgetClient,
  benchServerEnv,
  forkRole,
  inBatches,
  machine,
  openFileLimit,
  serveRole,
  settledMemory,
  startBareServer,
  widgetEndpoint,
  writeSection,
} from './widget-load-client.js';

const connections = 5000;
const warmUp = 200;
/** Connections being opened at once: enough to be quick, few enough not to overflow the listen backlog. */
const concurrency = 100;
const targetMb = 250;

type Memory = Pick<NodeJS.MemoryUsage, 'rss' | 'heapUsed' | 'external' | 'arrayBuffers'>;
interface OpenResult {
  opened: number;
  failed: number;
  firstError?: string;
  ms: number;
  clientBefore: Memory;
  clientAfter: Memory;
}

const pick = (m: NodeJS.MemoryUsage): Memory => ({
  rss: m.rss,
  heapUsed: m.heapUsed,
  external: m.external,
  arrayBuffers: m.arrayBuffers,
});

/** Child role: the load clients. Keeps the sockets open between requests. */
function clientRole(): void {
  let open: WidgetClient[] = [];
  serveRole(async (message) => {
    if (message.cmd === 'open') {
      const { url, origin, count } = message as unknown as { url: string; origin: string; count: number };
      const clientBefore = pick(await settledMemory());
      const started = performance.now();
      let failed = 0;
      let firstError: string | undefined;
      const clients = await inBatches(count, concurrency, (i) =>
        WidgetClient.open(url, origin).catch((error: unknown) => {
          failed += 1;
          firstError ??= `#${i}: ${error instanceof Error ? error.message : String(error)}`;
          return undefined;
        }),
      );
      const ms = performance.now() - started;
      open.push(...clients.filter((c): c is WidgetClient => c !== undefined));
      const clientAfter = pick(await settledMemory());
      const result: OpenResult = {
        opened: open.length,
        failed,
        ...(firstError ? { firstError } : {}),
        ms,
        clientBefore,
        clientAfter,
      };
      return result;
    }
    if (message.cmd === 'close') {
      const closing = open;
      open = [];
      for (const c of closing) c.terminate();
      return closing.length;
    }
    throw new Error(`unknown command ${String(message.cmd)}`);
  });
}

/** Child role: the baseline server, answering hello with a welcome-like frame and echoing anything else. */
function bareServerRole(): void {
  let server: Awaited<ReturnType<typeof startBareServer>> | undefined;
  serveRole(async (message) => {
    if (message.cmd === 'start') {
      server = await startBareServer((frame) => [
        frame.type === 'hello' ? { type: 'welcome', protocol: 1, token: 'baseline', history: [] } : frame,
      ]);
      return server.url;
    }
    if (message.cmd === 'memory')
      return { memory: pick(await settledMemory()), sockets: server?.app.websocketServer.clients.size ?? 0 };
    if (message.cmd === 'stop') return server?.app.close();
    throw new Error(`unknown command ${String(message.cmd)}`);
  });
}

interface Measured {
  before: Memory;
  after: Memory;
  serverSockets: number;
  open: OpenResult;
}

/** Warm-up (so first-use costs such as compiled validators are not charged to the connections), then the real count. */
async function measure(
  url: string,
  origin: string,
  memory: () => Promise<{ memory: Memory; sockets: number }>,
): Promise<Measured> {
  const clients = forkRole(import.meta.url, 'clients');
  try {
    await clients.call({ cmd: 'open', url, origin, count: warmUp });
    await clients.call({ cmd: 'close' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const before = (await memory()).memory;
    const open = await clients.call<OpenResult>({ cmd: 'open', url, origin, count: connections });
    // Let the server finish whatever the last hellos started before measuring.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = await memory();
    await clients.call({ cmd: 'close' });
    return { before, after: after.memory, serverSockets: after.sockets, open };
  } finally {
    await clients.stop();
  }
}

async function main(): Promise<void> {
  const limit = openFileLimit();
  if (limit !== 'unlimited' && Number(limit) < connections + 200) {
    throw new Error(
      `ulimit -n is ${limit}: each process needs one descriptor per socket; raise it above ${connections + 200} first`,
    );
  }
  if (!globalThis.gc) console.error('warning: run with node --expose-gc for stable memory figures');

  const { env, dbFile } = benchServerEnv('connections');
  const config = loadConfig(env);
  const server = await startServer(config, createLogger(config));
  let real: Measured;
  try {
    const { url, origin } = widgetEndpoint(server.url);
    const wss = server.app.websocketServer;
    real = await measure(url, origin, async () => ({ memory: pick(await settledMemory()), sockets: wss.clients.size }));
  } finally {
    await server.close();
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${dbFile}${suffix}`, { force: true });
  }

  const bare = forkRole(import.meta.url, 'bare-server');
  let baseline: Measured;
  try {
    const bareUrl = await bare.call<string>({ cmd: 'start' });
    const { url, origin } = widgetEndpoint(bareUrl);
    baseline = await measure(url, origin, () => bare.call({ cmd: 'memory' }));
    await bare.call({ cmd: 'stop' });
  } finally {
    await bare.stop();
  }

  const mb = (bytes: number) => bytes / 1024 ** 2;
  const delta = (m: Measured, key: keyof Memory) => m.after[key] - m.before[key];
  const perConnKb = (m: Measured, key: keyof Memory) => delta(m, key) / 1024 / m.open.opened;
  const clientKb = (m: Measured) =>
    (m.open.clientAfter.rss - m.open.clientBefore.rss) / 1024 / Math.max(1, m.open.opened);
  const row = (name: string, m: Measured) =>
    `| ${name} | ${m.open.opened} (${m.serverSockets} on the server) | ${mb(delta(m, 'rss')).toFixed(1)} MB | ${perConnKb(m, 'rss').toFixed(1)} KB | ` +
    `${mb(delta(m, 'heapUsed')).toFixed(1)} MB | ${perConnKb(m, 'heapUsed').toFixed(1)} KB | ${mb(delta(m, 'external')).toFixed(1)} MB | ` +
    `${(m.open.ms / 1000).toFixed(1)} s (${Math.round((m.open.opened / m.open.ms) * 1000)}/s) | ${clientKb(m).toFixed(1)} KB |`;
  const ratio = (key: keyof Memory) =>
    delta(baseline, key) > 0 ? `${(delta(real, key) / delta(baseline, key)).toFixed(1)}×` : 'n/a';
  const extraMb = mb(delta(real, 'rss'));
  const allOpen = real.open.opened === connections && real.serverSockets === connections;
  const met = allOpen && extraMb <= targetMb;
  const failures = [real, baseline]
    .filter((m) => m.open.failed > 0)
    .map((m) => `${m.open.failed} failed (${m.open.firstError ?? ''})`)
    .join('; ');

  const body = [
    `Run: \`node --expose-gc --import tsx bench/widget-connections.bench.ts\` (${new Date().toISOString().slice(0, 10)}). Machine: ${machine()}; \`ulimit -n\` ${limit}.`,
    '',
    `Method: the real server (\`startServer\`, SQLite in a temp file, demo flows) runs in the bench process; a child process opens ${connections.toLocaleString('en')}`,
    `WebSockets to \`/widget/v1/ws/san-isidro\` with the server's own \`Origin\`, ${concurrency} connecting at a time, each sending \`hello\` and waiting for \`welcome\`.`,
    `Server memory is \`process.memoryUsage()\` after \`gc()\`, taken after ${warmUp} warm-up connections were opened and closed and again 2 s after the last welcome.`,
    'The clients live in their own process, so their cost (last column, RSS per socket in the client process) is not in the server figures.',
    'RSS deltas move by ~10 MB from run to run (allocator and GC timing); heap used is the steadier figure for the ratio.',
    'Baseline: bare Fastify + @fastify/websocket (same `maxPayload`) in a fresh child process, answering `hello` with a small `welcome` and echoing anything else, measured the same way.',
    'Every socket is a file descriptor in each process: at the common default `ulimit -n` of 1024 the server stops accepting at about a thousand widgets, so production needs a higher limit (e.g. `LimitNOFILE=65536` in systemd, `ulimits: nofile` in docker-compose).',
    '',
    '| Server | Connections | Extra RSS | RSS / connection | Extra heap used | Heap / connection | Extra external | Time to open | Client RSS / socket |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    row('bare Fastify + @fastify/websocket (baseline)', baseline),
    row('Ventanilla (real server)', real),
    `| ratio real / baseline | | ${ratio('rss')} | | ${ratio('heapUsed')} | | | | |`,
    '',
    `Target: ${connections.toLocaleString('en')} idle widget connections within ${targetMb} MB of extra memory. ` +
      (met
        ? `**Met**: ${extraMb.toFixed(1)} MB extra RSS.`
        : `**Not met**: ${allOpen ? `${extraMb.toFixed(1)} MB extra RSS` : `only ${real.open.opened} connections opened (${real.serverSockets} on the server)`}.`) +
      (failures ? ` Connection failures: ${failures}.` : ''),
  ].join('\n');

  console.log(`## Widget: idle connections\n\n${body}`);
  writeSection('## Widget: idle connections', body);
}

const role = process.argv[2];
if (role === 'clients') clientRole();
else if (role === 'bare-server') bareServerRole();
else await main();
