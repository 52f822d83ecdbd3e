import type { Db } from '../db/database.js';

/** The contact a channel address belongs to, created on first contact. Safe when two first messages race. */
export async function ensureContact(prisma: Db, entityId: string, channel: string, externalId: string): Promise<string> {
  const where = { entityId_channel_externalId: { entityId, channel, externalId } };
  const existing = await prisma.contactIdentity.findUnique({ where, select: { contactId: true } });
  if (existing) return existing.contactId;
  try {
    const contact = await prisma.contact.create({
      data: { entityId, identities: { create: { entityId, channel, externalId } } },
    });
    return contact.id;
  } catch (error) {
    // Two first messages at once: the other one created the identity.
    if ((error as { code?: string }).code !== 'P2002') throw error;
    return (await prisma.contactIdentity.findUniqueOrThrow({ where })).contactId;
  }
}
