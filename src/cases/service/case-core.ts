import { can, type StaffActor } from '../../staff/staff-member.js';
import type { InformationDenial, CaseClock } from '../deadlines/case-clock.js';
import type { RuleResult } from '../deadlines/rule-result.js';
import { toBogotaDate } from '../local-date.js';
import type { LocalDate } from '../local-date.js';
import { parseRadicado } from '../radicado.js';
import { CASE_TYPES, type CaseType } from '../terms.js';
import { clockToJson, readStoredClock } from '../store/clock-json.js';
import { CaseError } from './case-error.js';
import type { Change, CaseServiceDeps, Tx } from './case-service-types.js';
import { CASE_STATUS_LABELS, type CaseStatus } from './case-status.js';
import { CASE_TRANSITIONS, stepAllowedFrom, stepAppliesTo, type CaseStep } from './case-transitions.js';
import { staffCaseView, mayReadRequester, maySeeCase, type CaseRow, type StaffCaseView } from './case-view.js';
import { tellCitizen } from './citizen-notice.js';
import { nextDay, scheduleCaseReminder } from './reminder-schedule.js';

/**
 * What every part of the case service shares: the dependencies, today's date, finding a case the reader may see, and
 * `change`, the one way a workflow step writes (permission, the transitions table, optimistic concurrency, one
 * transaction with its history event, then the reminder and the citizen's notice). The steps live in one file per
 * group of legal actions (completion-steps.ts, answer-steps.ts…); CaseService is their public face.
 */
export class CaseCore {
  readonly now: () => Date;

  constructor(readonly deps: CaseServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  get calendar() {
    return this.deps.settings.calendar;
  }

  today(): LocalDate {
    return toBogotaDate(this.now());
  }

  /** Finds a case by radicado as typed (any case, spaces), or null. */
  async findByRadicado(radicado: string) {
    const parsed = parseRadicado(this.deps.settings.radicadoPattern, radicado);
    if (!parsed) return null;
    return this.deps.prisma.pqrsdCase.findUnique({
      where: { entityId_year_sequence: { entityId: this.deps.entityId, year: parsed.year, sequence: parsed.sequence } },
    });
  }

  /** One case as this person may see it, with its history. Cases they may not see are "not found", not "forbidden". */
  async get(actor: StaffActor, radicado: string): Promise<StaffCaseView> {
    const row = await this.visibleCase(actor, radicado);
    const [requester, events] = await Promise.all([
      this.requesterFor(actor, row),
      this.deps.prisma.caseEvent.findMany({ where: { caseId: row.id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
    ]);
    return staffCaseView(
      row,
      requester,
      actor,
      this.today(),
      this.deps.settings.calendar,
      events,
      this.unavailableSteps(),
    );
  }

  /** Steps the entity's settings rule out: classifying by subject needs settings.pqrsd.temas. */
  unavailableSteps(): CaseStep[] {
    return this.deps.settings.topics.length === 0 ? ['set-topic'] : [];
  }

  async visibleCase(actor: StaffActor, radicado: string) {
    const row = await this.findByRadicado(radicado);
    if (!row || !maySeeCase(actor, row)) {
      throw new CaseError(
        'CASE_NOT_FOUND',
        `No hay un caso con el radicado «${radicado.slice(0, 60)}» que usted pueda ver.`,
      );
    }
    return row;
  }

  /** The requester is loaded only when this person may read it: reserved identities never leave the database. */
  async requesterFor(actor: StaffActor, row: CaseRow & { id: string }) {
    if (!mayReadRequester(actor, row)) return null;
    return this.deps.prisma.caseRequester.findUnique({ where: { caseId: row.id } });
  }

  /** Runs a workflow step: permission and visibility, optimistic concurrency, one transaction, then timers and notice. */
  async change(
    actor: StaffActor,
    radicado: string,
    step: CaseStep,
    version: number | undefined,
    decide: (row: CaseRow & { conversationId: string | null; contactId: string | null }, clock: CaseClock) => Change,
  ): Promise<StaffCaseView> {
    const row = await this.visibleCase(actor, radicado);
    if (!can(actor, CASE_TRANSITIONS[step].permission))
      throw new CaseError('FORBIDDEN', 'Su rol no le permite hacer este cambio.');
    if (version !== undefined && version !== row.version) {
      throw new CaseError(
        'CASE_CHANGED',
        'Otra persona cambió este caso mientras usted lo veía. Recárguelo y revise antes de seguir.',
      );
    }
    // The transitions table is the one source of what each legal state allows (case-transitions.ts).
    if (!stepAllowedFrom(step, row.status)) throw new CaseError('CASE_STATE', stepRefusal(step, row.status));
    if (!stepAppliesTo(step, row.type)) throw new CaseError('CASE_STATE', typeRefusal(step));
    const change = decide(row, readStoredClock(row.clock, this.calendar));
    const now = this.now();
    const { clock, ...columns } = change.data;
    await this.deps.prisma.$transaction(async (tx: Tx) => {
      const updated = await tx.pqrsdCase.updateMany({
        where: { id: row.id, version: row.version },
        data: {
          ...columns,
          ...(clock ? { clock: clockToJson(clock) as object, dueDate: clock.dueDate } : {}),
          version: { increment: 1 },
        },
      });
      if (updated.count !== 1) {
        throw new CaseError(
          'CASE_CHANGED',
          'Otra persona cambió este caso al mismo tiempo. Recárguelo y revise antes de seguir.',
        );
      }
      await tx.caseEvent.create({
        data: {
          entityId: this.deps.entityId,
          caseId: row.id,
          at: now,
          ...actorColumns(actor),
          kind: change.event.kind,
          data: change.event.data as object,
        },
      });
    });
    this.deps.logger.info(
      { caseId: row.id, radicado: row.radicado, change: change.event.kind, staffId: actor.id },
      'case changed',
    );
    const status = (columns.status ?? row.status) as CaseStatus;
    // From tomorrow: a change made today must not trigger a reminder about itself.
    await this.scheduleReminder(
      row.id,
      clock ?? readStoredClock(row.clock, this.calendar),
      status,
      nextDay(this.today()),
    );
    const delivered = change.citizenText
      ? await tellCitizen(this.deps, this.now, row, change.citizenText, change.event.kind, change.citizenAttachments)
      : false;
    if (change.voidUnlessDelivered && !delivered)
      await this.voidChange(row.id, change.voidUnlessDelivered, change.event.kind, status);
    return this.get(actor, row.radicado);
  }

  /** Undoes a change the citizen could not be told of (an extension that was never notified does not count). */
  async voidChange(caseId: string, previous: CaseClock, kind: string, status: CaseStatus): Promise<void> {
    await this.deps.prisma.$transaction(async (tx: Tx) => {
      await tx.pqrsdCase.update({
        where: { id: caseId },
        data: { clock: clockToJson(previous) as object, dueDate: previous.dueDate, version: { increment: 1 } },
      });
      await tx.caseEvent.create({
        data: {
          entityId: this.deps.entityId,
          caseId,
          at: this.now(),
          actorKind: 'system',
          kind: `${kind}_void`,
          data: { reason: 'ciudadano_no_informado', dueDate: previous.dueDate },
        },
      });
    });
    this.deps.logger.warn({ caseId, change: kind }, 'change undone: the citizen could not be told');
    await this.scheduleReminder(caseId, previous, status, nextDay(this.today()));
  }

  /** Sets (or clears) the case's one reminder timer from its current clock. */
  async scheduleReminder(caseId: string, clock: CaseClock, status: CaseStatus, from: LocalDate): Promise<void> {
    await scheduleCaseReminder(this.deps, caseId, clock, status, from);
  }
}

export function actorColumns(actor: { id: string; name: string } | undefined): {
  actorKind: string;
  actorId: string | null;
  actorName: string | null;
} {
  return actor
    ? { actorKind: 'staff', actorId: actor.id, actorName: actor.name }
    : { actorKind: 'citizen', actorId: null, actorName: null };
}

/** Why a step does not apply in this state, in words an official understands. */
function stepRefusal(step: CaseStep, status: string): string {
  if (step === 'answer' && status === 'esperando_ciudadano') {
    return 'El caso espera que el ciudadano complete la información; registre primero que la recibió.';
  }
  const label = CASE_STATUS_LABELS[status as CaseStatus] ?? status;
  return `Ese paso no procede en el estado actual del caso: «${label}».`;
}

/** Why a step does not apply to this type of case. */
function typeRefusal(step: CaseStep): string {
  const types = (CASE_TRANSITIONS[step].types ?? []).map((t) => CASE_TYPES[t as CaseType]?.label.toLowerCase() ?? t);
  return `Ese paso solo procede en casos de tipo ${types.join(' o ')}.`;
}

export function ruledDenial(result: RuleResult<InformationDenial>): InformationDenial {
  if (!result.ok) throw CaseError.fromRule(result.error);
  return result.value;
}

/** A legal rule's refusal becomes the service's error, with the rule's code and Spanish message. */
export function ruled(result: RuleResult<CaseClock>): CaseClock {
  if (!result.ok) throw CaseError.fromRule(result.error);
  return result.value;
}
