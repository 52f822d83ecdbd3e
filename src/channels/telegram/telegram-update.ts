import { z } from 'zod';

/**
 * The part of a Telegram Bot API Update (https://core.telegram.org/bots/api#update) this channel reads, checked at the
 * boundary. Unknown fields pass unread; update kinds we do not handle (edited messages, channel posts, polls…) only
 * need their update_id, so they can be acknowledged and skipped.
 */

const User = z.object({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});

const Chat = z.object({
  id: z.number().int(),
  type: z.string(),
});

const FileFields = {
  file_id: z.string().min(1),
  file_unique_id: z.string().optional(),
  file_size: z.number().int().nonnegative().optional(),
};

const PhotoSize = z.object({ ...FileFields, width: z.number().int(), height: z.number().int() });
const Document = z.object({ ...FileFields, file_name: z.string().optional(), mime_type: z.string().optional() });
const Voice = z.object({ ...FileFields, duration: z.number().optional(), mime_type: z.string().optional() });
const Audio = Voice.extend({ file_name: z.string().optional(), title: z.string().optional() });
const Video = Audio.extend({ width: z.number().int().optional(), height: z.number().int().optional() });

const InlineKeyboardButton = z.object({ text: z.string(), callback_data: z.string().optional() });
const InlineKeyboardMarkup = z.object({ inline_keyboard: z.array(z.array(InlineKeyboardButton)) });

export const TelegramMessage = z.object({
  message_id: z.number().int(),
  date: z.number().int(),
  chat: Chat,
  from: User.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  document: Document.optional(),
  photo: z.array(PhotoSize).optional(),
  voice: Voice.optional(),
  audio: Audio.optional(),
  video: Video.optional(),
  video_note: Video.optional(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  reply_markup: InlineKeyboardMarkup.optional(),
});
export type TelegramMessage = z.infer<typeof TelegramMessage>;

export const TelegramCallbackQuery = z.object({
  id: z.string().min(1),
  from: User,
  // Absent or "inaccessible" (date 0, no keyboard) when the message is too old for Telegram to send back.
  message: z
    .object({
      message_id: z.number().int(),
      date: z.number().int(),
      chat: Chat,
      reply_markup: InlineKeyboardMarkup.optional(),
    })
    .optional(),
  data: z.string().optional(),
});
export type TelegramCallbackQuery = z.infer<typeof TelegramCallbackQuery>;

export const TelegramUpdate = z.object({
  update_id: z.number().int().nonnegative(),
  message: TelegramMessage.optional(),
  callback_query: TelegramCallbackQuery.optional(),
});
export type TelegramUpdate = z.infer<typeof TelegramUpdate>;

export type PhotoSize = z.infer<typeof PhotoSize>;
export type InlineKeyboard = z.infer<typeof InlineKeyboardMarkup>;
