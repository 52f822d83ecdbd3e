import { proto, type WAMessageKey } from '@whiskeysockets/baileys';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { personJid } from './whatsapp-jid.js';

const channel = 'whatsapp';
/** How many of a person's latest replies a resend request is looked for in: phones ask within minutes or hours. */
const recentReplies = 50;

/** One WhatsApp message a stored reply went out as: its id and what was sent (protobuf, base64). */
const SentPart = z.object({ id: z.string().min(1), message: z.string().optional() });
const SentParts = z.object({ whatsappParts: z.array(SentPart.nullable()) });
type SentPart = z.infer<typeof SentPart>;

/**
 * Keeps the WhatsApp id and content of part `index` of a stored reply in its payload JSON (next to what the outbox
 * stored), so a phone that asks for a resend after Baileys' memory is gone still gets it (see findSentMessage).
 * Written per part: when a later part fails, the ones already on the phone can still be resent.
 */
export async function recordSentPart(
  prisma: Db,
  storedMessageId: string,
  index: number,
  id: string,
  message: proto.IMessage | null | undefined,
): Promise<void> {
  const row = await prisma.message.findUnique({ where: { id: storedMessageId }, select: { payload: true } });
  if (!row) return;
  const payload = (row.payload ?? {}) as Record<string, unknown>;
  const parts = partsOf(payload);
  parts[index] = {
    id,
    ...(message ? { message: Buffer.from(proto.Message.encode(message).finish()).toString('base64') } : {}),
  };
  await prisma.message.update({
    where: { id: storedMessageId },
    data: { payload: { ...payload, whatsappParts: Array.from(parts, (p) => p ?? null) } as never },
  });
}

/**
 * The content of a message we sent, for Baileys' getMessage (a phone could not decrypt it and asks for it again).
 * The first part's id is the row's channelMessageId; the others are found among the person's latest replies.
 */
export async function findSentMessage(
  prisma: Db,
  entityId: string,
  key: WAMessageKey,
): Promise<proto.IMessage | undefined> {
  const id = key.id;
  if (!id || !key.remoteJid) return undefined;
  const first = await prisma.message.findFirst({
    where: { entityId, channel, direction: 'out', channelMessageId: id },
    select: { payload: true },
  });
  const found = first ? contentOf(first.payload, id) : undefined;
  if (found) return found;
  const jids = [key.remoteJid, key.remoteJidAlt].filter((j): j is string => Boolean(j)).map(personJid);
  const recent = await prisma.message.findMany({
    where: {
      entityId,
      channel,
      direction: 'out',
      conversation: { contact: { identities: { some: { channel, externalId: { in: jids } } } } },
    },
    orderBy: { createdAt: 'desc' },
    take: recentReplies,
    select: { payload: true },
  });
  for (const row of recent) {
    const content = contentOf(row.payload, id);
    if (content) return content;
  }
  return undefined;
}

function partsOf(payload: unknown): (SentPart | null)[] {
  const parsed = SentParts.safeParse(payload);
  return parsed.success ? [...parsed.data.whatsappParts] : [];
}

function contentOf(payload: unknown, id: string): proto.IMessage | undefined {
  const part = partsOf(payload).find((p) => p?.id === id);
  if (!part?.message) return undefined;
  try {
    return proto.Message.decode(Buffer.from(part.message, 'base64'));
  } catch {
    return undefined;
  }
}
