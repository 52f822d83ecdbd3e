import { createHash } from 'node:crypto';
import type { StaffDirectory } from '../staff/staff-directory.js';
import { verifyAgainstDummy, verifyPassword } from '../staff/passwords.js';

export interface ConsoleLoginOptions {
  now?: () => Date;
  /** Failures in a row that lock the account (5). */
  maxFailures?: number;
  /** First lock (15 min); each further run of failures doubles it, up to maxLockMs (24 h). */
  lockMs?: number;
  maxLockMs?: number;
  /** Unknown emails tracked in memory at most (see {@link ConsoleLogin}). */
  maxPhantoms?: number;
}

export type LoginResult =
  | { outcome: 'signed-in'; staffId: string; token: string }
  | { outcome: 'invalid' }
  | { outcome: 'locked'; until: Date };

const phantomKey = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

interface Phantom {
  failures: number;
  lockedUntil: number;
}

/**
 * Checks a console email and password and opens a session. Per account: after 5 failures in a row the account is
 * locked for 15 minutes, the next 5 lock it for 30, and so on (doubling, at most 24 h); a success resets the count.
 *
 * A guesser must not learn which emails exist: an unknown email, a disabled person and a wrong password get the same
 * answer after the same argon2 work, and unknown emails are locked too ("phantom" locks kept in memory, keyed by a
 * hash of the email), so a 423 does not reveal a real account either.
 */
export class ConsoleLogin {
  private readonly now: () => Date;
  private readonly maxFailures: number;
  private readonly lockMs: number;
  private readonly maxLockMs: number;
  private readonly maxPhantoms: number;
  private readonly phantoms = new Map<string, Phantom>();

  constructor(
    private readonly directory: StaffDirectory,
    options: ConsoleLoginOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.maxFailures = options.maxFailures ?? 5;
    this.lockMs = options.lockMs ?? 15 * 60_000;
    this.maxLockMs = options.maxLockMs ?? 24 * 60 * 60_000;
    this.maxPhantoms = options.maxPhantoms ?? 10_000;
  }

  async signIn(email: string, password: string): Promise<LoginResult> {
    const now = this.now();
    const account = await this.directory.loginRecord(email);
    if (!account || !account.active || account.passwordHash === null) {
      // Same order as a real account: a lock answers at once, otherwise the password costs a full hash.
      const locked = this.phantomLockedUntil(email, now.getTime());
      if (locked) return { outcome: 'locked', until: locked };
      await verifyAgainstDummy(password);
      return this.phantomFailure(email, now.getTime());
    }
    if (account.lockedUntil && account.lockedUntil.getTime() > now.getTime()) {
      return { outcome: 'locked', until: account.lockedUntil };
    }
    if (!(await verifyPassword(account.passwordHash, password))) {
      const failures = await this.directory.recordLoginFailure(account.id);
      if (failures % this.maxFailures === 0) {
        const until = new Date(now.getTime() + this.lockDuration(failures));
        await this.directory.lockLogin(account.id, until);
        return { outcome: 'locked', until };
      }
      return { outcome: 'invalid' };
    }
    if (account.failedLogins > 0 || account.lockedUntil) await this.directory.recordLoginSuccess(account.id);
    const token = await this.directory.sessions.open(account.id);
    return { outcome: 'signed-in', staffId: account.id, token };
  }

  private lockDuration(failures: number): number {
    const runs = Math.floor(failures / this.maxFailures) - 1;
    return Math.min(this.lockMs * 2 ** Math.min(runs, 30), this.maxLockMs);
  }

  private phantomLockedUntil(email: string, now: number): Date | null {
    const phantom = this.phantoms.get(phantomKey(email));
    return phantom && phantom.lockedUntil > now ? new Date(phantom.lockedUntil) : null;
  }

  private phantomFailure(email: string, now: number): LoginResult {
    const key = phantomKey(email);
    let phantom = this.phantoms.get(key);
    if (!phantom) {
      if (this.phantoms.size >= this.maxPhantoms) {
        // Forget the oldest (a Map iterates in insertion order): memory stays bounded under a flood of emails.
        const oldest = this.phantoms.keys().next().value;
        if (oldest !== undefined) this.phantoms.delete(oldest);
      }
      phantom = { failures: 0, lockedUntil: 0 };
      this.phantoms.set(key, phantom);
    }
    phantom.failures += 1;
    if (phantom.failures % this.maxFailures === 0) {
      phantom.lockedUntil = now + this.lockDuration(phantom.failures);
      return { outcome: 'locked', until: new Date(phantom.lockedUntil) };
    }
    return { outcome: 'invalid' };
  }
}
