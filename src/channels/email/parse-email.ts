import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';
import { z } from 'zod';
import { automatedReason, type AutomatedReason } from './automated-mail.js';
import { stripReply } from './strip-reply.js';

/** The longest text an inbound message may carry (InboundMessage.text). */
const maxText = 8192;

export const ParsedEmail = z.object({
  /** The Message-ID without angle brackets; the deduplication key. */
  messageId: z.string().min(1).max(255),
  from: z.email(),
  fromName: z.string().max(255).optional(),
  subject: z.string().max(998),
  text: z.string().max(maxText),
  inReplyTo: z.string().max(998).optional(),
  references: z.array(z.string().max(998)).max(100),
  date: z.date(),
  automated: z.string().nullable(),
  attachments: z
    .array(
      z.object({
        fileName: z.string().max(255).optional(),
        contentType: z.string().max(255),
        data: z.instanceof(Buffer),
      }),
    )
    .max(50),
});
export type ParsedEmail = z.infer<typeof ParsedEmail>;

const bare = (id: string) => id.trim().replace(/^<|>$/g, '');

/** Message-IDs longer than the store's key become their hash: the same message still gives the same key. */
function messageKey(id: string): string {
  return id.length <= 255 ? id : `sha256:${createHash('sha256').update(id).digest('hex')}`;
}

function firstAddress(from: AddressObject | AddressObject[] | undefined): { address?: string; name?: string } {
  const list = Array.isArray(from) ? from : from ? [from] : [];
  const entry = list.flatMap((a) => a.value)[0];
  return {
    ...(entry?.address ? { address: entry.address.toLowerCase() } : {}),
    ...(entry?.name ? { name: entry.name } : {}),
  };
}

/** Text of an HTML-only email: mailparser's conversion, or the tags dropped when it gives none. */
function textOf(text: string | undefined, html: string | false): string {
  if (text && text.trim() !== '') return text;
  if (!html) return '';
  return html
    .replace(/<(br|\/p|\/div|\/li|\/h\d)[^>]*>/gi, '\n')
    .replace(/<blockquote[\s\S]*?<\/blockquote>/gi, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/**
 * A raw RFC 5322 message as the channel needs it: who wrote, the new words only (quotes and signature stripped),
 * threading headers, attachments, and whether a robot sent it. `fallbackId` names a message without a Message-ID.
 * Throws when the message has no usable sender.
 */
export async function parseEmail(raw: Buffer, ownAddress: string, fallbackId: string): Promise<ParsedEmail> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const sender = firstAddress(mail.from);
  const references = (Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [])
    .map(bare)
    .slice(-100);
  const body = stripReply(textOf(mail.text, mail.html ?? false));
  const subject = (mail.subject ?? '').trim();
  return ParsedEmail.parse({
    messageId: messageKey(mail.messageId ? bare(mail.messageId) : fallbackId),
    from: sender.address,
    ...(sender.name ? { fromName: sender.name.slice(0, 255) } : {}),
    subject: subject.slice(0, 998),
    text: (body === '' ? subject : body).slice(0, maxText),
    ...(mail.inReplyTo ? { inReplyTo: bare(mail.inReplyTo) } : {}),
    references,
    date: mail.date ?? new Date(),
    automated: automatedReason(mail.headers, sender.address ?? '', ownAddress) satisfies AutomatedReason,
    attachments: mail.attachments
      .filter((a) => a.contentDisposition !== 'inline' || !a.contentId)
      .slice(0, 50)
      .map((a) => ({
        ...(a.filename ? { fileName: a.filename.slice(0, 255) } : {}),
        contentType: a.contentType,
        data: a.content,
      })),
  });
}
