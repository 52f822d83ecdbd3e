import type { proto, WAMessage } from '@whiskeysockets/baileys';
import type { Attachment } from '../../lib/messages.js';
import { isIgnoredJid, personIds, type PersonIds } from './whatsapp-jid.js';

/** A file the citizen sent that the adapter still has to download (and keep) before handing the message on. */
export interface InboundMedia {
  kind: 'image' | 'document' | 'audio' | 'video';
  mimeType?: string;
  fileName?: string;
  caption?: string;
  sizeBytes?: number;
}

/** A Baileys message translated as far as a pure function can: media bytes are fetched by the adapter. */
export interface InboundDraft {
  sender: PersonIds;
  senderName?: string;
  channelMessageId: string;
  text?: string;
  payload?: string;
  /** Attachments that need nothing fetched (locations). */
  attachments: Attachment[];
  media?: InboundMedia;
  receivedAt: Date;
}

export type InboundResult = { ignored: IgnoreReason } | { draft: InboundDraft };
export type IgnoreReason = 'own' | 'not-a-person' | 'no-content' | 'no-id';

type Content = proto.IMessage;

/**
 * WhatsApp wraps the real content in containers (disappearing messages, view once, documents with a caption, edits);
 * the citizen meant what is inside.
 */
export function unwrapContent(message: Content | null | undefined): Content | undefined {
  let content = message ?? undefined;
  for (let depth = 0; content && depth < 5; depth++) {
    const inner =
      content.ephemeralMessage?.message ??
      content.viewOnceMessage?.message ??
      content.viewOnceMessageV2?.message ??
      content.viewOnceMessageV2Extension?.message ??
      content.documentWithCaptionMessage?.message;
    if (!inner) return content;
    content = inner;
  }
  return content;
}

/** Seconds since the epoch as protobuf gives them (number or Long) to a date; the clock when absent. */
function timestampOf(value: WAMessage['messageTimestamp'], now: Date): Date {
  const seconds = value == null ? NaN : Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : now;
}

function text(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function size(value: number | Long | null | undefined): number | undefined {
  const n = value == null ? NaN : Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

type Long = { toNumber(): number };

/** The id of the option picked in a native-flow reply (its params are JSON with an `id`). */
function nativeFlowId(paramsJson: string | null | undefined): string | undefined {
  if (!paramsJson) return undefined;
  try {
    const parsed = JSON.parse(paramsJson) as { id?: unknown };
    return typeof parsed.id === 'string' ? text(parsed.id) : undefined;
  } catch {
    return undefined;
  }
}

/** What the citizen wrote or picked: text, and the option's id as payload for button, list and template replies. */
function textAndPayload(content: Content): { text?: string; payload?: string } {
  const button = content.buttonsResponseMessage;
  if (button) return clean({ text: text(button.selectedDisplayText), payload: text(button.selectedButtonId) });
  const list = content.listResponseMessage;
  if (list) return clean({ text: text(list.title), payload: text(list.singleSelectReply?.selectedRowId) });
  const template = content.templateButtonReplyMessage;
  if (template) return clean({ text: text(template.selectedDisplayText), payload: text(template.selectedId) });
  const interactive = content.interactiveResponseMessage;
  if (interactive) {
    return clean({
      text: text(interactive.body?.text),
      payload: nativeFlowId(interactive.nativeFlowResponseMessage?.paramsJson),
    });
  }
  return clean({ text: text(content.conversation) ?? text(content.extendedTextMessage?.text) });
}

function clean<T extends Record<string, unknown>>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

function mediaOf(content: Content): InboundMedia | undefined {
  if (content.imageMessage) {
    const m = content.imageMessage;
    return clean({
      kind: 'image' as const,
      mimeType: text(m.mimetype),
      caption: text(m.caption),
      sizeBytes: size(m.fileLength),
    });
  }
  if (content.documentMessage) {
    const m = content.documentMessage;
    return clean({
      kind: 'document' as const,
      mimeType: text(m.mimetype),
      fileName: text(m.fileName),
      caption: text(m.caption),
      sizeBytes: size(m.fileLength),
    });
  }
  if (content.audioMessage) {
    const m = content.audioMessage;
    return clean({ kind: 'audio' as const, mimeType: text(m.mimetype), sizeBytes: size(m.fileLength) });
  }
  if (content.videoMessage) {
    const m = content.videoMessage;
    return clean({
      kind: 'video' as const,
      mimeType: text(m.mimetype),
      caption: text(m.caption),
      sizeBytes: size(m.fileLength),
    });
  }
  return undefined;
}

function locationOf(content: Content): Attachment | undefined {
  const l = content.locationMessage ?? content.liveLocationMessage;
  if (!l || typeof l.degreesLatitude !== 'number' || typeof l.degreesLongitude !== 'number') return undefined;
  const place = 'name' in l ? [text(l.name), text(l.address)].filter(Boolean).join(', ') : '';
  return {
    kind: 'location',
    ref: `geo:${l.degreesLatitude},${l.degreesLongitude}`,
    ...(place ? { caption: place.slice(0, 4096) } : {}),
  };
}

/**
 * Translates one Baileys message to the neutral model's terms. Messages the bot must not answer come back ignored:
 * its own (sent from the phone or by us), anything outside a one-to-one chat, and protocol traffic without content
 * (reactions, receipts, edits, key distribution).
 */
export function toInboundDraft(message: WAMessage, now: Date = new Date()): InboundResult {
  const key = message.key;
  if (key.fromMe) return { ignored: 'own' };
  const chat = key.remoteJid;
  if (!chat || isIgnoredJid(chat)) return { ignored: 'not-a-person' };
  if (!key.id) return { ignored: 'no-id' };
  const content = unwrapContent(message.message);
  if (!content) return { ignored: 'no-content' };
  const { text: said, payload } = textAndPayload(content);
  const media = mediaOf(content);
  const location = locationOf(content);
  const caption = media?.caption;
  if (said === undefined && payload === undefined && !media && !location) return { ignored: 'no-content' };
  const senderName = text(message.pushName)?.slice(0, 255);
  return {
    draft: {
      sender: personIds(chat, key.remoteJidAlt),
      channelMessageId: key.id,
      attachments: location ? [location] : [],
      receivedAt: timestampOf(message.messageTimestamp, now),
      ...(senderName ? { senderName } : {}),
      // A caption is what the citizen said about the file; flows read it as text too.
      ...(said !== undefined
        ? { text: said.slice(0, 8192) }
        : caption !== undefined
          ? { text: caption.slice(0, 8192) }
          : {}),
      ...(payload !== undefined ? { payload: payload.slice(0, 1024) } : {}),
      ...(media ? { media } : {}),
    },
  };
}

/** The attachment for a file we could not keep: it points at the WhatsApp message, whose copy expires. */
export function unkeptAttachment(media: InboundMedia, channelMessageId: string): Attachment {
  return {
    kind: media.kind,
    ref: `whatsapp:${channelMessageId}`,
    ...(media.mimeType ? { mimeType: media.mimeType.slice(0, 255) } : {}),
    ...(media.fileName ? { fileName: media.fileName.slice(0, 255) } : {}),
    ...(media.sizeBytes !== undefined ? { sizeBytes: media.sizeBytes } : {}),
    ...(media.caption ? { caption: media.caption.slice(0, 4096) } : {}),
  };
}
