import type { StaffActor } from '../../staff/staff-member.js';
import { extendDueDate } from '../deadlines/extension.js';
import { prioritize as prioritizeRule } from '../deadlines/priority.js';
import type { Extension, PriorityReason } from '../deadlines/case-clock.js';
import { formatLongDateEs } from '../local-date.js';
import type { LocalDate } from '../local-date.js';
import { CaseError } from './case-error.js';
import { type StaffCaseView } from './case-view.js';
import type { CaseCore } from './case-core.js';
import { ruled } from './case-core.js';

// Ley 1755 arts. 14 and 20: assignment, extension, priority and closing.

export async function assign(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { dependency: string; version?: number },
): Promise<StaffCaseView> {
  const dependency = input.dependency.trim();
  const known = core.deps.settings.dependencies;
  if (known.length > 0 && !known.includes(dependency)) {
    throw new CaseError(
      'DEPENDENCY_UNKNOWN',
      `La dependencia «${dependency}» no existe. Use una de estas: ${known.join(', ')}.`,
    );
  }
  return core.change(actor, radicado, 'assign', input.version, (row) => {
    return {
      data: { dependency, ...(row.status === 'radicado' ? { status: 'en_tramite' as const } : {}) },
      event: { kind: 'assigned', data: { dependency, previous: row.dependency } },
    };
  });
}

/**
 * Art. 14 parágrafo: a later due date, only before expiry, at most double the term; the citizen is told why. An
 * extension the citizen was never told of does not count: on a chat it is undone if the notice cannot go out; an
 * anonymous case's extension is published (Ley 962 de 2005 art. 81); a case with no chat needs the official to
 * record how the citizen was told.
 */
export async function extend(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: {
    newDueDate: LocalDate;
    reasons: string;
    notifiedBy?: 'correo' | 'direccion' | 'personal';
    version?: number;
  },
) {
  return core.change(actor, radicado, 'extend', input.version, (row, clock) => {
    const next = ruled(
      extendDueDate(clock, { on: core.today(), newDueDate: input.newDueDate, reasons: input.reasons }, core.calendar),
    );
    const published = row.replyChannel === 'publicacion';
    const onChat = !published && row.conversationId !== null && core.deps.notifier !== undefined;
    if (!published && !onChat && !input.notifiedBy) {
      throw new CaseError(
        'EXTENSION_NOT_NOTIFIED',
        'Este caso no tiene un chat por donde avisarle al ciudadano. Infórmele la ampliación, con los motivos y la nueva fecha, ' +
          'por correo, por carta o en persona, y registre cómo lo hizo: una ampliación que el ciudadano no conoce no cuenta (Ley 1755 de 2015, art. 14, parágrafo).',
      );
    }
    const notifiedVia: NonNullable<Extension['notifiedVia']> = published
      ? 'publicacion'
      : onChat
        ? 'canal'
        : (input.notifiedBy ?? 'personal');
    const extended = { ...next, extension: next.extension ? { ...next.extension, notifiedVia } : null };
    return {
      data: { clock: extended },
      event: {
        kind: 'extended',
        data: {
          previousDueDate: clock.dueDate,
          newDueDate: next.dueDate,
          reasons: input.reasons.trim(),
          notifiedVia,
        },
      },
      citizenText:
        `Sobre su solicitud ${row.radicado}: necesitamos más tiempo para darle una respuesta completa. ` +
        `Motivo: ${input.reasons.trim()} La nueva fecha límite es el ${formatLongDateEs(next.dueDate)}.`,
      ...(onChat ? { voidUnlessDelivered: clock } : {}),
    };
  });
}

/**
 * Art. 20: a priority petition gets the shorter term the entity sets, and the dependency an alert at once (it is
 * listed with the reminders). The citizen is told the new date.
 */
export async function prioritize(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { reason: PriorityReason; dueDate: LocalDate; measures?: string; version?: number },
) {
  const view = await core.change(actor, radicado, 'prioritize', input.version, (row, clock) => {
    const next = ruled(
      prioritizeRule(
        clock,
        {
          on: core.today(),
          reason: input.reason,
          dueDate: input.dueDate,
          ...(input.measures ? { measures: input.measures } : {}),
        },
        core.calendar,
      ),
    );
    return {
      data: { clock: next },
      event: {
        kind: 'prioritized',
        data: {
          reason: input.reason,
          previousDueDate: clock.dueDate,
          dueDate: next.dueDate,
          measures: next.priority?.measures ?? null,
        },
      },
      citizenText:
        `Su solicitud ${row.radicado} tiene atención prioritaria (Ley 1755 de 2015, art. 20). ` +
        `Le responderemos a más tardar el ${formatLongDateEs(next.dueDate)}.`,
    };
  });
  await core.deps.prisma.caseEvent.create({
    data: {
      entityId: core.deps.entityId,
      caseId: view.id,
      at: core.now(),
      actorKind: 'system',
      kind: 'priority_alert',
      data: { dependency: view.dependency, dueDate: view.dueDate, reason: input.reason },
    },
  });
  core.deps.logger.warn(
    { caseId: view.id, radicado: view.radicado, dependency: view.dependency, reason: input.reason },
    'priority petition',
  );
  return core.get(actor, view.radicado);
}

export async function close(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { reason?: string; version?: number },
) {
  return core.change(actor, radicado, 'close', input.version, () => {
    return {
      data: { status: 'cerrado', closedAt: core.now() },
      event: { kind: 'closed', data: input.reason ? { reason: input.reason.trim() } : {} },
    };
  });
}
