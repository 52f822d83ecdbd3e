import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../lib/errors/unique-violation.js';

/** The contact a channel address belongs to, created on first contact. Safe when two first messages race. */
export async function ensureContact(prisma: Db, entityId: string, channel: string, externalId: string): Promise<string> {
  return (await ensureContactState(prisma, entityId, channel, externalId)).id;
}

/** ensureContact, with whether a channel reported the contact unreachable, read in the same query. */
export async function ensureContactState(
  prisma: Db,
  entityId: string,
  channel: string,
  externalId: string,
): Promise<{ id: string; unreachable: boolean }> {
  const where = { entityId_channel_externalId: { entityId, channel, externalId } };
  const existing = await prisma.contactIdentity.findUnique({ where, select: { contactId: true, contact: { select: { unreachableAt: true } } } });
  if (existing) return { id: existing.contactId, unreachable: existing.contact.unreachableAt !== null };
  try {
    const contact = await prisma.contact.create({
      data: { entityId, identities: { create: { entityId, channel, externalId } } },
    });
    return { id: contact.id, unreachable: false };
  } catch (error) {
    // Two first messages at once: the other one created the identity.
    if (!isUniqueViolation(error)) throw error;
    return { id: (await prisma.contactIdentity.findUniqueOrThrow({ where })).contactId, unreachable: false };
  }
}
