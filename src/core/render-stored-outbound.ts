import type { Db } from '../db/database.js';
import type { EngineDeps } from './engine-deps.js';
import type { StoredOutbound } from './outbox.js';
import { joinTurn, renderForChannel } from './render-outbound.js';
import type { TurnEffect } from './run-turn.js';
import type { ConversationRow } from './store-inbound.js';

/** `known`: the recipient the turn already read with its contact (undefined: read it here). */
export async function renderStoredOutbound(
  deps: Pick<EngineDeps, 'adapters' | 'prisma'>,
  conversation: ConversationRow,
  effects: TurnEffect[],
  known?: string | null,
): Promise<StoredOutbound[]> {
  const adapter = deps.adapters.get(conversation.channel);
  const caps = adapter?.capabilities ?? {
    maxButtons: 0,
    maxTextLength: 4096,
    typingIndicator: false,
    attachments: false,
  };
  if (known === null) throw new Error(`conversation ${conversation.id} has no ${conversation.channel} identity`);
  const recipientId = known ?? (await recipientOf(deps.prisma, conversation));
  const rendered = effects
    .filter((e): e is Extract<TurnEffect, { type: 'send' }> => e.type === 'send')
    .flatMap((e) => renderForChannel(e.message, caps));
  return (caps.onePerTurn ? joinTurn(rendered, caps) : rendered).map((message) => ({ recipientId, message }));
}

async function recipientOf(prisma: Db, conversation: ConversationRow): Promise<string> {
  const identity = await prisma.contactIdentity.findFirst({
    where: { contactId: conversation.contactId, channel: conversation.channel },
    orderBy: { createdAt: 'desc' },
  });
  if (!identity) throw new Error(`conversation ${conversation.id} has no ${conversation.channel} identity`);
  return identity.externalId;
}
