import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import type { ChannelAdapter } from './channel-adapter.js';
import { ChannelSendError } from './channel-adapter.js';
import { backoffMs } from './backoff.js';
import { KeyedQueue } from './keyed-queue.js';
import { OutboundMessage } from './messages.js';

/** How an outbound row's payload is stored: the rendered channel message and who it goes to. */
export interface StoredOutbound {
  recipientId: string;
  message: OutboundMessage;
}

/**
 * Sends stored outbound messages, in order per conversation, and retries failures with backoff until the channel
 * accepts them. A row is claimed (queued → sending) before the call, so two dispatchers never send it twice; a
 * process that dies mid-send leaves it `sending`, and `recoverStale` queues it again (at-least-once at that edge).
 */
export class Outbox {
  private queue = new KeyedQueue();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly prisma: Db,
    private readonly adapters: ReadonlyMap<string, ChannelAdapter>,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  dispatch(conversationId: string): Promise<void> {
    return this.queue.run(conversationId, () => this.sendQueued(conversationId));
  }

  private async sendQueued(conversationId: string): Promise<void> {
    for (;;) {
      const next = await this.prisma.message.findFirst({
        where: { conversationId, direction: 'out', status: { in: ['queued', 'sending'] } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      // Order matters more than speed: a message waiting for its retry holds back the ones after it.
      if (!next || next.status !== 'queued') return;
      if (next.nextAttemptAt && next.nextAttemptAt > this.now()) return;
      const claimed = await this.prisma.message.updateMany({ where: { id: next.id, status: 'queued' }, data: { status: 'sending' } });
      if (claimed.count !== 1) return;
      const adapter = this.adapters.get(next.channel);
      const stored = next.payload as unknown as StoredOutbound;
      try {
        if (!adapter) throw new ChannelSendError(`channel ${next.channel} is not running`, true);
        const result = await adapter.send(stored.recipientId, OutboundMessage.parse(stored.message), { messageId: next.id, conversationId });
        await this.prisma.message.update({
          where: { id: next.id },
          data: { status: 'sent', sentAt: this.now(), channelMessageId: result.channelMessageId ?? null, attempts: next.attempts + 1, lastError: null },
        });
      } catch (error) {
        const attempts = next.attempts + 1;
        const retryable = !(error instanceof ChannelSendError) || error.retryable;
        const waitMs = error instanceof ChannelSendError && error.retryAfterMs ? error.retryAfterMs : backoffMs(attempts);
        this.logger.warn({ conversationId, messageId: next.id, attempts, retryable, err: error }, 'send failed');
        await this.prisma.message.update({
          where: { id: next.id },
          data: {
            status: retryable ? 'queued' : 'failed',
            attempts,
            lastError: error instanceof Error ? error.message : String(error),
            nextAttemptAt: retryable ? new Date(this.now().getTime() + waitMs) : null,
          },
        });
        if (!retryable) continue;
        return;
      }
    }
  }

  /** Dispatches every conversation with a message whose retry time has come. */
  async retryDue(): Promise<void> {
    const due = await this.prisma.message.findMany({
      where: { direction: 'out', status: 'queued', OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: this.now() } }] },
      select: { conversationId: true },
      distinct: ['conversationId'],
      take: 500,
    });
    await Promise.all(due.map((d) => this.dispatch(d.conversationId)));
  }

  /** Rows left `sending` by a process that died: queue them again. */
  async recoverStale(): Promise<number> {
    const r = await this.prisma.message.updateMany({ where: { direction: 'out', status: 'sending' }, data: { status: 'queued' } });
    return r.count;
  }

  start(intervalMs = 1000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.retryDue().catch((error: unknown) => this.logger.error({ err: error }, 'outbox retry failed'));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.queue.idle();
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }
}
