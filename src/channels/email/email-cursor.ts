import type { Db } from '../../db/database.js';

/** The last UID of a mailbox handed to the inbound store, per UIDVALIDITY (see the EmailCursor model). */
export class EmailCursor {
  constructor(
    private readonly prisma: Db,
    private readonly entityId: string,
    private readonly mailbox: string,
  ) {}

  /** Undefined when the folder was never read, or the server recreated it (another UIDVALIDITY). */
  async lastUid(uidValidity: string): Promise<number | undefined> {
    const row = await this.prisma.emailCursor.findUnique({
      where: { entityId_mailbox: { entityId: this.entityId, mailbox: this.mailbox } },
    });
    return row && row.uidValidity === uidValidity ? row.lastUid : undefined;
  }

  async advance(uidValidity: string, uid: number): Promise<void> {
    await this.prisma.emailCursor.upsert({
      where: { entityId_mailbox: { entityId: this.entityId, mailbox: this.mailbox } },
      create: { entityId: this.entityId, mailbox: this.mailbox, uidValidity, lastUid: uid },
      update: { uidValidity, lastUid: uid },
    });
  }
}
