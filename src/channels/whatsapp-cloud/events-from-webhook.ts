import type { DeliveryUpdate } from '../../core/channel-adapter.js';
import type { Attachment, InboundMessage } from '../../core/messages.js';
import { graphErrorReason } from './graph-error.js';
import type { WebhookBody, WebhookMessage, WebhookStatus } from './webhook-payload.js';

export const channel = 'whatsapp-cloud' as const;
export const mediaRefPrefix = 'whatsapp-cloud:';

/** A file the citizen sent that is still on Meta's side; the adapter downloads it to keep a copy. */
export interface PendingMedia {
  id: string;
  kind: 'image' | 'document' | 'audio' | 'video';
  mimeType?: string;
  fileName?: string;
  caption?: string;
}

export type WebhookEvent =
  | { kind: 'message'; message: InboundMessage; media?: PendingMedia }
  | { kind: 'status'; update: DeliveryUpdate }
  | { kind: 'ignored'; what: string; channelMessageId?: string };

const deliveryStatuses = new Set(['sent', 'delivered', 'read', 'failed']);

/**
 * What one webhook call says, in order: citizens' messages as neutral inbound messages (media still to download) and
 * delivery statuses for what we sent. Changes for another phone number of the same Meta app are left alone.
 */
export function eventsFromWebhook(body: WebhookBody, options: { entityId: string; phoneNumberId: string }): WebhookEvent[] {
  const events: WebhookEvent[] = [];
  for (const entry of body.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') {
        events.push({ kind: 'ignored', what: `field:${change.field}` });
        continue;
      }
      const value = change.value;
      if (value.metadata && value.metadata.phone_number_id !== options.phoneNumberId) {
        events.push({ kind: 'ignored', what: 'other-phone-number' });
        continue;
      }
      const names = new Map((value.contacts ?? []).flatMap((c) => (c.wa_id && c.profile?.name ? [[c.wa_id, c.profile.name] as const] : [])));
      for (const m of value.messages ?? []) events.push(messageEvent(m, names.get(m.from), options.entityId));
      for (const s of value.statuses ?? []) events.push(statusEvent(s, options.entityId));
      for (const e of value.errors ?? []) events.push({ kind: 'ignored', what: `error:${e.code ?? 'unknown'}` });
    }
  }
  return events;
}

function messageEvent(m: WebhookMessage, senderName: string | undefined, entityId: string): WebhookEvent {
  const base = {
    entityId,
    channel,
    senderId: m.from,
    ...(senderName ? { senderName: senderName.slice(0, 255) } : {}),
    channelMessageId: m.id,
    receivedAt: new Date(Number(m.timestamp) * 1000),
  };
  const message = (extra: { text?: string; payload?: string; attachments?: Attachment[] }): InboundMessage => ({
    ...base,
    ...(extra.text !== undefined ? { text: extra.text } : {}),
    ...(extra.payload !== undefined ? { payload: extra.payload } : {}),
    attachments: extra.attachments ?? [],
  });
  switch (m.type) {
    case 'text':
      if (m.text) return { kind: 'message', message: message({ text: m.text.body }) };
      break;
    case 'interactive': {
      // The title is what the citizen saw and tapped; the id is the option's value.
      const reply = m.interactive?.button_reply ?? m.interactive?.list_reply;
      if (reply) return { kind: 'message', message: message({ text: reply.title, payload: reply.id }) };
      break;
    }
    case 'button':
      // A quick-reply button of a template.
      if (m.button) {
        return {
          kind: 'message',
          message: message({ ...(m.button.text ? { text: m.button.text } : {}), ...(m.button.payload ? { payload: m.button.payload } : {}) }),
        };
      }
      break;
    case 'image':
    case 'document':
    case 'audio':
    case 'video': {
      const media = m[m.type];
      if (!media) break;
      const pending: PendingMedia = {
        id: media.id,
        kind: m.type,
        ...(media.mime_type ? { mimeType: media.mime_type } : {}),
        ...(media.filename ? { fileName: media.filename } : {}),
        ...(media.caption ? { caption: media.caption } : {}),
      };
      return { kind: 'message', message: message({ ...(media.caption ? { text: media.caption } : {}), attachments: [mediaAttachment(pending)] }), media: pending };
    }
    case 'location':
      if (m.location) {
        const { latitude, longitude, name, address } = m.location;
        const caption = [name, address].filter(Boolean).join(', ');
        return {
          kind: 'message',
          message: message({ attachments: [{ kind: 'location', ref: `geo:${latitude},${longitude}`, ...(caption ? { caption: caption.slice(0, 4096) } : {}) }] }),
        };
      }
      break;
  }
  return { kind: 'ignored', what: `message:${m.type}`, channelMessageId: m.id };
}

/** The attachment that points at Meta's copy, used when ours could not be kept. */
export function mediaAttachment(media: PendingMedia): Attachment {
  return {
    kind: media.kind,
    ref: `${mediaRefPrefix}${media.id}`,
    ...(media.mimeType ? { mimeType: media.mimeType.slice(0, 255) } : {}),
    ...(media.fileName ? { fileName: media.fileName.slice(0, 255) } : {}),
    ...(media.caption ? { caption: media.caption } : {}),
  };
}

function statusEvent(s: WebhookStatus, entityId: string): WebhookEvent {
  if (!deliveryStatuses.has(s.status)) return { kind: 'ignored', what: `status:${s.status}`, channelMessageId: s.id };
  const first = s.errors?.[0];
  return {
    kind: 'status',
    update: {
      entityId,
      channel,
      channelMessageId: s.id,
      status: s.status as DeliveryUpdate['status'],
      at: new Date(Number(s.timestamp) * 1000),
      ...(s.status === 'failed'
        ? {
            error: graphErrorReason(
              first
                ? {
                    ...(first.code !== undefined ? { code: first.code } : {}),
                    ...(first.title !== undefined ? { title: first.title } : {}),
                    ...(first.message !== undefined ? { message: first.message } : {}),
                    ...(first.error_data?.details !== undefined ? { details: first.error_data.details } : {}),
                  }
                : undefined,
            ),
          }
        : {}),
    },
  };
}
