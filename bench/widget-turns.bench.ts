/**
 * Widget FAQ turns under load: 500 widget conversations on the demo flows asking knowledge-base questions, at human
 * pace and in bursts, against the real server on SQLite and against a bare Fastify + @fastify/websocket stub.
 * Run: node --expose-gc --import tsx bench/widget-turns.bench.ts
 * Writes the "Widget: FAQ turns under load" section of docs/benchmarks.md (other sections are left as they are).
 *
 * The clients run in a child process: on a 2-CPU machine, load generator and server sharing one event loop would
 * charge the client's work to the server's latency.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type EventLoopUtilization, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { defaultWidgetLimits } from '../src/channels/web/widget-channel.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startServer } from '../src/server.js';
import {
  type MessageLimit,
  type Turn,
  WidgetClient,
  benchServerEnv,
  emitEvent,
  forkRole,
  inBatches,
  machine,
  percentile,
  rateLimitWait,
  repoRoot,
  serveRole,
  sleep,
  startBareServer,
  widgetEndpoint,
  writeSection,
} from './widget-load-client.js';

const sessions = Number(process.env.BENCH_SESSIONS ?? 500);
const humanSeconds = Number(process.env.BENCH_HUMAN_SECONDS ?? 60);
const baselineHumanSeconds = Number(process.env.BENCH_BASELINE_HUMAN_SECONDS ?? 20);
const burstRounds = Number(process.env.BENCH_BURST_ROUNDS ?? 3);
const targetP99Ms = 100;

const menuPrompt = /¿En qué le puedo ayudar\?/;
const questionPrompt = /Escriba su pregunta/;
const helpedPrompt = /¿Le sirvió esta respuesta\?/;
const anotherPrompt = /¿Quiere hacer otra pregunta/;
/** How a question's turn can end: the answer's follow-up, or a clarification or "not found" menu. */
const afterQuestion = /¿Le sirvió esta respuesta\?|¿Cuál de estas busca\?|¿Qué quiere hacer\?/;

/** The demo knowledge base's own example questions (two per entry), so answers vary in entry and length. */
const kb = JSON.parse(readFileSync(join(repoRoot, 'flows/knowledge/kb.json'), 'utf8')) as {
  questions: string[];
  answer: string;
}[];
const questions = ['como pago el impuesto de la casa', ...kb.flatMap((e) => e.questions.slice(0, 2))];

interface ShapeResult {
  /** Send → first bot message of the answer, ms. */
  firstBot: number[];
  /** Send → ack (the message is stored), ms. */
  ack: number[];
  /** Send → the answer's follow-up question (the whole turn delivered), ms. */
  done: number[];
  /** The two taps that lead back to the question prompt, send → first bot message, ms. */
  navigation: number[];
  wallMs: number;
  messagesSent: number;
}

interface ClientReport {
  setupMs: number;
  human: ShapeResult;
  bursts: ShapeResult[];
  errors: Record<string, number>;
  /** Turns that ended in an error frame, a timeout or a closed socket, by reason. */
  failures: Record<string, number>;
  /** Questions answered with something else than an answer (clarification, not found). */
  unexpected: number;
  /** The message limit the server announced in welcome. */
  limit: MessageLimit;
  /** Times a client held a message back to stay under the protocol's rate limit, and for how long in total. */
  guardWaits: number;
  guardMs: number;
  lostSessions: number;
}

const uniform = (min: number, max: number) => min + Math.random() * (max - min);
const pickQuestion = () => questions[Math.floor(Math.random() * questions.length)] as string;

/** Child role: 500 widget conversations driven through setup, the human-pace shape and the burst shape. */
function clientRole(): void {
  serveRole(async (message) => {
    const { url, origin, humanMs, rounds } = message as unknown as {
      url: string;
      origin: string;
      humanMs: number;
      rounds: number;
    };
    const failures: Record<string, number> = {};
    let unexpected = 0;
    let guardWaits = 0;
    let guardMs = 0;
    const lost = new Set<WidgetClient>();
    const newShape = (): ShapeResult => ({
      firstBot: [],
      ack: [],
      done: [],
      navigation: [],
      wallMs: 0,
      messagesSent: 0,
    });

    const ok = (client: WidgetClient, turn: Turn): boolean => {
      if (!turn.failure) return true;
      failures[turn.failure] = (failures[turn.failure] ?? 0) + 1;
      // A session in an unknown state cannot follow the script any more; it sits out the rest of the run.
      lost.add(client);
      return false;
    };
    /** Keeps the session under the limit its welcome announced, as a widget holding its queue would. */
    const guard = async (client: WidgetClient) => {
      const wait = rateLimitWait(client.takes, performance.now(), client.limit);
      if (wait > 0) {
        guardWaits += 1;
        guardMs += wait;
        await sleep(wait);
      }
    };
    /** The question turn, then the two taps back to the question prompt ("Sí", "Sí, otra pregunta"). */
    const cycle = async (client: WidgetClient, shape: ShapeResult, tapPause: () => Promise<void>) => {
      const asked = await client.send(pickQuestion(), afterQuestion);
      shape.messagesSent += 1;
      if (!ok(client, asked)) return;
      shape.firstBot.push((asked.firstBotAt as number) - asked.sentAt);
      shape.ack.push((asked.ackAt ?? Number.NaN) - asked.sentAt);
      shape.done.push((asked.doneAt as number) - asked.sentAt);
      let steps: [RegExp, RegExp][] = [
        [/^Sí$/, anotherPrompt],
        [/otra pregunta/, questionPrompt],
      ];
      if (!helpedPrompt.test(client.lastBot?.text ?? '')) {
        // A clarification or "not found" menu: back to the question prompt through the main menu.
        unexpected += 1;
        await guard(client);
        const back = await client.send('menú', menuPrompt);
        shape.messagesSent += 1;
        if (!ok(client, back)) return;
        steps = [[/trámites/, questionPrompt]];
      }
      for (const [label, expect] of steps) {
        await tapPause();
        await guard(client);
        const tapped = await client.tap(label, expect);
        shape.messagesSent += 1;
        if (!ok(client, tapped)) return;
        shape.navigation.push((tapped.firstBotAt as number) - tapped.sentAt);
      }
    };

    // Setup: every session connected, greeted and at the question prompt before anything is measured.
    const setupStarted = performance.now();
    const clients = await inBatches(sessions, 50, async () => {
      const client = await WidgetClient.open(url, origin);
      const greeted = await client.send('hola', menuPrompt);
      if (!ok(client, greeted)) return client;
      await guard(client);
      ok(client, await client.tap(/trámites/, questionPrompt));
      return client;
    });
    const setupMs = performance.now() - setupStarted;

    // Human pace: each citizen types the next question 2–8 s after the prompt and takes 0.5–1.5 s per tap.
    const human = newShape();
    await emitEvent('human:start');
    const humanStarted = performance.now();
    const humanEnd = humanStarted + humanMs;
    await Promise.all(
      clients.map(async (client) => {
        // Spread the first questions as if the prompts had arrived at random moments before the start.
        await sleep(uniform(0, 8000));
        while (!lost.has(client) && performance.now() < humanEnd) {
          await guard(client);
          await cycle(client, human, () => sleep(uniform(500, 1500)));
          await sleep(uniform(2000, 8000));
        }
      }),
    );
    human.wallMs = performance.now() - humanStarted;
    await emitEvent('human:end');

    // Bursts: every live session sends its question in the same tick; the taps back follow at once, unmeasured.
    const bursts: ShapeResult[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const live = clients.filter((c) => !lost.has(c));
      const now = performance.now();
      const wait = Math.max(0, ...live.map((c) => rateLimitWait(c.takes, now, c.limit)));
      // Room in every bucket for the question and both taps, so no tap is held back behind another round.
      await sleep(Math.max(wait, ...live.map((c) => rateLimitWait([...c.takes, now, now], now, c.limit))));
      const shape = newShape();
      await emitEvent('burst:start');
      const started = performance.now();
      const asked = live.map((client) => client.send(pickQuestion(), afterQuestion));
      const turns = await Promise.all(asked);
      shape.wallMs = performance.now() - started;
      await emitEvent('burst:end');
      shape.messagesSent = turns.length;
      for (const [i, turn] of turns.entries()) {
        const client = live[i] as WidgetClient;
        if (!ok(client, turn)) continue;
        shape.firstBot.push((turn.firstBotAt as number) - turn.sentAt);
        shape.ack.push((turn.ackAt ?? Number.NaN) - turn.sentAt);
        shape.done.push((turn.doneAt as number) - turn.sentAt);
      }
      bursts.push(shape);
      // After the last round nobody needs to be back at the question prompt.
      if (round === rounds - 1) break;
      await Promise.all(
        live.map(async (client) => {
          if (lost.has(client)) return;
          if (!helpedPrompt.test(client.lastBot?.text ?? '')) {
            unexpected += 1;
            await guard(client);
            if (!ok(client, await client.send('menú', menuPrompt))) return;
            await guard(client);
            ok(client, await client.tap(/trámites/, questionPrompt));
            return;
          }
          await guard(client);
          if (!ok(client, await client.tap(/^Sí$/, anotherPrompt))) return;
          await guard(client);
          ok(client, await client.tap(/otra pregunta/, questionPrompt));
        }),
      );
    }

    const errors: Record<string, number> = {};
    for (const client of clients) {
      for (const [code, n] of client.errors) errors[code] = (errors[code] ?? 0) + n;
      client.terminate();
    }
    const limit = clients[0]?.limit ?? { messagesPerWindow: Number.NaN, windowSeconds: Number.NaN };
    const report: ClientReport = {
      setupMs,
      human,
      bursts,
      errors,
      failures,
      unexpected,
      limit,
      guardWaits,
      guardMs,
      lostSessions: lost.size,
    };
    return report;
  });
}

/**
 * The baseline's replies: the same frames the real server sends for the demo conversation (ack, echo, typing, the bot
 * messages with their options), built from memory at once.
 */
function stubReplies(frame: { type?: string; id?: string; text?: string; payload?: string }): object[] {
  if (frame.type === 'hello')
    return [{ type: 'welcome', protocol: 1, token: 'baseline', history: [], limits: defaultWidgetLimits }];
  if (frame.type !== 'message') return [];
  const at = new Date().toISOString();
  const bot = (text: string, options: { label: string; value: string }[] = []) => ({
    type: 'message',
    message: { id: randomUUID(), from: 'bot', text, options, attachments: [], at },
  });
  const out: object[] = [
    { type: 'ack', id: frame.id, messageId: randomUUID(), duplicate: false },
    {
      type: 'message',
      message: {
        id: randomUUID(),
        from: 'citizen',
        text: frame.text,
        options: [],
        attachments: [],
        clientId: frame.id,
        at,
      },
    },
    { type: 'typing', active: true },
  ];
  const askQuestion = bot('Escriba su pregunta sobre trámites o servicios.');
  if (frame.payload === 'principal.menu.1' || frame.payload === 'tramites.otra.1') out.push(askQuestion);
  else if (frame.payload === 'tramites.sirvio.1') {
    out.push(
      bot('¿Quiere hacer otra pregunta sobre trámites?', [{ label: 'Sí, otra pregunta', value: 'tramites.otra.1' }]),
    );
  } else if (frame.text === 'hola' || frame.text === 'menú') {
    out.push(
      bot('¡Hola! Soy A.V.A.'),
      bot('¿En qué le puedo ayudar? Escriba el número de la opción.', [
        { label: 'Consultar trámites y servicios', value: 'principal.menu.1' },
      ]),
    );
  } else {
    const entry = kb.find((e) => e.questions.includes(frame.text ?? '')) ?? kb[0];
    out.push(
      bot(entry?.answer ?? ''),
      bot('¿Le sirvió esta respuesta?', [
        { label: 'Sí', value: 'tramites.sirvio.1' },
        { label: 'No', value: 'tramites.sirvio.2' },
      ]),
    );
  }
  return out;
}

interface SqlTotals {
  count: number;
  /** Prepare and execution; prepareMs is the part spent preparing (a new connection first reads the schema). */
  ms: number;
  prepareMs: number;
}

/** A short name for a statement: the verb, the table and the columns it filters or sets. */
function statementLabel(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').replace(/`main`\./g, '');
  const table = /(?:FROM|INTO|UPDATE) `(\w+)`/.exec(flat)?.[1] ?? '';
  const columns = (part: string | undefined) =>
    [...new Set([...(part ?? '').matchAll(/`(\w+)` = \?/g)].map((m) => m[1]))].join(', ');
  if (flat.startsWith('SELECT')) return `SELECT ${table} WHERE ${columns(/ WHERE (.*)$/.exec(flat)?.[1]) || '…'}`;
  if (flat.startsWith('UPDATE')) return `UPDATE ${table} SET ${columns(/ SET (.*?) WHERE /.exec(flat)?.[1])}`;
  if (flat.startsWith('INSERT')) return `INSERT ${table}${flat.includes('ON CONFLICT') ? ' (upsert)' : ''}`;
  if (flat.startsWith('DELETE')) return `DELETE ${table}`;
  return flat.split(' ').slice(0, 2).join(' ');
}

/**
 * Times every SQLite statement of this process by wrapping libsql's prepared statements (the driver under
 * @prisma/adapter-libsql), and counts the connections they run on. libsql runs statements synchronously on the main
 * thread, so this is event-loop time spent inside SQLite, waits for the disk included. Undefined when libsql's shape
 * is not the one expected: the breakdown is then left out rather than wrong.
 */
function timeSqlite(): { totals: Map<string, SqlTotals>; connections: () => number } | undefined {
  const require = createRequire(join(repoRoot, 'node_modules/@libsql/client/package.json'));
  let prototype: { prepare?: (this: object, sql: string) => unknown };
  try {
    prototype = (require('libsql') as { prototype: typeof prototype }).prototype;
  } catch {
    return undefined;
  }
  const prepare = prototype.prepare;
  if (typeof prepare !== 'function') return undefined;
  const totals = new Map<string, SqlTotals>();
  const seen = new WeakSet<object>();
  let connections = 0;
  type Method = (this: unknown, ...args: unknown[]) => unknown;
  prototype.prepare = function (this: object, sql: string) {
    if (!seen.has(this)) {
      seen.add(this);
      connections += 1;
    }
    const key = statementLabel(sql);
    const entry = totals.get(key) ?? { count: 0, ms: 0, prepareMs: 0 };
    totals.set(key, entry);
    const started = performance.now();
    const statement = prepare.call(this, sql) as Record<string, unknown>;
    const prepared = performance.now() - started;
    entry.count += 1;
    entry.ms += prepared;
    entry.prepareMs += prepared;
    const timed = (original: Method): Method =>
      function (this: unknown, ...args: unknown[]) {
        const t = performance.now();
        try {
          return original.apply(this, args);
        } finally {
          entry.ms += performance.now() - t;
        }
      };
    for (const name of ['run', 'get', 'all', 'raw', 'columns']) {
      if (typeof statement[name] === 'function') statement[name] = timed(statement[name] as Method);
    }
    if (typeof statement.iterate === 'function') {
      const iterate = statement.iterate as Method;
      statement.iterate = function (this: unknown, ...args: unknown[]) {
        const t = performance.now();
        const iterator = iterate.apply(this, args) as { next?: Method };
        entry.ms += performance.now() - t;
        // Rows are stepped, and the statement executed, in next().
        if (typeof iterator.next === 'function') iterator.next = timed(iterator.next.bind(iterator) as Method);
        return iterator;
      };
    }
    return statement;
  };
  return { totals, connections: () => connections };
}

interface PhaseLoad {
  wallMs: number;
  /** Event-loop busy time (event-loop utilization × wall time). */
  busyMs: number;
  sqlMs: number;
  statements: number;
  connections: number;
  byStatement: Map<string, SqlTotals>;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

/** What the server process did between the client's phase events: busy time, SQLite time, event-loop stalls. */
class ServerLoad {
  readonly phases = new Map<string, PhaseLoad>();
  private readonly delay = monitorEventLoopDelay({ resolution: 10 });
  private open:
    | { name: string; at: number; elu: EventLoopUtilization; sql: Map<string, SqlTotals>; connections: number }
    | undefined;

  /** Peaks over the whole run, sampled every second (later when the event loop is stalled). */
  peakRssBytes = 0;
  peakHeapBytes = 0;
  peakFds = 0;
  peakDbFds = 0;
  private readonly sampler: NodeJS.Timeout;

  constructor(
    private readonly sql: ReturnType<typeof timeSqlite>,
    private readonly dbFile: string,
  ) {
    this.delay.enable();
    this.sampler = setInterval(() => this.sample(), 1000);
  }

  /** Open descriptors, and those on the database's files (main, -wal, -shm): each open SQLite connection holds some. */
  private sample(): void {
    const memory = process.memoryUsage();
    this.peakRssBytes = Math.max(this.peakRssBytes, memory.rss);
    this.peakHeapBytes = Math.max(this.peakHeapBytes, memory.heapUsed);
    let fds: string[];
    try {
      fds = readdirSync('/proc/self/fd');
    } catch {
      return;
    }
    let onDb = 0;
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/self/fd/${fd}`).startsWith(this.dbFile)) onDb += 1;
      } catch {
        // Closed between the listing and the read.
      }
    }
    this.peakFds = Math.max(this.peakFds, fds.length);
    this.peakDbFds = Math.max(this.peakDbFds, onDb);
  }

  onEvent(event: string): void {
    const [name, edge] = event.split(':') as [string, string];
    if (edge === 'start') {
      this.delay.reset();
      const sql = new Map([...(this.sql?.totals ?? [])].map(([k, v]) => [k, { ...v }]));
      this.open = {
        name,
        at: performance.now(),
        elu: performance.eventLoopUtilization(),
        sql,
        connections: this.sql?.connections() ?? 0,
      };
      return;
    }
    const open = this.open;
    if (!open || open.name !== name) return;
    this.open = undefined;
    const phase = this.phases.get(name) ?? {
      wallMs: 0,
      busyMs: 0,
      sqlMs: 0,
      statements: 0,
      connections: 0,
      byStatement: new Map<string, SqlTotals>(),
      loopDelayP99Ms: 0,
      loopDelayMaxMs: 0,
    };
    this.phases.set(name, phase);
    const wall = performance.now() - open.at;
    phase.wallMs += wall;
    phase.busyMs += performance.eventLoopUtilization(open.elu).utilization * wall;
    for (const [key, now] of this.sql?.totals ?? []) {
      const before = open.sql.get(key) ?? { count: 0, ms: 0, prepareMs: 0 };
      const entry = phase.byStatement.get(key) ?? { count: 0, ms: 0, prepareMs: 0 };
      entry.count += now.count - before.count;
      entry.ms += now.ms - before.ms;
      entry.prepareMs += now.prepareMs - before.prepareMs;
      phase.byStatement.set(key, entry);
      phase.sqlMs += now.ms - before.ms;
      phase.statements += now.count - before.count;
    }
    phase.connections += (this.sql?.connections() ?? 0) - open.connections;
    phase.loopDelayP99Ms = Math.max(phase.loopDelayP99Ms, this.delay.percentile(99) / 1e6);
    phase.loopDelayMaxMs = Math.max(phase.loopDelayMaxMs, this.delay.max / 1e6);
  }

  stop(): void {
    this.delay.disable();
    clearInterval(this.sampler);
  }
}

async function drive(url: string, humanMs: number, onEvent?: (event: string) => void): Promise<ClientReport> {
  const { url: wsUrl, origin } = widgetEndpoint(url);
  const clients = forkRole(import.meta.url, 'clients', onEvent);
  try {
    return await clients.call<ClientReport>({ url: wsUrl, origin, humanMs, rounds: burstRounds });
  } finally {
    await clients.stop();
  }
}

interface Stats {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

function stats(values: number[]): Stats {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

function merge(shapes: ShapeResult[]): ShapeResult {
  return {
    firstBot: shapes.flatMap((s) => s.firstBot),
    ack: shapes.flatMap((s) => s.ack),
    done: shapes.flatMap((s) => s.done),
    navigation: shapes.flatMap((s) => s.navigation),
    wallMs: shapes.reduce((sum, s) => sum + s.wallMs, 0),
    messagesSent: shapes.reduce((sum, s) => sum + s.messagesSent, 0),
  };
}

async function main(): Promise<void> {
  const sql = timeSqlite();
  const { env, dbFile } = benchServerEnv('turns');
  const config = loadConfig(env);
  const server = await startServer(config, createLogger(config));
  const load = new ServerLoad(sql, dbFile);
  let real: ClientReport;
  let dbBytes: number;
  try {
    real = await drive(server.url, humanSeconds * 1000, (event) => load.onEvent(event));
  } finally {
    load.stop();
    await server.close();
    dbBytes = existsSync(dbFile) ? statSync(dbFile).size : 0;
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${dbFile}${suffix}`, { force: true });
  }

  const bare = await startBareServer(stubReplies);
  let baseline: ClientReport;
  try {
    baseline = await drive(bare.url, baselineHumanSeconds * 1000);
  } finally {
    await bare.app.close();
  }

  const f = (v: number) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : 'n/a');
  const x = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(0)}×` : 'n/a');
  const rows: string[] = [];
  const shapesOf = (r: ClientReport) => ({ human: r.human, burst: merge(r.bursts) });
  const realShapes = shapesOf(real);
  const baseShapes = shapesOf(baseline);
  for (const [label, key] of [
    ['human pace', 'human'],
    [`burst (${burstRounds} × ${sessions})`, 'burst'],
  ] as const) {
    const r = stats(realShapes[key].firstBot);
    const b = stats(baseShapes[key].firstBot);
    const rate = (s: ShapeResult) => (s.firstBot.length / s.wallMs) * 1000;
    rows.push(
      `| ${label} | bare Fastify + @fastify/websocket stub (baseline) | ${b.n} | ${f(b.p50)} | ${f(b.p90)} | ${f(b.p99)} | ${f(b.max)} | ${rate(baseShapes[key]).toFixed(1)} |`,
      `| ${label} | Ventanilla (real server, SQLite) | ${r.n} | ${f(r.p50)} | ${f(r.p90)} | ${f(r.p99)} | ${f(r.max)} | ${rate(realShapes[key]).toFixed(1)} |`,
      `| ${label} | ratio real / baseline | | ${x(r.p50, b.p50)} | ${x(r.p90, b.p90)} | ${x(r.p99, b.p99)} | ${x(r.max, b.max)} | |`,
    );
  }
  const humanStats = stats(real.human.firstBot);
  const burstStats = stats(realShapes.burst.firstBot);
  const detail = (s: ShapeResult) => {
    const ack = stats(s.ack);
    const done = stats(s.done);
    const nav = stats(s.navigation);
    return (
      `ack p50 ${f(ack.p50)} / p99 ${f(ack.p99)} ms; whole answer delivered p50 ${f(done.p50)} / p99 ${f(done.p99)} ms` +
      (nav.n > 0 ? `; the taps between questions p50 ${f(nav.p50)} / p99 ${f(nav.p99)} ms (${nav.n})` : '')
    );
  };
  const problems = (r: ClientReport) => {
    const list = [
      ...Object.entries(r.errors).map(([code, n]) => `${n} ${code} error frames`),
      ...Object.entries(r.failures).map(([why, n]) => `${n} turns failed (${why})`),
      ...(r.unexpected > 0 ? [`${r.unexpected} questions not answered directly`] : []),
      ...(r.lostSessions > 0 ? [`${r.lostSessions} sessions dropped out`] : []),
    ];
    return list.length > 0 ? list.join(', ') : 'none';
  };
  const humanRate = (real.human.messagesSent / real.human.wallMs) * 1000;
  const pct = (v: number) => `${(v * 100).toFixed(0)} %`;
  const whereTimeGoes = (name: string, label: string, messages: number) => {
    const phase = load.phases.get(name);
    if (!phase || messages === 0) return `${label}: not measured.`;
    const per = (v: number) => v / messages;
    const parts = [
      `${label}: event loop busy ${pct(phase.busyMs / phase.wallMs)} of the time, ${per(phase.busyMs).toFixed(1)} ms per message handled (so at most ~${Math.round(1000 / per(phase.busyMs))} messages/s);`,
      `event-loop stalls p99 ${f(phase.loopDelayP99Ms)} ms, max ${f(phase.loopDelayMaxMs)} ms.`,
    ];
    if (sql) {
      const top = [...phase.byStatement]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, 5)
        .map(([key, v]) => `\`${key}\` ${per(v.ms).toFixed(2)} ms (${per(v.count).toFixed(1)}×)`)
        .join(', ');
      parts.push(
        `SQLite statements (timed around libsql's calls) take ${per(phase.sqlMs).toFixed(1)} ms per message (${pct(phase.sqlMs / phase.busyMs)} of the busy time) over ${per(phase.statements).toFixed(1)} statements,`,
        `on ${phase.connections} newly opened SQLite connections (${per(phase.connections).toFixed(1)} per message). Costliest per message: ${top}.`,
      );
    }
    return parts.join(' ');
  };
  const met = humanStats.p99 < targetP99Ms;
  const humanLoad = load.phases.get('human');
  // Mean think time 5 s plus two taps of 1 s: what the sessions would send if every answer were instant.
  const offeredRate = (sessions * 3) / (5 + 2 * 1);
  const capacity = humanLoad ? 1000 / (humanLoad.busyMs / real.human.messagesSent) : Number.NaN;
  // Little's law for the closed loop: each session's cycle is 3 messages and 7 s of thinking on average.
  const littleMs = ((sessions * 3) / humanRate - 7) * (1000 / 3);
  const stalls =
    humanLoad && humanLoad.loopDelayP99Ms > targetP99Ms
      ? 'libsql runs every statement synchronously on the main thread and @prisma/adapter-libsql queues them behind one lock, so while database work is ' +
        'queued the event loop does not come back to the sockets: the stalls above (each burst is a single stall) hold every incoming frame, ack, ' +
        'ping and HTTP request, not only the turns.'
      : '';
  const why =
    met || !humanLoad
      ? ''
      : offeredRate > capacity
        ? `Why: with instant answers these ${sessions} sessions would send ~${Math.round(offeredRate)} messages/s; at ${(1000 / capacity).toFixed(1)} ms of event-loop time ` +
          `per message the server handles at most ~${Math.round(capacity)}/s, so it is overloaded and the closed loop settles at ${humanRate.toFixed(0)}/s, where ` +
          `Little's law puts the wait per message at ~${(littleMs / 1000).toFixed(1)} s whatever the order of service. ${stalls}`
        : `Why: the offered ~${Math.round(offeredRate)} messages/s are below the ~${Math.round(capacity)}/s the server can handle, so the latency comes from how ` +
          `the work is scheduled. ${stalls}`;

  const body = [
    `Run: \`node --expose-gc --import tsx bench/widget-turns.bench.ts\` (${new Date().toISOString().slice(0, 10)}). Machine: ${machine()}.`,
    '',
    `Method: the real server (\`startServer\`, SQLite in a temp file, demo flows and knowledge base) runs in the bench process; a child process holds ${sessions} widget sessions,`,
    'each past `welcome`, greeted ("hola") and at "Escriba su pregunta" (tapped "Consultar trámites y servicios") before anything is timed. A FAQ turn is one of the',
    `knowledge base's example questions; latency is from sending the \`message\` frame to the first bot \`message\` frame of the answer. After each answer the session taps`,
    '"Sí" and "Sí, otra pregunta" to get back to the question prompt (3 messages per question). Human pace: all sessions at once, each typing its next question 2–8 s',
    `after the prompt and taking 0.5–1.5 s per tap, for ${humanSeconds} s (${baselineHumanSeconds} s on the baseline); burst: every session sends its question in the same tick, ${burstRounds} round${burstRounds === 1 ? '' : 's'}.`,
    `Clients keep under the rate limit the welcome announces (${real.limit.messagesPerWindow} messages per ${real.limit.windowSeconds} s per session) by waiting when needed. Baseline: the same client against bare Fastify + @fastify/websocket answering each frame at once from memory with the same frames.`,
    '',
    '| Shape | Server | FAQ turns | p50 ms | p90 ms | p99 ms | max ms | FAQ turns/s |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `Real server, human pace: ${detail(real.human)}; ${humanRate.toFixed(0)} messages/s in all. Burst: ${detail(realShapes.burst)}; per round ${real.bursts.map((b) => `${(b.wallMs / 1000).toFixed(1)} s`).join(', ')} until the last first reply.`,
    `Setup (${sessions} sessions connected, greeted and at the question prompt): ${(real.setupMs / 1000).toFixed(1)} s. Database file afterwards: ${(dbBytes / 1024 ** 2).toFixed(1)} MB (without its WAL).`,
    `Server process over the whole run (sampled each second): peak RSS ${(load.peakRssBytes / 1024 ** 2).toFixed(0)} MB (peak JavaScript heap used ${(load.peakHeapBytes / 1024 ** 2).toFixed(0)} MB), peak ${load.peakFds} open file descriptors, ${load.peakDbFds} of them on the SQLite files.`,
    ...(load.peakDbFds > 50
      ? [
          'Those are SQLite connections waiting for garbage collection: @libsql/client hands each transaction its current connection and opens a new one for ' +
            'what follows, and nothing closes the old one after the commit, so each turn leaves a connection (its page cache and its descriptors on the ' +
            'database, -wal and -shm files) until a GC finalizes it. Under the common `ulimit -n` of 1024 this alone can exhaust the descriptors.',
        ]
      : []),
    '',
    "Where the time goes (real server; event-loop utilization and delay of the server process, SQLite time from wrapping the driver's statement calls):",
    '',
    `- ${whereTimeGoes('human', 'Human pace', real.human.messagesSent)}`,
    `- ${whereTimeGoes(
      'burst',
      'Bursts (question turns only)',
      real.bursts.reduce((sum, b) => sum + b.messagesSent, 0),
    )}`,
    '',
    ...(why ? [why, ''] : []),
    `Errors and failures: real server ${problems(real)}; baseline ${problems(baseline)}. Messages held back by the clients to respect the rate limit: ${real.guardWaits} (${(real.guardMs / 1000).toFixed(0)} s in all) on the real server.`,
    '',
    `Target: a FAQ turn for ${sessions} concurrent active conversations at p99 under ${targetP99Ms} ms on SQLite. ` +
      (met
        ? `**Met** at human pace (p99 ${f(humanStats.p99)} ms).`
        : `**Not met** at human pace (p99 ${f(humanStats.p99)} ms).`) +
      ` In a burst of ${sessions} simultaneous questions p99 is ${f(burstStats.p99)} ms.`,
  ].join('\n');

  for (const [name, phase] of load.phases) {
    console.log(`SQLite statements during ${name} (${phase.statements} in ${(phase.wallMs / 1000).toFixed(1)} s):`);
    for (const [key, v] of [...phase.byStatement].filter(([, v]) => v.count > 0).sort((a, b) => b[1].ms - a[1].ms)) {
      console.log(
        `  ${v.ms.toFixed(0).padStart(7)} ms (prepare ${v.prepareMs.toFixed(0).padStart(5)} ms) ${String(v.count).padStart(7)}×  ${key}`,
      );
    }
  }
  console.log(`## Widget: FAQ turns under load\n\n${body}`);
  writeSection('## Widget: FAQ turns under load', body);
}

if (process.argv[2] === 'clients') clientRole();
else await main();
