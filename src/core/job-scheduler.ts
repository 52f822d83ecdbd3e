import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import type { z } from 'zod';
import { backoffMs } from '../lib/backoff.js';
import type { DriverTransaction } from '../db/driver-transaction.js';
import { uuid7 } from '../db/uuid7.js';
import { payloadProblems, type JobHandler, type JobKind, type JobToSchedule } from './job-kind.js';

export type { JobHandler, JobKind, JobTimers, JobToSchedule } from './job-kind.js';
export { defineJobKind } from './job-kind.js';

/** The payload as its kind's schema reads it; a payload that does not fit is a bug at the caller, thrown here. */
function checked<S extends z.ZodType>(job: JobToSchedule<S>): object {
  const parsed = job.kind.payload.safeParse(job.payload);
  if (!parsed.success) {
    throw new Error(
      `job ${job.kind.name}: payload does not fit its schema (${payloadProblems(parsed.error).join(', ')})`,
    );
  }
  // The input is stored, not the output: the output may hold values JSON cannot (dates), the input is what reads back.
  return job.payload as object;
}

/**
 * JobScheduler.schedule inside a driver transaction (the turn's writes): the timer moves with the turn that moved
 * it, or not at all.
 */
export async function scheduleJobIn<S extends z.ZodType>(
  tx: DriverTransaction,
  job: JobToSchedule<S>,
  now: Date,
): Promise<void> {
  const payload = checked(job);
  await tx.execute(
    `INSERT INTO "ScheduledJob" ("id", "entityId", "kind", "key", "runAt", "payload", "attempts", "lastError", "lockedUntil", "createdAt")
     VALUES (?, ?, ?, ?, ?, ?, 0, NULL, NULL, ?)
     ON CONFLICT ("key") DO UPDATE SET "entityId" = excluded."entityId", "kind" = excluded."kind", "runAt" = excluded."runAt",
       "payload" = excluded."payload", "attempts" = 0, "lastError" = NULL, "lockedUntil" = NULL`,
    [uuid7(), job.entityId, job.kind.name, job.key, job.runAt, { json: payload }, now],
  );
}

/** JobScheduler.cancel inside a driver transaction. */
export async function cancelJobIn(tx: DriverTransaction, key: string): Promise<void> {
  await tx.execute('DELETE FROM "ScheduledJob" WHERE "key" = ?', [key]);
}

/**
 * Timers kept in the database, so idle timeouts, reminders and retries survive a restart and run once even with
 * several instances: a job is claimed by setting `lockedUntil` with a conditional update, and deleted when done.
 */
export class JobScheduler {
  private handlers = new Map<string, { kind: JobKind; run: JobHandler }>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly prisma: Db,
    private readonly logger: Logger,
    private readonly lockMs = 60_000,
    /** Only this entity's jobs: each entity's runtime has its own handlers, and one process serves several. */
    private readonly entityId?: string,
  ) {}

  register<S extends z.ZodType>(kind: JobKind<S>, handler: JobHandler<S>): void {
    this.handlers.set(kind.name, { kind, run: handler as JobHandler });
  }

  async schedule<S extends z.ZodType>(job: JobToSchedule<S>): Promise<void> {
    const data = {
      entityId: job.entityId,
      kind: job.kind.name,
      runAt: job.runAt,
      payload: checked(job),
      attempts: 0,
      lastError: null,
      lockedUntil: null,
    };
    await this.prisma.scheduledJob.upsert({ where: { key: job.key }, create: { key: job.key, ...data }, update: data });
  }

  async cancel(key: string): Promise<void> {
    await this.prisma.scheduledJob.deleteMany({ where: { key } });
  }

  /** Runs every job due at `now`; returns how many ran. Concurrent calls share one run. */
  runDue(now: Date = new Date()): Promise<number> {
    this.running ??= this.runDueOnce(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async runDueOnce(now: Date): Promise<number> {
    const due = await this.prisma.scheduledJob.findMany({
      where: {
        ...(this.entityId ? { entityId: this.entityId } : {}),
        runAt: { lte: now },
        OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
      },
      orderBy: { runAt: 'asc' },
      take: 100,
    });
    let ran = 0;
    for (const job of due) {
      const claimed = await this.prisma.scheduledJob.updateMany({
        where: { id: job.id, runAt: job.runAt, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
        data: { lockedUntil: new Date(now.getTime() + this.lockMs) },
      });
      if (claimed.count !== 1) continue;
      const handler = this.handlers.get(job.kind);
      const payload = handler?.kind.payload.safeParse(job.payload);
      if (payload && !payload.success) {
        // Written by another version or by hand: no retry can make it readable, so it is dropped, not retried forever.
        this.logger.warn(
          { job: job.key, kind: job.kind, fields: payloadProblems(payload.error) },
          'scheduled job payload does not fit its kind; dropped',
        );
        await this.prisma.scheduledJob.deleteMany({ where: { id: job.id, runAt: job.runAt } });
        continue;
      }
      try {
        if (!handler || !payload) throw new Error(`no handler for job kind ${job.kind}`);
        await handler.run(payload.data, { key: job.key, entityId: job.entityId });
        // Only delete the run we claimed: the handler may have rescheduled the same key for later.
        await this.prisma.scheduledJob.deleteMany({ where: { id: job.id, runAt: job.runAt } });
        ran++;
      } catch (error) {
        const attempts = job.attempts + 1;
        this.logger.error({ err: error, job: job.key, attempts }, 'scheduled job failed');
        await this.prisma.scheduledJob.updateMany({
          where: { id: job.id, runAt: job.runAt },
          data: {
            attempts,
            lastError: error instanceof Error ? error.message : String(error),
            lockedUntil: null,
            runAt: new Date(now.getTime() + backoffMs(attempts, 5000)),
          },
        });
      }
    }
    return ran;
  }

  start(intervalMs = 1000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.runDue().catch((error: unknown) => this.logger.error({ err: error }, 'job poll failed'));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
