import type { Db } from '../db/database.js';
import { OutboundOption } from '../lib/messages.js';

/** How far back the newest question's options are looked for. */
const lookBack = 30;

/**
 * The options the conversation's newest question offered, while they are still open: the newest outbound message
 * with options, as long as the citizen sent nothing after it (any message of theirs answered or passed it). Messages
 * stored at or after `before` are not considered (the message being handled). Channels use it to tell a tap on an
 * old keyboard from an answer to the pending question; a voice note that could not be heard offers them again.
 */
export async function openOffer(
  prisma: Db,
  conversationId: string,
  before?: Date,
): Promise<{ messageId: string; options: OutboundOption[] } | null> {
  const recent = await prisma.message.findMany({
    where: { conversationId, ...(before ? { createdAt: { lt: before } } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: lookBack,
    select: { id: true, direction: true, payload: true },
  });
  for (const row of recent) {
    if (row.direction === 'in') return null;
    const options = optionsOf(row.payload);
    if (options.length > 0) return { messageId: row.id, options };
  }
  return null;
}

function optionsOf(payload: unknown): OutboundOption[] {
  const options = (payload as { message?: { options?: unknown } } | null)?.message?.options;
  const parsed = OutboundOption.array().safeParse(options);
  return parsed.success ? parsed.data : [];
}
