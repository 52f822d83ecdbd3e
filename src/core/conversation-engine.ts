import type { FlowEvent, JsonValue } from '../flows/index.js';
import { getIdleMinutes, parseFlowSession } from '../flows/index.js';
import type { OutboundMessageInput, InboundMessage } from '../lib/messages.js';
import { commitTurn } from './commit-turn.js';
import type { EngineDeps } from './engine-deps.js';
import { idleJobKind } from './engine-deps.js';
import { ensureContactState } from './ensure-contact.js';
import { KeyedQueue } from './keyed-queue.js';
import { apologise, queueOutbound, sayForSafety, toPeople, type EngineContext } from './off-turn-messages.js';
import type { StoredOutbound } from './outbox.js';
import { renderStoredOutbound } from './render-stored-outbound.js';
import { runTurn } from './run-turn.js';
import { storeInbound, type ConversationRow } from './store-inbound.js';
import { TurnGate, type TurnLoad } from './turn-gate.js';
import { readAddressee, readNextInbound } from './turn-reads.js';
import { isVoiceOnly, VoiceNotes, type InboundPayload } from './voice-notes.js';
import { answeredFirst } from './answered-first.js';

// The engine's settings and the handoff service's side of it live in engine-deps.ts; importers keep this path.
export { idleJobKind } from './engine-deps.js';
export type { EngineDeps, HeldConversation, HeldConversations } from './engine-deps.js';

/**
 * The turn pipeline (DESIGN.md): an inbound message is stored before anything else and deduplicated by the channel's
 * id; each conversation's messages are then processed one at a time in arrival order; a turn's replies, its session
 * and the inbound's status are written in one transaction, so a crash anywhere re-runs the turn rather than losing
 * or doubling it; replies leave through the outbox.
 */
export class ConversationEngine {
  private queue = new KeyedQueue();
  /** One sender's messages are stored one at a time, so two sent at once keep their order and share a conversation. */
  private stores = new KeyedQueue();
  private readonly gate: TurnGate;
  private readonly now: () => Date;
  private readonly voice: VoiceNotes;
  /** What the work around turns (commit-turn.ts, off-turn-messages.ts) needs of the engine. */
  private readonly ctx: EngineContext;

  constructor(private readonly deps: EngineDeps) {
    this.now = deps.now ?? (() => new Date());
    this.ctx = {
      deps,
      now: () => this.now(),
      render: (conversation, effects, known) => renderStoredOutbound(this.deps, conversation, effects, known),
    };
    this.gate = new TurnGate(deps.turnConcurrency ?? 2);
    this.voice = new VoiceNotes({
      prisma: deps.prisma,
      logger: deps.logger,
      now: this.now,
      ...(deps.transcriber ? { transcriber: deps.transcriber } : {}),
    });
    deps.jobs.register(idleJobKind, async ({ conversationId }) => {
      await this.queue.run(conversationId, () => this.handleIdle(conversationId));
    });
  }

  /** Stores the message (the channel may acknowledge it then) and schedules its processing. */
  async receive(
    message: InboundMessage,
  ): Promise<{ duplicate: boolean; conversationId: string; messageId: string; busy?: boolean }> {
    const stored = await this.stores.run(`${message.entityId}:${message.channel}:${message.senderId}`, () =>
      this.store(message),
    );
    if ('duplicate' in stored) {
      const first = await this.deps.prisma.message.findUniqueOrThrow({
        where: {
          entityId_channel_channelMessageId: {
            entityId: message.entityId,
            channel: message.channel,
            channelMessageId: message.channelMessageId,
          },
        },
        select: { id: true, conversationId: true },
      });
      this.deps.logger.debug(
        { channel: message.channel, conversationId: first.conversationId },
        'duplicate inbound ignored',
      );
      return { duplicate: true, conversationId: first.conversationId, messageId: first.id };
    }
    const { conversation, messageId } = stored;
    const busy = this.gate.busy();
    void this.process(conversation.id);
    return { duplicate: false, conversationId: conversation.id, messageId, ...(busy ? { busy } : {}) };
  }

  private async store(message: InboundMessage): ReturnType<typeof storeInbound> {
    const { prisma } = this.deps;
    const { id: contactId, unreachable } = await ensureContactState(
      prisma,
      message.entityId,
      message.channel,
      message.senderId,
      this.deps.driverQuery,
    );
    // Writing again means they can be reached again (they unblocked the bot). Written only then: this is every message.
    if (unreachable) await prisma.contact.update({ where: { id: contactId }, data: { unreachableAt: null } });
    return storeInbound(prisma, this.deps.driverQuery, message, contactId, this.now());
  }

  /** Processes every stored, unprocessed inbound of the conversation, oldest first. */
  process(conversationId: string): Promise<void> {
    return this.queue
      .run(conversationId, () => this.gate.run(() => this.drainExclusively(conversationId)))
      .catch((error: unknown) => {
        this.deps.logger.error({ err: error, conversationId }, 'conversation processing failed');
      });
  }

  /**
   * After a restart, and periodically: finish what was stored but not processed. `olderThanMs` leaves alone what
   * another instance has only just received (it is on it).
   */
  async recover(olderThanMs = 0): Promise<void> {
    const pending = await this.deps.prisma.message.findMany({
      where: {
        ...(this.deps.entityId ? { entityId: this.deps.entityId } : {}),
        direction: 'in',
        status: 'received',
        ...(olderThanMs > 0 ? { createdAt: { lte: new Date(this.now().getTime() - olderThanMs) } } : {}),
      },
      select: { conversationId: true },
      distinct: ['conversationId'],
    });
    await Promise.all(pending.map((p) => this.process(p.conversationId)));
  }

  /**
   * With several instances, only the holder of the conversation's lock drains it. An instance that cannot take it
   * leaves the message to the holder, who drains until nothing is left and checks once more after letting go; the
   * periodic `recover` picks up anything a crashed holder left.
   */
  private async drainExclusively(conversationId: string): Promise<void> {
    const exclusive = this.deps.exclusive;
    if (!exclusive) return this.drain(conversationId);
    const lockMs = exclusive.lockMs ?? 60_000;
    const { prisma } = this.deps;
    for (;;) {
      const now = this.now();
      const claimed = await prisma.conversation.updateMany({
        where: {
          id: conversationId,
          OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }, { lockedBy: exclusive.instanceId }],
        },
        data: { lockedBy: exclusive.instanceId, lockedUntil: new Date(now.getTime() + lockMs) },
      });
      if (claimed.count !== 1) return;
      try {
        await this.drain(conversationId);
      } finally {
        await prisma.conversation.updateMany({
          where: { id: conversationId, lockedBy: exclusive.instanceId },
          data: { lockedBy: null, lockedUntil: null },
        });
      }
      // A message another instance stored while we held the lock: it left it to us.
      const left = await prisma.message.count({ where: { conversationId, direction: 'in', status: 'received' } });
      if (left === 0) return;
    }
  }

  /**
   * Sends a message to the citizen of a conversation outside a turn (a case notice, an agent's reply): queued through
   * the outbox like any reply, in order with the conversation's turns, so it survives a restart and is retried.
   * Works on closed conversations too: the channel address is the contact's, not the conversation's. Resolves once
   * the message is queued; `outbox.idle()` waits for the send.
   */
  async notify(
    conversationId: string,
    message: OutboundMessageInput,
    meta: Pick<StoredOutbound, 'origin' | 'staffId'> = {},
  ): Promise<void> {
    await this.queue.run(conversationId, async () => {
      const conversation = await this.deps.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
      const outbound = (await this.ctx.render(conversation, [{ type: 'send', message }])).map((o) => ({
        ...o,
        ...meta,
      }));
      await this.deps.prisma.$transaction(async (tx) => queueOutbound(tx, conversation, outbound, this.now()));
    });
    // Resolves once queued, not sent: the caller records what it did before the channel's answer can come back.
    this.deps.outbox.dispatch(conversationId).catch((error: unknown) => {
      this.deps.logger.error({ err: error, conversationId }, 'dispatch after notify failed');
    });
  }

  /**
   * Starts a flow for a contact on a channel without a message from them (the satisfaction survey after an agent
   * closes, or after a case is answered): in their open bot conversation, or a new one. A conversation a person holds
   * is left alone. Returns the conversation, or null when none could be used.
   */
  async begin(
    contact: { entityId: string; contactId: string; channel: string },
    flowId: string,
    vars: Record<string, JsonValue> = {},
  ): Promise<string | null> {
    const conversation = await this.openConversation(contact.entityId, contact.contactId, contact.channel);
    if (conversation.status === 'handoff') return null;
    await this.queue.run(conversation.id, async () => {
      const fresh = await this.deps.prisma.conversation.findUniqueOrThrow({ where: { id: conversation.id } });
      await this.turn(fresh, { type: 'start', flow: flowId, vars }, null);
    });
    await this.deps.outbox.dispatch(conversation.id);
    return conversation.id;
  }

  /** Turns running and waiting, for /metrics. */
  load(): TurnLoad {
    return this.gate.load();
  }

  /** Resolves when every queued turn has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private async drain(conversationId: string): Promise<void> {
    for (;;) {
      // The message and its conversation in one read on the driver (two Prisma queries before; issue #20).
      const next = await readNextInbound(this.deps.driverQuery, conversationId);
      if (!next) break;
      const { inbound, conversation } = next;
      if (conversation.status === 'closed') {
        // Stored while the conversation was being closed (its last turn ended the flow, the idle timer fired): the
        // message belongs to the contact's next conversation, and is answered there, once.
        await this.moveToOpenConversation(conversation, inbound.id);
        continue;
      }
      const payload = (inbound.payload ?? {}) as InboundPayload;
      // A voice note becomes the citizen's text (transcribed), or is answered with a request to write (src/transcription).
      if (isVoiceOnly(inbound.text, payload)) {
        const heard = await this.hearVoice(conversation, { ...inbound, payload });
        if (heard.type === 'answered') continue;
        if (heard.type === 'text') inbound.text = heard.text;
      }
      let safety: string[] = [];
      try {
        safety = await sayForSafety(this.ctx, conversation, inbound);
      } catch (error) {
        // The turn still runs: a failed safety line must not also cost the citizen the answer.
        this.deps.logger.error({ err: error, conversationId }, 'safety message failed');
      }
      if (conversation.status === 'handoff' && this.deps.held) {
        try {
          await toPeople(this.ctx, conversation, inbound, payload);
        } catch (error) {
          await apologise(this.ctx, conversation, inbound.id, error);
        }
        // The agent reads the citizen's words, then the line the bot answered them with.
        if (safety.length > 0) this.deps.held.onBotMessages?.(conversation, safety);
        continue;
      }
      if (
        !payload.start &&
        (await answeredFirst(this.ctx, conversation, inbound, payload, this.idleMinutesOf(conversation.channel)))
      )
        continue;
      const event: FlowEvent = payload.start
        ? { type: 'start' }
        : {
            type: 'message',
            ...(inbound.text !== null ? { text: inbound.text } : {}),
            ...(payload.payload ? { payload: payload.payload } : {}),
            attachments: payload.attachments ?? [],
          };
      try {
        await this.turn(conversation, event, inbound.id);
      } catch (error) {
        await apologise(this.ctx, conversation, inbound.id, error);
      }
    }
    await this.deps.outbox.dispatch(conversationId);
  }

  private async moveToOpenConversation(closed: ConversationRow, inboundId: string): Promise<void> {
    const next = await this.openConversation(closed.entityId, closed.contactId, closed.channel);
    const moved = await this.deps.prisma.message.updateMany({
      where: { id: inboundId, conversationId: closed.id, status: 'received' },
      data: { conversationId: next.id },
    });
    if (moved.count === 1) void this.process(next.id);
  }

  private async hearVoice(
    conversation: ConversationRow,
    inbound: { id: string; createdAt: Date; payload: InboundPayload },
  ) {
    try {
      return await this.voice.hear(
        conversation,
        inbound,
        conversation.status === 'handoff' && this.deps.held !== undefined,
        async (messages) => {
          const outbound = await this.ctx.render(
            conversation,
            messages.map((message) => ({ type: 'send' as const, message })),
          );
          return (tx) => queueOutbound(tx, conversation, outbound, this.now());
        },
      );
    } catch (error) {
      // The message still goes on as it is: never lost for a failure around the audio.
      this.deps.logger.error({ err: error, conversationId: conversation.id }, 'voice note handling failed');
      return { type: 'as-is' as const };
    }
  }

  private async turn(conversation: ConversationRow, event: FlowEvent, inboundId: string | null): Promise<void> {
    const { logger, actions } = this.deps;
    const bundle = this.deps.flows();
    const contact = await readAddressee(this.deps.driverQuery, conversation.contactId, conversation.channel);
    const caps = this.deps.adapters.get(conversation.channel)?.capabilities;
    const ctx = {
      now: this.now(),
      channel: conversation.channel,
      contact: contact.displayName ? { name: contact.displayName } : {},
      capabilities: { attachments: caps?.attachments ?? false, buttons: (caps?.maxButtons ?? 0) > 0 },
      canal: { nombre: caps?.noun ?? 'chat' },
    };
    const actionCtx = {
      entityId: conversation.entityId,
      conversationId: conversation.id,
      contactId: conversation.contactId,
      channel: conversation.channel,
      logger,
      turnKey: inboundId ?? `${event.type}:${conversation.id}:${conversation.lastActivityAt.getTime()}`,
    };
    // With no live session the interpreter greets (or follows a global command); see step() in src/flows.
    const { session, effects } = await runTurn(
      bundle,
      parseFlowSession(conversation.session),
      event,
      ctx,
      actions,
      actionCtx,
    );
    await commitTurn(
      this.ctx,
      conversation,
      session,
      effects,
      inboundId,
      this.idleMinutesOf(conversation.channel),
      contact.recipientId,
    );
  }

  private async handleIdle(conversationId: string): Promise<void> {
    const conversation = await this.deps.prisma.conversation.findUnique({ where: { id: conversationId } });
    if (!conversation || conversation.status !== 'open') return;
    const idleMs = this.idleMinutesOf(conversation.channel) * 60_000;
    const quietFor = this.now().getTime() - conversation.lastActivityAt.getTime();
    if (quietFor < idleMs) return;
    if (parseFlowSession(conversation.session) === null) {
      await this.deps.prisma.conversation.update({
        where: { id: conversationId },
        data: { status: 'closed', closedAt: this.now(), closeReason: 'idle' },
      });
      return;
    }
    await this.turn(conversation, { type: 'idle' }, null);
    await this.deps.prisma.conversation.updateMany({
      where: { id: conversationId, status: 'open' },
      data: { status: 'closed', closedAt: this.now(), closeReason: 'idle' },
    });
    await this.deps.outbox.dispatch(conversationId);
  }

  /** The bot's idle time (bot.yaml), unless the channel waits longer for its citizens (email: days, not minutes). */
  private idleMinutesOf(channel: string): number {
    const own = this.deps.adapters.get(channel)?.capabilities.idleMinutes;
    return own ?? getIdleMinutes(this.deps.flows());
  }

  private async openConversation(entityId: string, contactId: string, channel: string): Promise<ConversationRow> {
    const { prisma } = this.deps;
    const open = await prisma.conversation.findFirst({
      where: { contactId, channel, status: { not: 'closed' } },
      orderBy: { startedAt: 'desc' },
    });
    return open ?? prisma.conversation.create({ data: { entityId, contactId, channel } });
  }
}
