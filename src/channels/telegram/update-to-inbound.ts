import type { Attachment, InboundMessage } from '../../lib/messages.js';
import { maxInboundFileBytes } from '../../core/keep-inbound-file.js';
import { decodeCallbackData } from './callback-data.js';
import type { PhotoSize, TelegramCallbackQuery, TelegramMessage, TelegramUpdate } from './telegram-update.js';

export const telegramChannelName = 'telegram' as const;
export const telegramRefPrefix = 'telegram:';

/** A file the adapter should download and keep; `index` is the attachment it replaces once kept. */
export interface FileToKeep {
  index: number;
  fileId: string;
  fileName?: string;
  mimeType?: string;
}

/** The chat message that carried the tapped keyboard. */
export interface TappedMessage {
  chatId: number;
  messageId: number;
}

export type ConvertedUpdate =
  | { type: 'message'; message: InboundMessage; keep: FileToKeep[] }
  /**
   * `message` is absent when the tapped button can no longer be read (the chat message is too old); `tapped` is the
   * chat message whose keyboard was tapped, when Telegram says which.
   */
  | { type: 'callback'; callbackQueryId: string; message?: InboundMessage; tapped?: TappedMessage }
  | { type: 'ignored'; reason: 'update-type' | 'not-private' | 'from-bot' };

/**
 * Turns a Telegram update into the neutral inbound message. Pure: the adapter downloads the files listed in `keep`
 * afterwards; until then every file is an attachment pointing at Telegram's copy (`telegram:<file_id>`), so nothing
 * the citizen sent is lost if keeping it fails.
 *
 * The deduplication key is the chat and message id (or the callback query id), not the update_id: Telegram picks a
 * random update_id after a week without updates, and a new sequence running into old stored ids would drop new
 * messages as duplicates. A redelivered update carries the same ids, so it is still stored once.
 */
export function convertUpdate(update: TelegramUpdate, entityId: string, now: Date): ConvertedUpdate {
  if (update.message) return convertMessage(update.message, entityId);
  if (update.callback_query) return convertCallback(update.callback_query, entityId, now);
  return { type: 'ignored', reason: 'update-type' };
}

function convertMessage(m: TelegramMessage, entityId: string): ConvertedUpdate {
  if (m.chat.type !== 'private') return { type: 'ignored', reason: 'not-private' };
  if (m.from?.is_bot) return { type: 'ignored', reason: 'from-bot' };
  const { attachments, keep } = attachmentsOf(m);
  const text = m.text !== undefined ? commandText(m.text) : m.caption;
  const start = text === '/start';
  const senderName = m.from ? nameOf(m.from) : undefined;
  return {
    type: 'message',
    keep,
    message: {
      entityId,
      channel: telegramChannelName,
      senderId: String(m.chat.id),
      channelMessageId: `${m.chat.id}:${m.message_id}`,
      attachments,
      receivedAt: new Date(m.date * 1000),
      ...(text !== undefined && text !== '' ? { text } : {}),
      ...(start ? { start: true } : {}),
      ...(senderName ? { senderName } : {}),
    },
  };
}

function convertCallback(q: TelegramCallbackQuery, entityId: string, now: Date): ConvertedUpdate {
  if (q.message && q.message.chat.type !== 'private') return { type: 'ignored', reason: 'not-private' };
  if (q.from.is_bot) return { type: 'ignored', reason: 'from-bot' };
  const picked = q.data !== undefined ? decodeCallbackData(q.data, q.message?.reply_markup) : undefined;
  const tapped = q.message ? { tapped: { chatId: q.message.chat.id, messageId: q.message.message_id } } : {};
  if (!picked) return { type: 'callback', callbackQueryId: q.id, ...tapped };
  const senderName = nameOf(q.from);
  return {
    type: 'callback',
    callbackQueryId: q.id,
    ...tapped,
    message: {
      entityId,
      channel: telegramChannelName,
      // In a private chat the chat id is the user's id; the message is missing only when it is too old.
      senderId: String(q.message?.chat.id ?? q.from.id),
      channelMessageId: `cb:${q.id}`,
      attachments: [],
      receivedAt: now,
      // Like the widget: the label is what the citizen saw and tapped (history reads naturally), the payload what
      // the flow matches first.
      ...(picked.label ? { text: picked.label } : {}),
      ...(picked.payload !== undefined ? { payload: picked.payload } : {}),
      ...(senderName ? { senderName } : {}),
    },
  };
}

/**
 * "/start" (with a deep-link parameter or the bot's @name after it) arrives as "/start" marked `start`: the
 * conversation begins again at the greeting, which a first contact must see (it carries the data-processing notice).
 * Other commands lose only the @name.
 */
export function commandText(text: string): string {
  const start = /^\/start(?:@\w+)?(?:\s[\s\S]*)?$/i;
  if (start.test(text)) return '/start';
  return text.replace(/^(\/\w+)@\w+(?=\s|$)/, '$1');
}

function nameOf(user: { first_name: string; last_name?: string | undefined }): string | undefined {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ').trim();
  return name ? name.slice(0, 255) : undefined;
}

function attachmentsOf(m: TelegramMessage): { attachments: Attachment[]; keep: FileToKeep[] } {
  const attachments: Attachment[] = [];
  const keep: FileToKeep[] = [];
  const add = (attachment: Attachment, keepable: Omit<FileToKeep, 'index'> | undefined) => {
    if (keepable) keep.push({ index: attachments.length, ...keepable });
    attachments.push(attachment);
  };
  if (m.document) {
    const d = m.document;
    add(
      fileAttachment('document', d.file_id, { fileName: d.file_name, mimeType: d.mime_type, sizeBytes: d.file_size }),
      fits(d.file_size)
        ? { fileId: d.file_id, ...optional({ fileName: d.file_name, mimeType: d.mime_type }) }
        : undefined,
    );
  }
  if (m.photo && m.photo.length > 0) {
    const { photo, keepable } = pickPhoto(m.photo);
    add(
      fileAttachment('image', photo.file_id, { mimeType: 'image/jpeg', sizeBytes: photo.file_size }),
      keepable ? { fileId: photo.file_id, mimeType: 'image/jpeg' } : undefined,
    );
  }
  // Voice notes and audio files are kept like photos: the transcription service reads the kept copy, and the agent
  // console plays it after Telegram's link has expired.
  for (const audio of [m.voice, m.audio]) {
    if (audio) {
      const fileName = 'file_name' in audio ? (audio.file_name as string | undefined) : undefined;
      add(
        fileAttachment('audio', audio.file_id, { fileName, mimeType: audio.mime_type, sizeBytes: audio.file_size }),
        fits(audio.file_size)
          ? { fileId: audio.file_id, ...optional({ fileName, mimeType: audio.mime_type }) }
          : undefined,
      );
    }
  }
  for (const video of [m.video, m.video_note]) {
    if (video)
      add(
        fileAttachment('video', video.file_id, {
          fileName: video.file_name,
          mimeType: video.mime_type,
          sizeBytes: video.file_size,
        }),
        undefined,
      );
  }
  if (m.location) add({ kind: 'location', ref: `geo:${m.location.latitude},${m.location.longitude}` }, undefined);
  return { attachments, keep };
}

/** The largest size we may keep (5 MB at most); when every size is larger, the largest one, not kept. */
export function pickPhoto(sizes: PhotoSize[]): { photo: PhotoSize; keepable: boolean } {
  const area = (p: PhotoSize) => p.width * p.height;
  const bySize = [...sizes].sort((a, b) => area(b) - area(a));
  const fitting = bySize.find((p) => fits(p.file_size));
  return fitting ? { photo: fitting, keepable: true } : { photo: bySize[0]!, keepable: false };
}

/** Unknown sizes are tried: the download itself stops past the limit. */
function fits(size: number | undefined): boolean {
  return size === undefined || size <= maxInboundFileBytes;
}

function fileAttachment(
  kind: Attachment['kind'],
  fileId: string,
  extra: { fileName?: string | undefined; mimeType?: string | undefined; sizeBytes?: number | undefined },
): Attachment {
  return { kind, ref: `${telegramRefPrefix}${fileId}`, ...optional(extra) };
}

function optional<T extends Record<string, string | number | undefined>>(
  fields: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    out[k] = typeof v === 'string' ? v.slice(0, 255) : v;
  }
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
