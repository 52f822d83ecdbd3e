/** What the clock drives in a runtime (src/core/runtime.ts), as its interval pollers would. */
export interface PolledRuntime {
  jobs: { runDue(now: Date): Promise<number> };
  outbox: { retryDue(): Promise<void> };
}

/**
 * A controllable clock: idle timers and retries are driven by moving it, never by waiting.
 *
 * A running server polls its timers (ScheduledJob) and its outbox retries every second; a test instead attaches
 * those pollers to the clock (`pollWith`), and `advance` runs them at the new time, as the server would have by
 * then, so a test reads like the citizen's experience: "ten minutes later, the conversation was closed".
 */
export class TestClock {
  private pollers: ((now: Date) => Promise<number>)[] = [];

  constructor(private t = new Date('2026-03-02T14:00:00Z').getTime()) {}

  now = (): Date => new Date(this.t);

  /**
   * What runs when time moves: a poller returns how much work it did, and pollers run again until none has work
   * left (a job may schedule another that is already due, a retry may be due at once).
   */
  pollWith(poller: (now: Date) => Promise<number>): () => void {
    this.pollers.push(poller);
    return () => {
      this.pollers = this.pollers.filter((p) => p !== poller);
    };
  }

  /** A runtime's pollers: its due jobs, then its outbox retries; `settle` waits for the turns and sends they start. */
  pollRuntime(runtime: PolledRuntime, settle: () => Promise<void>): () => void {
    return this.pollWith(async (now) => {
      const ran = await runtime.jobs.runDue(now);
      await runtime.outbox.retryDue();
      await settle();
      return ran;
    });
  }

  /** Moves time on, then runs every timer and retry due by then. */
  async advance(ms: number): Promise<void> {
    this.t += ms;
    for (let round = 0; round < 20; round++) {
      let work = 0;
      for (const poll of this.pollers) work += await poll(this.now());
      if (work === 0) return;
    }
    throw new Error('timers kept firing after 20 rounds: a job reschedules itself for a time already due');
  }

  /** Moves time without running anything: what a component that sleeps (a reconnect backoff) sees. */
  skip(ms: number): void {
    this.t += ms;
  }
}
