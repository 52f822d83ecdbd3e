import type { WAMessage } from '@whiskeysockets/baileys';
import type { ChannelHealth, SendContext, SendResult } from '../../core/channel-adapter.js';
import { ChannelSendError } from '../../core/channel-adapter.js';
import { RateLimiter } from '../../core/rate-limiter.js';
import type { Attachment, OutboundMessage } from '../../lib/messages.js';
import { closeStatusOf } from './reconnect-policy.js';
import { recordSentPart } from './sent-parts.js';
import type { WhatsappParts } from './whatsapp-adapter-options.js';
import { fileContent, outboundMessageId, partContent, toOutboundParts } from './whatsapp-outbound.js';
import type { WhatsappSocket } from './whatsapp-socket.js';

const notConnectedRetryMs = 15_000;

/**
 * Sends on the open socket: paced per chat and overall, announced with "typing…", each part with a deterministic id
 * (from the stored message) and recorded, so a phone that asks for a part again gets it even after a restart.
 */
export class WhatsappSender {
  private readonly perChat: RateLimiter;
  private readonly overall: RateLimiter;

  constructor(
    private readonly parts: WhatsappParts,
    private readonly link: () => { socket: WhatsappSocket | undefined; state: ChannelHealth['state'] },
  ) {
    const { options, now } = parts;
    const clock = () => now().getTime();
    // Small bursts (a reply of two or three messages) go at once; beyond them sends are spread at the set rate.
    const chatBurst = Math.min(3, options.sendPerChatPerMinute);
    this.perChat = new RateLimiter(chatBurst, (60_000 * chatBurst) / options.sendPerChatPerMinute, clock, 10_000);
    const burst = Math.max(1, Math.min(10, Math.ceil(options.sendPerMinute / 6)));
    this.overall = new RateLimiter(burst, (60_000 * burst) / options.sendPerMinute, clock);
  }

  async send(recipientId: string, message: OutboundMessage, context?: SendContext): Promise<SendResult> {
    const { socket, state } = this.link();
    if (!socket || state !== 'connected') {
      throw new ChannelSendError(`WhatsApp is not connected (${state})`, true, notConnectedRetryMs);
    }
    const { parts, skipped } = toOutboundParts(message);
    if (skipped.length > 0)
      this.parts.options.logger.warn(
        { skipped: skipped.length },
        'whatsapp: attachments this channel cannot send were left out',
      );
    if (parts.length === 0) return {};
    const ids: string[] = [];
    await this.typing(socket, recipientId, message.text);
    for (const [index, part] of parts.entries()) {
      await this.pace(recipientId);
      const content = part.type === 'file' ? await this.fileContent(part.attachment, part.uploadId) : partContent(part);
      const messageId = context ? outboundMessageId(context.messageId, index) : undefined;
      let sent: WAMessage | undefined;
      try {
        sent = await socket.sendMessage(recipientId, content, messageId ? { messageId } : undefined);
      } catch (error) {
        const status = closeStatusOf(error);
        throw new ChannelSendError(
          `WhatsApp did not take the message${status ? ` (${status})` : ''}: ${(error as Error).message}`,
          true,
        );
      }
      const id = sent?.key.id ?? messageId;
      if (id) ids.push(id);
      if (id && context) await this.keepSentPart(context.messageId, index, id, sent?.message);
    }
    return ids[0] ? { channelMessageId: ids[0] } : {};
  }

  /** A failure here must not fail a send that reached WhatsApp (the outbox would send it again). */
  private async keepSentPart(
    storedMessageId: string,
    index: number,
    id: string,
    message: WAMessage['message'],
  ): Promise<void> {
    try {
      await recordSentPart(this.parts.options.prisma, storedMessageId, index, id, message);
    } catch (error) {
      this.parts.options.logger.warn({ err: error }, 'whatsapp: a sent part could not be recorded for resends');
    }
  }

  /** "Escribiendo…" for a moment before a reply, as a person would show; failures do not matter. */
  private async typing(socket: WhatsappSocket, jid: string, text: string): Promise<void> {
    try {
      await socket.sendPresenceUpdate('composing', jid);
      await this.parts.sleep(Math.min(1500, 300 + text.length * 10));
      await socket.sendPresenceUpdate('paused', jid);
    } catch (error) {
      this.parts.options.logger.debug({ err: error }, 'whatsapp: typing indicator not sent');
    }
  }

  /** Spreads bursts: waits out short pacing delays, hands long ones back to the outbox to retry later. */
  private async pace(recipientId: string): Promise<void> {
    const maxWait = this.parts.options.maxPacingWaitMs ?? 5_000;
    for (const [limiter, key] of [
      [this.perChat, recipientId],
      [this.overall, 'all'],
    ] as const) {
      for (;;) {
        const wait = limiter.take(key);
        if (wait === 0) break;
        if (wait > maxWait) throw new ChannelSendError('WhatsApp pacing: too many messages right now', true, wait);
        await this.parts.sleep(wait);
      }
    }
  }

  private async fileContent(attachment: Attachment, uploadId: string) {
    const { files, entityId } = this.parts.options;
    const file = await files.read(entityId, uploadId);
    if (!file) throw new ChannelSendError(`attached file ${uploadId} does not exist`, false);
    return fileContent(attachment, Buffer.from(file.data), file.mimeType, attachment.fileName ?? file.fileName);
  }
}
