import type { WAMessageUpdate } from '@whiskeysockets/baileys';
import type { DeliveryUpdate } from '../../core/channel-adapter.js';

// proto.WebMessageInfo.Status: ERROR 0, PENDING 1, SERVER_ACK 2, DELIVERY_ACK 3, READ 4, PLAYED 5.
const statuses: Record<number, DeliveryUpdate['status']> = {
  0: 'failed',
  2: 'sent',
  3: 'delivered',
  4: 'read',
  5: 'read',
};

/** A receipt for something we sent, in the neutral model's words; undefined for anything else. */
export function toDeliveryUpdate(update: WAMessageUpdate, entityId: string, at: Date): DeliveryUpdate | undefined {
  if (!update.key.fromMe || !update.key.id) return undefined;
  const code = update.update.status;
  const status = typeof code === 'number' ? statuses[code] : undefined;
  if (!status) return undefined;
  return {
    entityId,
    channel: 'whatsapp',
    channelMessageId: update.key.id,
    status,
    at,
    ...(status === 'failed' ? { error: 'WhatsApp no pudo entregar el mensaje.' } : {}),
  };
}
