import type { Logger } from 'pino';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { ChannelAdapter, DeliveryUpdate, SendContext } from './channel-adapter.js';
import { ChannelSendError } from './channel-adapter.js';
import { backoffMs } from '../lib/backoff.js';
import { KeyedQueue } from './keyed-queue.js';
import { OutboundMessage } from '../lib/messages.js';
import type { DriverQuery } from '../db/driver-transaction.js';
import { claimOutbound, markSent, readWaitingOutbound, type OutboundRow } from './turn-reads.js';

/**
 * How an outbound row's payload is stored: the rendered channel message and who it goes to. A schema because the
 * payload comes back from a Json column, where the type system cannot follow it.
 */
export const StoredOutbound = z.object({
  recipientId: z.string(),
  message: OutboundMessage,
  /** What the message is part of, so a permanent failure can be recorded there (a case's history). */
  origin: z.object({ caseId: z.string() }).optional(),
  /** The agent who wrote it (Message.staffId). */
  staffId: z.string().optional(),
});
export type StoredOutbound = z.infer<typeof StoredOutbound>;

/** An outbound message that will not be sent: the channel refused it for good, or the citizen cannot be reached. */
export interface OutboundFailure {
  messageId: string;
  conversationId: string;
  channel: string;
  origin?: { caseId: string };
  reason: string;
}

/** Waiting messages read at once per conversation; a turn queues a handful. */
const sendBatch = 20;

const deliveryRank: Record<string, number> = { queued: 0, sending: 0, sent: 1, delivered: 2, read: 3 };

export const unreachableReason = 'El ciudadano no se puede contactar por este canal (bloqueó la cuenta o no existe).';

/**
 * Sends stored outbound messages, in order per conversation, and retries failures with backoff until the channel
 * accepts them. A row is claimed (queued → sending) before the call, so two dispatchers never send it twice; a
 * process that dies mid-send leaves it `sending`, and `recoverStale` queues it again (at-least-once at that edge).
 */
export class Outbox {
  private queue = new KeyedQueue();
  private timer: NodeJS.Timeout | undefined;
  private failureListeners: ((failure: OutboundFailure) => Promise<void> | void)[] = [];

  constructor(
    private readonly prisma: Db,
    private readonly adapters: ReadonlyMap<string, ChannelAdapter>,
    private readonly logger: Logger,
    private readonly now: () => Date,
    /** The hot read, on the driver (Database.driverQuery). */
    private readonly query: DriverQuery,
    /** Only this entity's messages: another entity's runtime holds the adapters that send those. */
    private readonly entityId?: string,
  ) {}

  dispatch(conversationId: string): Promise<void> {
    return this.queue.run(conversationId, () => this.sendQueued(conversationId));
  }

  private async sendQueued(conversationId: string): Promise<void> {
    for (;;) {
      // The conversation's waiting messages in one read (a turn queues several), with who they go to: this runs for
      // every turn, and reading them one at a time was three queries per message sent (issue #20).
      const batch = await readWaitingOutbound(this.query, conversationId, sendBatch);
      const unreachable = new Set<string>();
      for (const next of batch) {
        // Order matters more than speed: a message waiting for its retry holds back the ones after it.
        if (next.status !== 'queued') return;
        if (next.nextAttemptAt && next.nextAttemptAt > this.now()) return;
        if (!(await this.sendOne(conversationId, next, unreachable))) return;
      }
      if (batch.length < sendBatch) return;
    }
  }

  /** Claims and sends one message; false when the rest must wait (claimed elsewhere, or a retry scheduled). */
  private async sendOne(conversationId: string, next: OutboundRow, unreachable: Set<string>): Promise<boolean> {
    if (!(await claimOutbound(this.query, next.id))) return false;
    const adapter = this.adapters.get(next.channel);
    const stored = StoredOutbound.parse(next.payload);
    const { conversation } = next;
    // Also when an earlier message of this batch found them unreachable: the row read predates that.
    if (conversation.contact.unreachableAt || unreachable.has(conversation.contactId)) {
      await this.fail(next, stored, unreachableReason, next.attempts);
      return true;
    }
    try {
      if (!adapter) throw new ChannelSendError(`channel ${next.channel} is not running`, true);
      const context: SendContext = { messageId: next.id, conversationId };
      if (adapter.capabilities.replyWindowHours !== undefined) {
        const lastInbound = await this.prisma.message.findFirst({
          where: { direction: 'in', channel: next.channel, conversation: { contactId: conversation.contactId } },
          orderBy: { createdAt: 'desc' },
          select: { createdAt: true },
        });
        if (lastInbound) context.lastInboundAt = lastInbound.createdAt;
      }
      const result = await adapter.send(stored.recipientId, stored.message, context);
      await markSent(this.query, next.id, this.now(), result.channelMessageId ?? null, next.attempts + 1);
      return true;
    } catch (error) {
      const attempts = next.attempts + 1;
      const sendError = error instanceof ChannelSendError ? error : undefined;
      const retryable = !sendError || (sendError.retryable && !sendError.unreachable);
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn({ conversationId, messageId: next.id, attempts, retryable, err: error }, 'send failed');
      if (sendError?.unreachable) {
        await this.prisma.contact.update({
          where: { id: conversation.contactId },
          data: { unreachableAt: this.now() },
        });
        unreachable.add(conversation.contactId);
        this.logger.warn(
          { conversationId, channel: next.channel },
          'contact unreachable: sends to them stop until they write again',
        );
      }
      if (!retryable) {
        await this.fail(next, stored, sendError?.unreachable ? unreachableReason : reason, attempts);
        return true;
      }
      const waitMs = sendError?.retryAfterMs ?? backoffMs(attempts);
      await this.prisma.message.update({
        where: { id: next.id },
        data: { status: 'queued', attempts, lastError: reason, nextAttemptAt: new Date(this.now().getTime() + waitMs) },
      });
      return false;
    }
  }

  /** Marks the message failed for good and tells who listens (a case records that its notice did not go out). */
  private async fail(
    row: { id: string; conversationId: string; channel: string },
    stored: StoredOutbound,
    reason: string,
    attempts: number,
  ): Promise<void> {
    await this.prisma.message.update({
      where: { id: row.id },
      data: { status: 'failed', attempts, lastError: reason, nextAttemptAt: null },
    });
    await this.emitFailure({
      messageId: row.id,
      conversationId: row.conversationId,
      channel: row.channel,
      reason,
      ...(stored.origin ? { origin: stored.origin } : {}),
    });
  }

  private async emitFailure(failure: OutboundFailure): Promise<void> {
    for (const listener of this.failureListeners) {
      try {
        await listener(failure);
      } catch (error) {
        this.logger.error({ err: error, messageId: failure.messageId }, 'outbound failure listener failed');
      }
    }
  }

  /** Called for every outbound message that will never be sent. */
  onFailure(listener: (failure: OutboundFailure) => Promise<void> | void): void {
    this.failureListeners.push(listener);
  }

  /**
   * A status the channel reported later (WhatsApp's delivered/read/failed). Statuses only move forward, since
   * webhooks arrive out of order; a failure after "sent" (WhatsApp's 24-hour rule, for instance) is final.
   */
  async recordDelivery(update: DeliveryUpdate): Promise<boolean> {
    const row = await this.prisma.message.findFirst({
      where: {
        entityId: update.entityId,
        channel: update.channel,
        channelMessageId: update.channelMessageId,
        direction: 'out',
      },
    });
    if (!row) return false;
    if (update.status === 'failed') {
      if (row.status === 'failed' || (deliveryRank[row.status] ?? 0) >= deliveryRank.delivered!) return true;
      const reason = update.error ?? 'El canal no pudo entregar el mensaje.';
      this.logger.warn(
        { conversationId: row.conversationId, messageId: row.id, channel: row.channel, reason },
        'channel reported the message undelivered',
      );
      await this.fail(row, StoredOutbound.parse(row.payload), reason, row.attempts);
      return true;
    }
    if ((deliveryRank[update.status] ?? 0) <= (deliveryRank[row.status] ?? 0)) return true;
    await this.prisma.message.update({
      where: { id: row.id },
      data: {
        status: update.status,
        ...(update.status === 'delivered' || update.status === 'read'
          ? { deliveredAt: row.deliveredAt ?? update.at }
          : {}),
        ...(update.status === 'read' ? { readAt: update.at } : {}),
      },
    });
    return true;
  }

  /** Dispatches every conversation with a message whose retry time has come. */
  async retryDue(): Promise<void> {
    const due = await this.prisma.message.findMany({
      where: {
        ...(this.entityId ? { entityId: this.entityId } : {}),
        direction: 'out',
        status: 'queued',
        OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: this.now() } }],
      },
      select: { conversationId: true },
      distinct: ['conversationId'],
      take: 500,
    });
    await Promise.all(due.map((d) => this.dispatch(d.conversationId)));
  }

  /** Rows left `sending` by a process that died: queue them again. */
  async recoverStale(): Promise<number> {
    const r = await this.prisma.message.updateMany({
      where: { ...(this.entityId ? { entityId: this.entityId } : {}), direction: 'out', status: 'sending' },
      data: { status: 'queued' },
    });
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
