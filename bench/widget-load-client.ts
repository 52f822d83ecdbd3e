/**
 * A minimal widget protocol client for load benchmarks (docs/widget-protocol.md), plus what the widget benches share:
 * the benchmark server's configuration, a bare Fastify + @fastify/websocket baseline, the machine description and
 * the docs/benchmarks.md section writer. Not a widget: no reconnects, no offline queue.
 */
import { type ChildProcess, execSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import { WebSocket } from 'ws';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface BotOption {
  label: string;
  value: string;
}

export interface ChatMessage {
  id: string;
  from: 'citizen' | 'bot';
  text: string;
  options: BotOption[];
}

type ServerFrame =
  | { type: 'welcome'; token: string; history: ChatMessage[]; limits?: Partial<MessageLimit> }
  | { type: 'message'; message: ChatMessage }
  | { type: 'ack'; id: string; messageId: string; duplicate: boolean }
  | { type: 'typing'; active: boolean }
  | { type: 'error'; code: string; ref?: string; retryAfterMs?: number; fatal: boolean }
  | { type: 'pong'; id?: string };

/** One message sent and what came back for it, in performance.now() milliseconds of the client process. */
export interface Turn {
  clientId: string;
  sentAt: number;
  ackAt?: number;
  firstBotAt?: number;
  doneAt?: number;
  bot: ChatMessage[];
  /** Why the turn did not end with the expected bot message: an error code, 'timeout' or 'closed'. */
  failure?: string;
}

/** The message limit a session gets in `welcome` (docs/widget-protocol.md); beyond it the server answers RATE_LIMITED. */
export interface MessageLimit {
  messagesPerWindow: number;
  windowSeconds: number;
}

/** Used only when a server's welcome carries no limits (the baseline's). */
const fallbackLimit: MessageLimit = { messagesPerWindow: 10, windowSeconds: 20 };

/**
 * How long to wait before sending so that the server's token bucket (capacity messagesPerWindow, refilled as many per
 * window) has a token. A bucket that started full lets take j through when, for every earlier take i, the takes from i
 * to j number at most capacity + rate × (t_j − t_i). The server takes a token while handling the frame, before its ack
 * is sent, so the ack times used here are upper bounds of the real take times: waiting by them is conservative, and so
 * is the 10 % slower refill.
 */
export function rateLimitWait(takes: readonly number[], now: number, limit: MessageLimit = fallbackLimit): number {
  const capacity = limit.messagesPerWindow;
  const rate = (capacity / (limit.windowSeconds * 1000)) * 0.9;
  let earliest = now;
  for (let i = 0; i < takes.length; i += 1) {
    const count = takes.length - i + 1;
    if (count > capacity) earliest = Math.max(earliest, (takes[i] as number) + (count - capacity) / rate);
  }
  return earliest - now;
}

let clientIds = 0;
const idPrefix = randomBytes(4).toString('hex');

export class WidgetClient {
  /** Every error frame received, by code. */
  readonly errors = new Map<string, number>();
  /** Ack times of the messages sent (for rateLimitWait). */
  readonly takes: number[] = [];
  token: string | undefined;
  /** The session's message limit, as the welcome announced it. */
  limit: MessageLimit = fallbackLimit;
  lastBot: ChatMessage | undefined;
  private turn: { turn: Turn; expect: RegExp; done: (t: Turn) => void; timer: NodeJS.Timeout } | undefined;
  private welcomed: ((ok: boolean) => void) | undefined;
  private closed = false;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.onFrame(JSON.parse(String(data)) as ServerFrame));
    socket.on('close', () => {
      this.closed = true;
      this.welcomed?.(false);
      this.finish('closed');
    });
  }

  /** Connects with the given Origin (a browser always sends one) and completes hello → welcome. */
  static open(url: string, origin: string, timeoutMs = 30_000): Promise<WidgetClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { origin, perMessageDeflate: false });
      const client = new WidgetClient(socket);
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error('no welcome in time'));
      }, timeoutMs);
      client.welcomed = (ok) => {
        clearTimeout(timer);
        client.welcomed = undefined;
        if (ok) resolve(client);
        else reject(new Error(`no welcome (${[...client.errors.keys()].join(', ') || 'closed'})`));
      };
      socket.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.on('open', () => socket.send(JSON.stringify({ type: 'hello' })));
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /**
   * Sends a message and resolves when a bot message matching `expect` arrives (or on error, close or timeout: see
   * Turn.failure). One turn at a time per client: the benches wait for the bot before the citizen goes on.
   */
  send(text: string, expect: RegExp, options: { payload?: string; timeoutMs?: number } = {}): Promise<Turn> {
    if (this.turn) throw new Error('a turn is already under way on this client');
    clientIds += 1;
    const turn: Turn = {
      clientId: `${idPrefix}${clientIds.toString(36).padStart(8, '0')}`,
      sentAt: performance.now(),
      bot: [],
    };
    return new Promise((resolve) => {
      if (this.closed) {
        resolve({ ...turn, failure: 'closed' });
        return;
      }
      const timer = setTimeout(() => this.finish('timeout'), options.timeoutMs ?? 60_000);
      this.turn = { turn, expect, done: resolve, timer };
      const frame = {
        type: 'message',
        id: turn.clientId,
        text,
        ...(options.payload !== undefined ? { payload: options.payload } : {}),
      };
      turn.sentAt = performance.now();
      this.socket.send(JSON.stringify(frame));
    });
  }

  /** Taps the newest bot message's option whose label matches, as the widget does: label as text, value as payload. */
  tap(label: RegExp, expect: RegExp, timeoutMs?: number): Promise<Turn> {
    const option = this.lastBot?.options.find((o) => label.test(o.label));
    if (!option) throw new Error(`no option ${label} in "${this.lastBot?.text ?? '(no bot message)'}"`);
    return this.send(option.label, expect, {
      payload: option.value,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });
  }

  close(): void {
    this.socket.close(1000);
  }

  terminate(): void {
    this.socket.terminate();
  }

  private onFrame(frame: ServerFrame): void {
    const now = performance.now();
    switch (frame.type) {
      case 'welcome':
        this.token = frame.token;
        if (frame.limits?.messagesPerWindow && frame.limits.windowSeconds) {
          this.limit = { messagesPerWindow: frame.limits.messagesPerWindow, windowSeconds: frame.limits.windowSeconds };
        }
        this.welcomed?.(true);
        return;
      case 'ack':
        if (this.turn && frame.id === this.turn.turn.clientId) {
          this.turn.turn.ackAt = now;
          this.takes.push(now);
        }
        return;
      case 'message': {
        if (frame.message.from !== 'bot') return;
        this.lastBot = frame.message;
        const current = this.turn;
        if (!current) return;
        current.turn.firstBotAt ??= now;
        current.turn.bot.push(frame.message);
        if (current.expect.test(frame.message.text)) {
          current.turn.doneAt = now;
          this.finish(undefined);
        }
        return;
      }
      case 'error':
        this.errors.set(frame.code, (this.errors.get(frame.code) ?? 0) + 1);
        if (this.turn && frame.ref === this.turn.turn.clientId) this.finish(frame.code);
        return;
      default:
        return;
    }
  }

  private finish(failure: string | undefined): void {
    const current = this.turn;
    if (!current) return;
    this.turn = undefined;
    clearTimeout(current.timer);
    current.done(failure ? { ...current.turn, failure } : current.turn);
  }
}

/** Runs `task` for 0..count-1 with at most `concurrency` under way: connecting thousands at once is a SYN storm. */
export async function inBatches<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next;
      next += 1;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** Environment for loadConfig: the real server on a throwaway SQLite file, the demo flows, a free port. */
export function benchServerEnv(name: string): { env: NodeJS.ProcessEnv; dbFile: string } {
  const dbFile = join(tmpdir(), `ventanilla-${name}-${process.pid}-${Date.now()}.db`);
  return {
    dbFile,
    env: {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      DATABASE_URL: `file:${dbFile}`,
      FLOWS_DIR: join(repoRoot, 'flows'),
      WIDGET_SECRET: randomBytes(32).toString('hex'),
      // Every benchmark client comes from 127.0.0.1; the default (30 per minute per address) is meant for the internet.
      WIDGET_SESSIONS_PER_MINUTE: '1000000',
    },
  };
}

/** The WebSocket URL and Origin of a server from its listen URL (http://127.0.0.1:PORT). */
export function widgetEndpoint(serverUrl: string, entity = 'san-isidro'): { url: string; origin: string } {
  const origin = new URL(serverUrl).origin;
  return { url: `${origin.replace(/^http/, 'ws')}/widget/v1/ws/${entity}`, origin };
}

/**
 * The baseline: Fastify with @fastify/websocket as the real app registers it, and a handler that answers each frame at
 * once from memory. `reply` turns a client frame into the frames to send back.
 */
export async function startBareServer(
  reply: (frame: { type?: string; id?: string; text?: string; payload?: string }) => object[],
): Promise<{
  app: FastifyInstance;
  url: string;
}> {
  const app = Fastify({ logger: false });
  await app.register(websocket, { options: { maxPayload: 1024 * 1024 } });
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
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url };
}

export function machine(): string {
  const model = (() => {
    try {
      return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
    } catch {
      return cpus()[0]?.model ?? 'unknown';
    }
  })();
  const nproc = (() => {
    try {
      return execSync('nproc').toString().trim();
    } catch {
      return String(cpus().length);
    }
  })();
  return `${nproc} CPUs (nproc), ${model}, ${(totalmem() / 1024 ** 3).toFixed(1)} GB RAM, Node ${process.version}`;
}

/** The soft limit on open files: every socket is one, on the server and on the client. */
export function openFileLimit(): string {
  try {
    return execSync('ulimit -n', { shell: '/bin/sh' }).toString().trim();
  } catch {
    return 'unknown';
  }
}

/** Replaces this bench's own section of docs/benchmarks.md (from its heading to the next one) and leaves the rest. */
export function writeSection(heading: string, body: string): void {
  const docPath = join(repoRoot, 'docs/benchmarks.md');
  const section = `${heading}\n\n${body.trim()}\n`;
  const current = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Benchmarks\n\n';
  const escaped = heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`${escaped}\\n[\\s\\S]*?(?=\\n## |$)`);
  const updated = pattern.test(current)
    ? current.replace(pattern, () => section)
    : `${current.trimEnd()}\n\n${section}`;
  writeFileSync(docPath, updated.endsWith('\n') ? updated : `${updated}\n`);
}

/** Memory after garbage collection settles (needs --expose-gc; without it the figures include garbage). */
export async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 3; i += 1) {
    globalThis.gc?.();
    await sleep(200);
  }
  return process.memoryUsage();
}

export interface RoleProcess {
  call<T>(message: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Runs this same bench file again as a child process in another role (load clients, a baseline server), so that the
 * process being measured shares neither its memory nor its event loop with the load generator.
 */
export function forkRole(moduleUrl: string, role: string, onEvent?: (event: string) => void): RoleProcess {
  const child: ChildProcess = fork(fileURLToPath(moduleUrl), [role], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let seq = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (raw) => {
    const reply = raw as {
      seq: number;
      ok: boolean;
      value?: unknown;
      error?: string;
      event?: string;
      eventSeq?: number;
    };
    if (reply.event !== undefined) {
      onEvent?.(reply.event);
      child.send({ eventAck: reply.eventSeq });
      return;
    }
    const waiter = pending.get(reply.seq);
    pending.delete(reply.seq);
    if (reply.ok) waiter?.resolve(reply.value);
    else waiter?.reject(new Error(`${role}: ${reply.error ?? 'failed'}`));
  });
  child.once('exit', (code) => {
    for (const w of pending.values()) w.reject(new Error(`${role} exited with code ${code}`));
    pending.clear();
  });
  return {
    call<T>(message: Record<string, unknown>) {
      seq += 1;
      const id = seq;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: (v) => resolve(v as T), reject });
        child.send({ ...message, seq: id });
      });
    },
    async stop() {
      if (child.exitCode === null) child.disconnect();
      await exited;
    },
  };
}

let eventSeq = 0;
const eventAcks = new Map<number, () => void>();

/**
 * Tells the parent where the child's script is (a phase starting or ending), so it can measure the server there, and
 * waits until the parent has taken note: a server whose event loop is stalled reads the news late, and the child
 * must not run ahead into the next phase meanwhile.
 */
export function emitEvent(event: string): Promise<void> {
  const send = process.send?.bind(process);
  if (!send) return Promise.resolve();
  eventSeq += 1;
  const id = eventSeq;
  return new Promise((resolve) => {
    eventAcks.set(id, resolve);
    send({ event, eventSeq: id });
  });
}

/** The child side of forkRole: answers each request with the handler's result; exits when the parent disconnects. */
export function serveRole(handler: (message: Record<string, unknown>) => Promise<unknown>): void {
  process.on('message', (raw) => {
    const ack = (raw as { eventAck?: number }).eventAck;
    if (ack !== undefined) {
      eventAcks.get(ack)?.();
      eventAcks.delete(ack);
      return;
    }
    const message = raw as Record<string, unknown> & { seq: number };
    handler(message).then(
      (value) => process.send?.({ seq: message.seq, ok: true, value }),
      (error: unknown) =>
        process.send?.({ seq: message.seq, ok: false, error: error instanceof Error ? error.stack : String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
