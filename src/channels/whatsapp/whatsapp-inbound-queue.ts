import type { WAMessage } from '@whiskeysockets/baileys';
import type { ChannelHost } from '../../core/channel-adapter.js';
import { maxInboundFileBytes } from '../../core/keep-inbound-file.js';
import { InboundMessage, type Attachment } from '../../lib/messages.js';
import { linkIdentities } from './link-identities.js';
import type { WhatsappParts } from './whatsapp-adapter-options.js';
import { toInboundDraft, unkeptAttachment, type InboundDraft } from './whatsapp-inbound.js';
import { personJid } from './whatsapp-jid.js';
import type { WhatsappSocket } from './whatsapp-socket.js';

/** Tries to store one incoming message: 1 + 2 + 4 + 8 s of waiting in between. */
const storeAttempts = 5;

/**
 * What the socket delivers, live or held while the server was away ("append"), stored one message after another so
 * a citizen's messages keep their order: decoded by whatsapp-inbound.ts, files kept, identities (phone and LID)
 * linked, and retried when the database hiccups, since WhatsApp does not deliver a message twice.
 */
export class WhatsappInboundQueue {
  private chain: Promise<void> = Promise.resolve();
  private readonly channel = 'whatsapp' as const;

  constructor(
    private readonly parts: WhatsappParts,
    private readonly host: () => ChannelHost | undefined,
  ) {}

  /** Resolves once every message the socket has delivered so far is stored (or given up on): tests, shutdown. */
  async idle(): Promise<void> {
    let seen: Promise<void> | undefined;
    // Handling one message may queue another (a mapping after a message): wait until the chain stops growing.
    while (seen !== this.chain) {
      seen = this.chain;
      await seen;
    }
  }

  /** What is queued now, without what gets queued while waiting (stop). */
  current(): Promise<void> {
    return this.chain;
  }

  enqueue(socket: WhatsappSocket, message: WAMessage): void {
    this.chain = this.chain.then(() =>
      this.handle(socket, message).catch((error: unknown) =>
        this.parts.options.logger.error({ err: error }, 'whatsapp: an incoming message could not be stored'),
      ),
    );
  }

  /** WhatsApp told us a LID and a phone number are one person: in order with the messages. */
  enqueueLidMapping(pn: string, lid: string): void {
    this.chain = this.chain.then(() => this.onLidMapping(pn, lid));
  }

  private async handle(socket: WhatsappSocket, message: WAMessage): Promise<void> {
    const host = this.host();
    if (!host) return;
    const { options, now } = this.parts;
    const result = toInboundDraft(message, now());
    if ('ignored' in result) {
      options.logger.debug({ reason: result.ignored }, 'whatsapp: message ignored');
      return;
    }
    const draft = result.draft;
    const { prisma, entityId } = options;
    if (draft.sender.alternate)
      await linkIdentities(prisma, entityId, this.channel, draft.sender.primary, draft.sender.alternate);
    const attachments: Attachment[] = [...draft.attachments];
    if (draft.media) attachments.unshift(await this.mediaAttachment(socket, message, draft, host));
    const inbound = InboundMessage.parse({
      entityId,
      channel: this.channel,
      senderId: draft.sender.primary,
      channelMessageId: draft.channelMessageId,
      attachments,
      receivedAt: draft.receivedAt,
      ...(draft.senderName ? { senderName: draft.senderName } : {}),
      ...(draft.text !== undefined ? { text: draft.text } : {}),
      ...(draft.payload !== undefined ? { payload: draft.payload } : {}),
    });
    await this.storeWithRetry(host, inbound);
  }

  /**
   * WhatsApp does not deliver a message twice once the socket took it, so a database hiccup must not lose it: a few
   * tries over about half a minute (the queue waits, keeping the order), then an error log.
   */
  private async storeWithRetry(host: ChannelHost, inbound: InboundMessage): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await host.receive(inbound);
        return;
      } catch (error) {
        if (attempt >= storeAttempts || !this.host()) throw error;
        this.parts.options.logger.warn(
          { err: error, attempt },
          'whatsapp: storing an incoming message failed; trying again',
        );
        await this.parts.sleep(1000 * 2 ** (attempt - 1));
      }
    }
  }

  /** Downloads and keeps the file; when it cannot be kept, an attachment pointing at the WhatsApp message. */
  private async mediaAttachment(
    socket: WhatsappSocket,
    message: WAMessage,
    draft: InboundDraft,
    host: ChannelHost,
  ): Promise<Attachment> {
    const { options } = this.parts;
    const media = draft.media!;
    const fallback = unkeptAttachment(media, draft.channelMessageId);
    // Delivered again after a reconnect: the first copy already kept the file.
    const seen = await options.prisma.message.findUnique({
      where: {
        entityId_channel_channelMessageId: {
          entityId: options.entityId,
          channel: this.channel,
          channelMessageId: draft.channelMessageId,
        },
      },
      select: { id: true },
    });
    if (seen || (media.sizeBytes ?? 0) > maxInboundFileBytes || media.kind === 'video') return fallback;
    try {
      const data = await options.downloadMedia(message, socket);
      const kept = await host.keepFile({
        entityId: options.entityId,
        channel: this.channel,
        senderId: draft.sender.primary,
        data,
        ...(media.fileName ? { fileName: media.fileName } : {}),
        ...(media.mimeType ? { declaredType: media.mimeType } : {}),
      });
      if (kept.kept) return { ...kept.attachment, ...(media.caption ? { caption: media.caption.slice(0, 4096) } : {}) };
      options.logger.info({ reason: kept.reason, kind: media.kind }, 'whatsapp: file not kept');
    } catch (error) {
      options.logger.warn({ err: error, kind: media.kind }, 'whatsapp: file could not be downloaded');
    }
    return fallback;
  }

  /** Links a LID to its phone number if that person has written to us. */
  private async onLidMapping(pn: string, lid: string): Promise<void> {
    const { prisma, entityId, logger } = this.parts.options;
    try {
      const [phone, hidden] = [personJid(pn), personJid(lid)];
      const known = await prisma.contactIdentity.count({
        where: { entityId, channel: this.channel, externalId: { in: [phone, hidden] } },
      });
      if (known > 0) await linkIdentities(prisma, entityId, this.channel, hidden, phone);
    } catch (error) {
      logger.warn({ err: error }, 'whatsapp: could not link a LID to its phone number');
    }
  }
}
