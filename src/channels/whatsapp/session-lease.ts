import type { Db } from '../../db/database.js';
import { isUniqueViolation } from '../../lib/errors/unique-violation.js';

/**
 * A named lease in the Lease table: only its holder may use what it guards (a WhatsApp number's session; two sockets
 * with one identity make WhatsApp close both with "conflict"). Taking it is one conditional UPDATE (free, expired or
 * already ours) or, when the row does not exist, one INSERT that a unique key lets only one instance win; both are
 * atomic on SQLite and PostgreSQL without explicit locks.
 */
export class SessionLease {
  constructor(
    private readonly prisma: Db,
    readonly name: string,
    readonly holder: string,
    private readonly ttlMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Takes or renews the lease; false while another holder's lease is still valid. */
  async acquire(): Promise<boolean> {
    const now = this.now();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    const taken = await this.prisma.lease.updateMany({
      where: { name: this.name, OR: [{ holder: this.holder }, { expiresAt: { lte: now } }] },
      data: { holder: this.holder, acquiredAt: now, expiresAt },
    });
    if (taken.count === 1) return true;
    try {
      await this.prisma.lease.create({ data: { name: this.name, holder: this.holder, acquiredAt: now, expiresAt } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Extends our lease; false when it is no longer ours (it expired and someone else took it). */
  async renew(): Promise<boolean> {
    const now = this.now();
    const renewed = await this.prisma.lease.updateMany({
      where: { name: this.name, holder: this.holder, expiresAt: { gt: now } },
      data: { expiresAt: new Date(now.getTime() + this.ttlMs) },
    });
    return renewed.count === 1;
  }

  /** Lets another instance take over at once instead of waiting for the lease to expire. */
  async release(): Promise<void> {
    await this.prisma.lease.deleteMany({ where: { name: this.name, holder: this.holder } });
  }
}
