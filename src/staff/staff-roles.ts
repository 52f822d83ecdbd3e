import { z } from 'zod';

/**
 * Who works in the entity, as far as permissions go. A person may hold several roles.
 * - gestor: runs the PQRSD window: sees every case, assigns, transfers, answers;
 * - funcionario: answers for one dependency and sees only its cases;
 * - control_interno: sees every case and is the only role that may read a denunciante's reserved identity;
 * - supervisor: reads reports and cases, changes nothing;
 * - agente: attends handed-off conversations (console);
 * - editor: maintains the knowledge base and the flows' texts;
 * - admin: manages staff, settings and channels (WhatsApp pairing); sees no case data by this role alone.
 */
export const staffRoles = ['gestor', 'funcionario', 'control_interno', 'supervisor', 'agente', 'editor', 'admin'] as const;
export const StaffRole = z.enum(staffRoles);
export type StaffRole = z.infer<typeof StaffRole>;

export const permissions = [
  'cases.read.all',
  'cases.read.dependency',
  'cases.assign',
  'cases.transfer',
  'cases.respond',
  'cases.identity.reserved',
  'reports.read',
  'staff.manage',
  'channels.manage',
  /** Take, answer, transfer and close handed-off conversations. */
  'handoff.attend',
  /** See every agent's status and load, and reassign their conversations. */
  'handoff.supervise',
  'content.edit',
] as const;
export type Permission = (typeof permissions)[number];

const grants: Readonly<Record<StaffRole, readonly Permission[]>> = {
  gestor: ['cases.read.all', 'cases.assign', 'cases.transfer', 'cases.respond', 'reports.read'],
  funcionario: ['cases.read.dependency', 'cases.respond'],
  control_interno: ['cases.read.all', 'cases.respond', 'cases.identity.reserved', 'reports.read'],
  supervisor: ['cases.read.all', 'reports.read', 'handoff.attend', 'handoff.supervise'],
  agente: ['handoff.attend'],
  editor: ['content.edit'],
  admin: ['staff.manage', 'channels.manage'],
};

/** The permissions a set of roles gives. */
export function permissionsOf(roles: readonly StaffRole[]): ReadonlySet<Permission> {
  return new Set(roles.flatMap((r) => grants[r]));
}

/** Spanish names for the roles, for the console and the CLI. */
export const STAFF_ROLE_NAMES: Readonly<Record<StaffRole, string>> = {
  gestor: 'Gestor de PQRSD',
  funcionario: 'Funcionario de dependencia',
  control_interno: 'Control interno',
  supervisor: 'Supervisor',
  agente: 'Agente de atención',
  editor: 'Editor de contenidos',
  admin: 'Administrador',
};
