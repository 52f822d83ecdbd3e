import { TelegramError } from 'telegraf';
import { describe, expect, it } from 'vitest';
import { decodeCallbackData, encodeCallbackData } from '../../../src/channels/telegram/callback-data.js';
import {
  keyboardOf,
  optionsOnlyText,
  outboundToTelegram,
  UnsupportedAttachmentError,
} from '../../../src/channels/telegram/outbound-to-telegram.js';
import { TelegramUpdate } from '../../../src/channels/telegram/telegram-update.js';
import { toChannelSendError } from '../../../src/channels/telegram/to-channel-send-error.js';
import { commandText, convertUpdate } from '../../../src/channels/telegram/update-to-inbound.js';
import { OutboundMessage } from '../../../src/lib/messages.js';
import { fixture } from './telegram-app.js';

const now = new Date('2026-03-02T14:05:00Z');
const convert = (name: string) => convertUpdate(TelegramUpdate.parse(fixture(name)), 'entity-1', now);

describe('Telegram updates to inbound messages (recorded payloads)', () => {
  it('a /start message: the chat as sender, the name, the chat and message ids as the key', () => {
    expect(convert('start')).toEqual({
      type: 'message',
      keep: [],
      message: {
        entityId: 'entity-1',
        channel: 'telegram',
        senderId: '5123456789',
        senderName: 'Ana María Gómez',
        channelMessageId: '5123456789:1',
        text: '/start',
        start: true,
        attachments: [],
        receivedAt: new Date('2026-03-02T14:00:00Z'),
      },
    });
  });

  it("/start with a deep-link parameter or the bot's name is still /start; other commands lose only the name", () => {
    expect(commandText('/start campaña_predial')).toBe('/start');
    expect(commandText('/start@AvaSanIsidroBot')).toBe('/start');
    expect(commandText('/menu@AvaSanIsidroBot')).toBe('/menu');
    expect(commandText('/startup')).toBe('/startup');
    expect(commandText('quiero /start')).toBe('quiero /start');
  });

  it('a tapped button: its label as text and its value as payload, and which chat message carried the keyboard', () => {
    expect(convert('callback')).toEqual({
      type: 'callback',
      callbackQueryId: '2201193864713870001',
      tapped: { chatId: 5123456789, messageId: 2 },
      message: expect.objectContaining({
        senderId: '5123456789',
        channelMessageId: 'cb:2201193864713870001',
        text: 'Horarios y sedes',
        payload: 'principal.menu.4',
        receivedAt: now,
      }),
    });
  });

  it("a document: Telegram's copy first, with the file listed to keep; the caption is the text", () => {
    const converted = convert('document');
    expect(converted).toMatchObject({
      type: 'message',
      keep: [
        {
          index: 0,
          fileId: 'BQACAgEAAxkBAAIBD2Xx1Q9jNw-pdf-file-id',
          fileName: 'derecho_de_peticion.pdf',
          mimeType: 'application/pdf',
        },
      ],
      message: {
        text: 'Adjunto la solicitud firmada',
        attachments: [
          {
            kind: 'document',
            ref: 'telegram:BQACAgEAAxkBAAIBD2Xx1Q9jNw-pdf-file-id',
            fileName: 'derecho_de_peticion.pdf',
            mimeType: 'application/pdf',
            sizeBytes: 1043,
          },
        ],
      },
    });
  });

  it('a photo: the largest size within 5 MB', () => {
    expect(convert('photo')).toMatchObject({
      keep: [{ index: 0, fileId: 'AgACAgEAAxkBAAIBEGXx-photo-x' }],
      message: { attachments: [{ kind: 'image', ref: 'telegram:AgACAgEAAxkBAAIBEGXx-photo-x', sizeBytes: 96211 }] },
    });
  });

  it('a photo whose every size is over 5 MB is passed, not kept', () => {
    const update = TelegramUpdate.parse(fixture('photo'));
    update.message!.photo = [{ file_id: 'huge', width: 4000, height: 3000, file_size: 6_000_000 }];
    expect(convertUpdate(update, 'entity-1', now)).toMatchObject({
      keep: [],
      message: { attachments: [{ kind: 'image', ref: 'telegram:huge' }] },
    });
  });

  // Replaces "a voice note is audio with Telegram's reference, not downloaded": voice notes are now kept like photos.
  it("a voice note is audio with Telegram's reference until kept, and is listed to be downloaded", () => {
    expect(convert('voice')).toMatchObject({
      keep: [{ index: 0, fileId: 'AwACAgEAAxkBAAIBEWXx-voice', mimeType: 'audio/ogg' }],
      message: { attachments: [{ kind: 'audio', ref: 'telegram:AwACAgEAAxkBAAIBEWXx-voice', mimeType: 'audio/ogg' }] },
    });
  });

  it('an audio file over 5 MB is not downloaded; its reference stays', () => {
    const update = TelegramUpdate.parse(fixture('voice'));
    update.message!.voice!.file_size = 6_000_000;
    expect(convertUpdate(update, 'entity-1', now)).toMatchObject({
      keep: [],
      message: { attachments: [{ kind: 'audio', ref: 'telegram:AwACAgEAAxkBAAIBEWXx-voice' }] },
    });
  });

  it('groups, bots and update kinds it does not handle are ignored', () => {
    expect(convert('group-text')).toEqual({ type: 'ignored', reason: 'not-private' });
    expect(convert('edited-message')).toEqual({ type: 'ignored', reason: 'update-type' });
    const fromBot = TelegramUpdate.parse(fixture('text'));
    fromBot.message!.from!.is_bot = true;
    expect(convertUpdate(fromBot, 'entity-1', now)).toEqual({ type: 'ignored', reason: 'from-bot' });
  });
});

describe('Telegram buttons (callback_data is limited to 64 bytes)', () => {
  const options = [
    { label: 'Sí, acepto', value: 'Sí, acepto' },
    {
      label: 'Denuncia: un posible hecho irregular',
      value: 'denuncia-por-un-posible-hecho-irregular-o-de-corrupción-en-la-alcaldía',
    },
    { label: 'Una opción rara', value: '~i:0' },
  ];

  it('carries a value that fits and the position of one that does not (counting bytes, not letters)', () => {
    expect(keyboardOf(options).inline_keyboard.map((row) => row[0])).toEqual([
      { text: 'Sí, acepto', callback_data: 'Sí, acepto' },
      { text: 'Denuncia: un posible hecho irregular', callback_data: '~i:1' },
      { text: 'Una opción rara', callback_data: '~i:2' },
    ]);
    expect(encodeCallbackData('ñ'.repeat(32), 4)).toBe('ñ'.repeat(32));
    expect(encodeCallbackData('ñ'.repeat(33), 4)).toBe('~i:4');
  });

  it('recovers a position-encoded option from the keyboard Telegram sends back, as its label', () => {
    const keyboard = keyboardOf(options);
    expect(decodeCallbackData('~i:1', keyboard)).toEqual({ label: 'Denuncia: un posible hecho irregular' });
    expect(decodeCallbackData('Sí, acepto', keyboard)).toEqual({ payload: 'Sí, acepto', label: 'Sí, acepto' });
    // The message is too old for Telegram to send its keyboard back: a position means nothing then.
    expect(decodeCallbackData('~i:1', undefined)).toBeUndefined();
  });

  it('a tap on a button that can no longer be read is answered without a message', () => {
    const update = TelegramUpdate.parse(fixture('callback'));
    update.callback_query!.data = '~i:3';
    delete update.callback_query!.message;
    expect(convertUpdate(update, 'entity-1', now)).toEqual({
      type: 'callback',
      callbackQueryId: '2201193864713870001',
    });
  });
});

describe('Outbound messages to Bot API calls', () => {
  it('buttons go under the text, one per row; files go before a text with buttons and after one without', () => {
    const withButtons = outboundToTelegram(
      OutboundMessage.parse({
        text: '¿Confirma?',
        options: [{ label: 'Sí', value: 'si' }],
        attachments: [{ kind: 'document', ref: 'upload:f1', fileName: 'resumen.pdf' }],
      }),
    );
    expect(withButtons.map((c) => c.method)).toEqual(['sendDocument', 'sendMessage']);
    expect(withButtons[1]).toEqual({
      method: 'sendMessage',
      text: '¿Confirma?',
      replyMarkup: { inline_keyboard: [[{ text: 'Sí', callback_data: 'si' }]] },
    });
    const plain = outboundToTelegram(
      OutboundMessage.parse({
        text: 'Su respuesta:',
        attachments: [{ kind: 'image', ref: 'upload:f2', caption: 'Plano' }],
      }),
    );
    expect(plain).toEqual([
      { method: 'sendMessage', text: 'Su respuesta:' },
      { method: 'sendPhoto', file: { upload: 'f2' }, caption: 'Plano' },
    ]);
  });

  it('buttons without text get a short prompt; a caption over 1024 characters goes as its own message', () => {
    expect(outboundToTelegram(OutboundMessage.parse({ options: [{ label: 'Sí', value: 'si' }] }))[0]).toMatchObject({
      text: optionsOnlyText,
    });
    const caption = 'a'.repeat(1500);
    expect(
      outboundToTelegram(OutboundMessage.parse({ attachments: [{ kind: 'document', ref: 'telegram:abc', caption }] })),
    ).toEqual([
      { method: 'sendDocument', file: { fileId: 'abc' } },
      { method: 'sendMessage', text: caption },
    ]);
  });

  it('an attachment that names no file Telegram can take is refused', () => {
    expect(() =>
      outboundToTelegram(OutboundMessage.parse({ attachments: [{ kind: 'document', ref: 'baileys:123' }] })),
    ).toThrow(UnsupportedAttachmentError);
  });
});

describe('Bot API failures for the outbox', () => {
  const failure = (error_code: number, description: string, parameters?: { retry_after: number }) =>
    toChannelSendError(
      new TelegramError(
        { error_code, description, ...(parameters ? { parameters } : {}) },
        { method: 'sendMessage', payload: { text: 'dato personal' } },
      ),
    );

  it('429 waits as long as Telegram says; 5xx and network errors are retried', () => {
    expect(failure(429, 'Too Many Requests: retry after 7', { retry_after: 7 })).toMatchObject({
      retryable: true,
      retryAfterMs: 7000,
      unreachable: false,
    });
    expect(failure(502, 'Bad Gateway')).toMatchObject({ retryable: true, retryAfterMs: undefined });
    const reset = Object.assign(new Error('request to https://api.telegram.org/bot123:[REDACTED]/sendMessage failed'), {
      code: 'ECONNRESET',
    });
    expect(toChannelSendError(reset)).toMatchObject({
      retryable: true,
      message: expect.stringContaining('ECONNRESET'),
    });
  });

  it('a blocked bot or a missing chat makes the citizen unreachable; other refusals are final', () => {
    expect(failure(403, 'Forbidden: bot was blocked by the user')).toMatchObject({
      retryable: false,
      unreachable: true,
    });
    expect(failure(400, 'Bad Request: chat not found')).toMatchObject({ retryable: false, unreachable: true });
    expect(failure(400, 'Bad Request: message text is empty')).toMatchObject({ retryable: false, unreachable: false });
  });

  it('never carries what was being sent', () => {
    expect(failure(400, 'Bad Request: message is too long').message).not.toContain('dato personal');
  });
});
