import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import type { FlowBundle, FlowEvent, FlowSession, JsonValue } from '../flows/index.js';
import { getApologyText, getIdleMinutes, parseFlowSession } from '../flows/index.js';
import { matchSafety } from '../flows/match-safety.js';
import type { ActionRegistry } from './action-registry.js';
import type { ChannelAdapter } from './channel-adapter.js';
import { ensureContactState } from './ensure-contact.js';
import type { DriverQuery, RunInDriverTransaction } from '../db/driver-transaction.js';
import { readAddressee, readNextInbound } from './turn-reads.js';
import { cancelJobIn, scheduleJobIn, type JobScheduler } from './job-scheduler.js';
import { KeyedQueue } from './keyed-queue.js';
import type { InboundMessage, OutboundMessageInput } from '../lib/messages.js';
import type { Outbox, StoredOutbound } from './outbox.js';
import { joinTurn, renderForChannel } from './render-outbound.js';
import { runTurn, type TurnEffect } from './run-turn.js';
import { closeUnlessHeldIn, markProcessedIn, queueOutboundIn, renameContactIn, saveSessionIn } from './turn-writes.js';
import { TurnGate, type TurnLoad } from './turn-gate.js';
import type { Transcriber } from '../transcription/transcriber.js';
import { isVoiceOnly, VoiceNotes, type InboundPayload } from './voice-notes.js';
import { storeInbound, type ConversationRow } from './store-inbound.js';

export const idleJobKind = 'conversation.idle';
/** A safety message is not repeated in the same conversation within this time. */
const SAFETY_REPEAT_MS = 30 * 60_000;

/** A conversation waiting for or held by a person (status 'handoff'). */
export interface HeldConversation {
  id: string;
  entityId: string;
  contactId: string;
  channel: string;
}

/**
 * Where messages of conversations in the hands of people go instead of the flows (the handoff service). The bot
 * says nothing on its own there: only what this returns (the place in the queue, confirming the citizen left it).
 */
export interface HeldConversations {
  onCitizenMessage(
    conversation: HeldConversation,
    message: { id: string; text?: string; payload?: string; attachments: InboundMessage['attachments'] },
  ): Promise<OutboundMessageInput[]>;
  /** The bot said something in a held conversation (a safety message): the agent must see it as it happens. */
  onBotMessages?(conversation: HeldConversation, messageIds: string[]): void;
}

export interface EngineDeps {
  prisma: Db;
  /** The turn's writes run here, on the driver, in one transaction (Database.driverTransaction). */
  driverTransaction: RunInDriverTransaction;
  /** The turn's hot reads (Database.driverQuery). */
  driverQuery: DriverQuery;
  logger: Logger;
  /** The current valid flows; a reload swaps what this returns. */
  flows: () => FlowBundle;
  actions: ActionRegistry;
  adapters: ReadonlyMap<string, ChannelAdapter>;
  outbox: Outbox;
  jobs: JobScheduler;
  /** Conversations with people; without it a conversation never leaves the bot. */
  held?: HeldConversations;
  /**
   * Several instances share the database (PostgreSQL): a conversation's turns are claimed with a short lock in its
   * row, so two instances never run them at once. One process (SQLite) needs no lock: the in-process queue orders.
   */
  exclusive?: { instanceId: string; lockMs?: number };
  /** Speech to text for voice notes (TRANSCRIPTION_URL); without it citizens are asked to write. */
  transcriber?: Transcriber;
  /**
   * Conversations processed at once (TurnGate); the others wait, their messages already stored and acknowledged.
   * Database connections bound it: one SQLite connection serialises everything anyway; PostgreSQL has its pool.
   */
  turnConcurrency?: number;
  now?: () => Date;
}

/**
 * The turn pipeline (DESIGN.md): an inbound message is stored before anything else and deduplicated by the channel's
 * id; each conversation's messages are then processed one at a time in arrival order; a turn's replies, its session
 * and the inbound's status are written in one transaction, so a crash anywhere re-runs the turn rather than losing
 * or doubling it; replies leave through the outbox.
 */
export class ConversationEngine {
  private queue = new KeyedQueue();
  private readonly gate: TurnGate;
  private readonly now: () => Date;
  private readonly voice: VoiceNotes;

  constructor(private readonly deps: EngineDeps) {
    this.now = deps.now ?? (() => new Date());
    this.gate = new TurnGate(deps.turnConcurrency ?? 2);
    this.voice = new VoiceNotes({
      prisma: deps.prisma,
      logger: deps.logger,
      now: this.now,
      ...(deps.transcriber ? { transcriber: deps.transcriber } : {}),
    });
    deps.jobs.register(idleJobKind, async (payload) => {
      const conversationId = (payload as { conversationId: string }).conversationId;
      await this.queue.run(conversationId, () => this.handleIdle(conversationId));
    });
  }

  /** Stores the message (the channel may acknowledge it then) and schedules its processing. */
  async receive(
    message: InboundMessage,
  ): Promise<{ duplicate: boolean; conversationId: string; messageId: string; busy?: boolean }> {
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
    const stored = await storeInbound(prisma, this.deps.driverQuery, message, contactId, this.now());
    if ('duplicate' in stored) {
      const first = await prisma.message.findUniqueOrThrow({
        where: {
          entityId_channel_channelMessageId: {
            entityId: message.entityId,
            channel: message.channel,
            channelMessageId: message.channelMessageId,
          },
        },
        select: { id: true, conversationId: true },
      });
      this.deps.logger.debug({ channel: message.channel, conversationId: first.conversationId }, 'duplicate inbound ignored');
      return { duplicate: true, conversationId: first.conversationId, messageId: first.id };
    }
    const { conversation, messageId } = stored;
    const busy = this.gate.busy();
    void this.process(conversation.id);
    return { duplicate: false, conversationId: conversation.id, messageId, ...(busy ? { busy } : {}) };
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
      const outbound = (await this.renderOutbound(conversation, [{ type: 'send', message }])).map((o) => ({
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
      try {
        await this.sayForSafety(conversation, inbound);
      } catch (error) {
        // The turn still runs: a failed safety line must not also cost the citizen the answer.
        this.deps.logger.error({ err: error, conversationId }, 'safety message failed');
      }
      if (conversation.status === 'handoff' && this.deps.held) {
        try {
          await this.toPeople(conversation, inbound, payload);
        } catch (error) {
          await this.apologise(conversation, inbound.id, error);
        }
        continue;
      }
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
        await this.apologise(conversation, inbound.id, error);
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
          const outbound = await this.renderOutbound(
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

  /**
   * Safety messages (bot.yaml `safety`) go out first, whoever holds the conversation: a citizen in danger is told
   * where to get help now, not after the queue or the agent's reply. Each at most once per conversation every
   * SAFETY_REPEAT_MS so a conversation about one emergency is not flooded; the stored outbound is the memory, which
   * also keeps a re-run turn from saying it twice.
   */
  private async sayForSafety(
    conversation: ConversationRow,
    inbound: { id: string; text: string | null },
  ): Promise<void> {
    const { prisma, logger } = this.deps;
    const matches = matchSafety(this.deps.flows().bot, inbound.text ?? undefined);
    if (matches.length === 0) return;
    const recent = await prisma.message.findMany({
      where: {
        conversationId: conversation.id,
        direction: 'out',
        createdAt: { gte: new Date(this.now().getTime() - SAFETY_REPEAT_MS) },
        text: { in: matches.map((m) => m.rule.say) },
      },
      select: { text: true },
    });
    const said = new Set(recent.map((m) => m.text));
    const due = matches.filter((m) => !said.has(m.rule.say));
    if (due.length === 0) return;
    const outbound = await this.renderOutbound(
      conversation,
      due.map((m) => ({ type: 'send' as const, message: { text: m.rule.say } })),
    );
    const ids = await prisma.$transaction((tx) => queueOutbound(tx, conversation, outbound, this.now()));
    // The rule's name only: the citizen's words stay out of the logs.
    logger.info({ conversationId: conversation.id, rules: due.map((m) => m.name) }, 'safety message queued');
    if (conversation.status === 'handoff') this.deps.held?.onBotMessages?.(conversation, ids);
  }

  /** A person has (or is about to have) the conversation: no flow runs; the handoff service decides what is said. */
  private async toPeople(
    conversation: ConversationRow,
    inbound: { id: string; text: string | null },
    payload: { payload?: string | null; attachments?: InboundMessage['attachments'] },
  ): Promise<void> {
    const replies = await this.deps.held!.onCitizenMessage(conversation, {
      id: inbound.id,
      ...(inbound.text !== null ? { text: inbound.text } : {}),
      ...(payload.payload ? { payload: payload.payload } : {}),
      attachments: payload.attachments ?? [],
    });
    const outbound = await this.renderOutbound(
      conversation,
      replies.map((message) => ({ type: 'send' as const, message })),
    );
    const now = this.now();
    await this.deps.prisma.$transaction(async (tx) => {
      await queueOutbound(tx, conversation, outbound, now);
      await tx.conversation.update({ where: { id: conversation.id }, data: { lastActivityAt: now } });
      await tx.message.update({ where: { id: inbound.id }, data: { status: 'processed', processedAt: now } });
    });
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
    await this.commitTurn(
      conversation,
      session,
      effects,
      inboundId,
      this.idleMinutesOf(conversation.channel),
      contact.recipientId,
    );
  }

  private async commitTurn(
    conversation: ConversationRow,
    session: FlowSession,
    effects: TurnEffect[],
    inboundId: string | null,
    idleMinutes: number,
    recipientId: string | null,
  ): Promise<void> {
    const now = this.now();
    const end = effects.find((e): e is Extract<TurnEffect, { type: 'end' }> => e.type === 'end');
    const remembered = effects
      .filter((e): e is Extract<TurnEffect, { type: 'remember' }> => e.type === 'remember')
      .at(-1);
    const outbound = await this.renderOutbound(conversation, effects, recipientId);
    const idleKey = `${idleJobKind}:${conversation.id}`;
    // Everything the turn writes, its idle timer included, in one transaction on the driver: Prisma's per-statement
    // cost was most of a turn's CPU (issue #20). All or nothing: a failure leaves the inbound `received` for the
    // apology path or a re-run.
    await this.deps.driverTransaction(async (tx) => {
      await queueOutboundIn(tx, conversation, outbound, now);
      const status = await saveSessionIn(tx, conversation.id, session, now);
      // A flow that hands the conversation to people ends its own part; the conversation stays with them.
      if (end) await closeUnlessHeldIn(tx, conversation.id, end.reason, now);
      if (remembered) await renameContactIn(tx, conversation.contactId, remembered.value);
      if (inboundId) await markProcessedIn(tx, inboundId, now);
      // People's timers (handoff) take over from the bot's idle timer.
      if (end || status === 'handoff') await cancelJobIn(tx, idleKey);
      else
        await scheduleJobIn(
          tx,
          {
            entityId: conversation.entityId,
            kind: idleJobKind,
            key: idleKey,
            runAt: new Date(now.getTime() + idleMinutes * 60_000),
            payload: { conversationId: conversation.id },
          },
          now,
        );
    });
  }

  /** `known`: the recipient the turn already read with its contact (undefined: read it here). */
  private async renderOutbound(
    conversation: ConversationRow,
    effects: TurnEffect[],
    known?: string | null,
  ): Promise<StoredOutbound[]> {
    const adapter = this.deps.adapters.get(conversation.channel);
    const caps = adapter?.capabilities ?? {
      maxButtons: 0,
      maxTextLength: 4096,
      typingIndicator: false,
      attachments: false,
    };
    if (known === null) throw new Error(`conversation ${conversation.id} has no ${conversation.channel} identity`);
    const recipientId = known ?? (await this.recipientOf(conversation));
    const rendered = effects
      .filter((e): e is Extract<TurnEffect, { type: 'send' }> => e.type === 'send')
      .flatMap((e) => renderForChannel(e.message, caps));
    return (caps.onePerTurn ? joinTurn(rendered, caps) : rendered).map((message) => ({ recipientId, message }));
  }

  /** The error boundary: the citizen gets a short apology and a way forward; the inbound is kept as failed. */
  private async apologise(conversation: ConversationRow, inboundId: string, error: unknown): Promise<void> {
    const { prisma, logger } = this.deps;
    logger.error({ err: error, conversationId: conversation.id, messageId: inboundId }, 'turn failed');
    const apology: OutboundMessageInput = {
      text: getApologyText(this.deps.flows()),
      options: [
        { label: 'Volver al menú', value: 'menú' },
        { label: 'Hablar con un asesor', value: 'asesor' },
      ],
    };
    const [first, ...rest] = await this.renderOutbound(conversation, [{ type: 'send', message: apology }]);
    await prisma.$transaction(async (tx) => {
      await queueOutbound(
        tx,
        conversation,
        [first, ...rest].filter((m): m is StoredOutbound => m !== undefined),
        this.now(),
      );
      await tx.message.update({
        where: { id: inboundId },
        data: {
          status: 'failed',
          processedAt: this.now(),
          lastError: error instanceof Error ? error.message : String(error),
        },
      });
    });
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

  private async recipientOf(conversation: ConversationRow): Promise<string> {
    const identity = await this.deps.prisma.contactIdentity.findFirst({
      where: { contactId: conversation.contactId, channel: conversation.channel },
      orderBy: { createdAt: 'desc' },
    });
    if (!identity) throw new Error(`conversation ${conversation.id} has no ${conversation.channel} identity`);
    return identity.externalId;
  }
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/**
 * Stores replies for the outbox. Outbound order is createdAt order: rows start after this conversation's newest one,
 * so turns never interleave even when the clock stands still or steps back.
 */
async function queueOutbound(
  tx: Tx,
  conversation: ConversationRow,
  outbound: StoredOutbound[],
  now: Date,
): Promise<string[]> {
  const newest = await tx.message.findFirst({
    where: { conversationId: conversation.id, direction: 'out' },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  });
  const base = Math.max(now.getTime(), (newest?.createdAt.getTime() ?? 0) + 1);
  const ids: string[] = [];
  for (const [i, stored] of outbound.entries()) {
    const { id } = await tx.message.create({
      data: {
        entityId: conversation.entityId,
        conversationId: conversation.id,
        direction: 'out',
        channel: conversation.channel,
        text: stored.message.text,
        payload: stored as unknown as object,
        status: 'queued',
        staffId: stored.staffId ?? null,
        createdAt: new Date(base + i),
      },
      select: { id: true },
    });
    ids.push(id);
  }
  return ids;
}
