import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { staffActor, type StaffActor } from './staff-member.js';
import { StaffRole } from './staff-roles.js';

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

function actorOf(row: { id: string; entityId: string; name: string; roles: unknown; dependency: string | null }): StaffActor {
  return staffActor({ ...row, roles: rolesOf(row.roles) });
}

/** The entity's staff: issuing, checking and revoking API tokens. */
export class StaffDirectory {
  constructor(
    private readonly prisma: Db,
    private readonly entityId: string,
  ) {}

  /**
   * Adds a person and returns their token, shown once. A funcionario must name a dependency, since that is what they
   * may see; `dependencies` (the entity's list) is checked when not empty.
   */
  async add(input: NewStaffMember, dependencies: readonly string[] = []): Promise<{ actor: StaffActor; token: string }> {
    const parsed = NewStaffMember.safeParse(input);
    if (!parsed.success) throw new StaffValidationError(parsed.error.issues.map((i) => i.message).join(' '));
    const member = parsed.data;
    if (member.roles.includes('funcionario') && !member.dependency) {
      throw new StaffValidationError('Un funcionario debe tener una dependencia (--dependency).');
    }
    if (member.dependency && dependencies.length > 0 && !dependencies.includes(member.dependency)) {
      throw new StaffValidationError(`La dependencia «${member.dependency}» no está en la lista de la entidad: ${dependencies.join(', ')}.`);
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
      if ((error as { code?: string }).code === 'P2002') {
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

  async disable(email: string): Promise<void> {
    const updated = await this.prisma.staffMember.updateMany({
      where: { entityId: this.entityId, email: email.toLowerCase() },
      data: { disabledAt: new Date() },
    });
    if (updated.count === 0) throw new StaffValidationError(`No hay ninguna persona con el correo ${email}.`);
  }

  async list(): Promise<{ name: string; email: string; roles: StaffRole[]; dependency: string | null; active: boolean }[]> {
    const rows = await this.prisma.staffMember.findMany({ where: { entityId: this.entityId }, orderBy: { name: 'asc' } });
    return rows.map((r) => ({ name: r.name, email: r.email, roles: rolesOf(r.roles), dependency: r.dependency, active: r.disabledAt === null }));
  }
}
