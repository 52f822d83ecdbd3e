import type { Tx } from '../db/database.js';
import { getApologyText } from '../flows/index.js';
import { matchSafety } from '../flows/match-safety.js';
import type { InboundMessage, OutboundMessageInput } from '../lib/messages.js';
import type { EngineDeps } from './engine-deps.js';
import type { StoredOutbound } from './outbox.js';
import type { TurnEffect } from './run-turn.js';
import type { ConversationRow } from './store-inbound.js';

/** A safety message is not repeated in the same conversation within this time. */
const SAFETY_REPEAT_MS = 30 * 60_000;

/** What the engine lends the work around its turns. */
export interface EngineContext {
  deps: EngineDeps;
  now: () => Date;
  /** The effects' messages fitted to the conversation's channel, addressed to its citizen. */
  render(conversation: ConversationRow, effects: TurnEffect[], known?: string | null): Promise<StoredOutbound[]>;
}

/*
 * What the engine says outside a flow's turn: safety lines, the handoff service's replies while people hold the
 * conversation, and the apology when a turn fails. These stay on Prisma: they are rare next to FAQ turns.
 */

/**
 * Safety messages (bot.yaml `safety`) go out first, whoever holds the conversation: a citizen in danger is told
 * where to get help now, not after the queue or the agent's reply. Each at most once per conversation every
 * SAFETY_REPEAT_MS so a conversation about one emergency is not flooded; the stored outbound is the memory, which
 * also keeps a re-run turn from saying it twice. Returns the stored messages' ids: in a conversation people hold, the
 * caller shows them in the console after the citizen's message they answer.
 */
export async function sayForSafety(
  ctx: EngineContext,
  conversation: ConversationRow,
  inbound: { id: string; text: string | null },
): Promise<string[]> {
  const { prisma, logger } = ctx.deps;
  const matches = matchSafety(ctx.deps.flows().bot, inbound.text ?? undefined);
  if (matches.length === 0) return [];
  const recent = await prisma.message.findMany({
    where: {
      conversationId: conversation.id,
      direction: 'out',
      createdAt: { gte: new Date(ctx.now().getTime() - SAFETY_REPEAT_MS) },
      text: { in: matches.map((m) => m.rule.say) },
    },
    select: { text: true },
  });
  const said = new Set(recent.map((m) => m.text));
  const due = matches.filter((m) => !said.has(m.rule.say));
  if (due.length === 0) return [];
  const outbound = await ctx.render(
    conversation,
    due.map((m) => ({ type: 'send' as const, message: { text: m.rule.say } })),
  );
  const ids = await prisma.$transaction((tx) => queueOutbound(tx, conversation, outbound, ctx.now()));
  // The rule's name only: the citizen's words stay out of the logs.
  logger.info({ conversationId: conversation.id, rules: due.map((m) => m.name) }, 'safety message queued');
  return ids;
}

/** A person has (or is about to have) the conversation: no flow runs; the handoff service decides what is said. */
export async function toPeople(
  ctx: EngineContext,
  conversation: ConversationRow,
  inbound: { id: string; text: string | null },
  payload: { payload?: string | null; attachments?: InboundMessage['attachments'] },
): Promise<void> {
  const replies = await ctx.deps.held!.onCitizenMessage(conversation, {
    id: inbound.id,
    ...(inbound.text !== null ? { text: inbound.text } : {}),
    ...(payload.payload ? { payload: payload.payload } : {}),
    attachments: payload.attachments ?? [],
  });
  const outbound = await ctx.render(
    conversation,
    replies.map((message) => ({ type: 'send' as const, message })),
  );
  const now = ctx.now();
  await ctx.deps.prisma.$transaction(async (tx) => {
    await queueOutbound(tx, conversation, outbound, now);
    await tx.conversation.update({ where: { id: conversation.id }, data: { lastActivityAt: now } });
    await tx.message.update({ where: { id: inbound.id }, data: { status: 'processed', processedAt: now } });
  });
}

/** The error boundary: the citizen gets a short apology and a way forward; the inbound is kept as failed. */
export async function apologise(
  ctx: EngineContext,
  conversation: ConversationRow,
  inboundId: string,
  error: unknown,
): Promise<void> {
  const { prisma, logger } = ctx.deps;
  logger.error({ err: error, conversationId: conversation.id, messageId: inboundId }, 'turn failed');
  const apology: OutboundMessageInput = {
    text: getApologyText(ctx.deps.flows()),
    options: [
      { label: 'Volver al menú', value: 'menú' },
      { label: 'Hablar con un asesor', value: 'asesor' },
    ],
  };
  const [first, ...rest] = await ctx.render(conversation, [{ type: 'send', message: apology }]);
  await prisma.$transaction(async (tx) => {
    await queueOutbound(
      tx,
      conversation,
      [first, ...rest].filter((m): m is StoredOutbound => m !== undefined),
      ctx.now(),
    );
    await tx.message.update({
      where: { id: inboundId },
      data: {
        status: 'failed',
        processedAt: ctx.now(),
        lastError: error instanceof Error ? error.message : String(error),
      },
    });
  });
}

/**
 * Stores replies for the outbox. Outbound order is createdAt order: rows start after this conversation's newest
 * message, in or out, so turns never interleave and a reply never sorts before the message it answers, even when the
 * clock stands still or steps back.
 */
export async function queueOutbound(
  tx: Tx,
  conversation: ConversationRow,
  outbound: StoredOutbound[],
  now: Date,
): Promise<string[]> {
  const newest = await tx.message.findFirst({
    where: { conversationId: conversation.id },
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
        payload: stored,
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
