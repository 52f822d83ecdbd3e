import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../../db/database.js';
import type { OutboundTemplate } from '../../lib/messages.js';
import type { StaffActor } from '../../staff/staff-member.js';
import { can } from '../../staff/staff-member.js';
import { openCaseClock } from '../deadlines/case-clock.js';
import { declareDesistimiento, receiveCompletion, requestCompletion } from '../deadlines/completion.js';
import { extendDueDate } from '../deadlines/extension.js';
import {
  denyInformation,
  fileInsistence,
  insistenceDeadline,
  recordCourtDecision,
  referToCourt,
} from '../deadlines/information-denial.js';
import { reminderSchedule } from '../deadlines/reminders.js';
import type { RuleResult } from '../deadlines/rule-result.js';
import { positiveSilence } from '../deadlines/positive-silence.js';
import { prioritize } from '../deadlines/priority.js';
import { recordTransfer } from '../deadlines/transfer.js';
import {
  fileReposicion,
  notifyDesistimiento,
  REPOSICION_TERM_DAYS,
  reposicionDeadline,
  resolveReposicion,
} from '../deadlines/desistimiento-act.js';
import {
  archiveUnclarified,
  receiveClarification,
  rejectDisrespectful,
  returnForClarification,
} from '../deadlines/unclear-petition.js';
import { continueForPublicInterest, withdrawPetition } from '../deadlines/withdrawal.js';
import { CASE_TRANSITIONS, stepAllowedFrom, type CaseStep } from './case-transitions.js';
import type { CaseClock, Extension, InformationDenial, PriorityReason } from '../deadlines/case-clock.js';
import type { ConsentDecision } from './consent-decision.js';
import { checkIdentityDocument } from '../../validation/identity-document.js';
import { addDays, bogotaStartOfDay, formatLongDateEs, toBogotaDate } from '../local-date.js';
import type { LocalDate } from '../local-date.js';
import type { PqrsdSettings } from '../pqrsd-settings.js';
import { formatRadicado, parseRadicado } from '../radicado.js';
import { clockToJson, readStoredClock } from '../store/clock-json.js';
import { hashLookupCode, newLookupCode } from '../store/lookup-code.js';
import { takeRadicadoNumber } from '../store/radicado-counter.js';
import { loadReportCases } from '../report/load-report-cases.js';
import { buildPqrsdReport, type PqrsdReport } from '../report/pqrsd-report.js';
import { CaseError } from './case-error.js';
import { CASE_STATUS_LABELS, isCaseStatus, type CaseStatus } from './case-status.js';
import {
  DISCIPLINARY_TYPES,
  mayReadRequester,
  maySeeCase,
  staffCaseView,
  trafficLightOf,
  type CaseRow,
  type StaffCaseView,
} from './case-view.js';
import { FileCaseInput, type FilingOrigin, type ParsedFileCaseInput } from './file-case-input.js';
import { isUniqueViolation } from '../../lib/errors/unique-violation.js';

/** Sends a text to the citizen on the conversation the case came from (the conversation engine implements it). */
/** A notice about a case for the citizen; the template lets channels with a reply window send it after 24 hours. */
export interface CaseNotice {
  text: string;
  template: OutboundTemplate;
  origin: { caseId: string };
}

export interface CitizenNotifier {
  notify(conversationId: string, notice: CaseNotice): Promise<void>;
}

/** One line per kind of change, for the approved template's «novedad» variable (docs/channels.md). */
const noticeSummaries: Record<string, string> = {
  completion_requested: 'necesitamos que complete información',
  completion_received: 'recibimos la información que envió',
  extended: 'ampliamos el plazo de respuesta',
  transferred: 'la trasladamos a la autoridad competente',
  answered: 'ya tiene respuesta',
  desisted: 'se archivó por falta de información',
};

/** Durable timers (the job scheduler implements it). */
export interface CaseTimers {
  schedule(job: {
    entityId: string;
    kind: string;
    key: string;
    runAt: Date;
    payload: { caseId: string };
  }): Promise<void>;
  cancel(key: string): Promise<void>;
}

export interface CaseServiceDeps {
  prisma: Db;
  entityId: string;
  settings: PqrsdSettings;
  logger: Logger;
  notifier?: CitizenNotifier;
  timers?: CaseTimers;
  /** Told once the answer's notice is on its way to the citizen (the satisfaction survey about that answer follows). */
  onAnswered?: (answered: { caseId: string; conversationId: string }) => Promise<void>;
  now?: () => Date;
}

export interface FiledCase {
  id: string;
  radicado: string;
  type: string;
  receivedAt: Date;
  dueDate: LocalDate;
  /** Anonymous filings only: the secret to follow the case, shown once. */
  lookupCode?: string;
  /** True when this filing turn had already filed the case (a re-run after a crash). */
  duplicate: boolean;
}

export interface CaseListFilter {
  type?: string;
  status?: string;
  dependency?: string;
  light?: string;
  from?: LocalDate;
  to?: LocalDate;
  limit?: number;
  offset?: number;
}

export const reminderJobKind = 'case.reminder';
const reminderKey = (caseId: string) => `${reminderJobKind}:${caseId}`;
/** Reminders arrive at 08:00 in Colombia, when offices open. */
const reminderInstant = (date: LocalDate) => new Date(`${date}T13:00:00.000Z`);

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** What one workflow step decides: the new columns, the history event, and what the citizen is told. */
interface Change {
  data: Partial<{
    status: CaseStatus;
    dependency: string;
    clock: CaseClock;
    answer: string;
    answeredAt: Date;
    answerPublished: boolean;
    informationDenied: boolean;
    closedAt: Date | null;
  }>;
  event: { kind: string; data: Record<string, unknown> };
  citizenText?: string;
  /** The clock to go back to when the notice could not go out: the change only counts once the citizen knows. */
  voidUnlessDelivered?: CaseClock;
}

/**
 * PQRSD cases of one entity: filing with a radicado, the official's workflow under Ley 1755 de 2015, and the timers
 * that remind dependencies. Every change is one transaction with its history event; the citizen is told afterwards.
 * Personal data (the requester) lives in its own table and never reaches a log line.
 */
export class CaseService {
  private readonly now: () => Date;

  constructor(private readonly deps: CaseServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  get settings(): PqrsdSettings {
    return this.deps.settings;
  }

  get entityId(): string {
    return this.deps.entityId;
  }

  /**
   * Proof that the data-use notice was shown (Ley 1581 art. 12) and of what the citizen chose: version, time, channel,
   * a hash of the text shown and the decision. An acceptance is the authorization of art. 9; a refusal is recorded
   * just the same, because it never stops the filing (Ley 1755 art. 15 par. 2; Ley 1581 art. 10 a).
   */
  async recordConsent(input: {
    conversationId?: string;
    contactId?: string;
    channel: string;
    policyVersion?: string;
    noticeText?: string;
    decision?: ConsentDecision;
  }): Promise<{ id: string; acceptedAt: Date; policyVersion: string; decision: ConsentDecision }> {
    // What was shown is what is recorded (the proof); whether it was the version in force is checked at filing.
    const policyVersion = input.policyVersion ?? this.deps.settings.policyVersion;
    const decision = input.decision ?? 'aceptado';
    const row = await this.deps.prisma.consent.create({
      data: {
        entityId: this.deps.entityId,
        conversationId: input.conversationId ?? null,
        contactId: input.contactId ?? null,
        channel: input.channel,
        policyVersion,
        noticeSha256: input.noticeText ? createHash('sha256').update(input.noticeText, 'utf8').digest('hex') : null,
        decision,
        acceptedAt: this.now(),
      },
    });
    return { id: row.id, acceptedAt: row.acceptedAt, policyVersion, decision };
  }

  /**
   * The newest notice record of this conversation (accepted or declined) not since revoked: a revoked authorization is
   * not what the citizen agrees to now.
   */
  async consentOf(conversationId: string): Promise<string | null> {
    const row = await this.deps.prisma.consent.findFirst({
      where: { entityId: this.deps.entityId, conversationId, revokedAt: null },
      orderBy: { acceptedAt: 'desc' },
      select: { id: true },
    });
    return row?.id ?? null;
  }

  /**
   * Records the revocation of a citizen's data authorization (Ley 1581 art. 8 e and art. 9: it must be possible and
   * provable). Every standing acceptance of the contact (or, without a contact, of the conversation) gets `revokedAt`.
   * Petitions already filed are still answered: the entity needs no authorization for that (art. 10 a).
   */
  async revokeConsent(input: {
    contactId?: string;
    conversationId?: string;
    consentId?: string;
    via: 'chat' | 'consola';
  }): Promise<{ revoked: number; revokedAt: Date }> {
    const who = [
      ...(input.contactId ? [{ contactId: input.contactId }] : []),
      ...(input.conversationId ? [{ conversationId: input.conversationId }] : []),
      ...(input.consentId ? [{ id: input.consentId }] : []),
    ];
    const revokedAt = this.now();
    if (who.length === 0) return { revoked: 0, revokedAt };
    const { count } = await this.deps.prisma.consent.updateMany({
      where: { entityId: this.deps.entityId, decision: 'aceptado', revokedAt: null, OR: who },
      data: { revokedAt, revokedVia: input.via },
    });
    this.deps.logger.info({ revoked: count, via: input.via }, 'data authorization revoked');
    return { revoked: count, revokedAt };
  }

  /**
   * Files a petition: takes the next radicado, opens the legal clock, records the filing in the history and sets
   * the first reminder. No respectful petition is refused (Ley 1755 art. 15 par. 2): the data notice and what the
   * citizen chose are recorded with the filing, never required. Anonymous filings get a lookup code instead, and their
   * answer is published. Denuncias always keep the reporter's identity reserved, and so does a queja against a named
   * servant when the citizen asks (the same risk of reprisal).
   */
  async file(rawInput: FileCaseInput, origin: FilingOrigin): Promise<FiledCase> {
    const parsed = FileCaseInput.safeParse(rawInput);
    if (!parsed.success) {
      throw new CaseError(
        'INPUT_NOT_VALID',
        `La solicitud no es válida: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    const input = normalizeFiling(parsed.data);
    const { prisma, entityId, settings } = this.deps;

    if (origin.idempotencyKey) {
      const existing = await prisma.pqrsdCase.findUnique({
        where: { entityId_idempotencyKey: { entityId, idempotencyKey: origin.idempotencyKey } },
      });
      if (existing) return this.refiled(existing);
    }
    const anonymous = input.requesterKind === 'anonima';
    const dataNotice = anonymous ? null : await this.dataNoticeOf(origin.consentId);

    const lookupCode = anonymous ? newLookupCode() : undefined;
    const lookupCodeHash = lookupCode ? await hashLookupCode(lookupCode) : null;
    const replyChannel = anonymous ? 'publicacion' : (input.replyChannel ?? 'canal');
    const filing = this.receiptYear();

    let created;
    try {
      created = await filing.retryOnNewYear(() =>
        prisma.$transaction(async (tx) => {
          // First statement of the transaction, so SQLite takes the write lock before reading anything.
          const sequence = await takeRadicadoNumber(tx, entityId, filing.year);
          // The receipt time is read only once this filing holds the counter, so radicados follow the order of receipt
          // (AGN Acuerdo 060 de 2001): a filing that waited for the lock is received after the one that held it.
          const receivedAt = this.now();
          const receivedOn = toBogotaDate(receivedAt);
          filing.check(receivedOn);
          const clock = openCaseClock({
            type: input.type,
            receivedAt,
            calendar: settings.calendar,
            settings: settings.terms,
            afterHours: settings.afterHoursNextBusinessDay,
          });
          const radicado = formatRadicado(settings.radicadoPattern, { date: receivedOn, sequence });
          const row = await tx.pqrsdCase.create({
            data: {
              entityId,
              radicado,
              year: filing.year,
              sequence,
              type: input.type,
              status: 'radicado',
              channel: origin.channel,
              replyChannel,
              requesterKind: input.requesterKind,
              identityReserved:
                !anonymous && (input.type === 'denuncia' || (input.type === 'queja' && input.reserveIdentity === true)),
              subject: input.subject ?? null,
              description: input.description,
              attachments: input.attachments,
              barrio: input.territory.barrio ?? null,
              comuna: input.territory.comuna ?? null,
              corregimiento: input.territory.corregimiento ?? null,
              receivedAt,
              dueDate: clock.dueDate,
              clock: clockToJson(clock) as object,
              conversationId: origin.conversationId ?? null,
              contactId: origin.contactId ?? null,
              consentId: origin.consentId ?? null,
              lookupCodeHash,
              idempotencyKey: origin.idempotencyKey ?? null,
              ...(anonymous
                ? {}
                : {
                    requester: {
                      create: {
                        entityId,
                        name: input.requester.name ?? null,
                        documentType: input.requester.document?.type ?? null,
                        documentNumber: input.requester.document?.number ?? null,
                        email: input.requester.email ?? null,
                        phone: input.requester.phone ?? null,
                        address: input.requester.address ?? null,
                      },
                    },
                  }),
              events: {
                create: {
                  entityId,
                  at: receivedAt,
                  ...actorColumns(origin.staff),
                  kind: 'filed',
                  data: {
                    channel: origin.channel,
                    type: input.type,
                    termDays: clock.termDays,
                    dueDate: clock.dueDate,
                    anonymous,
                    attachments: input.attachments.length,
                    ...(origin.consentId ? { consentId: origin.consentId } : {}),
                    ...(dataNotice ? { dataNotice } : {}),
                    ...(origin.staff ? { registeredBy: origin.staff.name, verbal: origin.staff.verbal === true } : {}),
                  },
                },
              },
            },
          });
          return { row, clock };
        }),
      );
    } catch (error) {
      // The same turn filing twice at once: the other run won, return its case.
      if (isUniqueViolation(error) && origin.idempotencyKey) {
        const existing = await prisma.pqrsdCase.findUnique({
          where: { entityId_idempotencyKey: { entityId, idempotencyKey: origin.idempotencyKey } },
        });
        if (existing) return this.refiled(existing);
      }
      throw error;
    }
    const { row: filed, clock } = created;
    this.deps.logger.info(
      { caseId: filed.id, radicado: filed.radicado, type: filed.type, channel: filed.channel },
      'case filed',
    );
    await this.scheduleReminder(filed.id, clock, 'radicado', clock.receivedOn);
    return {
      id: filed.id,
      radicado: filed.radicado,
      type: filed.type,
      receivedAt: clock.receivedAt,
      dueDate: clock.dueDate,
      ...(lookupCode ? { lookupCode } : {}),
      duplicate: false,
    };
  }

  /**
   * What the filing records about the data notice: shown and accepted, shown and declined, or not shown (a filing
   * path that skipped it). Recorded, never required.
   */
  private async dataNoticeOf(
    consentId: string | undefined,
  ): Promise<{ shown: boolean; decision?: ConsentDecision; policyVersion?: string; inForce?: boolean }> {
    if (!consentId) return { shown: false };
    const row = await this.deps.prisma.consent.findUnique({
      where: { id: consentId },
      select: { decision: true, policyVersion: true, revokedAt: true },
    });
    if (!row) return { shown: false };
    // Ley 1581 art. 9: an authorization is informed only by the notice in force (entity.yaml) and stands until revoked.
    // The filing goes ahead either way (Ley 1755 art. 15 par. 2); the history says whether it rests on one.
    const inForce = row.policyVersion === this.deps.settings.policyVersion && row.revokedAt === null;
    return {
      shown: true,
      decision: row.decision === 'rechazado' ? 'rechazado' : 'aceptado',
      policyVersion: row.policyVersion,
      inForce,
    };
  }

  /**
   * The year whose counter a filing takes. It is read before the transaction (the counter row depends on it) and
   * checked against the receipt time read inside it; a filing that crossed midnight of 31 December while waiting
   * for the lock rolls back, giving its number back, and runs again on the new year's counter.
   */
  private receiptYear() {
    const now = this.now;
    let year = Number(toBogotaDate(now()).slice(0, 4));
    return {
      get year() {
        return year;
      },
      check(receivedOn: LocalDate) {
        const actual = Number(receivedOn.slice(0, 4));
        if (actual !== year) {
          year = actual;
          throw new YearTurned();
        }
      },
      async retryOnNewYear<T>(run: () => Promise<T>): Promise<T> {
        try {
          return await run();
        } catch (error) {
          if (!(error instanceof YearTurned)) throw error;
          return run();
        }
      },
    };
  }

  /** A filing turn that runs again returns the case it filed; an anonymous citizen gets a fresh code. */
  private async refiled(row: {
    id: string;
    radicado: string;
    type: string;
    receivedAt: Date;
    dueDate: string;
    requesterKind: string;
  }): Promise<FiledCase> {
    let lookupCode: string | undefined;
    if (row.requesterKind === 'anonima') {
      lookupCode = newLookupCode();
      await this.deps.prisma.pqrsdCase.update({
        where: { id: row.id },
        data: { lookupCodeHash: await hashLookupCode(lookupCode) },
      });
    }
    return {
      id: row.id,
      radicado: row.radicado,
      type: row.type,
      receivedAt: row.receivedAt,
      dueDate: row.dueDate as LocalDate,
      ...(lookupCode ? { lookupCode } : {}),
      duplicate: true,
    };
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
    return staffCaseView(row, requester, actor, this.today(), this.deps.settings.calendar, events);
  }

  /** Cases this person may see, newest due date first within the filter; the traffic light is computed on read. */
  async list(actor: StaffActor, filter: CaseListFilter): Promise<{ total: number; items: StaffCaseView[] }> {
    if (!readsCases(actor)) {
      throw new CaseError('FORBIDDEN', 'Su rol no le permite consultar casos.');
    }
    const where = {
      entityId: this.deps.entityId,
      ...(filter.type ? { type: filter.type } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...readScope(actor, filter.dependency),
      ...(filter.from || filter.to
        ? {
            receivedAt: {
              ...(filter.from ? { gte: bogotaStartOfDay(filter.from) } : {}),
              ...(filter.to ? { lt: bogotaStartOfDay(nextDay(filter.to)) } : {}),
            },
          }
        : {}),
    };
    const offset = filter.offset ?? 0;
    const limit = filter.limit ?? 50;
    const orderBy = [{ dueDate: 'asc' as const }, { sequence: 'asc' as const }];
    const today = this.today();
    const calendar = this.deps.settings.calendar;
    let page: Awaited<ReturnType<typeof this.deps.prisma.pqrsdCase.findMany>>;
    let total: number;
    if (filter.light) {
      // The colour depends on today and the calendar, so it is computed here; the rows carry no personal data.
      const rows = await this.deps.prisma.pqrsdCase.findMany({ where, orderBy });
      const lit = rows.filter((row) => trafficLightOf(row, today, calendar).light === filter.light);
      total = lit.length;
      page = lit.slice(offset, offset + limit);
    } else {
      [total, page] = await Promise.all([
        this.deps.prisma.pqrsdCase.count({ where }),
        this.deps.prisma.pqrsdCase.findMany({ where, orderBy, skip: offset, take: limit }),
      ]);
    }
    // Requesters are read only for this page and only where this person may read them.
    const readable = page.filter((row) => mayReadRequester(actor, row)).map((row) => row.id);
    const requesters = readable.length
      ? await this.deps.prisma.caseRequester.findMany({ where: { caseId: { in: readable } } })
      : [];
    const byCase = new Map(requesters.map((r) => [r.caseId, r]));
    return { total, items: page.map((row) => staffCaseView(row, byCase.get(row.id) ?? null, actor, today, calendar)) };
  }

  async assign(
    actor: StaffActor,
    radicado: string,
    input: { dependency: string; version?: number },
  ): Promise<StaffCaseView> {
    const dependency = input.dependency.trim();
    const known = this.deps.settings.dependencies;
    if (known.length > 0 && !known.includes(dependency)) {
      throw new CaseError(
        'DEPENDENCY_UNKNOWN',
        `La dependencia «${dependency}» no existe. Use una de estas: ${known.join(', ')}.`,
      );
    }
    return this.change(actor, radicado, 'assign', input.version, (row) => {
      return {
        data: { dependency, ...(row.status === 'radicado' ? { status: 'en_tramite' as const } : {}) },
        event: { kind: 'assigned', data: { dependency, previous: row.dependency } },
      };
    });
  }

  /** Art. 17: asks the citizen for what is missing; the clock stops until it arrives. */
  async requestCompletion(actor: StaffActor, radicado: string, input: { missing: string; version?: number }) {
    return this.change(actor, radicado, 'request-completion', input.version, (row, clock) => {
      const next = ruled(requestCompletion(clock, { on: this.today(), missing: input.missing }, this.calendar));
      const until = next.completion?.citizenDeadline ?? next.dueDate;
      return {
        data: { clock: next, status: 'esperando_ciudadano' },
        event: { kind: 'completion_requested', data: { missing: input.missing.trim(), citizenDeadline: until } },
        citizenText:
          `Sobre su solicitud ${row.radicado}: para poder responderle necesitamos que nos envíe esto: ${input.missing.trim()}. ` +
          `Tiene plazo hasta el ${formatLongDateEs(until)}. Si no lo recibimos, la solicitud se archivará, pero podrá presentarla de nuevo. ` +
          'Puede enviarlo escribiendo «asesor» por este medio o en la Ventanilla de Atención al Ciudadano.',
      };
    });
  }

  /** The citizen completed the petition: the full term restarts the day after (art. 17). */
  async receiveCompletion(actor: StaffActor, radicado: string, input: { note?: string; version?: number }) {
    return this.change(actor, radicado, 'completion-received', input.version, (row, clock) => {
      const next = ruled(receiveCompletion(clock, { on: this.today() }, this.calendar));
      return {
        data: { clock: next, status: 'en_tramite' },
        event: {
          kind: 'completion_received',
          data: { dueDate: next.dueDate, ...(input.note ? { note: input.note.trim() } : {}) },
        },
        citizenText: `Recibimos la información de su solicitud ${row.radicado}. La fecha límite para responderle es ahora el ${formatLongDateEs(next.dueDate)}.`,
      };
    });
  }

  /**
   * Art. 14 parágrafo: a later due date, only before expiry, at most double the term; the citizen is told why. An
   * extension the citizen was never told of does not count: on a chat it is undone if the notice cannot go out; an
   * anonymous case's extension is published (Ley 962 de 2005 art. 81); a case with no chat needs the official to
   * record how the citizen was told.
   */
  async extend(
    actor: StaffActor,
    radicado: string,
    input: {
      newDueDate: LocalDate;
      reasons: string;
      notifiedBy?: 'correo' | 'direccion' | 'personal';
      version?: number;
    },
  ) {
    return this.change(actor, radicado, 'extend', input.version, (row, clock) => {
      const next = ruled(
        extendDueDate(clock, { on: this.today(), newDueDate: input.newDueDate, reasons: input.reasons }, this.calendar),
      );
      const published = row.replyChannel === 'publicacion';
      const onChat = !published && row.conversationId !== null && this.deps.notifier !== undefined;
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

  /** Art. 21: sends the case to the competent authority and tells the citizen where it went. */
  async transfer(
    actor: StaffActor,
    radicado: string,
    input: { recipient: string; reasons?: string; version?: number },
  ) {
    return this.change(actor, radicado, 'transfer', input.version, (row, clock) => {
      const next = ruled(recordTransfer(clock, { on: this.today(), recipient: input.recipient }, this.calendar));
      const transfer = next.transfer;
      return {
        data: { clock: next, status: 'trasladado', closedAt: this.now() },
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

  /**
   * The answer: sent on the channel the citizen used, or published for an anonymous case. `denied` marks an
   * information request whose access was refused (Ley 1712 report).
   */
  async answer(
    actor: StaffActor,
    radicado: string,
    input: { text: string; denied?: boolean; reserve?: string; earlierRadicado?: string; version?: number },
  ) {
    let text = input.text.trim();
    if (text.length === 0) throw new CaseError('INPUT_NOT_VALID', 'Escriba la respuesta para el ciudadano.');
    // Art. 19: a repeated petition already resolved may be answered by referring to the earlier answer.
    const earlier = input.earlierRadicado ? await this.earlierAnswer(input.earlierRadicado, radicado) : null;
    if (earlier) {
      text =
        `Su solicitud repite la ${earlier.radicado}, que respondimos el ${formatLongDateEs(earlier.answeredOn)} (Ley 1755 de 2015, art. 19). ` +
        `Esa respuesta fue:\n${earlier.answer}\n\n${text}`;
    }
    return this.change(actor, radicado, 'answer', input.version, (row, clock) => {
      const published = row.replyChannel === 'publicacion';
      const denied =
        input.denied === true && (row.type === 'solicitud_informacion' || row.type === 'informacion_autoridad');
      const silence = positiveSilence(clock, this.today(), this.calendar);
      if (denied && silence) {
        throw new CaseError(
          'POSITIVE_SILENCE',
          `Esta solicitud de información no se respondió a tiempo y por ley se entiende aceptada desde el ${formatLongDateEs(silence.since)} ` +
            `(silencio positivo, Ley 1755 de 2015, art. 14, num. 1). Ya no se puede negar el acceso: entregue las copias a más tardar el ${formatLongDateEs(silence.copiesDue)}.`,
        );
      }
      // Arts. 24-25: access is denied only by a reasoned decision citing the legal reserve; the citizen is told of the
      // recurso de insistencia (art. 26) with the answer.
      const denial = denied
        ? ruledDenial(denyInformation(clock, { on: this.today(), reserve: input.reserve ?? '' }))
        : null;
      const answerText = denial
        ? `${text}\n\nNegamos el acceso porque la información es reservada según ${denial.reserve}. Si no está de acuerdo, puede ` +
          `insistir por escrito, diciendo por qué, a más tardar el ${formatLongDateEs(insistenceDeadline(denial, this.calendar))}: ` +
          `enviaremos su solicitud al juez administrativo, que decide si la información es reservada (Ley 1755 de 2015, art. 26).`
        : text;
      const onTime = this.today() <= row.dueDate;
      return {
        data: {
          status: 'respondido',
          answer: answerText,
          answeredAt: this.now(),
          answerPublished: published,
          informationDenied: denied,
          ...(denial ? { clock: { ...clock, denial } } : {}),
        },
        event: {
          kind: 'answered',
          data: {
            published,
            denied,
            onTime,
            ...(denial ? { reserve: denial.reserve } : {}),
            ...(silence ? { positiveSilence: silence } : {}),
            ...(earlier ? { refersTo: earlier.radicado } : {}),
          },
        },
        ...(published ? {} : { citizenText: `Respuesta a su solicitud ${row.radicado}:\n${answerText}` }),
      };
    });
  }

  async close(actor: StaffActor, radicado: string, input: { reason?: string; version?: number }) {
    return this.change(actor, radicado, 'close', input.version, () => {
      return {
        data: { status: 'cerrado', closedAt: this.now() },
        event: { kind: 'closed', data: input.reason ? { reason: input.reason.trim() } : {} },
      };
    });
  }

  /**
   * Art. 17: the citizen did not complete in time. Desistimiento is a reasoned act, notified personally, against
   * which only the recurso de reposición applies; the citizen may file the petition again, and is told all of it.
   */
  async desist(actor: StaffActor, radicado: string, input: { reasons: string; version?: number }) {
    return this.change(actor, radicado, 'desist', input.version, (row, clock) => {
      const next = ruled(declareDesistimiento(clock, { on: this.today(), reasons: input.reasons }));
      return {
        data: { clock: next, status: 'desistido', closedAt: this.now() },
        event: { kind: 'desisted', data: { reasons: input.reasons.trim() } },
        citizenText:
          `Su solicitud ${row.radicado} se archivó por desistimiento porque no recibimos a tiempo la información que le pedimos. ` +
          `Motivos: ${input.reasons.trim()} ` +
          'Le notificaremos esta decisión personalmente. Si no está de acuerdo, puede presentar un recurso de reposición ' +
          `ante la Alcaldía dentro de los ${REPOSICION_TERM_DAYS} días hábiles siguientes a esa notificación. ` +
          'También puede presentar su solicitud de nuevo cuando quiera.',
      };
    });
  }

  /** Art. 17: the desistimiento act was notified personally; the reposición term runs from this date. */
  async notifyDesistimiento(actor: StaffActor, radicado: string, input: { how: string; version?: number }) {
    return this.change(actor, radicado, 'notify-desistimiento', input.version, (_row, clock) => {
      const next = ruled(notifyDesistimiento(clock, { on: this.today(), how: input.how }));
      const act = next.desistimiento;
      return {
        data: { clock: next },
        event: {
          kind: 'desistimiento_notified',
          data: { how: input.how.trim(), reposicionUntil: act ? reposicionDeadline(act, this.calendar) : null },
        },
      };
    });
  }

  /** The citizen filed the recurso de reposición against the desistimiento (the only one that applies, art. 17). */
  async fileReposicion(actor: StaffActor, radicado: string, input: { grounds: string; version?: number }) {
    return this.change(actor, radicado, 'reposicion', input.version, (row, clock) => {
      const next = ruled(fileReposicion(clock, { on: this.today(), grounds: input.grounds }, this.calendar));
      return {
        data: { clock: next, status: 'en_reposicion' },
        event: { kind: 'reposicion_filed', data: { grounds: input.grounds.trim() } },
        citizenText: `Recibimos su recurso de reposición contra el archivo de la solicitud ${row.radicado}. Le informaremos la decisión.`,
      };
    });
  }

  /** Decides the reposición: the desistimiento stands, or the petition goes on with a fresh term. */
  async resolveReposicion(
    actor: StaffActor,
    radicado: string,
    input: { outcome: 'confirmado' | 'revocado'; reasons: string; version?: number },
  ) {
    return this.change(actor, radicado, 'resolve-reposicion', input.version, (row, clock) => {
      const next = ruled(resolveReposicion(clock, { on: this.today(), outcome: input.outcome }, this.calendar));
      const revoked = input.outcome === 'revocado';
      return {
        data: revoked ? { clock: next, status: 'en_tramite', closedAt: null } : { clock: next, status: 'desistido' },
        event: {
          kind: 'reposicion_resolved',
          data: {
            outcome: input.outcome,
            reasons: input.reasons.trim(),
            ...(revoked ? { dueDate: next.dueDate } : {}),
          },
        },
        citizenText: revoked
          ? `Aceptamos su recurso de reposición: su solicitud ${row.radicado} sigue en trámite. Motivos: ${input.reasons.trim()} ` +
            `La fecha límite para responderle es el ${formatLongDateEs(next.dueDate)}.`
          : `Decidimos su recurso de reposición: el archivo de la solicitud ${row.radicado} se mantiene. Motivos: ${input.reasons.trim()} ` +
            'Puede presentar su solicitud de nuevo cuando quiera.',
      };
    });
  }

  /** Art. 18: the citizen withdrew the petition; the entity may still go on for public interest. */
  async withdraw(actor: StaffActor, radicado: string, input: { note?: string; version?: number }) {
    return this.change(actor, radicado, 'withdraw', input.version, (row, clock) => {
      const next = ruled(withdrawPetition(clock, { on: this.today() }));
      return {
        data: { clock: next, status: 'retirado', closedAt: this.now() },
        event: {
          kind: 'withdrawn',
          data: { previousStatus: row.status, ...(input.note ? { note: input.note.trim() } : {}) },
        },
        citizenText:
          `Registramos que usted retiró su solicitud ${row.radicado}. No seguiremos con el trámite, salvo que la Alcaldía ` +
          'decida continuarlo por interés público; si eso pasa, se lo diremos con los motivos.',
      };
    });
  }

  /** Art. 18: the entity goes on with a withdrawn petition for public interest, by a reasoned decision. */
  async continueForPublicInterest(actor: StaffActor, radicado: string, input: { reasons: string; version?: number }) {
    return this.change(actor, radicado, 'continue-public-interest', input.version, (row, clock) => {
      const next = ruled(continueForPublicInterest(clock, { on: this.today(), reasons: input.reasons }));
      const resumed: CaseStatus =
        next.status === 'awaiting_completion' ? 'esperando_ciudadano' : row.dependency ? 'en_tramite' : 'radicado';
      return {
        data: { clock: next, status: resumed, closedAt: null },
        event: { kind: 'continued_public_interest', data: { reasons: input.reasons.trim() } },
        citizenText:
          `Usted retiró su solicitud ${row.radicado}, pero la Alcaldía decidió continuar el trámite por interés público ` +
          `(Ley 1755 de 2015, art. 18). Motivos: ${input.reasons.trim()}`,
      };
    });
  }

  /** Art. 19: the purpose is not understood; the petition goes back to the citizen to clarify, the term stops. */
  async returnForClarification(actor: StaffActor, radicado: string, input: { what: string; version?: number }) {
    return this.change(actor, radicado, 'return-for-clarification', input.version, (row, clock) => {
      const next = ruled(returnForClarification(clock, { on: this.today(), what: input.what }, this.calendar));
      const until = next.clarification?.citizenDeadline ?? next.dueDate;
      return {
        data: { clock: next, status: 'por_aclarar' },
        event: { kind: 'clarification_requested', data: { what: input.what.trim(), citizenDeadline: until } },
        citizenText:
          `Sobre su solicitud ${row.radicado}: no logramos entender qué nos pide. ${input.what.trim()} ` +
          `Por favor aclárela a más tardar el ${formatLongDateEs(until)}. Si no la aclara, la archivaremos, pero podrá presentarla de nuevo.`,
      };
    });
  }

  /** The citizen clarified in time: the full term restarts the day after. */
  async receiveClarification(actor: StaffActor, radicado: string, input: { note?: string; version?: number }) {
    return this.change(actor, radicado, 'clarification-received', input.version, (row, clock) => {
      const next = ruled(receiveClarification(clock, { on: this.today() }, this.calendar));
      return {
        data: { clock: next, status: 'en_tramite' },
        event: {
          kind: 'clarification_received',
          data: { dueDate: next.dueDate, ...(input.note ? { note: input.note.trim() } : {}) },
        },
        citizenText: `Recibimos la aclaración de su solicitud ${row.radicado}. La fecha límite para responderle es el ${formatLongDateEs(next.dueDate)}.`,
      };
    });
  }

  /** Art. 19: not clarified in time, the petition is archived; the citizen may file it again. */
  async archiveUnclarified(actor: StaffActor, radicado: string, input: { version?: number }) {
    return this.change(actor, radicado, 'archive-unclarified', input.version, (row, clock) => {
      const next = ruled(archiveUnclarified(clock, { on: this.today() }));
      return {
        data: { clock: next, status: 'archivado', closedAt: this.now() },
        event: { kind: 'archived_unclarified', data: {} },
        citizenText: `Archivamos su solicitud ${row.radicado} porque no recibimos a tiempo la aclaración que le pedimos. Puede presentarla de nuevo cuando quiera.`,
      };
    });
  }

  /** Art. 19: a disrespectful petition is rejected by a reasoned decision, which the citizen is told. */
  async rejectDisrespectful(actor: StaffActor, radicado: string, input: { reasons: string; version?: number }) {
    return this.change(actor, radicado, 'reject-disrespectful', input.version, (row, clock) => {
      const next = ruled(rejectDisrespectful(clock, { on: this.today(), reasons: input.reasons }));
      return {
        data: { clock: next, status: 'rechazado', closedAt: this.now() },
        event: { kind: 'rejected_disrespectful', data: { reasons: input.reasons.trim() } },
        citizenText:
          `Su solicitud ${row.radicado} fue rechazada por su lenguaje irrespetuoso (Ley 1755 de 2015, art. 19). Motivos: ${input.reasons.trim()} ` +
          'Puede presentarla de nuevo en términos respetuosos y la tramitaremos.',
      };
    });
  }

  /**
   * Art. 20: a priority petition gets the shorter term the entity sets, and the dependency an alert at once (it is
   * listed with the reminders). The citizen is told the new date.
   */
  async prioritize(
    actor: StaffActor,
    radicado: string,
    input: { reason: PriorityReason; dueDate: LocalDate; measures?: string; version?: number },
  ) {
    const view = await this.change(actor, radicado, 'prioritize', input.version, (row, clock) => {
      const next = ruled(
        prioritize(
          clock,
          {
            on: this.today(),
            reason: input.reason,
            dueDate: input.dueDate,
            ...(input.measures ? { measures: input.measures } : {}),
          },
          this.calendar,
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
    await this.deps.prisma.caseEvent.create({
      data: {
        entityId: this.deps.entityId,
        caseId: view.id,
        at: this.now(),
        actorKind: 'system',
        kind: 'priority_alert',
        data: { dependency: view.dependency, dueDate: view.dueDate, reason: input.reason },
      },
    });
    this.deps.logger.warn(
      { caseId: view.id, radicado: view.radicado, dependency: view.dependency, reason: input.reason },
      'priority petition',
    );
    return this.get(actor, view.radicado);
  }

  /** Art. 26: the citizen insists on a reasoned denial; the entity must send the file to the administrative court. */
  async insist(actor: StaffActor, radicado: string, input: { grounds: string; version?: number }) {
    return this.change(actor, radicado, 'insist', input.version, (row, clock) => {
      const next = ruled(fileInsistence(clock, { on: this.today(), grounds: input.grounds }, this.calendar));
      return {
        data: { status: 'en_insistencia', clock: next },
        event: { kind: 'insistence_filed', data: { grounds: input.grounds.trim() } },
        citizenText:
          `Recibimos su insistencia en la solicitud ${row.radicado}. Enviaremos su solicitud al juez administrativo, ` +
          `que decide si la información es reservada (Ley 1755 de 2015, art. 26).`,
      };
    });
  }

  /** Art. 26: the file goes to the administrative court or judge. */
  async referToCourt(actor: StaffActor, radicado: string, input: { court: string; version?: number }) {
    return this.change(actor, radicado, 'refer-to-court', input.version, (row, clock) => {
      const next = ruled(referToCourt(clock, { on: this.today(), court: input.court }));
      return {
        data: { status: 'ante_juez', clock: next },
        event: { kind: 'referred_to_court', data: { court: next.denial?.insistence?.court ?? null } },
        citizenText: `Enviamos su solicitud ${row.radicado} a ${next.denial?.insistence?.court ?? ''}, que decidirá si la información es reservada.`,
      };
    });
  }

  /** The court's decision on the insistence: the reserve stands (closed), or the information must be delivered. */
  async recordCourtDecision(
    actor: StaffActor,
    radicado: string,
    input: { outcome: 'confirma' | 'ordena_entrega'; version?: number },
  ) {
    return this.change(actor, radicado, 'court-decision', input.version, (row, clock) => {
      const next = ruled(recordCourtDecision(clock, { on: this.today(), outcome: input.outcome }, this.calendar));
      const deliver = input.outcome === 'ordena_entrega';
      return {
        data: deliver
          ? { status: 'en_tramite', clock: next, informationDenied: false }
          : { status: 'cerrado', clock: next, closedAt: this.now() },
        event: {
          kind: 'court_decision',
          data: { outcome: input.outcome, ...(deliver ? { dueDate: next.dueDate } : {}) },
        },
        citizenText: deliver
          ? `El juez ordenó entregarle la información de su solicitud ${row.radicado}. Se la enviaremos a más tardar el ${formatLongDateEs(next.dueDate)}.`
          : `El juez confirmó que la información de su solicitud ${row.radicado} es reservada. Con esto termina el trámite.`,
      };
    });
  }

  /**
   * An official records that the citizen revoked the data authorization (Ley 1581 art. 8 e), asked for by letter, at
   * the counter or by phone: every standing acceptance of the case's citizen is marked revoked. The case goes on: the
   * entity answers it without authorization (art. 10 a).
   */
  async revokeConsentOf(actor: StaffActor, radicado: string, input: { note?: string; version?: number }) {
    const view = await this.change(actor, radicado, 'revoke-consent', input.version, (row) => {
      if (row.requesterKind === 'anonima') {
        throw new CaseError('CASE_STATE', 'Una solicitud anónima no tiene autorización de datos que revocar.');
      }
      return {
        data: {},
        event: { kind: 'consent_revoked', data: { via: 'consola', ...(input.note ? { note: input.note } : {}) } },
        citizenText:
          `Registramos que retiró su autorización para que la Alcaldía use sus datos personales (Ley 1581 de 2012). ` +
          `Su solicitud ${row.radicado} se seguirá tramitando y le responderemos.`,
      };
    });
    const row = await this.findByRadicado(view.radicado);
    await this.revokeConsent({
      via: 'consola',
      ...(row?.contactId ? { contactId: row.contactId } : {}),
      ...(row?.consentId ? { consentId: row.consentId } : {}),
    });
    return this.get(actor, view.radicado);
  }

  private get calendar() {
    return this.deps.settings.calendar;
  }

  /** Runs a workflow step: permission and visibility, optimistic concurrency, one transaction, then timers and notice. */
  private async change(
    actor: StaffActor,
    radicado: string,
    step: CaseStep,
    version: number | undefined,
    decide: (row: CaseRow & { conversationId: string | null }, clock: CaseClock) => Change,
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
    const delivered = change.citizenText ? await this.tellCitizen(row, change.citizenText, change.event.kind) : false;
    if (change.voidUnlessDelivered && !delivered)
      await this.voidChange(row.id, change.voidUnlessDelivered, change.event.kind, status);
    return this.get(actor, row.radicado);
  }

  /** Undoes a change the citizen could not be told of (an extension that was never notified does not count). */
  private async voidChange(caseId: string, previous: CaseClock, kind: string, status: CaseStatus): Promise<void> {
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

  /** The earlier answered case a repeated petition refers to (art. 19), or a refusal naming what is wrong. */
  private async earlierAnswer(
    earlierRadicado: string,
    radicado: string,
  ): Promise<{ radicado: string; answeredOn: LocalDate; answer: string }> {
    const earlier = await this.findByRadicado(earlierRadicado);
    const same = await this.findByRadicado(radicado);
    if (!earlier || !earlier.answer || !earlier.answeredAt || earlier.id === same?.id) {
      throw new CaseError(
        'INPUT_NOT_VALID',
        `No hay una solicitud anterior respondida con el radicado «${earlierRadicado.slice(0, 60)}»: solo se puede remitir a una respuesta ya dada.`,
      );
    }
    return { radicado: earlier.radicado, answeredOn: toBogotaDate(earlier.answeredAt), answer: earlier.answer };
  }

  /** Sends the notice on the channel the citizen used and records whether it went out. */
  private async tellCitizen(
    row: { id: string; radicado: string; conversationId: string | null; replyChannel: string },
    text: string,
    kind: string,
  ): Promise<boolean> {
    const notifier = this.deps.notifier;
    let delivered = false;
    let reason: string | undefined;
    if (row.replyChannel === 'publicacion') reason = 'anonimo_publicado';
    else if (!row.conversationId) reason = 'sin_conversacion';
    else if (!notifier) reason = 'sin_canal';
    else {
      try {
        await notifier.notify(row.conversationId, {
          text,
          template: {
            purpose: 'aviso_caso',
            params: { radicado: row.radicado, novedad: noticeSummaries[kind] ?? 'hay novedades' },
          },
          origin: { caseId: row.id },
        });
        delivered = true;
      } catch (error) {
        reason = 'error_envio';
        this.deps.logger.warn({ caseId: row.id, err: error }, 'citizen notice failed');
      }
    }
    await this.deps.prisma.caseEvent.create({
      data: {
        entityId: this.deps.entityId,
        caseId: row.id,
        at: this.now(),
        actorKind: 'system',
        kind: delivered ? 'citizen_notified' : 'citizen_not_notified',
        data: delivered ? { via: 'canal' } : { reason: reason ?? 'desconocido', replyChannel: row.replyChannel },
      },
    });
    if (delivered && kind === 'answered' && row.conversationId && this.deps.onAnswered) {
      // The answer is recorded whatever happens to the survey.
      await this.deps.onAnswered({ caseId: row.id, conversationId: row.conversationId }).catch((error: unknown) => {
        this.deps.logger.error({ caseId: row.id, err: error }, 'after-answer hook failed');
      });
    }
    return delivered;
  }

  /**
   * A notice that was queued could not be delivered after all (the channel refused it, the citizen blocked the bot,
   * WhatsApp's 24-hour window without a template): the history says so, with the channel's reason.
   */
  async recordNoticeFailure(caseId: string, reason: string): Promise<void> {
    await this.deps.prisma.caseEvent.create({
      data: {
        entityId: this.deps.entityId,
        caseId,
        at: this.now(),
        actorKind: 'system',
        kind: 'citizen_not_notified',
        data: { reason: 'envio_fallido', detail: reason },
      },
    });
    this.deps.logger.warn({ caseId, reason }, 'case notice could not be delivered');
  }

  /** Sets (or clears) the case's one reminder timer from its current clock. */
  async scheduleReminder(caseId: string, clock: CaseClock, status: CaseStatus, from: LocalDate): Promise<void> {
    const timers = this.deps.timers;
    if (!timers) return;
    const next = nextReminder(clock, status, from, this.deps.settings);
    if (!next) {
      await timers.cancel(reminderKey(caseId));
      return;
    }
    await timers.schedule({
      entityId: this.deps.entityId,
      kind: reminderJobKind,
      key: reminderKey(caseId),
      runAt: reminderInstant(next.date),
      payload: { caseId },
    });
  }

  /**
   * The reminder timer fired: record it for the dependency (the console lists reminders), then set the next one.
   * Idempotent per day, so a retried job does not remind twice.
   */
  async runReminder(caseId: string): Promise<void> {
    const row = await this.deps.prisma.pqrsdCase.findUnique({ where: { id: caseId } });
    if (!row || !isCaseStatus(row.status)) return;
    const today = this.today();
    const clock = readStoredClock(row.clock, this.deps.settings.calendar);
    const due = nextReminder(clock, row.status, today, this.deps.settings);
    if (due && due.date === today) {
      const already = await this.deps.prisma.caseEvent.findFirst({
        where: { caseId, kind: due.kind, at: { gte: bogotaStartOfDay(today) } },
        select: { id: true },
      });
      if (!already) {
        const light = trafficLightOf(row, today, this.deps.settings.calendar);
        await this.deps.prisma.caseEvent.create({
          data: {
            entityId: this.deps.entityId,
            caseId,
            at: this.now(),
            actorKind: 'system',
            kind: due.kind,
            data: {
              dependency: row.dependency,
              dueDate: row.dueDate,
              businessDaysRemaining: light.businessDaysRemaining,
              reason: due.reason,
            },
          },
        });
        this.deps.logger.info(
          { caseId, radicado: row.radicado, dependency: row.dependency, reminder: due.reason },
          'case reminder',
        );
      }
    }
    await this.scheduleReminder(caseId, clock, row.status, nextDay(today));
  }

  /** Reminder events of the cases this person may see, newest first. */
  async reminders(actor: StaffActor, limit = 100) {
    if (!readsCases(actor)) return [];
    const scope = can(actor, 'cases.read.all') ? {} : { case: readScope(actor, undefined) };
    const events = await this.deps.prisma.caseEvent.findMany({
      where: {
        entityId: this.deps.entityId,
        kind: { in: ['reminder', 'desistimiento_due', 'priority_alert'] },
        ...scope,
      },
      orderBy: { at: 'desc' },
      take: Math.min(Math.max(limit, 1), 500),
      include: { case: { select: { radicado: true, dependency: true, type: true, status: true, dueDate: true } } },
    });
    return events
      .filter((e) => maySeeCase(actor, e.case))
      .map((e) => ({
        at: e.at.toISOString(),
        kind: e.kind,
        radicado: e.case.radicado,
        type: e.case.type,
        status: e.case.status,
        dependency: e.case.dependency,
        dueDate: e.case.dueDate,
        data: e.data,
      }));
  }

  /**
   * The transparency report (Ley 1712 art. 11 h) for supervisors and control interno. Built from case columns only:
   * no requester, no free text, so it is safe to publish.
   */
  async report(actor: StaffActor, range: { from: LocalDate; to: LocalDate }): Promise<PqrsdReport> {
    if (!can(actor, 'reports.read')) throw new CaseError('FORBIDDEN', 'Su rol no le permite consultar reportes.');
    if (range.from > range.to) {
      throw new CaseError(
        'INPUT_NOT_VALID',
        `La fecha inicial (${range.from}) es posterior a la fecha final (${range.to}).`,
      );
    }
    const cases = await loadReportCases(this.deps.prisma, this.deps.entityId, range);
    return buildPqrsdReport(cases, { ...range, today: this.today(), calendar: this.deps.settings.calendar });
  }

  /**
   * Extensions of anonymous cases, published because there is no address to send them to (Ley 962 de 2005 art. 81;
   * Ley 1755 art. 14 par.): radicado, type, new due date and reasons only.
   */
  async publishedExtensions(limit = 50) {
    const events = await this.deps.prisma.caseEvent.findMany({
      where: { entityId: this.deps.entityId, kind: 'extended', case: { replyChannel: 'publicacion' } },
      orderBy: { at: 'desc' },
      take: Math.min(Math.max(limit, 1), 200),
      select: { at: true, data: true, case: { select: { radicado: true, type: true } } },
    });
    return events.map((e) => {
      const data = e.data as { newDueDate?: string; reasons?: string };
      return {
        radicado: e.case.radicado,
        type: e.case.type,
        publishedAt: e.at.toISOString(),
        newDueDate: data.newDueDate ?? null,
        reasons: data.reasons ?? '',
      };
    });
  }

  /** Answers to anonymous cases, which are published instead of sent: radicado, type, date and text only. */
  async publishedAnswers(limit = 50) {
    const rows = await this.deps.prisma.pqrsdCase.findMany({
      where: { entityId: this.deps.entityId, answerPublished: true },
      orderBy: { answeredAt: 'desc' },
      take: Math.min(Math.max(limit, 1), 200),
      select: { radicado: true, type: true, answer: true, answeredAt: true, receivedAt: true },
    });
    return rows.map((r) => ({
      radicado: r.radicado,
      type: r.type,
      receivedAt: r.receivedAt.toISOString(),
      answeredAt: r.answeredAt?.toISOString() ?? null,
      answer: r.answer ?? '',
    }));
  }

  today(): LocalDate {
    return toBogotaDate(this.now());
  }

  protected async visibleCase(actor: StaffActor, radicado: string) {
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
  private async requesterFor(actor: StaffActor, row: CaseRow & { id: string }) {
    if (!mayReadRequester(actor, row)) return null;
    return this.deps.prisma.caseRequester.findUnique({ where: { caseId: row.id } });
  }
}

function readsCases(actor: StaffActor): boolean {
  return can(actor, 'cases.read.all') || can(actor, 'cases.read.dependency') || can(actor, 'cases.read.disciplinary');
}

/** Which cases a list may return to this person: the same rule as `maySeeCase`, as a query. */
function readScope(actor: StaffActor, dependency: string | undefined): object {
  if (can(actor, 'cases.read.all')) return dependency ? { dependency } : {};
  const own =
    can(actor, 'cases.read.dependency') && actor.dependency !== null ? [{ dependency: actor.dependency }] : [];
  const disciplinary = can(actor, 'cases.read.disciplinary') ? [{ type: { in: [...DISCIPLINARY_TYPES] } }] : [];
  const scopes = [...own, ...disciplinary];
  // As before the disciplinary scope existed, a dependency filter does not widen or narrow a limited reader's view.
  return scopes.length === 0 ? { dependency: '\u0000' } : scopes.length === 1 ? (scopes[0] as object) : { OR: scopes };
}

/** Thrown inside the filing transaction to roll it back when the year changed while waiting for the counter. */
class YearTurned extends Error {}

function actorColumns(actor: { id: string; name: string } | undefined): {
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

/** Blank optional fields are absent, ID numbers are checked and normalised, and anonymous filings carry no identity. */
function normalizeFiling(input: ParsedFileCaseInput): ParsedFileCaseInput {
  if (input.requesterKind === 'anonima') return { ...input, requester: {} };
  const doc = input.requester.document;
  if (!doc) return input;
  const checked = checkIdentityDocument(doc.type, doc.number);
  if (!checked.ok) throw new CaseError('DOCUMENT_NOT_VALID', checked.message);
  return { ...input, requester: { ...input.requester, document: { type: doc.type, number: checked.document.number } } };
}

const nextDay = (date: LocalDate): LocalDate => addDays(date, 1);

/**
 * The next reminder on or after `from`: at half the term and 2 business days before the due date while the term runs,
 * the business day after the due date if still unanswered, and the day after the citizen's completion period ends
 * (desistimiento may then be declared).
 */
function nextReminder(
  clock: CaseClock,
  status: CaseStatus,
  from: LocalDate,
  settings: PqrsdSettings,
): { date: LocalDate; kind: 'reminder' | 'desistimiento_due'; reason: string } | null {
  const calendar = settings.calendar;
  if (status === 'esperando_ciudadano' && clock.completion && !clock.completion.completedOn) {
    const date = nextDay(clock.completion.citizenDeadline);
    return date >= from ? { date, kind: 'desistimiento_due', reason: 'plazo_ciudadano_vencido' } : null;
  }
  if (status !== 'radicado' && status !== 'en_tramite') return null;
  const dates = reminderSchedule({ startedAfter: clock.termStartsAfter, dueDate: clock.dueDate }, from, calendar);
  const overdue = calendar.nextBusinessDay(clock.dueDate);
  const half = calendar.addBusinessDays(
    clock.termStartsAfter,
    Math.max(1, Math.floor(calendar.businessDaysBetween(clock.termStartsAfter, clock.dueDate) / 2)),
  );
  const first = dates[0];
  if (first !== undefined)
    return { date: first, kind: 'reminder', reason: first === half ? 'mitad_del_termino' : 'dos_dias_antes' };
  return overdue >= from ? { date: overdue, kind: 'reminder', reason: 'vencido' } : null;
}

function ruledDenial(result: RuleResult<InformationDenial>): InformationDenial {
  if (!result.ok) throw CaseError.fromRule(result.error);
  return result.value;
}

/** A legal rule's refusal becomes the service's error, with the rule's code and Spanish message. */
function ruled(result: RuleResult<CaseClock>): CaseClock {
  if (!result.ok) throw CaseError.fromRule(result.error);
  return result.value;
}
