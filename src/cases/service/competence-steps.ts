import type { StaffActor } from '../../staff/staff-member.js';
import { recordTransfer } from '../deadlines/transfer.js';
import type { CaseCore } from './case-core.js';
import { ruled } from './case-core.js';

// Ley 1755 art. 21: competence.

/** Art. 21: sends the case to the competent authority and tells the citizen where it went. */
export async function transfer(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { recipient: string; reasons?: string; version?: number },
) {
  return core.change(actor, radicado, 'transfer', input.version, (row, clock) => {
    const next = ruled(recordTransfer(clock, { on: core.today(), recipient: input.recipient }, core.calendar));
    const transfer = next.transfer;
    return {
      data: { clock: next, status: 'trasladado', closedAt: core.now() },
      event: {
        kind: 'transferred',
        data: {
          recipient: input.recipient.trim(),
          late: transfer?.late ?? false,
          deadline: transfer?.deadline ?? null,
          ...(input.reasons ? { reasons: input.reasons.trim() } : {}),
        },
      },
      citizenText:
        `Su solicitud ${row.radicado} es un tema de ${input.recipient.trim()}, no de esta entidad. ` +
        `Se la enviamos hoy para que le respondan; el plazo de respuesta empieza a contar cuando la reciban.` +
        (input.reasons ? ` ${input.reasons.trim()}` : ''),
    };
  });
}
