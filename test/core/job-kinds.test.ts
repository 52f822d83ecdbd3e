import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJobKind, JobScheduler } from '../../src/core/job-scheduler.js';
import { handoffJobKind, type HandoffTimerPayload } from '../../src/handoff/handoff-timers.js';
import { surveyJobKind } from '../../src/surveys/survey-job-kind.js';
import type { Database } from '../../src/db/database.js';
import { openMigratedDatabase, testProviders } from '../support/test-database.js';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, stream), lines };
}

const entityId = 'entidad-1';
const now = new Date('2026-03-02T14:00:00Z');

describe.each(testProviders)('typed job kinds on %s', (provider) => {
  let opened: Awaited<ReturnType<typeof openMigratedDatabase>>;
  let database: Database;
  let logs: ReturnType<typeof capturingLogger>;
  let jobs: JobScheduler;

  beforeEach(async () => {
    opened = await openMigratedDatabase(provider);
    database = opened.database;
    logs = capturingLogger();
    jobs = new JobScheduler(database.prisma, logs.logger);
  });

  afterEach(async () => {
    await opened.close();
  });

  it('drops a stored payload that does not fit its kind, logged at warn by field, and runs the others', async () => {
    const ran: HandoffTimerPayload[] = [];
    jobs.register(handoffJobKind, async (payload) => {
      ran.push(payload);
    });
    // Written by an older version: a timer this one does not know, and a phone number that must not reach the logs.
    await database.prisma.scheduledJob.create({
      data: {
        entityId,
        kind: handoffJobKind.name,
        key: 'handoff.old:h1',
        runAt: now,
        payload: { handoffId: 'h1', timer: 'llamar_luego', phone: '+573001234567' },
      },
    });
    await jobs.schedule({
      entityId,
      kind: handoffJobKind,
      key: 'handoff.position:h2',
      runAt: now,
      payload: { handoffId: 'h2', timer: 'position' },
    });

    expect(await jobs.runDue(now)).toBe(1);
    expect(ran).toEqual([{ handoffId: 'h2', timer: 'position' }]);
    // Dropped, not retried: nothing is left to run later.
    expect(await database.prisma.scheduledJob.count()).toBe(0);
    expect(await jobs.runDue(new Date(now.getTime() + 3_600_000))).toBe(0);
    const warning = logs.lines.find((l) => l.msg === 'scheduled job payload does not fit its kind; dropped');
    expect(warning).toMatchObject({ level: 40, job: 'handoff.old:h1', kind: 'handoff.timer', fields: ['timer'] });
    expect(JSON.stringify(logs.lines)).not.toContain('3001234567');
  });

  it('refuses to schedule a payload that does not fit, and stores nothing', async () => {
    await expect(
      jobs.schedule({
        entityId,
        kind: surveyJobKind,
        key: 'survey:r1:remind',
        runAt: now,
        // @ts-expect-error the kind's schema types the payload: a remind step names its run
        payload: { step: 'remind' },
      }),
    ).rejects.toThrow('job survey.timer: payload does not fit its schema (runId)');
    expect(await database.prisma.scheduledJob.count()).toBe(0);
  });

  it('hands the handler what the schema reads from the stored JSON, dates included', async () => {
    const kind = defineJobKind('test.dated', z.object({ at: z.coerce.date(), n: z.number().int() }));
    const seen: { at: Date; n: number }[] = [];
    jobs.register(kind, async (payload) => {
      seen.push(payload);
    });
    await jobs.schedule({ entityId, kind, key: 'test.dated:1', runAt: now, payload: { at: now.toISOString(), n: 3 } });

    expect(await jobs.runDue(now)).toBe(1);
    expect(seen).toEqual([{ at: now, n: 3 }]);
  });

  it('still retries a job whose handler fails: only an unreadable payload is dropped', async () => {
    jobs.register(handoffJobKind, async () => {
      throw new Error('base de datos ocupada');
    });
    await jobs.schedule({
      entityId,
      kind: handoffJobKind,
      key: 'handoff.position:h3',
      runAt: now,
      payload: { handoffId: 'h3', timer: 'position' },
    });

    expect(await jobs.runDue(now)).toBe(0);
    const kept = await database.prisma.scheduledJob.findUniqueOrThrow({ where: { key: 'handoff.position:h3' } });
    expect([kept.attempts, kept.lastError]).toEqual([1, 'base de datos ocupada']);
    expect(kept.runAt.getTime()).toBeGreaterThan(now.getTime());
  });
});
