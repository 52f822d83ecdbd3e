import type { Permission, StaffRole } from './staff-roles.js';
import { permissionsOf } from './staff-roles.js';

/** A signed-in person of the entity: what every case operation checks permissions against. */
export interface StaffActor {
  id: string;
  entityId: string;
  name: string;
  roles: StaffRole[];
  /** The dependency a funcionario answers for. */
  dependency: string | null;
  permissions: ReadonlySet<Permission>;
}

export function staffActor(row: {
  id: string;
  entityId: string;
  name: string;
  roles: StaffRole[];
  dependency: string | null;
}): StaffActor {
  return { ...row, permissions: permissionsOf(row.roles) };
}

export function can(actor: StaffActor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}
