import { commitTurn } from './commit-turn.js';
import { readFirst } from './first-reading.js';
import type { EngineContext } from './off-turn-messages.js';
import type { ConversationRow } from './store-inbound.js';
import type { InboundPayload } from './voice-notes.js';

/**
 * The channel's first reading answered the message (see first-reading.ts): its replies are the turn, and the session
 * stays as it was (nothing, or the menu), so the citizen's next message starts from there.
 */
export async function answeredFirst(
  ctx: EngineContext,
  conversation: ConversationRow,
  inbound: { id: string; text: string | null },
  payload: InboundPayload,
  idleMinutes: number,
): Promise<boolean> {
  const replies = await readFirst(
    ctx.deps.firstReadings,
    ctx.deps.flows(),
    {
      entityId: conversation.entityId,
      conversationId: conversation.id,
      contactId: conversation.contactId,
      channel: conversation.channel,
      inboundId: inbound.id,
      text: inbound.text ?? '',
      attachments: payload.attachments ?? [],
    },
    conversation.session,
    ctx.deps.logger,
  );
  if (!replies) return false;
  const effects = replies.map((message) => ({ type: 'send' as const, message }));
  await commitTurn(ctx, conversation, conversation.session, effects, inbound.id, idleMinutes);
  return true;
}
