import { z } from 'zod';
import type { StaffActor } from '../../staff/staff-member.js';
import { CaseError } from './case-error.js';
import type { CaseCore } from './case-core.js';
import type { StaffCaseView } from './case-view.js';

// Ley 1474 de 2011 art. 76: what Control Interno's report needs beyond the legal states: the subject of each case
// (recurring subjects) and the quejas and denuncias referred to disciplinary or control bodies.

/**
 * Gives the case one of the entity's subject categories (settings.pqrsd.temas), or clears it with null ("sin
 * clasificar"). A name outside the list is refused with the list, so the report never counts a misspelt subject apart.
 */
export async function setTopic(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { topic: string | null; version?: number },
): Promise<StaffCaseView> {
  const known = core.deps.settings.topics;
  const topic = input.topic === null ? null : topicOf(known, input.topic);
  return core.change(actor, radicado, 'set-topic', input.version, (row) => ({
    data: { topic },
    event: { kind: 'topic_set', data: { topic, previous: row.topic } },
  }));
}

function topicOf(known: readonly string[], typed: string): string {
  if (known.length === 0) {
    // Not a bad request: this entity does not classify yet, like a step its state does not allow.
    throw new CaseError(
      'CASE_STATE',
      'La entidad no ha definido temas para clasificar los casos (settings.pqrsd.temas en entity.yaml).',
    );
  }
  // Case and accents as configured: the official may type "salud" for "Salud".
  const wanted = typed.trim().toLocaleLowerCase('es-CO');
  const parsed = z
    .enum(known as [string, ...string[]])
    .safeParse(known.find((t) => t.toLocaleLowerCase('es-CO') === wanted) ?? typed);
  if (!parsed.success) {
    throw new CaseError(
      'INPUT_NOT_VALID',
      `El tema «${typed.slice(0, 120)}» no existe. Use uno de estos: ${known.join(', ')}.`,
    );
  }
  return parsed.data;
}

/**
 * Records that a queja or denuncia was sent to a disciplinary or control body. The case keeps its state: the entity
 * still answers the citizen. Referring it again to another body replaces the body and the date; the history keeps both.
 */
export async function referToControlBody(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { body?: string; note?: string; version?: number },
): Promise<StaffCaseView> {
  const body = (input.body ?? '').trim();
  if (body.length === 0) {
    throw new CaseError(
      'REFERRAL_BODY_REQUIRED',
      'Escriba a qué organismo se remitió (por ejemplo, Personería Municipal o Control Interno Disciplinario).',
    );
  }
  const now = core.now();
  return core.change(actor, radicado, 'refer-to-control-body', input.version, (row) => ({
    data: { referredTo: body, referredAt: now },
    event: {
      kind: 'referred_to_control_body',
      data: { body, ...(input.note ? { note: input.note } : {}), previous: row.referredTo },
    },
  }));
}
