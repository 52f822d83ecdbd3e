/** How busy the turn pipeline is, for /metrics and back-pressure. */
export interface TurnLoad {
  /** Turns running now (at most the gate's concurrency). */
  running: number;
  /** Conversations with stored messages waiting for a turn slot. */
  waiting: number;
  /** Estimated wait of a message arriving now, from the recent time per turn. */
  estimatedWaitMs: number;
  /** Messages told "busy" since start. */
  busyTotal: number;
}

/**
 * Admits a bounded number of turns at once, first come first served. Without it every conversation's turn enters the
 * database at once: on SQLite all of them queue on the driver's single lock, and the insert that acknowledges a new
 * message waits behind every queued turn (ack p50 8.4 s under load, issue #20); on PostgreSQL they exhaust the pool.
 * With it, a new message is stored and acknowledged at once and waits here, stored, for its turn.
 */
export class TurnGate {
  private running = 0;
  private readonly queue: (() => void)[] = [];
  /** Moving average of a turn's time inside the gate, ms. */
  private turnMs = 0;
  private busyCount = 0;

  constructor(
    readonly concurrency: number,
    /** A message whose estimated wait is longer than this is answered with a busy notice. */
    private readonly busyAfterMs = 2000,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new Error('turn concurrency must be a whole number ≥ 1');
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.running += 1;
    const started = performance.now();
    try {
      return await task();
    } finally {
      const ms = performance.now() - started;
      this.turnMs = this.turnMs === 0 ? ms : this.turnMs * 0.9 + ms * 0.1;
      // The slot passes straight to the next waiter, so `running` never dips and a newcomer cannot jump the queue. It
      // passes on the next event-loop turn, not as a microtask: SQLite answers synchronously, so a backlog of turns
      // handed on as microtasks would run as one long task and keep sockets unread (no acks) until all were done.
      const next = this.queue.shift();
      if (next) setImmediate(next);
      else this.running -= 1;
    }
  }

  /** Whether a message arriving now should be told to expect a wait; counts the ones that are. */
  busy(): boolean {
    const busy = this.estimatedWaitMs() > this.busyAfterMs;
    if (busy) this.busyCount += 1;
    return busy;
  }

  load(): TurnLoad {
    return {
      running: this.running,
      waiting: this.queue.length,
      estimatedWaitMs: this.estimatedWaitMs(),
      busyTotal: this.busyCount,
    };
  }

  private estimatedWaitMs(): number {
    return ((this.queue.length + 1) * this.turnMs) / this.concurrency;
  }
}
