import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Attachment, OutboundMessage } from '../../lib/messages.js';
import { uploadRefPrefix } from '../../uploads/stored-files.js';
import { encodeCallbackData } from './callback-data.js';
import { telegramRefPrefix } from './update-to-inbound.js';

/** Telegram's limits: a message's text and a file's caption. */
export const maxTelegramText = 4096;
export const maxTelegramCaption = 1024;

/** Where a file to send comes from: one a citizen uploaded (kept by us), Telegram's own copy, or a web address. */
export type FileSource = { upload: string } | { fileId: string } | { url: string };

export type FileMethod = 'sendPhoto' | 'sendDocument' | 'sendVoice' | 'sendVideo';

/** One Bot API call that delivers part of a message. */
export type TelegramCall =
  | { method: 'sendMessage'; text: string; replyMarkup?: InlineKeyboardMarkup }
  | { method: FileMethod; file: FileSource; caption?: string; fileName?: string }
  | { method: 'sendLocation'; latitude: number; longitude: number };

/** Used when a message has buttons but no text: Telegram refuses an empty text. */
export const optionsOnlyText = 'Elija una opción:';

/**
 * The calls that deliver one rendered message (texts are already split at 4096 by rendering). Buttons go one per
 * row, since labels are sentences; they sit under the last thing sent, so files go first when there are buttons.
 */
export function outboundToTelegram(message: OutboundMessage): TelegramCall[] {
  const files = message.attachments.flatMap(attachmentCalls);
  const replyMarkup = message.options.length > 0 ? keyboardOf(message.options) : undefined;
  const text = message.text !== '' ? message.text : replyMarkup ? optionsOnlyText : '';
  const textCall: TelegramCall[] = text
    ? [{ method: 'sendMessage', text, ...(replyMarkup ? { replyMarkup } : {}) }]
    : [];
  return replyMarkup ? [...files, ...textCall] : [...textCall, ...files];
}

export function keyboardOf(options: OutboundMessage['options']): InlineKeyboardMarkup {
  return {
    inline_keyboard: options.map((o, i) => [{ text: o.label, callback_data: encodeCallbackData(o.value, i) }]),
  };
}

function attachmentCalls(a: Attachment): TelegramCall[] {
  if (a.kind === 'location') {
    const match = /^geo:(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)$/.exec(a.ref);
    if (match) return [{ method: 'sendLocation', latitude: Number(match[1]), longitude: Number(match[2]) }];
  }
  const file = sourceOf(a.ref);
  if (!file) throw new UnsupportedAttachmentError(a.kind);
  const method: FileMethod =
    a.kind === 'image' && !a.mimeType?.includes('gif')
      ? 'sendPhoto'
      : a.kind === 'audio' && a.mimeType?.includes('ogg')
        ? 'sendVoice'
        : a.kind === 'video'
          ? 'sendVideo'
          : 'sendDocument';
  // A caption longer than Telegram's limit goes as its own message after the file rather than cut.
  const longCaption = a.caption !== undefined && a.caption.length > maxTelegramCaption;
  const call: TelegramCall = {
    method,
    file,
    ...(a.caption && !longCaption ? { caption: a.caption } : {}),
    ...(a.fileName ? { fileName: a.fileName } : {}),
  };
  return longCaption ? [call, { method: 'sendMessage', text: a.caption! }] : [call];
}

/** An attachment whose ref names no place Telegram can take the file from; sending it again cannot help. */
export class UnsupportedAttachmentError extends Error {
  constructor(kind: string) {
    super(
      `Telegram no puede enviar este adjunto (${kind}): no es un archivo guardado, de Telegram ni una dirección web.`,
    );
    this.name = 'UnsupportedAttachmentError';
  }
}

function sourceOf(ref: string): FileSource | undefined {
  if (ref.startsWith(uploadRefPrefix)) return { upload: ref.slice(uploadRefPrefix.length) };
  if (ref.startsWith(telegramRefPrefix)) return { fileId: ref.slice(telegramRefPrefix.length) };
  if (/^https?:\/\//.test(ref)) return { url: ref };
  return undefined;
}
