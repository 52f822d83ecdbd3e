import type { Db } from '../../db/database.js';

/** Message-IDs kept in References: enough for every mail program to thread, short enough for any header limit. */
const maxReferences = 20;

/** Trims a References list keeping its first id, the thread's root, which mail programs thread on (RFC 5322 3.6.4). */
function capped(ids: string[]): string[] {
  return ids.length <= maxReferences ? ids : [ids[0]!, ...ids.slice(-(maxReferences - 1))];
}

export interface ThreadHeaders {
  subject: string;
  inReplyTo: string;
  references: string[];
}

/**
 * The threading memory of the email channel. Each citizen email's headers are kept (EmailHeader) before it enters
 * the conversation; what we send answers the citizen's newest email of the conversation, found through the stored
 * inbound messages, so a turn's reply and a case's answer weeks later land in the same thread.
 */
export class EmailThreads {
  constructor(
    private readonly prisma: Db,
    private readonly entityId: string,
  ) {}

  async remember(email: { messageId: string; subject: string; references: string[] }): Promise<void> {
    const references = capped(email.references.filter((id) => id !== email.messageId)).join(' ');
    await this.prisma.emailHeader.upsert({
      where: { entityId_messageId: { entityId: this.entityId, messageId: email.messageId } },
      create: { entityId: this.entityId, messageId: email.messageId, subject: email.subject, references },
      update: {},
    });
  }

  /** What an email in this conversation answers; undefined when the citizen never wrote by email in it. */
  async headersFor(conversationId: string): Promise<ThreadHeaders | undefined> {
    const newest = await this.prisma.message.findFirst({
      where: { conversationId, direction: 'in', channel: 'email', channelMessageId: { not: null } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { channelMessageId: true },
    });
    if (!newest?.channelMessageId) return undefined;
    const header = await this.prisma.emailHeader.findUnique({
      where: { entityId_messageId: { entityId: this.entityId, messageId: newest.channelMessageId } },
    });
    const before = header ? header.references.split(' ').filter(Boolean) : [];
    return {
      subject: header?.subject ?? '',
      inReplyTo: newest.channelMessageId,
      references: capped([...before, newest.channelMessageId]),
    };
  }
}

/** "Re: " once, whatever the citizen's mail program already put in front. */
export function replySubject(subject: string, fallback: string): string {
  const base = subject.replace(/^\s*((re|rv|fw|fwd)\s*:\s*)+/i, '').trim();
  return `Re: ${base === '' ? fallback : base}`;
}
