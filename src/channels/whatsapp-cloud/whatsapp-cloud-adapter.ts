import type { Logger } from 'pino';
import type {
  ChannelAdapter,
  ChannelCapabilities,
  ChannelHealth,
  ChannelHost,
  SendContext,
  SendResult,
} from '../../core/channel-adapter.js';
import { ChannelSendError } from '../../core/channel-adapter.js';
import type { Attachment, InboundMessage, OutboundMessage } from '../../lib/messages.js';
import type { Db } from '../../db/database.js';
import type { EntityInfo } from '../../entities/entity-info.js';
import { maxInboundFileBytes } from '../../core/keep-inbound-file.js';
import { uploadRefPrefix, type StoredFiles } from '../../uploads/stored-files.js';
import {
  channel,
  eventsFromWebhook,
  mediaAttachment,
  mediaRefPrefix,
  type PendingMedia,
} from './events-from-webhook.js';
import type { GraphClient } from './graph-client.js';
import { graphPartsFor, isLocationRef, mediaBody, templateBody, textBody, type GraphPart } from './graph-messages.js';
import { InboundQueue, type FetchedMedia, type InboundJobs } from './inbound-queue.js';
import { notUnderstoodJobKind, notUnderstoodText } from './not-understood-reply.js';
import type { WebhookBody } from './webhook-payload.js';
import type { WhatsappCloudSettings } from './whatsapp-cloud-settings.js';

export const replyWindowHours = 24;
/** Our clock starts the window when we stored the message, a little after Meta did: keep clear of the edge. */
const windowMarginMs = 60_000;

export interface WhatsappCloudAdapterOptions {
  entity: EntityInfo;
  settings: WhatsappCloudSettings;
  graph: GraphClient;
  files: StoredFiles;
  /** Where the queue of messages waiting for their files looks (the scheduler's own table). */
  prisma: Db;
  logger: Logger;
  now?: () => Date;
  /** Mark each stored message read with "typing…" while the bot prepares the answer (default true). */
  markRead?: boolean;
  /** Called once stopped: the shared webhook then stops handing this entity its number's changes. */
  onStop?: () => void;
}

/**
 * WhatsApp Business Cloud API (Meta) as a channel: webhooks bring messages and delivery statuses in, the Graph API
 * sends. Free text only goes out within 24 hours of the citizen's last message; after that, only the entity's
 * approved templates.
 */
export class WhatsappCloudAdapter implements ChannelAdapter {
  readonly channel = channel;
  readonly capabilities: ChannelCapabilities = {
    // More than 10 options cannot be a WhatsApp list: rendering turns them into numbered text.
    maxButtons: 10,
    // An interactive message's body holds 1024 characters; splitting every text there keeps each part one call.
    maxTextLength: 1024,
    typingIndicator: true,
    attachments: true,
    replyWindowHours,
  };
  private host: ChannelHost | undefined;
  /** Calls already made for a message of several parts, so a retry does not repeat what the citizen got. */
  private readonly progress = new Map<string, { done: number; lastId?: string }>();
  private readonly now: () => Date;
  private startedAt = new Date();
  private jobs: InboundJobs | undefined;
  private queue: InboundQueue | undefined;

  constructor(private readonly options: WhatsappCloudAdapterOptions) {
    this.now = options.now ?? (() => new Date());
  }

  get entity(): EntityInfo {
    return this.options.entity;
  }

  async start(host: ChannelHost): Promise<void> {
    this.host = host;
    this.startedAt = this.now();
  }

  /** Meta holds no connection of ours; what /ready can show is whether Meta still accepts the access token. */
  health(): ChannelHealth {
    const since = this.options.graph.tokenRejectedSince;
    if (since)
      return {
        state: 'disconnected',
        since,
        detail: 'Meta rechazó el token de acceso: renueve WHATSAPP_CLOUD_ACCESS_TOKEN.',
      };
    return { state: 'connected', since: this.startedAt };
  }

  async stop(): Promise<void> {
    await this.queue?.idle();
    this.host = undefined;
    this.options.onStop?.();
  }

  /**
   * Gives the channel the runtime's durable job scheduler (it exists only once the runtime does): files are fetched
   * and kind replies sent by jobs, after Meta has had its answer. Call it before the webhook is served.
   */
  attach(jobs: InboundJobs): void {
    this.jobs = jobs;
    this.queue = new InboundQueue({
      entityId: this.entity.id,
      prisma: this.options.prisma,
      jobs,
      logger: this.options.logger,
      now: this.now,
      fetchMedia: (message, media, lastAttempt) => this.withKeptFile(message, media, lastAttempt),
      deliver: (message) => this.deliver(message),
    });
    jobs.register(notUnderstoodJobKind, (payload) => this.replyNotUnderstood(payload));
  }

  /** Resolves when the jobs started by webhooks so far have run (tests). */
  async idle(): Promise<void> {
    await this.queue?.idle();
  }

  get running(): boolean {
    return this.host !== undefined;
  }

  /**
   * Stores every message and status of one webhook call, in order; files are fetched later, by a job. An item that is
   * not as Meta documents it is logged and skipped, so the others still count. Rejects when something could not be
   * stored, so the route answers 5xx and Meta sends the call again (duplicates are dropped by message id).
   */
  async handleWebhook(body: WebhookBody): Promise<void> {
    const { host, queue, jobs } = this;
    if (!host || !queue || !jobs) throw new Error('whatsapp-cloud channel is not running');
    const { logger } = this.options;
    const events = eventsFromWebhook(body, {
      entityId: this.entity.id,
      phoneNumberId: this.options.graph.phoneNumberId,
    });
    for (const event of events) {
      switch (event.kind) {
        case 'invalid':
          logger.warn(
            { channel, what: event.what, reason: event.reason, fields: event.fields },
            'whatsapp-cloud: webhook item not understood; skipped',
          );
          break;
        case 'ignored':
          logger.info(
            { channel, what: event.what },
            'whatsapp-cloud: webhook item ignored (not handled by this channel)',
          );
          break;
        case 'status':
          await host.delivery(event.update);
          break;
        case 'unsupported':
          logger.info(
            { channel, what: event.what },
            'whatsapp-cloud: message type not understood; the citizen gets the kind reply',
          );
          await jobs.schedule({
            entityId: this.entity.id,
            kind: notUnderstoodJobKind,
            key: `${notUnderstoodJobKind.name}:${event.channelMessageId}`,
            runAt: this.now(),
            payload: { to: event.senderId, what: event.what },
          });
          queue.runSoon();
          break;
        case 'message':
          await queue.accept(event.message, event.media);
          break;
      }
    }
  }

  private async deliver(message: InboundMessage): Promise<void> {
    const host = this.host;
    if (!host) throw new Error('whatsapp-cloud channel is not running');
    const stored = await host.receive(message);
    if (!stored.duplicate && this.options.markRead !== false)
      void this.options.graph.markReadTyping(message.channelMessageId);
  }

  /** Sent straight away (the citizen just wrote, so the 24-hour window is open); retried by the scheduler if Meta fails. */
  private async replyNotUnderstood(payload: { to: string; what: string }): Promise<void> {
    try {
      await this.options.graph.sendMessage(textBody(payload.to, notUnderstoodText(payload.what)));
    } catch (error) {
      if (error instanceof ChannelSendError && !error.retryable) {
        this.options.logger.warn(
          { channel, what: payload.what, reason: error.message },
          'whatsapp-cloud: kind reply refused by Meta; not retried',
        );
        return;
      }
      throw error;
    }
  }

  /**
   * Downloads the citizen's file and keeps our own copy (Meta's expires). A failed download is tried again later; on
   * the last attempt, or when the file is too big or of a type we do not keep, Meta's id stays the ref.
   */
  private async withKeptFile(
    message: InboundMessage,
    media: PendingMedia,
    lastAttempt: boolean,
  ): Promise<FetchedMedia> {
    const host = this.host;
    if (!host) throw new Error('whatsapp-cloud channel is not running');
    const download = await this.options.graph.downloadMedia(media.id, maxInboundFileBytes);
    if (!download.ok && download.reason === 'error' && !lastAttempt) return { retry: true };
    let attachment: Attachment = mediaAttachment(media);
    if (download.ok) {
      const kept = await host.keepFile({
        entityId: message.entityId,
        channel,
        senderId: message.senderId,
        data: download.data,
        ...(media.fileName ? { fileName: media.fileName } : {}),
        ...((download.mimeType ?? media.mimeType) ? { declaredType: download.mimeType ?? media.mimeType } : {}),
      });
      if (kept.kept) attachment = { ...kept.attachment, ...(media.caption ? { caption: media.caption } : {}) };
      else
        this.options.logger.info(
          { channel, kind: media.kind, reason: kept.reason },
          "whatsapp-cloud: file not kept; Meta's copy is referenced",
        );
    } else {
      this.options.logger.info(
        { channel, kind: media.kind, reason: download.reason },
        "whatsapp-cloud: file not downloaded; Meta's copy is referenced",
      );
    }
    return { retry: false, message: { ...message, attachments: [attachment] } };
  }

  async send(recipientId: string, message: OutboundMessage, context?: SendContext): Promise<SendResult> {
    if (!this.windowOpen(context?.lastInboundAt)) return this.sendTemplate(recipientId, message, context);
    const parts = graphPartsFor(recipientId, message);
    if (parts.length === 0) return {};
    const key = context?.messageId;
    const progress = (key && this.progress.get(key)) || { done: 0 };
    try {
      for (let i = progress.done; i < parts.length; i++) {
        progress.lastId = await this.options.graph.sendMessage(await this.bodyOf(recipientId, parts[i]!));
        progress.done = i + 1;
        if (key && parts.length > 1) this.progress.set(key, progress);
      }
    } catch (error) {
      if (key && (!(error instanceof ChannelSendError) || !error.retryable)) this.progress.delete(key);
      throw error;
    }
    if (key) this.progress.delete(key);
    return progress.lastId ? { channelMessageId: progress.lastId } : {};
  }

  private windowOpen(lastInboundAt: Date | undefined): boolean {
    if (!lastInboundAt) return false;
    return this.now().getTime() - lastInboundAt.getTime() < replyWindowHours * 3_600_000 - windowMarginMs;
  }

  private async sendTemplate(
    recipientId: string,
    message: OutboundMessage,
    context: SendContext | undefined,
  ): Promise<SendResult> {
    const purpose = message.template?.purpose;
    const approved = purpose ? this.options.settings.templates[purpose] : undefined;
    let reason: string;
    if (message.template && approved) {
      const built = templateBody(recipientId, message.template, approved);
      if (built.ok) return { channelMessageId: await this.options.graph.sendMessage(built.body) };
      reason = built.reason;
    } else if (purpose) {
      reason = `Fuera de la ventana de 24 horas y sin plantilla aprobada para «${purpose}»: pasadas 24 horas desde el último mensaje del ciudadano, WhatsApp solo deja escribirle con una plantilla aprobada. Configúrela en entity.yaml (whatsappCloud.plantillas.${purpose}).`;
    } else {
      reason =
        'Fuera de la ventana de 24 horas: pasadas 24 horas desde el último mensaje del ciudadano, WhatsApp solo deja escribirle con una plantilla aprobada, y este mensaje no es un aviso que tenga plantilla.';
    }
    this.options.logger.warn(
      { channel, messageId: context?.messageId, purpose, reason },
      'whatsapp-cloud: message not sent outside the 24-hour window',
    );
    throw new ChannelSendError(reason, false);
  }

  private async bodyOf(recipientId: string, part: GraphPart): Promise<Record<string, unknown>> {
    if (part.kind === 'body') return part.body;
    const { attachment, caption } = part;
    const { ref } = attachment;
    if (attachment.kind === 'location') {
      if (!isLocationRef(ref))
        throw new ChannelSendError('La ubicación no tiene el formato geo:latitud,longitud.', false);
      return mediaBody(recipientId, attachment, { link: '' });
    }
    if (ref.startsWith(mediaRefPrefix))
      return mediaBody(recipientId, attachment, { id: ref.slice(mediaRefPrefix.length) }, caption);
    if (/^https:\/\//.test(ref)) return mediaBody(recipientId, attachment, { link: ref }, caption);
    if (ref.startsWith(uploadRefPrefix)) {
      const file = await this.options.files.read(this.entity.id, ref.slice(uploadRefPrefix.length));
      if (!file) throw new ChannelSendError('El archivo adjunto ya no existe en Ventanilla.', false);
      const id = await this.options.graph.uploadMedia(Buffer.from(file.data), file.mimeType, file.fileName);
      return mediaBody(recipientId, { ...attachment, fileName: attachment.fileName ?? file.fileName }, { id }, caption);
    }
    throw new ChannelSendError(
      'WhatsApp no puede enviar este adjunto: no es un archivo guardado en Ventanilla ni una dirección https.',
      false,
    );
  }
}
