import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ConsoleSessions, type ConsoleSessionLimits } from './console-sessions.js';
import { hashPassword, PasswordRuleError } from './passwords.js';
import type { Db } from '../db/database.js';
import { staffActor, type StaffActor } from './staff-member.js';
import { StaffRole } from './staff-roles.js';
import { isUniqueViolation } from '../lib/errors/unique-violation.js';

/** What `staff add` and the admin API accept. */
export const NewStaffMember = z.strictObject({
  name: z.string().trim().min(3, { error: 'Escriba el nombre completo (al menos 3 letras).' }).max(120),
  email: z.email({ error: 'El correo no es válido.' }).transform((e) => e.toLowerCase()),
  roles: z.array(StaffRole, { error: 'Indique al menos un rol válido.' }).min(1, { error: 'Indique al menos un rol.' }),
  dependency: z.string().trim().min(2).max(120).optional(),
});
export type NewStaffMember = z.input<typeof NewStaffMember>;

const TOKEN_PREFIX = 'vnt_';

/** Tokens are stored only as their sha256: a stolen database gives no usable credential. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export class StaffValidationError extends Error {}

function rolesOf(value: unknown): StaffRole[] {
  const parsed = z.array(StaffRole).safeParse(value);
  return parsed.success ? parsed.data : [];
}

function actorOf(row: {
  id: string;
  entityId: string;
  name: string;
  roles: unknown;
  dependency: string | null;
}): StaffActor {
  return staffActor({ ...row, roles: rolesOf(row.roles) });
}

/** What console sign-in needs to know about an account; never leaves the server. */
export interface LoginRecord {
  id: string;
  passwordHash: string | null;
  failedLogins: number;
  lockedUntil: Date | null;
  active: boolean;
}

export interface StaffDirectoryOptions {
  now?: () => Date;
  sessionLimits?: Partial<ConsoleSessionLimits>;
}

/** The entity's staff: API tokens, console passwords and console sessions. */
export class StaffDirectory {
  /** Console sign-in sessions (the cookie); here so every route that checks staff checks them the same way. */
  readonly sessions: ConsoleSessions;

  constructor(
    private readonly prisma: Db,
    private readonly entityId: string,
    options: StaffDirectoryOptions = {},
  ) {
    this.sessions = new ConsoleSessions(prisma, entityId, options.now, options.sessionLimits);
  }

  /**
   * Adds a person and returns their token, shown once. A funcionario must name a dependency, since that is what they
   * may see; `dependencies` (the entity's list) is checked when not empty.
   */
  async add(
    input: NewStaffMember,
    dependencies: readonly string[] = [],
  ): Promise<{ actor: StaffActor; token: string }> {
    const parsed = NewStaffMember.safeParse(input);
    if (!parsed.success) throw new StaffValidationError(parsed.error.issues.map((i) => i.message).join(' '));
    const member = parsed.data;
    if (member.roles.includes('funcionario') && !member.dependency) {
      throw new StaffValidationError('Un funcionario debe tener una dependencia (--dependency).');
    }
    if (member.dependency && dependencies.length > 0 && !dependencies.includes(member.dependency)) {
      throw new StaffValidationError(
        `La dependencia «${member.dependency}» no está en la lista de la entidad: ${dependencies.join(', ')}.`,
      );
    }
    const token = newToken();
    try {
      const row = await this.prisma.staffMember.create({
        data: {
          entityId: this.entityId,
          name: member.name,
          email: member.email,
          roles: member.roles,
          dependency: member.dependency ?? null,
          tokenHash: hashToken(token),
        },
      });
      return { actor: actorOf(row), token };
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new StaffValidationError(`Ya existe una persona con el correo ${member.email}.`);
      }
      throw error;
    }
  }

  /** The active person a bearer token belongs to, or null. Unknown and revoked tokens look the same. */
  async authenticate(token: string): Promise<StaffActor | null> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
    const row = await this.prisma.staffMember.findUnique({ where: { tokenHash: hashToken(token) } });
    if (!row || row.disabledAt || row.entityId !== this.entityId) return null;
    return actorOf(row);
  }

  /** Issues a new token for the person, invalidating the old one. */
  async rotateToken(email: string): Promise<string> {
    const token = newToken();
    const updated = await this.prisma.staffMember.updateMany({
      where: { entityId: this.entityId, email: email.toLowerCase() },
      data: { tokenHash: hashToken(token), disabledAt: null },
    });
    if (updated.count === 0) throw new StaffValidationError(`No hay ninguna persona con el correo ${email}.`);
    return token;
  }

  /** Disables the person: their token stops working and their console sessions end at once. */
  async disable(email: string): Promise<void> {
    const row = await this.prisma.staffMember.findUnique({
      where: { entityId_email: { entityId: this.entityId, email: email.toLowerCase() } },
    });
    if (!row) throw new StaffValidationError(`No hay ninguna persona con el correo ${email}.`);
    await this.prisma.staffMember.update({ where: { id: row.id }, data: { disabledAt: new Date() } });
    await this.sessions.closeAllOf(row.id);
  }

  /**
   * Sets the person's console password (argon2id), clears any lockout and ends their open sessions, so a password
   * changed because it leaked also logs out whoever used it.
   */
  async setPassword(email: string, password: string): Promise<void> {
    let passwordHash: string;
    try {
      passwordHash = await hashPassword(password);
    } catch (error) {
      if (error instanceof PasswordRuleError) throw new StaffValidationError(error.message);
      throw error;
    }
    const row = await this.prisma.staffMember.findUnique({
      where: { entityId_email: { entityId: this.entityId, email: email.toLowerCase() } },
    });
    if (!row) throw new StaffValidationError(`No hay ninguna persona con el correo ${email}.`);
    await this.prisma.staffMember.update({
      where: { id: row.id },
      data: { passwordHash, failedLogins: 0, lockedUntil: null },
    });
    await this.sessions.closeAllOf(row.id);
  }

  /** The account a console sign-in names, or null when no one of the entity has that email. */
  async loginRecord(email: string): Promise<LoginRecord | null> {
    const row = await this.prisma.staffMember.findUnique({
      where: { entityId_email: { entityId: this.entityId, email: email.trim().toLowerCase() } },
    });
    if (!row) return null;
    return {
      id: row.id,
      passwordHash: row.passwordHash,
      failedLogins: row.failedLogins,
      lockedUntil: row.lockedUntil,
      active: row.disabledAt === null,
    };
  }

  /** Counts a failed sign-in atomically (two guesses at once both count) and returns the new count. */
  async recordLoginFailure(staffId: string): Promise<number> {
    const row = await this.prisma.staffMember.update({
      where: { id: staffId },
      data: { failedLogins: { increment: 1 } },
      select: { failedLogins: true },
    });
    return row.failedLogins;
  }

  async lockLogin(staffId: string, until: Date): Promise<void> {
    await this.prisma.staffMember.update({ where: { id: staffId }, data: { lockedUntil: until } });
  }

  async recordLoginSuccess(staffId: string): Promise<void> {
    await this.prisma.staffMember.update({ where: { id: staffId }, data: { failedLogins: 0, lockedUntil: null } });
  }

  /** What the console shows about the signed-in person besides the actor: email and presence. */
  async profile(staffId: string): Promise<{ email: string; presence: 'online' | 'away' | 'offline' } | null> {
    const row = await this.prisma.staffMember.findUnique({
      where: { id: staffId },
      select: { email: true, presence: true },
    });
    if (!row) return null;
    const presence = row.presence === 'online' || row.presence === 'away' ? row.presence : 'offline';
    return { email: row.email, presence };
  }

  /** For `agents list`: who may use the console, never a hash. */
  async consoleAccounts(): Promise<
    {
      name: string;
      email: string;
      roles: StaffRole[];
      dependency: string | null;
      active: boolean;
      hasPassword: boolean;
      locked: boolean;
      areas: string[];
      maxConversations: number;
    }[]
  > {
    const rows = await this.prisma.staffMember.findMany({
      where: { entityId: this.entityId },
      orderBy: { name: 'asc' },
    });
    const now = Date.now();
    return rows.map((r) => ({
      name: r.name,
      email: r.email,
      roles: rolesOf(r.roles),
      dependency: r.dependency,
      active: r.disabledAt === null,
      hasPassword: r.passwordHash !== null,
      locked: r.lockedUntil !== null && r.lockedUntil.getTime() > now,
      areas: z
        .array(z.string())
        .catch([])
        .parse(r.areas ?? []),
      maxConversations: r.maxConversations,
    }));
  }

  /** Areas and concurrent-conversation limit for an agent (`agents add --area --max`). */
  async setAgentSettings(email: string, settings: { areas?: string[]; maxConversations?: number }): Promise<void> {
    const updated = await this.prisma.staffMember.updateMany({
      where: { entityId: this.entityId, email: email.toLowerCase() },
      data: {
        ...(settings.areas ? { areas: settings.areas } : {}),
        ...(settings.maxConversations !== undefined ? { maxConversations: settings.maxConversations } : {}),
      },
    });
    if (updated.count === 0) throw new StaffValidationError(`No hay ninguna persona con el correo ${email}.`);
  }

  async list(): Promise<
    { name: string; email: string; roles: StaffRole[]; dependency: string | null; active: boolean }[]
  > {
    const rows = await this.prisma.staffMember.findMany({
      where: { entityId: this.entityId },
      orderBy: { name: 'asc' },
    });
    return rows.map((r) => ({
      name: r.name,
      email: r.email,
      roles: rolesOf(r.roles),
      dependency: r.dependency,
      active: r.disabledAt === null,
    }));
  }
}
