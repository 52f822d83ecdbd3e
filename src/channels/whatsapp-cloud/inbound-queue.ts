import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import { backoffMs } from '../../lib/backoff.js';
import { defineJobKind, type JobHandler, type JobKind, type JobToSchedule } from '../../core/job-kind.js';
import { KeyedQueue } from '../../core/keyed-queue.js';
import { InboundMessage } from '../../lib/messages.js';
import type { Db } from '../../db/database.js';
import type { PendingMedia } from './events-from-webhook.js';

/** The runtime's durable job scheduler, as far as the queue uses it. */
export interface InboundJobs {
  schedule<S extends z.ZodType>(job: JobToSchedule<S>): Promise<void>;
  register<S extends z.ZodType>(kind: JobKind<S>, handler: JobHandler<S>): void;
  runDue(now?: Date): Promise<number>;
}

/** What fetching a message's file gave: the message with its attachment, or a failure worth another try. */
export type FetchedMedia = { retry: false; message: InboundMessage } | { retry: true };

export interface InboundQueueOptions {
  entityId: string;
  prisma: Db;
  jobs: InboundJobs;
  logger: Logger;
  now: () => Date;
  /** Downloads the file and keeps it; on the last attempt it must settle for Meta's copy rather than ask again. */
  fetchMedia(message: InboundMessage, media: PendingMedia, lastAttempt: boolean): Promise<FetchedMedia>;
  /** Hands the message to the conversation pipeline (host.receive); throws when it could not be stored. */
  deliver(message: InboundMessage): Promise<void>;
  /** Download attempts before the message goes on with Meta's copy referenced (default 6: about 2.5 minutes). */
  mediaAttempts?: number;
}

const Queued = z.object({
  message: InboundMessage,
  media: z
    .object({
      id: z.string().min(1),
      kind: z.enum(['image', 'document', 'audio', 'video']),
      mimeType: z.string().optional(),
      fileName: z.string().optional(),
      caption: z.string().optional(),
    })
    .optional(),
  attempt: z.number().int().min(1),
});
type Queued = z.infer<typeof Queued>;

/** A citizen's message waiting for its file or for the one before it; a payload that does not fit is dropped. */
export const inboundJobKind = defineJobKind('whatsapp-cloud.inbound', Queued);

/** How long a message waits before looking again whether the one before it from the same citizen has gone in. */
const waitBehindMs = 1000;

/**
 * Gets citizens' messages into the conversation pipeline in the order they sent them, without making Meta wait for
 * files. A message with a file is kept as a durable job (a row of ScheduledJob, so a restart does not lose it) and the
 * webhook is answered; the job downloads the file, keeps it and only then hands the message over. Later messages from
 * the same citizen queue behind it as jobs too, so "ese es el hueco" never reaches the flow before the photo. Job keys
 * sort by arrival within a citizen (entity, hash of the sender, sequence, wamid): a job runs only when no earlier key
 * of its citizen is left. Handing over twice is harmless: the pipeline drops a wamid it already stored.
 */
export class InboundQueue {
  private readonly order = new KeyedQueue();
  private lastMs = 0;
  private counter = 0;
  private kicks: Promise<unknown> = Promise.resolve();
  private readonly attempts: number;

  constructor(private readonly options: InboundQueueOptions) {
    this.attempts = options.mediaAttempts ?? 6;
    options.jobs.register(inboundJobKind, (queued, job) => this.run(queued, job.key));
  }

  /**
   * Takes one message from a webhook. Resolves once it is stored: handed over already, or kept as a job. Messages of
   * one citizen are taken one at a time, in the order of the calls.
   */
  accept(message: InboundMessage, media?: PendingMedia): Promise<void> {
    const prefix = this.prefixOf(message.senderId);
    return this.order.run(prefix, async () => {
      if (!media && !(await this.waiting(prefix))) {
        await this.options.deliver(message);
        return;
      }
      // Meta sent it again before its job ran: one job is enough.
      const already = await this.options.prisma.scheduledJob.findFirst({
        where: { kind: inboundJobKind.name, key: { startsWith: prefix, endsWith: `:${message.channelMessageId}` } },
        select: { id: true },
      });
      if (already) return;
      await this.schedule(`${prefix}${this.nextSequence()}:${message.channelMessageId}`, this.now(), {
        message,
        ...(media ? { media } : {}),
        attempt: 1,
      });
      this.runSoon();
    });
  }

  /** Resolves when the job runs started after webhooks have finished (tests; shutdown). */
  async idle(): Promise<void> {
    let seen: Promise<unknown>;
    do {
      seen = this.kicks;
      await seen;
    } while (seen !== this.kicks);
  }

  /** Runs the jobs just queued now rather than at the next poll, after the webhook has been answered. */
  runSoon(): void {
    this.kicks = this.kicks
      .then(() => new Promise((resolve) => setImmediate(resolve)))
      .then(() => this.options.jobs.runDue(this.now()))
      .catch((error: unknown) =>
        this.options.logger.error({ err: error }, 'whatsapp-cloud: running queued messages failed'),
      );
  }

  /** An unreadable payload never gets here: the scheduler drops it (keeping it would block the citizen for good). */
  private async run(queued: Queued, key: string): Promise<void> {
    const { logger } = this.options;
    const [kind, sender] = key.split(':');
    const prefix = `${kind}:${sender}:`;
    const earlier = await this.options.prisma.scheduledJob.findFirst({
      where: { kind: inboundJobKind.name, key: { startsWith: prefix, lt: key } },
      orderBy: { key: 'asc' },
      select: { runAt: true },
    });
    const now = this.now();
    if (earlier) {
      // Strictly later than this run's time, so the scheduler does not delete the job as done.
      await this.schedule(key, new Date(Math.max(earlier.runAt.getTime(), now.getTime()) + waitBehindMs), queued);
      return;
    }
    let message = queued.message;
    if (queued.media) {
      const fetched = await this.options.fetchMedia(message, queued.media, queued.attempt >= this.attempts);
      if (fetched.retry) {
        logger.info(
          { channel: 'whatsapp-cloud', kind: queued.media.kind, attempt: queued.attempt },
          'whatsapp-cloud: file not downloaded yet; trying again later',
        );
        await this.schedule(key, new Date(now.getTime() + backoffMs(queued.attempt, 5000)), {
          ...queued,
          attempt: queued.attempt + 1,
        });
        return;
      }
      message = fetched.message;
    }
    await this.options.deliver(message);
  }

  private async waiting(prefix: string): Promise<boolean> {
    const row = await this.options.prisma.scheduledJob.findFirst({
      where: { kind: inboundJobKind.name, key: { startsWith: prefix } },
      select: { id: true },
    });
    return row !== null;
  }

  private schedule(key: string, runAt: Date, queued: Queued): Promise<void> {
    const payload = { ...queued, message: { ...queued.message, receivedAt: queued.message.receivedAt.toISOString() } };
    return this.options.jobs.schedule({
      entityId: this.options.entityId,
      kind: inboundJobKind,
      key,
      runAt,
      payload,
    });
  }

  /** Keys hold a hash of the sender, not the number: the scheduler logs keys when a job fails. */
  private prefixOf(senderId: string): string {
    const sender = createHash('sha256').update(`${this.options.entityId}\u0000${senderId}`).digest('hex').slice(0, 24);
    return `${inboundJobKind.name}:${sender}:`;
  }

  /** Fixed-width digits that only grow within this process, whatever the clock does. */
  private nextSequence(): string {
    const ms = Math.max(this.now().getTime(), this.lastMs);
    this.counter = ms === this.lastMs ? this.counter + 1 : 0;
    this.lastMs = ms;
    return `${String(ms).padStart(15, '0')}${String(this.counter).padStart(6, '0')}`;
  }

  private now(): Date {
    return this.options.now();
  }
}
