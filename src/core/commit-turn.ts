import type { FlowSession } from '../flows/index.js';
import { idleJobKind } from './engine-deps.js';
import { cancelJobIn, scheduleJobIn } from './job-scheduler.js';
import type { EngineContext } from './off-turn-messages.js';
import type { TurnEffect } from './run-turn.js';
import type { ConversationRow } from './store-inbound.js';
import { closeUnlessHeldIn, markProcessedIn, queueOutboundIn, renameContactIn, saveSessionIn } from './turn-writes.js';

/**
 * A flow turn's outcome written: replies, session, end, contact name, inbound processed and the idle timer.
 * `session`: what the conversation keeps (a flow session, or what it already had); `recipientId` undefined: read it.
 */
export async function commitTurn(
  ctx: EngineContext,
  conversation: ConversationRow,
  session: FlowSession | unknown,
  effects: TurnEffect[],
  inboundId: string | null,
  idleMinutes: number,
  recipientId?: string | null,
): Promise<void> {
  const now = ctx.now();
  const end = effects.find((e): e is Extract<TurnEffect, { type: 'end' }> => e.type === 'end');
  const remembered = effects
    .filter((e): e is Extract<TurnEffect, { type: 'remember' }> => e.type === 'remember')
    .at(-1);
  const outbound = await ctx.render(conversation, effects, recipientId);
  const idleKey = `${idleJobKind.name}:${conversation.id}`;
  // Everything the turn writes, its idle timer included, in one transaction on the driver: Prisma's per-statement
  // cost was most of a turn's CPU (issue #20). All or nothing: a failure leaves the inbound `received` for the
  // apology path or a re-run.
  await ctx.deps.driverTransaction(async (tx) => {
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
