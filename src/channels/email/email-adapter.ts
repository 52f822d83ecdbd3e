import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type {
  ChannelAdapter,
  ChannelCapabilities,
  ChannelHealth,
  ChannelHost,
  SendContext,
  SendResult,
} from '../../core/channel-adapter.js';
import type { Attachment, InboundMessage, OutboundMessage } from '../../lib/messages.js';
import type { Db } from '../../db/database.js';
import { storedFileIdOf } from '../../uploads/stored-files.js';
import { composeEmail } from './compose-email.js';
import { EmailCursor } from './email-cursor.js';
import type { EmailSettings, MailServer } from './email-settings.js';
import { EmailThreads, replySubject } from './email-threads.js';
import { ImapReader } from './imap-reader.js';
import { parseEmail, type ParsedEmail } from './parse-email.js';
import { toChannelSendError } from './to-channel-send-error.js';

export interface EmailAdapterOptions {
  entity: { id: string; name: string };
  settings: EmailSettings;
  prisma: Db;
  logger: Logger;
  /** Longest wait between IMAP reconnection attempts (tests shorten it). */
  maxBackoffMs?: number;
  /** false: check the folder only every settings.pollMs, never IDLE (tests of the fallback). */
  idle?: boolean;
}

/** What the channel counted since it started, for /metrics-style reporting and tests. */
export interface EmailCounters {
  received: number;
  duplicates: number;
  automated: number;
  unreadable: number;
  filesRefused: number;
  sent: number;
}

/** A notice that starts a thread ("Respuesta a su solicitud PQRSD-…:") is named by its first line, when short. */
function firstSubject(text: string, entityName: string): string {
  const first = (text.split('\n')[0] ?? '').replace(/[:.]\s*$/, '').trim();
  return first !== '' && first.length <= 90 ? first : `Mensaje de ${entityName}`;
}

const loopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');

/** Credentials never cross the network in clear: plain connections must upgrade with STARTTLS, except on loopback. */
const mustStartTls = (server: MailServer) => !server.secure && !loopback(server.host);

/**
 * The entity's mailbox as a channel: IMAP in (imap-reader.ts), SMTP out. Each citizen email becomes a message of
 * their conversation (the sender's address is their identity); each turn's answer is one email in the same thread.
 * Robots (auto-replies, bounces, lists) are never answered.
 */
export class EmailAdapter implements ChannelAdapter {
  readonly channel = 'email' as const;
  readonly capabilities: ChannelCapabilities = {
    // Numbered options: the citizen answers with the number.
    maxButtons: 0,
    maxTextLength: 16_000,
    typingIndicator: false,
    attachments: true,
    onePerTurn: true,
    // People answer email hours or days later: a petition half-way must still be there when they do.
    idleMinutes: 7 * 24 * 60,
    noun: 'correo',
  };
  readonly counters: EmailCounters = {
    received: 0,
    duplicates: 0,
    automated: 0,
    unreadable: 0,
    filesRefused: 0,
    sent: 0,
  };
  private host: ChannelHost | undefined;
  private readonly reader: ImapReader;
  private readonly transport: Transporter;
  private readonly threads: EmailThreads;
  private readonly domain: string;
  private readonly logger: Logger;

  constructor(private readonly options: EmailAdapterOptions) {
    const { settings, prisma, entity } = options;
    this.logger = options.logger.child({ channel: 'email' });
    this.domain = settings.address.split('@')[1] ?? 'localhost';
    this.threads = new EmailThreads(prisma, entity.id);
    this.reader = new ImapReader({
      server: settings.imap,
      mailbox: settings.mailbox,
      ...(settings.processedMailbox ? { processedMailbox: settings.processedMailbox } : {}),
      cursor: new EmailCursor(prisma, entity.id, settings.mailbox),
      handle: (raw, ref) => this.take(raw, ref),
      logger: this.logger,
      pollMs: settings.pollMs,
      readExisting: settings.readExisting,
      ...(options.maxBackoffMs !== undefined ? { maxBackoffMs: options.maxBackoffMs } : {}),
      ...(options.idle !== undefined ? { idle: options.idle } : {}),
      requireTls: mustStartTls(settings.imap),
    });
    this.transport = nodemailer.createTransport({
      host: settings.smtp.host,
      port: settings.smtp.port,
      secure: settings.smtp.secure,
      requireTLS: mustStartTls(settings.smtp),
      auth: { user: settings.smtp.user, pass: settings.smtp.password },
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
  }

  start(host: ChannelHost): Promise<void> {
    this.host = host;
    this.reader.start();
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    await this.reader.stop();
    this.transport.close();
  }

  health(): ChannelHealth {
    return { ...this.reader.health(), counters: { ...this.counters } };
  }

  /** Waiting in IDLE for the server to push new mail. */
  get idling(): boolean {
    return this.reader.idling;
  }

  /** Failed connection attempts since the mailbox was last reachable. */
  get failedConnections(): number {
    return this.reader.failures;
  }

  /** One raw email from the folder: robots and unreadable mail are skipped; anything else is stored before we return. */
  private async take(raw: Buffer, ref: { uid: number; uidValidity: string }): Promise<void> {
    const host = this.host;
    if (!host) throw new Error('email channel not started');
    let mail: ParsedEmail;
    try {
      mail = await parseEmail(raw, this.options.settings.address, `uid.${ref.uidValidity}.${ref.uid}@${this.domain}`);
    } catch (error) {
      this.counters.unreadable++;
      // Which message, not what it says: the folder keeps it for a person to read.
      this.logger.warn(
        { uid: ref.uid, reason: error instanceof Error ? error.name : 'unknown' },
        'email: message not understood; left unanswered',
      );
      return;
    }
    if (mail.automated) {
      this.counters.automated++;
      this.logger.info(
        { uid: ref.uid, reason: mail.automated },
        'email: automated message (auto-reply, bounce or list) not answered',
      );
      if (mail.automated === 'bounce') await this.recordBounce(raw);
      return;
    }
    const attachments: Attachment[] = [];
    for (const file of mail.attachments.slice(0, 10)) {
      const kept = await host.keepFile({
        entityId: this.options.entity.id,
        channel: 'email',
        senderId: mail.from,
        data: file.data,
        ...(file.fileName ? { fileName: file.fileName } : {}),
        declaredType: file.contentType,
      });
      if (kept.kept) attachments.push(kept.attachment);
      else {
        this.counters.filesRefused++;
        this.logger.info(
          { uid: ref.uid, reason: kept.reason },
          'email: attachment not kept (type or size not accepted)',
        );
      }
    }
    await this.threads.remember(mail);
    const message: InboundMessage = {
      entityId: this.options.entity.id,
      channel: 'email',
      senderId: mail.from,
      ...(mail.fromName ? { senderName: mail.fromName } : {}),
      channelMessageId: mail.messageId,
      ...(mail.text !== '' ? { text: mail.text } : {}),
      attachments,
      receivedAt: mail.date,
    };
    const stored = await host.receive(message);
    if (stored.duplicate) this.counters.duplicates++;
    else this.counters.received++;
  }

  /**
   * A bounce of something we sent: the returned message carries our Message-ID, so the outbox marks that message
   * failed, and a case notice's failure lands in the case history like a refusal at sending time.
   */
  private async recordBounce(raw: Buffer): Promise<void> {
    const source = raw.toString('latin1');
    // The returned message's own Message-ID, not one of ours it merely refers to (References).
    const ours = /^Message-ID:\s*<([0-9a-f-]{36}\.ventanilla@[^>\s]+)>/im.exec(source)?.[1];
    if (!ours || ours.split('@')[1]?.toLowerCase() !== this.domain) return;
    const status = /^Status:\s*(5\.\d{1,3}\.\d{1,3})/im.exec(source)?.[1];
    await this.host?.delivery({
      entityId: this.options.entity.id,
      channel: 'email',
      channelMessageId: ours,
      status: 'failed',
      at: new Date(),
      error: `El servidor de correo del ciudadano devolvió el mensaje${status ? ` (${status})` : ''}: revise la dirección.`,
    });
  }

  async send(recipientId: string, message: OutboundMessage, context?: SendContext): Promise<SendResult> {
    const { settings, entity } = this.options;
    const thread = context ? await this.threads.headersFor(context.conversationId) : undefined;
    const subject = thread
      ? replySubject(thread.subject, `Mensaje a ${entity.name}`)
      : firstSubject(message.text, entity.name);
    // From the stored message's id: a send repeated after a crash carries the same Message-ID.
    const messageId = `${context?.messageId ?? randomUUID()}.ventanilla@${this.domain}`;
    const { text, html } = composeEmail({
      text: message.text,
      subject,
      footer: `${settings.senderName}. Para continuar, responda a este correo.`,
    });
    try {
      await this.transport.sendMail({
        from: { name: settings.senderName, address: settings.address },
        to: recipientId,
        subject,
        text,
        html,
        messageId: `<${messageId}>`,
        ...(thread ? { inReplyTo: `<${thread.inReplyTo}>`, references: thread.references.map((id) => `<${id}>`) } : {}),
        // RFC 3834: what the assistant writes is an automatic answer, so the citizen's own robots do not answer it.
        headers: message.author ? {} : { 'Auto-Submitted': 'auto-replied' },
        attachments: await this.filesFor(message.attachments),
      });
    } catch (error) {
      throw toChannelSendError(error);
    }
    this.counters.sent++;
    return { channelMessageId: messageId };
  }

  /** The stored files a message carries (uploads, case files); links and channel media the citizen cannot open are left out. */
  private async filesFor(
    attachments: Attachment[],
  ): Promise<{ filename: string; content: Buffer; contentType: string }[]> {
    const ids = attachments.map((a) => storedFileIdOf(a.ref)).filter((id): id is string => id !== null);
    if (ids.length === 0) return [];
    const rows = await this.options.prisma.storedFile.findMany({
      where: { id: { in: ids }, entityId: this.options.entity.id },
      select: { id: true, fileName: true, mimeType: true, data: true },
    });
    return ids
      .map((id) => rows.find((r) => r.id === id))
      .filter((r) => r !== undefined)
      .map((r) => ({ filename: r.fileName, content: Buffer.from(r.data), contentType: r.mimeType }));
  }
}
