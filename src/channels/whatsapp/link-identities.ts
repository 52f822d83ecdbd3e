import type { Db } from '../../db/database.js';
import { isUniqueViolation } from '../../lib/errors/unique-violation.js';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/**
 * Makes two addresses of one person (WhatsApp's phone JID and LID) point at one contact, so the citizen keeps one
 * conversation whichever address a message comes from. When each address already had its own contact, the newer
 * contact is merged into the older one: everything that references it moves, then it is deleted. Returns the contact.
 */
export async function linkIdentities(
  prisma: Db,
  entityId: string,
  channel: string,
  first: string,
  second: string,
): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await prisma.$transaction((tx) => link(tx, entityId, channel, first, second));
    } catch (error) {
      // Another message of the same person created one of the identities meanwhile: read again.
      if (isUniqueViolation(error) && attempt < 2) continue;
      throw error;
    }
  }
}

async function link(tx: Tx, entityId: string, channel: string, first: string, second: string): Promise<string> {
  const found = await tx.contactIdentity.findMany({
    where: { entityId, channel, externalId: { in: [first, second] } },
    select: { externalId: true, contactId: true, contact: { select: { createdAt: true } } },
  });
  const a = found.find((i) => i.externalId === first);
  const b = found.find((i) => i.externalId === second);
  if (!a && !b) {
    const contact = await tx.contact.create({
      data: {
        entityId,
        identities: {
          create: [
            { entityId, channel, externalId: first },
            { entityId, channel, externalId: second },
          ],
        },
      },
    });
    return contact.id;
  }
  if (!a || !b) {
    const known = (a ?? b)!;
    await tx.contactIdentity.create({
      data: { entityId, channel, contactId: known.contactId, externalId: a ? second : first },
    });
    return known.contactId;
  }
  if (a.contactId === b.contactId) return a.contactId;
  const [older, newer] =
    a.contact.createdAt <= b.contact.createdAt ? [a.contactId, b.contactId] : [b.contactId, a.contactId];
  await mergeContacts(tx, older, newer);
  return older;
}

/** Moves every row of `from` to `into` (Contact's relations and the plain contactId columns), then deletes `from`. */
async function mergeContacts(tx: Tx, into: string, from: string): Promise<void> {
  const moved = { contactId: into };
  await tx.contactIdentity.updateMany({ where: { contactId: from }, data: moved });
  await tx.conversation.updateMany({ where: { contactId: from }, data: moved });
  await tx.storedFile.updateMany({ where: { contactId: from }, data: moved });
  await tx.pqrsdCase.updateMany({ where: { contactId: from }, data: moved });
  await tx.consent.updateMany({ where: { contactId: from }, data: moved });
  // One conversation per channel stays open: the most recently active one carries on, the others close quietly
  // (closing through the engine would send the citizen an "inactive" goodbye).
  const open = await tx.conversation.findMany({
    where: { contactId: into, status: { not: 'closed' } },
    orderBy: { lastActivityAt: 'desc' },
    select: { id: true, channel: true },
  });
  const kept = new Set<string>();
  for (const c of open) {
    if (!kept.has(c.channel)) {
      kept.add(c.channel);
      continue;
    }
    await tx.conversation.update({
      where: { id: c.id },
      data: { status: 'closed', closedAt: new Date(), closeReason: 'merged' },
    });
  }
  const [target, source] = await Promise.all([
    tx.contact.findUniqueOrThrow({ where: { id: into } }),
    tx.contact.findUniqueOrThrow({ where: { id: from } }),
  ]);
  await tx.contact.update({
    where: { id: into },
    data: {
      displayName: target.displayName ?? source.displayName,
      lastSeenAt: latest(target.lastSeenAt, source.lastSeenAt),
    },
  });
  await tx.contact.delete({ where: { id: from } });
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
