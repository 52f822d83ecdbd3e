import { createHash } from 'node:crypto';
import type { AnyMessageContent } from '@whiskeysockets/baileys';
import type { Attachment, OutboundMessage } from '../../lib/messages.js';
import { uploadRefPrefix } from '../../uploads/stored-files.js';

/** One WhatsApp message to send; an outbound message with files becomes several. */
export type OutboundPart =
  | { type: 'text'; text: string }
  | { type: 'file'; attachment: Attachment; uploadId: string }
  | { type: 'location'; latitude: number; longitude: number; name?: string };

const geo = /^geo:(-?\d{1,2}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)$/;

/**
 * The parts an outbound message is sent as: its text first, then each file or location. Options are already numbered
 * text (capabilities.maxButtons is 0). Attachments this channel cannot send are named in `skipped`.
 */
export function toOutboundParts(message: OutboundMessage): { parts: OutboundPart[]; skipped: Attachment[] } {
  const parts: OutboundPart[] = [];
  const skipped: Attachment[] = [];
  if (message.text.trim()) parts.push({ type: 'text', text: message.text });
  for (const attachment of message.attachments) {
    if (attachment.ref.startsWith(uploadRefPrefix)) {
      parts.push({ type: 'file', attachment, uploadId: attachment.ref.slice(uploadRefPrefix.length) });
      continue;
    }
    const point = geo.exec(attachment.ref);
    if (attachment.kind === 'location' && point) {
      parts.push({
        type: 'location',
        latitude: Number(point[1]),
        longitude: Number(point[2]),
        ...(attachment.caption ? { name: attachment.caption } : {}),
      });
      continue;
    }
    skipped.push(attachment);
  }
  return { parts, skipped };
}

/** Baileys' content for a file we hold the bytes of: a photo shows inline, anything else goes as a document. */
export function fileContent(
  attachment: Attachment,
  data: Buffer,
  mimeType: string,
  fileName: string,
): AnyMessageContent {
  const caption = attachment.caption;
  if (mimeType.startsWith('image/')) return { image: data, mimetype: mimeType, ...(caption ? { caption } : {}) };
  return { document: data, mimetype: mimeType, fileName, ...(caption ? { caption } : {}) };
}

export function partContent(part: Exclude<OutboundPart, { type: 'file' }>): AnyMessageContent {
  if (part.type === 'text') return { text: part.text };
  return {
    location: {
      degreesLatitude: part.latitude,
      degreesLongitude: part.longitude,
      ...(part.name ? { name: part.name } : {}),
    },
  };
}

/**
 * The WhatsApp id for part `index` of a stored outbound message, the same on every attempt, so a send retried after
 * a timeout (that may have gone through) reaches the phone as the same message rather than a second copy. Shaped as
 * Baileys' own ids are (3EB0 and 18 upper-case hex digits).
 */
export function outboundMessageId(storedMessageId: string, index: number): string {
  return '3EB0' + createHash('sha256').update(`${storedMessageId}:${index}`).digest('hex').toUpperCase().slice(0, 18);
}
