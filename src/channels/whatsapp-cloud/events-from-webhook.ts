import type { DeliveryUpdate } from '../../core/channel-adapter.js';
import type { Attachment, InboundMessage } from '../../lib/messages.js';
import { graphErrorReason } from './graph-error.js';
import {
  readContacts,
  WebhookMessage,
  WebhookStatus,
  type WebhookBody,
  type WebhookContact,
} from './webhook-payload.js';

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
  /** A citizen's message we cannot understand (sticker, contact card, a type Meta does not support): answered kindly. */
  | { kind: 'unsupported'; what: string; channelMessageId: string; senderId: string }
  | { kind: 'ignored'; what: string; channelMessageId?: string }
  /** An item that does not have the documented shape: skipped, so the rest of the call still counts. */
  | { kind: 'invalid'; what: 'message' | 'status'; reason: string; fields: string[] };

const deliveryStatuses = new Set(['sent', 'delivered', 'read', 'failed']);

/**
 * Messages that are not requests. A reaction is feedback on a message of ours (or its removal); a system message says
 * the user changed number; request_welcome is WhatsApp opening the chat. Answering "I only understand text" to a 👍
 * would be noise, and could even draw another reaction.
 */
const silentTypes = new Set(['reaction', 'system', 'request_welcome']);

/**
 * What one webhook call says, in order: citizens' messages as neutral inbound messages (media still to download) and
 * delivery statuses for what we sent. Changes for another phone number of the same Meta app are left alone.
 */
export function eventsFromWebhook(
  body: WebhookBody,
  options: { entityId: string; phoneNumberId: string },
): WebhookEvent[] {
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
      const contacts = readContacts(value.contacts);
      for (const item of value.messages ?? []) {
        const parsed = WebhookMessage.safeParse(item);
        if (!parsed.success) {
          events.push(invalid('message', 'shape', parsed.error.issues));
          continue;
        }
        const m = parsed.data;
        const senderId = senderOf(m);
        if (!senderId) {
          events.push({ kind: 'invalid', what: 'message', reason: 'no-sender', fields: ['from', 'from_user_id'] });
          continue;
        }
        events.push(messageEvent(m, senderId, nameOf(senderId, m, contacts), options.entityId));
      }
      for (const item of value.statuses ?? []) {
        const parsed = WebhookStatus.safeParse(item);
        events.push(
          parsed.success ? statusEvent(parsed.data, options.entityId) : invalid('status', 'shape', parsed.error.issues),
        );
      }
      for (const e of value.errors ?? []) events.push({ kind: 'ignored', what: `error:${e.code ?? 'unknown'}` });
    }
  }
  return events;
}

/** Which fields were wrong, never their values: they may be a citizen's number or words. */
function invalid(what: 'message' | 'status', reason: string, issues: { path: PropertyKey[] }[]): WebhookEvent {
  return {
    kind: 'invalid',
    what,
    reason,
    fields: [...new Set(issues.map((i) => i.path.map(String).join('.')))].slice(0, 10),
  };
}

/**
 * The citizen's id: the phone number when Meta shares it (so contacts from before usernames keep their history), else
 * the business-scoped user id Meta puts on every message (from_user_id). With neither, the message is nobody's.
 */
function senderOf(m: WebhookMessage): string | undefined {
  return m.from ?? m.from_user_id;
}

function nameOf(senderId: string, m: WebhookMessage, contacts: WebhookContact[]): string | undefined {
  // Matched by phone or BSUID; a lone contact is the sender's (Meta names each message's sender next to it).
  const contact =
    contacts.find(
      (c) => c.wa_id === senderId || (c.user_id !== undefined && c.user_id === (m.from_user_id ?? senderId)),
    ) ?? (contacts.length === 1 ? contacts[0] : undefined);
  return contact?.profile?.name || undefined;
}

function messageEvent(
  m: WebhookMessage,
  senderId: string,
  senderName: string | undefined,
  entityId: string,
): WebhookEvent {
  const base = {
    entityId,
    channel,
    senderId,
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
          message: message({
            ...(m.button.text ? { text: m.button.text } : {}),
            ...(m.button.payload ? { payload: m.button.payload } : {}),
          }),
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
      return {
        kind: 'message',
        message: message({
          ...(media.caption ? { text: media.caption } : {}),
          attachments: [mediaAttachment(pending)],
        }),
        media: pending,
      };
    }
    case 'location':
      if (m.location) {
        const { latitude, longitude, name, address } = m.location;
        const caption = [name, address].filter(Boolean).join(', ');
        return {
          kind: 'message',
          message: message({
            attachments: [
              {
                kind: 'location',
                ref: `geo:${latitude},${longitude}`,
                ...(caption ? { caption: caption.slice(0, 4096) } : {}),
              },
            ],
          }),
        };
      }
      break;
  }
  if (silentTypes.has(m.type)) return { kind: 'ignored', what: `message:${m.type}`, channelMessageId: m.id };
  return { kind: 'unsupported', what: `message:${m.type}`, channelMessageId: m.id, senderId };
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
