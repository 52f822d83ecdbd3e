import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { staffActor, type StaffActor } from './staff-member.js';
import { StaffRole } from './staff-roles.js';
import { z } from 'zod';

export interface ConsoleSessionLimits {
  /** A session ends this long after sign-in, whatever happens (12 h: one working day, never overnight reuse). */
  absoluteMs: number;
  /** ...or after this long without a request (2 h: a forgotten open laptop does not stay signed in). */
  idleMs: number;
  /** lastSeenAt is written at most this often, so every request does not cost a database write. */
  touchEveryMs: number;
}

export const defaultSessionLimits: ConsoleSessionLimits = {
  absoluteMs: 12 * 60 * 60_000,
  idleMs: 2 * 60 * 60_000,
  touchEveryMs: 60_000,
};

export interface SignedIn {
  actor: StaffActor;
  sessionId: string;
}

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

const rolesOf = (value: unknown) => {
  const parsed = z.array(StaffRole).safeParse(value);
  return parsed.success ? parsed.data : [];
};

/**
 * Console sign-in sessions: the browser holds a 256-bit random token in a cookie, the table only its sha256, so a
 * copy of the database cannot be used to sign in.
 */
export class ConsoleSessions {
  private readonly limits: ConsoleSessionLimits;

  constructor(
    private readonly prisma: Db,
    private readonly entityId: string,
    private readonly now: () => Date = () => new Date(),
    limits: Partial<ConsoleSessionLimits> = {},
  ) {
    this.limits = { ...defaultSessionLimits, ...limits };
  }

  /** Opens a session and returns its token (for the cookie); expired sessions of the entity are swept meanwhile. */
  async open(staffId: string): Promise<string> {
    const now = this.now();
    const token = randomBytes(32).toString('base64url');
    await this.prisma.consoleSession.deleteMany({
      where: {
        entityId: this.entityId,
        OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lte: new Date(now.getTime() - this.limits.idleMs) } }],
      },
    });
    await this.prisma.consoleSession.create({
      data: {
        entityId: this.entityId,
        staffId,
        tokenHash: hashToken(token),
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + this.limits.absoluteMs),
      },
    });
    return token;
  }

  /**
   * The person a live session belongs to, or null (unknown, expired, idle too long, or the person was disabled).
   * `touch` false checks without counting as activity (the WebSocket's periodic re-check).
   */
  async authenticate(token: string, touch = true): Promise<SignedIn | null> {
    if (token.length < 20 || token.length > 200) return null;
    const tokenHash = hashToken(token);
    const row = await this.prisma.consoleSession.findUnique({ where: { tokenHash }, include: { staff: true } });
    if (!row || row.entityId !== this.entityId) return null;
    const now = this.now().getTime();
    const expired = row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() + this.limits.idleMs <= now;
    if (expired || row.staff.disabledAt !== null || row.staff.entityId !== this.entityId) {
      await this.prisma.consoleSession.deleteMany({ where: { id: row.id } });
      return null;
    }
    if (touch && now - row.lastSeenAt.getTime() >= this.limits.touchEveryMs) {
      await this.prisma.consoleSession.updateMany({ where: { id: row.id }, data: { lastSeenAt: new Date(now) } });
    }
    const staff = row.staff;
    return {
      sessionId: row.id,
      actor: staffActor({
        id: staff.id,
        entityId: staff.entityId,
        name: staff.name,
        roles: rolesOf(staff.roles),
        dependency: staff.dependency,
      }),
    };
  }

  async close(token: string): Promise<void> {
    await this.prisma.consoleSession.deleteMany({ where: { tokenHash: hashToken(token), entityId: this.entityId } });
  }

  /** Ends every session of a person (disabled, or their password changed). */
  async closeAllOf(staffId: string): Promise<void> {
    await this.prisma.consoleSession.deleteMany({ where: { staffId, entityId: this.entityId } });
  }
}
