import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { FirstMessage, FirstReading } from '../core/first-reading.js';
import type { Db } from '../db/database.js';
import type { OutboundMessageInput } from '../lib/messages.js';
import { formatLongDateEs } from './local-date.js';
import { readEmailPetition, statedDocument, statedName, type EmailPetition } from './read-email-petition.js';
import type { CaseService } from './service/case-service.js';
import type { CaseAttachment } from './service/file-case-input.js';
import { CASE_TYPES } from './terms.js';

const bogotaDateTime = new Intl.DateTimeFormat('es-CO', {
  timeZone: 'America/Bogota',
  dateStyle: 'long',
  timeStyle: 'short',
});

/** Idempotency keys of cases filed from one email: the inbound message's id makes a re-run file nothing twice. */
const keyPrefix = 'email-intake:';
/** How long after filing a reply that only gives the missing name or document still completes the case. */
const completionDays = 30;

export interface EmailIntakeDeps {
  prisma: Db;
  cases: CaseService;
  entity: { id: string; name: string };
  logger: Logger;
}

/**
 * The email channel's first reading (core/first-reading.ts): a complete petition in one email (what it asks, and
 * whatever it says of who writes) is filed at once and acknowledged in one reply, with the radicado, the deadline and
 * the data notice. Missing art. 16 data never blocks filing (Ley 1755 art. 16 and art. 15 par. 2): the reply asks for
 * it, and a later email that gives it completes the case. Anything else (a greeting, a question) goes to the flows.
 */
export class EmailIntake implements FirstReading {
  constructor(private readonly deps: EmailIntakeDeps) {}

  async read(message: FirstMessage): Promise<OutboundMessageInput[] | null> {
    const petition = readEmailPetition(message.text);
    if (petition) return [await this.file(message, petition)];
    const completed = await this.complete(message);
    return completed ? [completed] : null;
  }

  private async file(message: FirstMessage, petition: EmailPetition): Promise<OutboundMessageInput> {
    const { prisma, cases, entity } = this.deps;
    const inbound = await prisma.message.findUniqueOrThrow({
      where: { id: message.inboundId },
      select: { channelMessageId: true },
    });
    const header = inbound.channelMessageId
      ? await prisma.emailHeader.findUnique({
          where: { entityId_messageId: { entityId: message.entityId, messageId: inbound.channelMessageId } },
          select: { subject: true },
        })
      : null;
    const subject = (header?.subject ?? '').replace(/^((re|rv|fw|fwd)\s*:\s*)+/i, '').trim();
    const body = message.text.trim();
    const address = await this.addressOf(message.contactId);
    const filed = await cases.file(
      {
        type: petition.type,
        requesterKind: 'natural',
        requester: {
          ...(petition.name ? { name: petition.name } : {}),
          ...(petition.document ? { document: petition.document } : {}),
          ...(address ? { email: address } : {}),
        },
        ...(subject ? { subject: subject.slice(0, 200) } : {}),
        // The subject is often the petition's first words ("Derecho de petición: alumbrado"): it stays with it.
        description: (subject && !body.startsWith(subject) ? `${subject}\n\n${body}` : body).slice(0, 8000),
        attachments: message.attachments.slice(0, 10).map((a): CaseAttachment => ({
          mimeType: a.mimeType ?? 'application/octet-stream',
          ref: a.ref,
          ...(a.fileName ? { name: a.fileName } : {}),
          ...(a.sizeBytes !== undefined ? { size: a.sizeBytes } : {}),
        })),
        // The answer goes where the petition came from: this mailbox's thread with the citizen.
        replyChannel: 'canal',
      },
      {
        channel: message.channel,
        conversationId: message.conversationId,
        contactId: message.contactId,
        idempotencyKey: `${keyPrefix}${message.inboundId}`,
      },
    );
    const kind = CASE_TYPES[petition.type].label.toLowerCase();
    const notice = this.dataNotice();
    const missing = [
      ...(petition.name ? [] : ['su nombre completo']),
      ...(petition.document ? [] : ['el número de su documento de identidad']),
    ];
    const paragraphs = [
      `Recibimos su ${kind}. Su número de radicado es ${filed.radicado} (recibida el ${bogotaDateTime.format(filed.receivedAt)}).`,
      `${entity.name} tiene ${cases.settings.terms.terms[petition.type]} días hábiles para responderle: a más tardar el ${formatLongDateEs(filed.dueDate)}. Le responderemos a este correo.`,
      ...(message.attachments.length > 0
        ? [
            `Quedaron con su solicitud estos archivos: ${message.attachments.map((a) => a.fileName ?? 'archivo').join(', ')}.`,
          ]
        : []),
      ...(missing.length > 0
        ? [
            `${petition.documentUnreadable ? 'No pudimos leer bien el número de su documento. ' : ''}La ley pide ${missing.join(' y ')} (Ley 1755 de 2015, art. 16), pero su solicitud ya está radicada y la vamos a tramitar. ` +
              `Si quiere agregarlos, responda a este correo con ellos, por ejemplo: «Mi nombre es Ana Pérez, cédula 12345678».`,
          ]
        : []),
      notice,
      `Para saber cómo va, responda a este correo con la palabra «radicado».`,
    ];
    await this.recordNoticeShown(filed.id, notice, message.inboundId);
    this.deps.logger.info({ caseId: filed.id, duplicate: filed.duplicate }, 'case filed from one email');
    return { text: paragraphs.join('\n\n') };
  }

  /**
   * A reply that only gives the name or document a case filed from an email lacked: they are added to the case, and
   * its history says so. Null when there is no such case or the email gives neither.
   */
  private async complete(message: FirstMessage): Promise<OutboundMessageInput | null> {
    const name = statedName(message.text);
    const stated = statedDocument(message.text);
    const document = stated && 'document' in stated ? stated.document : undefined;
    if (!name && !document) return null;
    const { prisma } = this.deps;
    const since = new Date(Date.now() - completionDays * 24 * 60 * 60_000);
    const open = await prisma.pqrsdCase.findFirst({
      where: {
        entityId: message.entityId,
        contactId: message.contactId,
        idempotencyKey: { startsWith: keyPrefix },
        receivedAt: { gte: since },
        requester: { OR: [{ name: null }, { documentNumber: null }] },
      },
      orderBy: { receivedAt: 'desc' },
      select: { id: true, radicado: true, requester: { select: { name: true, documentNumber: true } } },
    });
    if (!open?.requester) return null;
    const added = {
      ...(name && !open.requester.name ? { name } : {}),
      ...(document && !open.requester.documentNumber
        ? { documentType: document.type, documentNumber: document.number }
        : {}),
    };
    if (Object.keys(added).length === 0) return null;
    await prisma.$transaction([
      prisma.caseRequester.update({ where: { caseId: open.id }, data: added }),
      prisma.caseEvent.create({
        data: {
          entityId: message.entityId,
          caseId: open.id,
          actorKind: 'citizen',
          kind: 'requester_completed',
          // Which fields, never their values: the history is read by more people than the requester's data.
          data: { channel: message.channel, fields: Object.keys(added).filter((k) => k !== 'documentType') },
        },
      }),
    ]);
    const what = [...('name' in added ? ['su nombre'] : []), ...('documentNumber' in added ? ['su documento'] : [])];
    return { text: `Gracias. Agregamos ${what.join(' y ')} a su solicitud ${open.radicado}.` };
  }

  /** The citizen's address on this channel: where they wrote from, and where the answer goes. */
  private async addressOf(contactId: string): Promise<string | undefined> {
    const identity = await this.deps.prisma.contactIdentity.findFirst({
      where: { contactId, channel: 'email' },
      orderBy: { createdAt: 'desc' },
      select: { externalId: true },
    });
    return identity?.externalId;
  }

  /** Ley 1581 art. 12: what the data is for, the citizen's rights and the policy, in the same email as the radicado. */
  private dataNotice(): string {
    const { entity, cases } = this.deps;
    const url = cases.settings.policyUrl;
    return (
      `Sus datos: ${entity.name} usa su nombre, documento y correo solo para radicar, tramitar y responder su solicitud (Ley 1581 de 2012). ` +
      `Usted puede conocer, actualizar, corregir y pedir que borremos sus datos.${url ? ` Política de tratamiento de datos: ${url}` : ''}`
    );
  }

  /**
   * The case's history keeps that the data notice went out with the acknowledgement (which version, and a hash of
   * the words), since no authorization was asked: none is needed to answer a petition (Ley 1581 art. 10 a). Once per
   * filing email, so a re-run after a crash does not record it twice.
   */
  private async recordNoticeShown(caseId: string, notice: string, inboundId: string): Promise<void> {
    const { prisma, cases } = this.deps;
    const already = await prisma.caseEvent.count({ where: { caseId, kind: 'data_notice_sent' } });
    if (already > 0) return;
    await prisma.caseEvent.create({
      data: {
        entityId: this.deps.entity.id,
        caseId,
        actorKind: 'system',
        kind: 'data_notice_sent',
        data: {
          channel: 'email',
          policyVersion: cases.settings.policyVersion,
          noticeSha256: createHash('sha256').update(notice, 'utf8').digest('hex'),
          inboundId,
        },
      },
    });
  }
}
