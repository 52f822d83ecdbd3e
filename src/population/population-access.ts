import { can, type StaffActor } from '../staff/staff-member.js';

/**
 * Who may read one case's population fields: the officials who handle it (file and assign it, or answer it, within
 * the cases they can see). Supervisors and read-only roles see only the suppressed aggregates of the reports.
 */
export function mayReadCasePopulation(actor: StaffActor): boolean {
  return can(actor, 'cases.respond') || can(actor, 'cases.assign');
}
