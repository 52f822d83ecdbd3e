import type { z } from 'zod';

/**
 * A kind of durable job and the payload it carries. The payload is stored as JSON in ScheduledJob and read back
 * after a restart or by another instance, maybe by a newer version of the code: the schema checks it both ways, so a
 * handler receives a typed payload or does not run.
 */
export interface JobKind<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly payload: S;
}

export function defineJobKind<S extends z.ZodType>(name: string, payload: S): JobKind<S> {
  return { name, payload };
}

export interface JobToSchedule<S extends z.ZodType = z.ZodType> {
  entityId: string;
  kind: JobKind<S>;
  /** One pending job per key: scheduling the same key again moves it. */
  key: string;
  runAt: Date;
  /** What is stored (the schema's input: dates as ISO strings); the handler receives the schema's output. */
  payload: z.input<S>;
}

export type JobHandler<S extends z.ZodType = z.ZodType> = (
  payload: z.output<S>,
  job: { key: string; entityId: string },
) => Promise<void>;

/** What a domain service needs of the scheduler to set and clear its timers. */
export interface JobTimers {
  schedule<S extends z.ZodType>(job: JobToSchedule<S>): Promise<void>;
  cancel(key: string): Promise<void>;
}

/** Why a payload does not fit its kind, by field path only: payloads carry personal data and must not be logged. */
export function payloadProblems(error: z.ZodError): string[] {
  return error.issues.map((i) => i.path.join('.') || '(payload)');
}
