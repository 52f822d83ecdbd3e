import { openCaseClock } from '../deadlines/case-clock.js';
import type { ConsentDecision } from './consent-decision.js';
import { checkIdentityDocument, type IdentityDocumentType } from '../../validation/identity-document.js';
import { toBogotaDate } from '../local-date.js';
import type { LocalDate } from '../local-date.js';
import { formatRadicado } from '../radicado.js';
import { clockToJson } from '../store/clock-json.js';
import { hashLookupCode, newLookupCode } from '../store/lookup-code.js';
import { takeRadicadoNumber } from '../store/radicado-counter.js';
import { CaseError } from './case-error.js';
import { FileCaseInput, type FilingOrigin, type ParsedFileCaseInput } from './file-case-input.js';
import { isUniqueViolation } from '../../lib/errors/unique-violation.js';
import { actorColumns, type CaseCore } from './case-core.js';
import type { FiledCase } from './case-service-types.js';

/**
 * Files a petition: takes the next radicado, opens the legal clock, records the filing in the history and sets
 * the first reminder. No respectful petition is refused (Ley 1755 art. 15 par. 2): the data notice and what the
 * citizen chose are recorded with the filing, never required. Anonymous filings get a lookup code instead, and their
 * answer is published. Denuncias always keep the reporter's identity reserved, and so does a queja against a named
 * servant when the citizen asks (the same risk of reprisal).
 */
export async function file(core: CaseCore, rawInput: FileCaseInput, origin: FilingOrigin): Promise<FiledCase> {
  const parsed = FileCaseInput.safeParse(rawInput);
  if (!parsed.success) {
    throw new CaseError(
      'INPUT_NOT_VALID',
      `La solicitud no es válida: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const input = normalizeFiling(parsed.data);
  const { prisma, entityId, settings } = core.deps;

  if (origin.idempotencyKey) {
    const existing = await prisma.pqrsdCase.findUnique({
      where: { entityId_idempotencyKey: { entityId, idempotencyKey: origin.idempotencyKey } },
    });
    if (existing) return refiled(core, existing);
  }
  const anonymous = input.requesterKind === 'anonima';
  const dataNotice = anonymous ? null : await dataNoticeOf(core, origin.consentId);

  const lookupCode = anonymous ? newLookupCode() : undefined;
  const lookupCodeHash = lookupCode ? await hashLookupCode(lookupCode) : null;
  const replyChannel = anonymous ? 'publicacion' : (input.replyChannel ?? 'canal');
  const filing = receiptYear(core);

  let created;
  try {
    created = await filing.retryOnNewYear(() =>
      prisma.$transaction(async (tx) => {
        // First statement of the transaction, so SQLite takes the write lock before reading anything.
        const sequence = await takeRadicadoNumber(tx, entityId, filing.year);
        // The receipt time is read only once this filing holds the counter, so radicados follow the order of receipt
        // (AGN Acuerdo 060 de 2001): a filing that waited for the lock is received after the one that held it.
        const receivedAt = core.now();
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
                      representedName: input.represented?.name ?? null,
                      representedDocumentType: input.represented?.document?.type ?? null,
                      representedDocumentNumber: input.represented?.document?.number ?? null,
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
      if (existing) return refiled(core, existing);
    }
    throw error;
  }
  const { row: filed, clock } = created;
  core.deps.logger.info(
    { caseId: filed.id, radicado: filed.radicado, type: filed.type, channel: filed.channel },
    'case filed',
  );
  await core.scheduleReminder(filed.id, clock, 'radicado', clock.receivedOn);
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
async function dataNoticeOf(
  core: CaseCore,
  consentId: string | undefined,
): Promise<{ shown: boolean; decision?: ConsentDecision; policyVersion?: string; inForce?: boolean }> {
  if (!consentId) return { shown: false };
  const row = await core.deps.prisma.consent.findUnique({
    where: { id: consentId },
    select: { decision: true, policyVersion: true, revokedAt: true },
  });
  if (!row) return { shown: false };
  // Ley 1581 art. 9: an authorization is informed only by the notice in force (entity.yaml) and stands until revoked.
  // The filing goes ahead either way (Ley 1755 art. 15 par. 2); the history says whether it rests on one.
  const inForce = row.policyVersion === core.deps.settings.policyVersion && row.revokedAt === null;
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
function receiptYear(core: CaseCore) {
  const now = core.now;
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
async function refiled(
  core: CaseCore,
  row: {
    id: string;
    radicado: string;
    type: string;
    receivedAt: Date;
    dueDate: string;
    requesterKind: string;
  },
): Promise<FiledCase> {
  let lookupCode: string | undefined;
  if (row.requesterKind === 'anonima') {
    lookupCode = newLookupCode();
    await core.deps.prisma.pqrsdCase.update({
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

/** Thrown inside the filing transaction to roll it back when the year changed while waiting for the counter. */
class YearTurned extends Error {}

/**
 * Blank optional fields are absent, ID numbers are checked and normalised, anonymous filings carry no identity, and a
 * represented party comes with a representative and only then.
 */
function normalizeFiling(input: ParsedFileCaseInput): ParsedFileCaseInput {
  if (input.requesterKind === 'anonima') {
    const { represented: _ignored, ...rest } = input;
    return { ...rest, requester: {} };
  }
  if (input.requesterKind === 'representante' && !input.represented) {
    throw new CaseError(
      'INPUT_NOT_VALID',
      'Escriba el nombre de la persona a quien representa quien presenta la petición (representante o apoderado).',
    );
  }
  if (input.requesterKind !== 'representante' && input.represented) {
    throw new CaseError(
      'INPUT_NOT_VALID',
      'Los datos de la persona representada solo se registran cuando la petición la presenta un representante o apoderado.',
    );
  }
  const represented = input.represented && withCheckedDocument(input.represented);
  return { ...input, requester: withCheckedDocument(input.requester), ...(represented ? { represented } : {}) };
}

/** The person with their ID number checked and normalised; the same person when no document was given. */
function withCheckedDocument<P extends { document?: { type: IdentityDocumentType; number: string } }>(person: P): P {
  const doc = person.document;
  if (!doc) return person;
  const checked = checkIdentityDocument(doc.type, doc.number);
  if (!checked.ok) throw new CaseError('DOCUMENT_NOT_VALID', checked.message);
  return { ...person, document: { type: doc.type, number: checked.document.number } };
}
