import { z } from 'zod';

/**
 * Who works in the entity, as far as permissions go. A person may hold several roles.
 * - gestor: runs the PQRSD window: sees every case, assigns, transfers, answers;
 * - funcionario: answers for one dependency and sees only its cases;
 * - control_interno: the Oficina de Control Interno (Ley 87 de 1993): evaluates, reads every case and the reports and
 *   writes the Ley 1474 art. 76 report; it answers no case and does not see reserved identities;
 * - control_interno_disciplinario: the Oficina de Control Interno Disciplinario: receives and answers disciplinary
 *   quejas and denuncias (it sees those types only) and is the only role that reads a reserved identity;
 * - supervisor: reads reports and cases, changes nothing;
 * - agente: attends handed-off conversations (console);
 * - editor: maintains the knowledge base and the flows' texts;
 * - admin: manages staff, settings, channels (WhatsApp pairing) and, like an editor, the content; sees no case data
 *   by this role alone;
 * - plataforma: the platform administrator of a deployment that serves several entities: lists and adds entities;
 *   sees no entity's cases or conversations by this role alone.
 */
export const staffRoles = [
  'gestor',
  'funcionario',
  'control_interno',
  'control_interno_disciplinario',
  'supervisor',
  'agente',
  'editor',
  'admin',
  'plataforma',
] as const;
export const StaffRole = z.enum(staffRoles);
export type StaffRole = z.infer<typeof StaffRole>;

export const permissions = [
  'cases.read.all',
  'cases.read.dependency',
  /** Quejas and denuncias, the cases a disciplinary office receives. */
  'cases.read.disciplinary',
  'cases.assign',
  'cases.transfer',
  'cases.respond',
  'cases.identity.reserved',
  'reports.read',
  /** Record Control Interno's recommendations in the art. 76 report and their follow-up. */
  'reports.recommend',
  'staff.manage',
  'channels.manage',
  /** Take, answer, transfer and close handed-off conversations. */
  'handoff.attend',
  /** See every agent's status and load, and reassign their conversations. */
  'handoff.supervise',
  'content.edit',
  /** List and add the entities the deployment serves (platform administrator). */
  'entities.manage',
  /** Change entity.yaml from the console (office hours, widget look, PQRSD settings). */
  'settings.edit',
] as const;
export type Permission = (typeof permissions)[number];

const grants: Readonly<Record<StaffRole, readonly Permission[]>> = {
  gestor: ['cases.read.all', 'cases.assign', 'cases.transfer', 'cases.respond', 'reports.read'],
  funcionario: ['cases.read.dependency', 'cases.respond'],
  control_interno: ['cases.read.all', 'reports.read', 'reports.recommend'],
  control_interno_disciplinario: ['cases.read.disciplinary', 'cases.respond', 'cases.identity.reserved'],
  supervisor: ['cases.read.all', 'reports.read', 'handoff.attend', 'handoff.supervise'],
  agente: ['handoff.attend'],
  editor: ['content.edit'],
  admin: ['staff.manage', 'channels.manage', 'content.edit', 'settings.edit'],
  plataforma: ['entities.manage'],
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
  control_interno_disciplinario: 'Control interno disciplinario',
  supervisor: 'Supervisor',
  agente: 'Agente de atención',
  editor: 'Editor de contenidos',
  admin: 'Administrador',
  plataforma: 'Administrador de la plataforma',
};
