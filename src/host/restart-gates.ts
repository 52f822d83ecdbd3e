import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorBody } from '../lib/errors/domain-error.js';

/** How long a request for a restarting entity waits before it is answered 503: a restart takes a second or two. */
export const restartHoldMs = 10_000;
/** What a refused client is told to wait before trying again, in seconds. */
export const retryAfterSeconds = 5;

/**
 * The entities being restarted in place, and the requests waiting for them. A request that arrives while its entity
 * restarts waits for the new copy instead of failing: the console asks for the file again right after saving the very
 * setting that restarts it, and a widget reconnects at once; both then see the new copy. Held for `restartHoldMs` at
 * most, so a slow start answers 503 rather than keeping sockets open without end.
 */
export class RestartGates {
  private readonly gates = new Map<string, { opened: Promise<void>; open: () => void; holders: number }>();

  /** From now on, requests for `slug` wait, until every `hold` has had its `release`. */
  hold(slug: string): void {
    const gate = this.gates.get(slug);
    if (gate) {
      gate.holders += 1;
      return;
    }
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    this.gates.set(slug, { opened, open, holders: 1 });
  }

  /** One holder is done (the restart finished or failed, the check found nothing to restart). */
  release(slug: string): void {
    const gate = this.gates.get(slug);
    if (!gate || --gate.holders > 0) return;
    gate.open();
    this.gates.delete(slug);
  }

  holds(slug: string): boolean {
    return this.gates.has(slug);
  }

  /** Resolves when `slug` is released, or after `ms` at the latest. */
  wait(slug: string, ms = restartHoldMs): Promise<void> {
    const gate = this.gates.get(slug);
    if (!gate) return Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    return Promise.race([gate.opened, late]).finally(() => clearTimeout(timer));
  }

  releaseAll(): void {
    for (const gate of this.gates.values()) gate.open();
    this.gates.clear();
  }
}

const notReadyJson = () => JSON.stringify(errorBody('NOT_READY'));

/** The error catalogue's NOT_READY answer, for a request whose entity is not running. */
export function answerNotReady(response: ServerResponse): void {
  if (response.headersSent) return;
  const body = notReadyJson();
  response.writeHead(503, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'retry-after': String(retryAfterSeconds),
  });
  response.end(body);
}

/** The same answer to a WebSocket upgrade, as a plain HTTP response before the handshake. */
export function refuseUpgrade(socket: Duplex): void {
  const body = notReadyJson();
  socket.end(
    'HTTP/1.1 503 Service Unavailable\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `Retry-After: ${retryAfterSeconds}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
