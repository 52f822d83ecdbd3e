import { ensureContact } from '../core/ensure-contact.js';
import type { Db } from '../db/database.js';

/**
 * Where a case notice goes when the citizen chose to get the answer by email (replyChannel "correo") on another
 * channel: a conversation of their address on the email channel, so the notice is queued, retried and recorded like
 * any other, and a reply from the citizen continues by email. Undefined means "the case's own conversation" (they
 * chose that channel, they wrote by email in the first place, or gave no address).
 */
export async function emailConversationForCase(
  prisma: Db,
  entityId: string,
  caseId: string,
): Promise<string | undefined> {
  const row = await prisma.pqrsdCase.findFirst({
    where: { id: caseId, entityId },
    select: { replyChannel: true, channel: true, requester: { select: { email: true } } },
  });
  const address = row?.requester?.email?.trim().toLowerCase();
  if (!row || row.replyChannel !== 'correo' || !address || row.channel === 'email') return undefined;
  const contactId = await ensureContact(prisma, entityId, 'email', address);
  const existing = await prisma.conversation.findFirst({
    where: { contactId, channel: 'email' },
    orderBy: { startedAt: 'desc' },
    select: { id: true },
  });
  if (existing) return existing.id;
  // Closed from the start: it only carries notices; a reply from the citizen opens a conversation of its own.
  const created = await prisma.conversation.create({
    data: { entityId, contactId, channel: 'email', status: 'closed', closedAt: new Date(), closeReason: 'completed' },
    select: { id: true },
  });
  return created.id;
}
