import type { StaffActor } from '../../staff/staff-member.js';
import { declareNoCompetentAuthority, recordTransfer } from '../deadlines/transfer.js';
import type { CaseCore } from './case-core.js';
import { ruled } from './case-core.js';

// Ley 1755 art. 21: a petition this entity is not competent for.

/** How the official told the citizen: for a verbal petition, at once and in person (or on the same call). */
interface Told {
  /** The official told the citizen of a verbal petition there and then (art. 21, "de inmediato"). */
  toldAtOnce?: boolean;
  version?: number;
}

/** Whether the citizen made the petition verbally, as recorded when it was filed (Decreto 1166 de 2016). */
async function filedVerbally(core: CaseCore, caseId: string): Promise<boolean> {
  const filed = await core.deps.prisma.caseEvent.findFirst({
    where: { caseId, kind: 'filed' },
    select: { data: true },
  });
  const data = filed?.data as { verbal?: unknown } | null | undefined;
  return data?.verbal === true;
}

/**
 * Art. 21: sends the case to the competent authority and tells the citizen where it went: at once when the citizen
 * acted verbally (recorded as told in person), otherwise in writing within 5 business days.
 */
export async function transfer(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { recipient: string; reasons?: string } & Told,
) {
  const { id } = await core.visibleCase(actor, radicado);
  const verbal = await filedVerbally(core, id);
  return core.change(actor, radicado, 'transfer', input.version, (row, clock) => {
    const next = ruled(
      recordTransfer(
        clock,
        { on: core.today(), recipient: input.recipient, verbal, toldAtOnce: input.toldAtOnce === true },
        core.calendar,
      ),
    );
    const transfer = next.transfer;
    const recipient = input.recipient.trim();
    return {
      data: { clock: next, status: 'trasladado', closedAt: core.now() },
      event: {
        kind: 'transferred',
        data: {
          recipient,
          late: transfer?.late ?? false,
          deadline: transfer?.deadline ?? null,
          ...(verbal ? { verbal: true, toldAtOnce: true } : {}),
          ...(input.reasons ? { reasons: input.reasons.trim() } : {}),
        },
      },
      // A verbal petitioner was told in person; the written copy of the referral still follows on their channel.
      citizenText:
        `Su solicitud ${row.radicado} es un tema de ${recipient}, no de esta entidad. ` +
        `Se la enviamos hoy para que le respondan; el plazo de respuesta empieza a contar cuando la reciban.` +
        (input.reasons ? ` ${input.reasons.trim()}` : ''),
    };
  });
}

/**
 * Art. 21: no authority is competent. The citizen is told so with the reasons, at once if the petition was verbal;
 * the case ends here, and nothing is forwarded.
 */
export async function declareNoCompetence(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { reasons: string } & Told,
) {
  const { id } = await core.visibleCase(actor, radicado);
  const verbal = await filedVerbally(core, id);
  return core.change(actor, radicado, 'no-competent-authority', input.version, (row, clock) => {
    const next = ruled(
      declareNoCompetentAuthority(
        clock,
        { on: core.today(), reasons: input.reasons, verbal, toldAtOnce: input.toldAtOnce === true },
        core.calendar,
      ),
    );
    const decision = next.noCompetence;
    return {
      data: { clock: next, status: 'sin_competencia', closedAt: core.now() },
      event: {
        kind: 'no_competent_authority',
        data: {
          reasons: input.reasons.trim(),
          verbal,
          late: decision?.late ?? false,
          deadline: decision?.deadline ?? null,
        },
      },
      citizenText:
        `Revisamos su solicitud ${row.radicado}: ni esta entidad ni otra autoridad es competente para resolver lo que pide, ` +
        `por eso no podemos trasladarla (Ley 1755 de 2015, art. 21). Motivos: ${input.reasons.trim()}`,
    };
  });
}
