import type { Logger } from 'pino';
import { Telegram, TelegramError } from 'telegraf';
import type { Message, Update } from 'telegraf/types';
import type {
  ChannelAdapter,
  ChannelCapabilities,
  ChannelHealth,
  ChannelHost,
  SendContext,
  SendResult,
} from '../../core/channel-adapter.js';
import { ChannelSendError } from '../../core/channel-adapter.js';
import { backoffMs } from '../../lib/backoff.js';
import type { InboundMessage, OutboundMessage } from '../../lib/messages.js';
import { maxInboundFileBytes } from '../../core/keep-inbound-file.js';
import type { StoredFiles } from '../../uploads/stored-files.js';
import { downloadTelegramFile } from './download-telegram-file.js';
import {
  maxTelegramText,
  outboundToTelegram,
  type TelegramCall,
  UnsupportedAttachmentError,
} from './outbound-to-telegram.js';
import { TelegramUpdate } from './telegram-update.js';
import { toChannelSendError } from './to-channel-send-error.js';
import { convertUpdate, type FileToKeep, telegramChannelName } from './update-to-inbound.js';
import { allowedUpdates, UpdatePoller } from './update-poller.js';

export interface TelegramAdapterOptions {
  token: string;
  apiRoot: string;
  entity: { id: string; slug: string };
  files: StoredFiles;
  logger: Logger;
  /** Webhook: Telegram calls `url` with `secret` in a header. Polling: we ask for updates (no public address). */
  mode: { type: 'webhook'; url: string; secret: string } | { type: 'polling'; timeoutSeconds?: number };
  /**
   * Tells whether a tapped keyboard still belongs to the question waiting for an answer (see current-keyboard.ts).
   * Without it every tap counts.
   */
  keyboards?: KeyboardCheck;
  /** Waits between failed webhook registrations or polls, by failures in a row. */
  retryDelayMs?: (failures: number) => number;
  now?: () => Date;
}

export type UpdateOutcome = 'stored' | 'duplicate' | 'ignored' | 'stale';

export interface KeyboardCheck {
  isCurrent(chatId: number, messageId: number): Promise<boolean>;
}

/** Shown on the tapped button when the message is too old for Telegram to tell which option it was. */
export const expiredButtonNotice = 'Esta opción ya no está disponible. Escriba su respuesta, por favor.';
/** Shown on a button of a question already answered or replaced by a newer one. */
export const staleButtonNotice =
  'Esas opciones ya no están vigentes. Use las del último mensaje o escriba su respuesta.';
/** Chats whose open keyboard is remembered, so it can be removed once answered or replaced. */
const openKeyboardLimit = 5000;

/** Updates recently stored, so a redelivery does not download and keep its files again before being found a duplicate. */
const recentLimit = 2000;

/**
 * The Telegram channel: telegraf's Bot API client for outgoing calls, our own converters for what comes in. Updates
 * arrive through the webhook route or the poller and are stored through the host before Telegram is told they
 * were received. Only private chats are served; groups and channels are ignored.
 */
export class TelegramAdapter implements ChannelAdapter {
  readonly channel = telegramChannelName;
  readonly capabilities: ChannelCapabilities = {
    maxButtons: 10,
    maxTextLength: maxTelegramText,
    typingIndicator: true,
    attachments: true,
  };
  readonly telegram: Telegram;
  private host: ChannelHost | undefined;
  private poller: UpdatePoller | undefined;
  private state: ChannelHealth;
  private webhookTimer: NodeJS.Timeout | undefined;
  private readonly recent = new Set<string>();
  /**
   * The message with the newest keyboard in each chat, to remove once answered or replaced. Only this process's
   * sends: after a restart an old keyboard stays on screen until tapped, and the tap is refused as stale then.
   */
  private readonly openKeyboards = new Map<number | string, number>();
  /** Calls already made for a message whose later part failed, so the outbox's retry does not repeat them. */
  private readonly progress = new Map<string, number>();
  private readonly logger: Logger;
  private readonly now: () => Date;
  private readonly retryDelayMs: (failures: number) => number;

  constructor(private readonly options: TelegramAdapterOptions) {
    this.telegram = new Telegram(options.token, { apiRoot: options.apiRoot });
    this.logger = options.logger.child({ channel: telegramChannelName });
    this.now = options.now ?? (() => new Date());
    this.retryDelayMs = options.retryDelayMs ?? ((n) => backoffMs(n, 5000, 5 * 60_000));
    this.state = { state: 'connecting', since: this.now() };
  }

  /** The next update_id polling asks for (undefined in webhook mode). */
  get pollOffset(): number | undefined {
    return this.poller?.nextOffset;
  }

  async start(host: ChannelHost): Promise<void> {
    this.host = host;
    const mode = this.options.mode;
    if (mode.type === 'polling') {
      this.poller = new UpdatePoller(this.telegram, (update) => this.handlePolled(update), this.logger, {
        timeoutSeconds: mode.timeoutSeconds ?? 30,
        retryDelayMs: this.retryDelayMs,
        onState: (state, detail) => this.setState(state, detail),
      });
      this.poller.start();
      return;
    }
    // A failed registration does not stop the server: the webhook may still be set from the last start, and the
    // other channels must run. It is tried again in the background and /ready shows the state.
    await this.registerWebhook(mode.url, mode.secret, 1);
  }

  async stop(): Promise<void> {
    clearTimeout(this.webhookTimer);
    this.webhookTimer = undefined;
    await this.poller?.stop();
    this.poller = undefined;
    this.host = undefined;
  }

  health(): ChannelHealth {
    return this.state;
  }

  /**
   * Stores what one update carries. Resolves once stored (or found a duplicate, or ignored); throws when storing
   * failed, so the webhook answers 5xx and Telegram sends the update again.
   */
  async handleUpdate(update: TelegramUpdate): Promise<UpdateOutcome> {
    const host = this.host;
    if (!host) throw new ChannelNotStartedError();
    const converted = convertUpdate(update, this.options.entity.id, this.now());
    if (converted.type === 'ignored') {
      this.logger.debug({ updateId: update.update_id, reason: converted.reason }, 'telegram update ignored');
      return 'ignored';
    }
    if (converted.type === 'callback') {
      const { tapped } = converted;
      if (!converted.message) {
        await this.answerCallback(converted.callbackQueryId, expiredButtonNotice);
        return 'ignored';
      }
      // A button of a question already answered or replaced must not answer the one waiting now: the citizen is
      // told, and the old keyboard goes away.
      const check = this.options.keyboards;
      if (check && !(tapped && (await check.isCurrent(tapped.chatId, tapped.messageId)))) {
        this.logger.debug({ updateId: update.update_id }, 'telegram tap on a stale keyboard refused');
        await Promise.all([
          this.answerCallback(converted.callbackQueryId, staleButtonNotice),
          tapped ? this.removeKeyboard(tapped.chatId, tapped.messageId) : undefined,
        ]);
        return 'stale';
      }
      const outcome = await this.store(host, converted.message, []);
      // After storing: a spinner left turning is better than a tap answered and then lost. Its options are answered,
      // so the keyboard goes.
      await Promise.all([
        this.answerCallback(converted.callbackQueryId),
        tapped ? this.removeKeyboard(tapped.chatId, tapped.messageId) : undefined,
      ]);
      return outcome;
    }
    // Read before storing: the reply may replace the keyboard before this goes on.
    const chat = chatIdOf(converted.message.senderId);
    const open = this.openKeyboards.get(chat);
    const outcome = await this.store(host, converted.message, converted.keep);
    // Typed words answer (or pass) the question whose buttons are showing. A voice note alone may not be heard: its
    // buttons stay until the reply replaces them.
    if (converted.message.text !== undefined && open !== undefined) await this.removeKeyboard(chat, open);
    return outcome;
  }

  async send(recipientId: string, message: OutboundMessage, context?: SendContext): Promise<SendResult> {
    let calls: TelegramCall[];
    try {
      calls = outboundToTelegram(message);
    } catch (error) {
      if (error instanceof UnsupportedAttachmentError) throw new ChannelSendError(error.message, false);
      throw error;
    }
    const key = context?.messageId;
    const done = (key && this.progress.get(key)) || 0;
    const chatId = chatIdOf(recipientId);
    if (message.typing && done === 0) await this.typing(chatId);
    let lastId: number | undefined;
    for (let i = done; i < calls.length; i++) {
      try {
        const call = calls[i]!;
        lastId = (await this.execute(chatId, call)).message_id;
        if (call.method === 'sendMessage' && call.replyMarkup) await this.replaceKeyboard(chatId, lastId);
      } catch (error) {
        const sendError = toChannelSendError(error);
        if (key && sendError.retryable && i > 0) this.progress.set(key, i);
        else if (key) this.progress.delete(key);
        throw sendError;
      }
    }
    if (key) this.progress.delete(key);
    return lastId !== undefined ? { channelMessageId: `${recipientId}:${lastId}` } : {};
  }

  private async store(host: ChannelHost, message: InboundMessage, keep: FileToKeep[]): Promise<UpdateOutcome> {
    const seen = this.recent.has(message.channelMessageId);
    const attachments = seen ? message.attachments : await this.keepFiles(host, message, keep);
    const result = await host.receive({ ...message, attachments });
    this.remember(message.channelMessageId);
    return result.duplicate ? 'duplicate' : 'stored';
  }

  /**
   * Downloads and keeps the files it can; the others stay as `telegram:` refs (Telegram keeps its copy), so the
   * message is stored whatever happens here.
   */
  private async keepFiles(
    host: ChannelHost,
    message: InboundMessage,
    keep: FileToKeep[],
  ): Promise<InboundMessage['attachments']> {
    const attachments = [...message.attachments];
    for (const file of keep) {
      try {
        const data = await downloadTelegramFile(this.telegram, file.fileId, maxInboundFileBytes);
        if (data === 'too-large') continue;
        const kept = await host.keepFile({
          entityId: message.entityId,
          channel: telegramChannelName,
          senderId: message.senderId,
          data,
          ...(file.fileName ? { fileName: file.fileName } : {}),
          ...(file.mimeType ? { declaredType: file.mimeType } : {}),
        });
        if (kept.kept) attachments[file.index] = kept.attachment;
        else this.logger.info({ reason: kept.reason }, "telegram file not kept; Telegram's copy is referenced");
      } catch (error) {
        this.logger.warn({ ...errorFields(error) }, "telegram file download failed; Telegram's copy is referenced");
      }
    }
    return attachments;
  }

  private async handlePolled(raw: Update): Promise<void> {
    const parsed = TelegramUpdate.safeParse(raw);
    if (!parsed.success) {
      // Fetching it again would not make it readable: skip it, and say so.
      this.logger.warn(
        {
          updateId: (raw as { update_id?: unknown }).update_id,
          issues: parsed.error.issues.map((i) => i.path.join('.')),
        },
        'telegram update unreadable; skipped',
      );
      return;
    }
    await this.handleUpdate(parsed.data);
  }

  private async registerWebhook(url: string, secret: string, attempt: number): Promise<void> {
    if (!this.host) return;
    try {
      await this.telegram.setWebhook(url, { secret_token: secret, allowed_updates: [...allowedUpdates] });
      this.setState('connected');
      this.logger.info('telegram webhook registered');
    } catch (error) {
      const fields = errorFields(error);
      this.setState(
        'disconnected',
        fields.code ? `Telegram respondió ${fields.code}: ${fields.description}` : 'sin conexión con Telegram',
      );
      this.logger.error({ ...fields, attempt }, 'telegram webhook registration failed; retrying');
      this.webhookTimer = setTimeout(
        () => void this.registerWebhook(url, secret, attempt + 1),
        this.retryDelayMs(attempt),
      );
      this.webhookTimer.unref();
    }
  }

  private async execute(chatId: number | string, call: TelegramCall): Promise<Message> {
    const t = this.telegram;
    switch (call.method) {
      case 'sendMessage':
        return t.sendMessage(chatId, call.text, call.replyMarkup ? { reply_markup: call.replyMarkup } : {});
      case 'sendLocation':
        return t.sendLocation(chatId, call.latitude, call.longitude);
      default: {
        const file = await this.fileInput(call.file, call.fileName);
        const extra = call.caption ? { caption: call.caption } : {};
        if (call.method === 'sendPhoto') return t.sendPhoto(chatId, file, extra);
        if (call.method === 'sendVoice') return t.sendVoice(chatId, file, extra);
        if (call.method === 'sendVideo') return t.sendVideo(chatId, file, extra);
        return t.sendDocument(chatId, file, extra);
      }
    }
  }

  private async fileInput(source: Extract<TelegramCall, { file: unknown }>['file'], fileName: string | undefined) {
    if ('fileId' in source) return source.fileId;
    if ('url' in source) return source.url;
    const row = await this.options.files.read(this.options.entity.id, source.upload);
    if (!row) throw new ChannelSendError('El archivo adjunto ya no existe; no se puede enviar por Telegram.', false);
    return { source: Buffer.from(row.data), filename: fileName ?? row.fileName };
  }

  /** The typing indicator is a nicety: its failure never holds back the message itself. */
  private async typing(chatId: number | string): Promise<void> {
    try {
      await this.telegram.sendChatAction(chatId, 'typing');
    } catch (error) {
      this.logger.debug({ ...errorFields(error) }, 'telegram typing action failed');
    }
  }

  /** A new question's buttons replace the previous ones in the chat: only the newest keyboard stays tappable. */
  private async replaceKeyboard(chatId: number | string, messageId: number): Promise<void> {
    const previous = this.openKeyboards.get(chatId);
    this.openKeyboards.delete(chatId);
    this.openKeyboards.set(chatId, messageId);
    if (this.openKeyboards.size > openKeyboardLimit) this.openKeyboards.delete(this.openKeyboards.keys().next().value!);
    if (previous !== undefined && previous !== messageId) await this.removeKeyboard(chatId, previous, false);
  }

  /**
   * Takes the buttons off a message (editMessageReplyMarkup without a keyboard). A nicety: a failure (the message is
   * gone, already has none) changes nothing, since stale taps are refused anyway.
   */
  private async removeKeyboard(chatId: number | string, messageId: number, forget = true): Promise<void> {
    if (forget && this.openKeyboards.get(chatId) === messageId) this.openKeyboards.delete(chatId);
    try {
      await this.telegram.callApi('editMessageReplyMarkup', { chat_id: chatId, message_id: messageId });
    } catch (error) {
      this.logger.debug({ ...errorFields(error) }, 'telegram keyboard removal failed');
    }
  }

  private async answerCallback(id: string, text?: string): Promise<void> {
    try {
      await this.telegram.answerCbQuery(id, text);
    } catch (error) {
      // Too old (over about 15 seconds) or already answered: the tap itself is stored, nothing is lost.
      this.logger.debug({ ...errorFields(error) }, 'telegram callback answer failed');
    }
  }

  private remember(key: string): void {
    this.recent.add(key);
    if (this.recent.size > recentLimit) this.recent.delete(this.recent.values().next().value!);
  }

  private setState(state: ChannelHealth['state'], detail?: string): void {
    if (this.state.state === state && this.state.detail === detail) return;
    this.state = { state, since: this.now(), ...(detail ? { detail } : {}) };
  }
}

export class ChannelNotStartedError extends Error {
  constructor() {
    super('the Telegram channel is not started');
    this.name = 'ChannelNotStartedError';
  }
}

/** Telegram chat ids are numbers; the API takes them either way, and numbers keep request bodies exact. */
function chatIdOf(recipientId: string): number | string {
  return /^-?\d{1,15}$/.test(recipientId) ? Number(recipientId) : recipientId;
}

/** What may be logged about a failure: Telegram's code and generic description, or the error's name. */
function errorFields(error: unknown): { code?: number; description?: string; error?: string } {
  if (error instanceof TelegramError) return { code: error.code, description: error.description };
  return { error: error instanceof Error ? ((error as { code?: string }).code ?? error.name) : 'unknown' };
}
