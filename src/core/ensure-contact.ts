import type { Db } from '../db/database.js';
import type { DriverQuery } from '../db/driver-transaction.js';
import { readDate } from '../db/driver-transaction.js';
import { isUniqueViolation } from '../lib/errors/unique-violation.js';

/** The contact a channel address belongs to, created on first contact. Safe when two first messages race. */
export async function ensureContact(
  prisma: Db,
  entityId: string,
  channel: string,
  externalId: string,
): Promise<string> {
  return (await ensureContactState(prisma, entityId, channel, externalId)).id;
}

/** ensureContact, with whether a channel reported the contact unreachable, read in the same query. */
export async function ensureContactState(
  prisma: Db,
  entityId: string,
  channel: string,
  externalId: string,
  /** The driver, for the hot path (the engine's receive). */
  query?: DriverQuery,
): Promise<{ id: string; unreachable: boolean }> {
  const where = { entityId_channel_externalId: { entityId, channel, externalId } };
  if (query) {
    // Every inbound message asks this: one statement on the driver (Prisma reads the contact with a second query).
    const [row] = await query(
      `SELECT i."contactId", k."unreachableAt" FROM "ContactIdentity" i JOIN "Contact" k ON k."id" = i."contactId"
       WHERE i."entityId" = ? AND i."channel" = ? AND i."externalId" = ?`,
      [entityId, channel, externalId],
    );
    if (row) return { id: row.contactId as string, unreachable: readDate(row.unreachableAt) !== null };
  } else {
    const existing = await prisma.contactIdentity.findUnique({
      where,
      select: { contactId: true, contact: { select: { unreachableAt: true } } },
    });
    if (existing) return { id: existing.contactId, unreachable: existing.contact.unreachableAt !== null };
  }
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
