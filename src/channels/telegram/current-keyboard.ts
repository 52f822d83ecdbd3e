import { openOffer } from '../../core/open-offer.js';
import type { Db } from '../../db/database.js';
import type { KeyboardCheck } from './telegram-adapter.js';
import { telegramChannelName } from './update-to-inbound.js';

/**
 * A tapped keyboard is current when its message is the newest question of the conversation still open: nothing the
 * citizen sent since answered or passed it, and no newer message with options replaced it. Read from the stored
 * messages (the outbox records the chat message id of each send), so it holds across restarts and instances.
 * Callback data stays the option's value: scoping lives here, not in the 64 bytes of the button.
 */
export function currentKeyboard(prisma: Db, entityId: string): KeyboardCheck {
  return {
    async isCurrent(chatId, messageId) {
      const sent = await prisma.message.findUnique({
        where: {
          entityId_channel_channelMessageId: {
            entityId,
            channel: telegramChannelName,
            channelMessageId: `${chatId}:${messageId}`,
          },
        },
        select: { id: true, conversationId: true, direction: true },
      });
      if (!sent || sent.direction !== 'out') return false;
      const offer = await openOffer(prisma, sent.conversationId);
      return offer?.messageId === sent.id;
    },
  };
}
