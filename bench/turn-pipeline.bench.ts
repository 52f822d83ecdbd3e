/**
 * The turn pipeline under closed-loop load: N widget conversations, each asking a knowledge-base question, waiting for
 * the whole answer and asking the next at once, for a fixed time. Run against three servers in the same run, each in
 * its own process started with bench/server-probe.mjs (CPU, event-loop delay, RSS, descriptors):
 *   - a bare Fastify + @fastify/websocket echo answering each frame from memory (the floor of the transport),
 *   - the server of the base commit (BENCH_BASE_TREE, a checkout of 3cc27a8 with its prisma clients generated),
 *   - the server of this tree.
 * on SQLite (a temp file) and PostgreSQL (a throwaway cluster, bench-only fsync=off).
 *
 * Run: node --expose-gc --import tsx bench/turn-pipeline.bench.ts
 *   BENCH_BASE_TREE=/tmp/base (omit or "none" to skip), BENCH_ROUND1_TREE (a checkout of 6f02573, the end of the first
 *   round of issue #20, to compare both rounds in one run; skipped unless set), BENCH_CONVERSATIONS=1,100,1000, BENCH_SECONDS=10,
 *   BENCH_DATABASES=sqlite,postgresql, BENCH_INSTANCES=1,2 (this tree also as two instances on one PostgreSQL),
 *   BENCH_BASE_NAME (the base commit's name in the tables), BENCH_WRITE=1 to write the docs/benchmarks.md section
 *   (BENCH_SECTION: its heading).
 *
 * The load clients live in a child process of their own: sharing an event loop with a server would charge the
 * client's work to the server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import websocket from '@fastify/websocket';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../test/support/throwaway-postgres.js';
import {
  type Turn,
  WidgetClient,
  forkRole,
  inBatches,
  machine,
  openFileLimit,
  percentile,
  rateLimitWait,
  repoRoot,
  serveRole,
  sleep,
  emitEvent,
  writeSection,
} from './widget-load-client.js';

const questions = JSON.parse(readFileSync(join(repoRoot, 'bench/faq-questions.json'), 'utf8')) as string[];
const menu = /¿En qué le puedo ayudar\?/;
/** A question answered from the knowledge base ends with the menu again ("Sigamos: ¿En qué le puedo ayudar?"). */
const answered = /Sigamos: ¿En qué le puedo ayudar\?/;
const turnTimeoutMs = 30_000;

interface RunResult {
  turns: number;
  failed: Record<string, number>;
  turn: number[];
  ack: number[];
  wallMs: number;
  setupMs: number;
  setupFailures: number;
  /** Messages the server refused with RATE_LIMITED (sent again after a second). */
  rateLimited: number;
}

interface Probe {
  cpuMs: number;
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  peakRssMb: number;
  peakFds: number;
  fds: number;
}

// ---------------------------------------------------------------- clients (child process)

async function runClients(message: Record<string, unknown>): Promise<RunResult> {
  const { urls, origins, conversations, seconds } = message as {
    urls: string[];
    origins: string[];
    conversations: number;
    seconds: number;
  };
  const setupStart = performance.now();
  let setupFailures = 0;
  const clients = (
    await inBatches(conversations, 50, async (i) => {
      try {
        // Several instances: conversations spread over them as a round-robin proxy would.
        const client = await WidgetClient.open(urls[i % urls.length]!, origins[i % urls.length]!, 60_000);
        const greeted = await client.send('hola', menu, { timeoutMs: 60_000 });
        if (greeted.failure) throw new Error(greeted.failure);
        return client;
      } catch {
        setupFailures += 1;
        return undefined;
      }
    })
  ).filter((c): c is WidgetClient => c !== undefined);
  // One question before the clock starts: the base commit builds the knowledge index on the first one.
  if (clients[0]) await clients[0].send(questions[0] as string, answered, { timeoutMs: 60_000 });
  const setupMs = performance.now() - setupStart;
  await emitEvent('timed');
  const result: RunResult = {
    turns: 0,
    failed: {},
    turn: [],
    ack: [],
    wallMs: 0,
    setupMs,
    setupFailures,
    rateLimited: 0,
  };
  const start = performance.now();
  const until = start + seconds * 1000;
  let next = Math.floor(Math.random() * questions.length);
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < until && client.isOpen) {
        // The server's message limit (announced in welcome) is respected, as a widget does.
        const wait = rateLimitWait(
          client.takes.slice(-client.limit.messagesPerWindow),
          performance.now(),
          client.limit,
        );
        if (wait > 0) await sleep(wait);
        if (performance.now() >= until) break;
        next = (next + 1) % questions.length;
        const turn: Turn = await client.send(questions[next] as string, answered, { timeoutMs: turnTimeoutMs });
        if (turn.failure === 'RATE_LIMITED') {
          // The base commit's fixed limit: wait as a widget would, not a failed turn.
          result.rateLimited += 1;
          await sleep(1000);
          continue;
        }
        if (turn.failure) {
          result.failed[turn.failure] = (result.failed[turn.failure] ?? 0) + 1;
          continue;
        }
        result.turns += 1;
        result.turn.push((turn.doneAt as number) - turn.sentAt);
        if (turn.ackAt !== undefined) result.ack.push(turn.ackAt - turn.sentAt);
      }
    }),
  );
  result.wallMs = performance.now() - start;
  for (const c of clients) c.terminate();
  return result;
}

// ---------------------------------------------------------------- servers (each its own process)

interface ServerProcess {
  name: string;
  url: string;
  probe(reset: boolean): Promise<Probe>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const probeModule = new URL('./server-probe.mjs', import.meta.url).href;

async function startProcess(
  name: string,
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
): Promise<ServerProcess> {
  // BENCH_CPU_PROF=<dir>: a .cpuprofile of each server process, written when it stops.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  const child: ChildProcess = spawn(
    process.execPath,
    [...profile, '--import', 'tsx', '--import', probeModule, ...args],
    {
      cwd,
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`${name} did not start`);
    await sleep(200);
  }
  let seq = 0;
  return {
    name,
    url,
    probe(reset) {
      seq += 1;
      const id = seq;
      return new Promise((resolve) => {
        const onMessage = (m: unknown) => {
          if ((m as { probe?: number }).probe !== id) return;
          child.off('message', onMessage);
          resolve(m as Probe);
        };
        child.on('message', onMessage);
        child.send({ probe: id, reset });
      });
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Each tree runs with its own flows: a newer tree's flows may carry settings an older server refuses. */
function serverEnv(databaseUrl: string, tree: string): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DOTENV_CONFIG_QUIET: 'true',
    DATABASE_URL: databaseUrl,
    FLOWS_DIR: join(tree, 'flows'),
    WIDGET_SECRET: randomBytes(32).toString('hex'),
    WIDGET_SESSIONS_PER_MINUTE: '1000000',
    // Read by this tree only (the base commit has no such setting and keeps 15 messages per 15 s per session).
    WIDGET_MESSAGES_PER_WINDOW: '100000',
  };
}

/** The echo baseline: welcome on hello; ack, the echo and a menu-like bot answer on a message. */
async function serveBare(): Promise<void> {
  let n = 0;
  const limits = {
    maxTextLength: 4000,
    maxFrameBytes: 16384,
    messagesPerWindow: 100000,
    windowSeconds: 15,
    upload: { maxBytes: 1, types: [] },
  };
  const reply = (frame: { type?: string; id?: string; text?: string }): object[] => {
    if (frame.type === 'hello') return [{ type: 'welcome', protocol: 1, token: 'bare', history: [], limits }];
    if (frame.type !== 'message') return [];
    n += 1;
    const at = new Date().toISOString();
    return [
      { type: 'ack', id: frame.id, messageId: `m${n}`, duplicate: false },
      {
        type: 'message',
        message: {
          id: `e${n}`,
          from: 'citizen',
          text: frame.text,
          options: [],
          attachments: [],
          clientId: frame.id,
          at,
        },
      },
      { type: 'typing', active: true },
      {
        type: 'message',
        message: {
          id: `a${n}`,
          from: 'bot',
          text: 'Respuesta de la base de conocimiento.',
          options: [],
          attachments: [],
          at,
        },
      },
      {
        type: 'message',
        message: {
          id: `b${n}`,
          from: 'bot',
          text: 'Sigamos: ¿En qué le puedo ayudar? Elija una opción.',
          options: [{ label: 'Menú', value: 'menu' }],
          attachments: [],
          at,
        },
      },
    ];
  };
  // As the real app registers @fastify/websocket (same maxPayload), with /health for the bench's start check.
  const app = Fastify({ logger: false });
  await app.register(websocket, { options: { maxPayload: 1024 * 1024 } });
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/widget/v1/ws/:entity', { websocket: true }, (socket) => {
    socket.on('message', (data) => {
      let frame: { type?: string };
      try {
        frame = JSON.parse(String(data)) as { type?: string };
      } catch {
        return;
      }
      for (const out of reply(frame)) socket.send(JSON.stringify(out));
    });
  });
  await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
}

// ---------------------------------------------------------------- orchestration

interface Row {
  database: string;
  server: string;
  conversations: number;
  result: RunResult;
  probe: Probe;
}

const round1 = 'round 1 6f02573';
const baseName = `base ${process.env.BENCH_BASE_NAME ?? '3cc27a8'}`;
const thisBranch = 'this branch';

/** Several instances as one server: CPU, RSS and descriptors add up; the event loop is the worst of them. */
function combine(probes: Probe[]): Probe {
  const sum = (k: keyof Probe) => probes.reduce((total, p) => total + p[k], 0);
  const max = (k: keyof Probe) => Math.max(...probes.map((p) => p[k]));
  return {
    cpuMs: sum('cpuMs'),
    eventLoopP99Ms: max('eventLoopP99Ms'),
    eventLoopMaxMs: max('eventLoopMaxMs'),
    peakRssMb: sum('peakRssMb'),
    peakFds: sum('peakFds'),
    fds: sum('fds'),
  };
}
const f = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

let loadAtStart = '';

async function main(): Promise<void> {
  loadAtStart = loadavg()
    .map((l) => l.toFixed(1))
    .join(', ');
  const conversationCounts = (process.env.BENCH_CONVERSATIONS ?? '1,100,1000').split(',').map(Number);
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const databases = (process.env.BENCH_DATABASES ?? 'sqlite,postgresql').split(',');
  const baseTree = process.env.BENCH_BASE_TREE ?? '/tmp/base';
  const round1Tree = process.env.BENCH_ROUND1_TREE ?? 'none';
  instanceCounts = (process.env.BENCH_INSTANCES ?? '1').split(',').map(Number);
  // [name, tree, instances]: several instances of this tree share one PostgreSQL database (not SQLite: one writer).
  const trees: [string, string, number][] = [
    ['bare', '', 1],
    ...(baseTree !== 'none' ? [[baseName, baseTree, 1] as [string, string, number]] : []),
    ...(round1Tree !== 'none' ? [[round1, round1Tree, 1] as [string, string, number]] : []),
    ...instanceCounts.map((n): [string, string, number] => [n === 1 ? thisBranch : `${thisBranch} ×${n}`, repoRoot, n]),
  ];
  let measured: ServerProcess[] = [];
  // The clients say when setup is over: CPU, loop delay and peaks count from there.
  const clients = forkRole(import.meta.url, 'clients', (event) => {
    if (event === 'timed') for (const server of measured) void server.probe(true);
  });
  const rows: Row[] = [];
  let pg: ThrowawayPostgres | undefined;
  try {
    for (const database of databases) {
      if (database === 'postgresql') pg ??= await startThrowawayPostgres('bench');
      for (const [name, tree, instances] of trees) {
        if (instances > 1 && database !== 'postgresql') continue;
        let dbFile: string | undefined;
        let servers: ServerProcess[];
        if (name === 'bare') {
          servers = [
            await startProcess(name, repoRoot, [fileURLToPath(import.meta.url), 'bare'], {}, await freePort()),
          ];
        } else {
          let databaseUrl: string;
          if (database === 'postgresql') {
            const db = `bench_${name.replace(/\W/g, '_')}_${Date.now()}`;
            const { execFileSync } = await import('node:child_process');
            const asRoot = process.getuid?.() === 0;
            execFileSync(
              asRoot ? 'runuser' : 'createdb',
              asRoot
                ? ['-u', 'postgres', '--', 'createdb', '-h', '127.0.0.1', '-p', String(pg!.port), '-U', 'postgres', db]
                : ['-h', '127.0.0.1', '-p', String(pg!.port), '-U', 'postgres', db],
            );
            databaseUrl = `postgresql://postgres@127.0.0.1:${pg!.port}/${db}`;
          } else {
            dbFile = join(tmpdir(), `ventanilla-turns-${process.pid}-${Date.now()}.db`);
            databaseUrl = `file:${dbFile}`;
          }
          // One widget secret for all instances of a tree: a session signed by one is valid at the other.
          const env = serverEnv(databaseUrl, tree);
          servers = [];
          // One after the other: each applies migrations at start (under a lock) before the next starts.
          for (let i = 0; i < instances; i++) {
            servers.push(await startProcess(name, tree, [join(tree, 'src/cli.ts'), 'serve'], env, await freePort()));
          }
        }
        measured = servers;
        try {
          for (const conversations of conversationCounts) {
            const origins = servers.map((server) => server.url);
            const urls = servers.map((server) => `${server.url.replace(/^http/, 'ws')}/widget/v1/ws/san-isidro`);
            const result = await clients.call<RunResult>({ cmd: 'run', urls, origins, conversations, seconds });
            const probe = combine(await Promise.all(servers.map((server) => server.probe(true))));
            rows.push({ database, server: name, conversations, result, probe });
            const t = [...result.turn].sort((a, b) => a - b);
            console.log(
              `${database} ${name} ${conversations} conv: ${result.turns} turns, ${f(result.turns / (result.wallMs / 1000))}/s, p50 ${f(percentile(t, 50))} p99 ${f(percentile(t, 99))} ms, failed ${JSON.stringify(result.failed)} setup failures ${result.setupFailures}, rate-limited ${result.rateLimited}, fds ${probe.peakFds}, cpu/turn ${f(probe.cpuMs / Math.max(1, result.turns), 2)}`,
            );
            await sleep(1000);
          }
        } finally {
          await Promise.all(servers.map((server) => server.stop()));
          if (dbFile) for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbFile}${suffix}`, { force: true });
        }
      }
    }
  } finally {
    await clients.stop();
    await pg?.stop();
  }
  const report = renderReport(rows, seconds);
  console.log(report);
  const heading = process.env.BENCH_SECTION ?? 'Turn pipeline: closed-loop load (issue #20)';
  if (process.env.BENCH_WRITE === '1') writeSection(`## ${heading}`, report);
}

let instanceCounts: number[] = [1];

function renderReport(rows: Row[], seconds: number): string {
  const lines: string[] = [];
  const round1Note = rows.some((r) => r.server === round1)
    ? 'the end of the first round of issue #20 (6f02573, BENCH_ROUND1_TREE) and '
    : '';
  lines.push(
    `Run: \`BENCH_WRITE=1 node --expose-gc --import tsx bench/turn-pipeline.bench.ts\` (${new Date().toISOString().slice(0, 10)}). Machine: ${machine()}; \`ulimit -n\` ${openFileLimit()}.`,
    '',
    `Method: closed loop. Each of N widget conversations (a \`ws\` client speaking docs/widget-protocol.md, in a process of its own) says "hola", then asks one of ${questions.length} demo knowledge-base questions, waits for the whole answer (the bot's "Sigamos: ¿En qué le puedo ayudar?") and asks the next at once, for ${seconds} s. Each server runs in its own process with bench/server-probe.mjs preloaded: CPU is the process's user + system time during the timed part divided by the turns answered; event-loop delay is perf_hooks.monitorEventLoopDelay (10 ms resolution); RSS and open descriptors are peaks sampled every 250 ms. Ack = send → \`ack\` frame (the message is stored); turn = send → the answer's last message. A turn failed when an error frame, a close or 30 s without the answer ended it. The servers run one after the other in the same run on the same machine: bare Fastify + @fastify/websocket echo (answers from memory), the base commit ${baseName.slice(5)}${baseName === 'base 3cc27a8' ? ' (before this work; it keeps its built-in 15 messages per 15 s per session, which the clients respect, so it cannot exceed 1 turn/s per conversation)' : ''}, ${round1Note}this branch${instanceCounts.some((n) => n > 1) ? ` (on PostgreSQL also as ${instanceCounts.filter((n) => n > 1).join(', ')} instances on one database, each its own process and pool, the conversations spread over them round-robin; CPU, RSS and descriptors are their sums)` : ''}. PostgreSQL is a throwaway local cluster (PostgreSQL 15, fsync=off, synchronous_commit=off: bench only); SQLite is a temp file.`,
    '',
    '| DB | Server | Conv. | Turns/s | Ack p50 / p95 / p99 ms | Turn p50 / p95 / p99 ms | Failed | CPU ms/turn | Loop delay p99 / max ms | Peak RSS MB | Peak fds |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const r of rows) {
    const t = [...r.result.turn].sort((a, b) => a - b);
    const a = [...r.result.ack].sort((x, y) => x - y);
    const failed = Object.values(r.result.failed).reduce((s, v) => s + v, 0) + r.result.setupFailures;
    lines.push(
      `| ${r.database} | ${r.server} | ${r.conversations} | ${f(r.result.turns / (r.result.wallMs / 1000))} | ${f(percentile(a, 50))} / ${f(percentile(a, 95))} / ${f(percentile(a, 99))} | ${f(percentile(t, 50))} / ${f(percentile(t, 95))} / ${f(percentile(t, 99))} | ${failed} | ${f(r.probe.cpuMs / Math.max(1, r.result.turns), 2)} | ${f(r.probe.eventLoopP99Ms)} / ${f(r.probe.eventLoopMaxMs)} | ${f(r.probe.peakRssMb, 0)} | ${r.probe.peakFds} |`,
    );
  }
  lines.push(
    '',
    `Ratios, this branch against the base commit (and round 1) in the same run (higher is better for turns/s, lower for the rest). Load average (1, 5, 15 min) at the start of the run: ${loadAtStart}.`,
    '',
  );
  lines.push(
    '| DB | Conv. | Turns/s × | Turn p99 × | Ack p99 × | CPU per turn × | vs bare: turn p99 × | vs round 1: turns/s × | vs round 1: CPU per turn × |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const r of rows.filter((x) => x.server === thisBranch)) {
    const base = rows.find(
      (x) => x.server === baseName && x.database === r.database && x.conversations === r.conversations,
    );
    const first = rows.find(
      (x) => x.server === round1 && x.database === r.database && x.conversations === r.conversations,
    );
    const bare = rows.find(
      (x) => x.server === 'bare' && x.database === r.database && x.conversations === r.conversations,
    );
    const p99 = (row: Row | undefined, k: 'turn' | 'ack') =>
      row
        ? percentile(
            [...row.result[k]].sort((x, y) => x - y),
            99,
          )
        : Number.NaN;
    const tps = (row: Row | undefined) => (row ? row.result.turns / (row.result.wallMs / 1000) : Number.NaN);
    const cpu = (row: Row | undefined) => (row ? row.probe.cpuMs / Math.max(1, row.result.turns) : Number.NaN);
    lines.push(
      `| ${r.database} | ${r.conversations} | ${f(tps(r) / tps(base), 2)} | ${f(p99(r, 'turn') / p99(base, 'turn'), 3)} | ${f(p99(r, 'ack') / p99(base, 'ack'), 3)} | ${f(cpu(r) / cpu(base), 2)} | ${f(p99(r, 'turn') / p99(bare, 'turn'), 1)} | ${f(tps(r) / tps(first), 2)} | ${f(cpu(r) / cpu(first), 2)} |`,
    );
  }
  const scaled = rows.filter((x) => x.server.startsWith(`${thisBranch} ×`));
  if (scaled.length > 0) {
    lines.push(
      '',
      'Scale-out on one PostgreSQL: this branch as several instances against one instance in the same run.',
      '',
      '| Conv. | Instances | Turns/s | × one instance | Turn p99 ms | Failed | CPU ms/turn (all instances) |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const r of scaled) {
      const one = rows.find(
        (x) => x.server === thisBranch && x.database === r.database && x.conversations === r.conversations,
      );
      const tps = (row: Row) => row.result.turns / (row.result.wallMs / 1000);
      const p99 = (row: Row) =>
        percentile(
          [...row.result.turn].sort((x, y) => x - y),
          99,
        );
      const failed = (row: Row) =>
        Object.values(row.result.failed).reduce((sum, v) => sum + v, 0) + row.result.setupFailures;
      for (const row of [one, r]) {
        if (!row) continue;
        lines.push(
          `| ${row.conversations} | ${row === one ? 1 : r.server.split('×')[1]} | ${f(tps(row))} | ${row === one ? '1.00' : one ? f(tps(row) / tps(one), 2) : '–'} | ${f(p99(row))} | ${failed(row)} | ${f(row.probe.cpuMs / Math.max(1, row.result.turns), 2)} |`,
        );
      }
    }
  }
  return lines.join('\n');
}

const role = process.argv[2];
if (role === 'clients') serveRole(async (message) => runClients(message));
else if (role === 'bare') await serveBare();
else await main();
