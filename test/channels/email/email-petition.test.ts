import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { staffActor } from '../../../src/staff/staff-member.js';
import { testProviders } from '../../support/test-database.js';
import { startDovecot, type DovecotServer } from './dovecot-server.js';
import { startEmailHarness, type EmailHarness, type OutgoingMail } from './email-harness.js';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from './smtp-sink.js';

let imap: DovecotServer;
let smtp: SmtpSink;
beforeAll(async () => {
  [imap, smtp] = await Promise.all([startDovecot(), startSmtpSink()]);
});
afterAll(async () => {
  await Promise.all([imap?.close(), smtp?.close()]);
});

const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const bare = (id: string | undefined) => (id ?? '').replace(/^<|>$/g, '');

/** A citizen at their mail program: every email answers the last one received, quoting it, as mail programs do. */
class Citizen {
  readonly rootId = `${randomUUID()}@correo.test`;
  private references: string[] = [];
  private seen = 0;
  constructor(
    private readonly h: EmailHarness,
    readonly address: string,
  ) {}

  async write(text: string, extra: Pick<OutgoingMail, 'attachments'> = {}): Promise<void> {
    await this.h.deliver({
      from: `Ana Pérez <${this.address}>`,
      subject: 'Falta de agua en la vereda',
      text,
      messageId: this.rootId,
      ...extra,
    });
    this.references = [this.rootId];
  }

  async reply(text: string, extra: Pick<OutgoingMail, 'attachments'> = {}): Promise<void> {
    const last = (await this.h.mailsTo(this.address, this.seen)).at(-1)!;
    const lastId = bare(last.parsed.messageId);
    const quoted = (last.parsed.text ?? '')
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n');
    const messageId = `${randomUUID()}@correo.test`;
    await this.h.deliver({
      from: `Ana Pérez <${this.address}>`,
      subject: last.parsed.subject ?? '',
      text: `${text}\n\nEl lun, 2 mar 2026 a las 9:00, Alcaldía <contactenos@sanisidro.test> escribió:\n${quoted}\n`,
      messageId,
      inReplyTo: lastId,
      references: [...this.references, lastId],
      ...extra,
    });
    this.references = [...this.references, lastId, messageId];
  }

  /** The next email from the entity; fails unless it matches. */
  async expectEmail(pattern: RegExp): Promise<ReceivedMail> {
    this.seen++;
    const mail = (await this.h.mailsTo(this.address, this.seen)).at(-1)!;
    expect(mail.parsed.text).toMatch(pattern);
    return mail;
  }
}

describe.each(testProviders)(
  'a petition by email on %s',
  (provider) => {
    let h: EmailHarness | undefined;
    afterEach(async () => {
      await h?.close();
      h = undefined;
    });

    it('files a petition with its attachment, acknowledges it with the radicado and deadline, and the answer arrives in the same thread', async () => {
      h = await startEmailHarness(provider, { imap, smtp });
      const ana = new Citizen(h, `ana.${randomUUID().slice(0, 8)}@correo.test`);
      await ana.write('Buenos días.');
      const first = await ana.expectEmail(/¿En qué le puedo ayudar\?/);
      expect(first.parsed.subject).toBe('Re: Falta de agua en la vereda');
      expect(first.parsed.inReplyTo).toBe(`<${ana.rootId}>`);
      // Options are a numbered list; the citizen answers with the number, above the quoted email.
      expect(first.parsed.text).toMatch(/2\. Radicar una PQRSD/);
      await ana.reply('2');
      await ana.expectEmail(/¿Qué quiere presentar\? Elija una opción\.\s+1\. Petición/);
      await ana.reply('1');
      await ana.expectEmail(/¿Acepta que la Alcaldía use sus datos/);
      await ana.reply('1');
      await ana.expectEmail(/¿A nombre de quién presenta/);
      await ana.reply('1');
      await ana.expectEmail(/¿Cuál es su nombre completo\?/);
      await ana.reply('Ana Pérez');
      await ana.expectEmail(/documento/);
      await ana.reply('79.123.456');
      await ana.expectEmail(/A qué dirección/);
      await ana.reply('omitir');
      await ana.expectEmail(/Escriba su correo/);
      await ana.reply('no tengo');
      await ana.expectEmail(/celular o teléfono/);
      await ana.reply('omitir');
      await ana.expectEmail(/barrio, comuna o corregimiento/);
      await ana.reply('no');
      await ana.expectEmail(/¿de qué se trata\?/);
      await ana.reply('Agua en la vereda');
      await ana.expectEmail(/Escriba todo en un solo mensaje/);
      await ana.reply('Hace ocho días no llega el agua a la vereda La Palma. Pido que revisen el acueducto.');
      await ana.expectEmail(/fotos o documentos/);
      await ana.reply('Le envío la foto del recibo.', {
        attachments: [{ filename: 'recibo.pdf', content: pdf, contentType: 'application/pdf' }],
      });
      await ana.expectEmail(/¿Está todo bien\?/);
      await ana.reply('Sí, radicar');
      const ack = await ana.expectEmail(/con el número PQRSD-\d{4}-\d{6}/);
      expect(ack.parsed.text).toMatch(
        /15 días hábiles para responderle: a más tardar el \p{L}+ \d{1,2} de \p{L}+ de \d{4}\./u,
      );
      expect(ack.parsed.inReplyTo).toMatch(/@correo\.test>$/);
      const radicado = /(PQRSD-\d{4}-\d{6})/.exec(ack.parsed.text ?? '')![1]!;

      const prisma = h.database.prisma;
      const filed = await prisma.pqrsdCase.findFirstOrThrow({ where: { radicado } });
      expect(filed.channel).toBe('email');
      expect(filed.attachments).toEqual([expect.objectContaining({ name: 'recibo.pdf', mimeType: 'application/pdf' })]);
      expect(await prisma.storedFile.count({ where: { channel: 'email' } })).toBe(1);

      // The official answers from the console: the citizen gets it by email, in the same thread as the petition.
      const gestor = staffActor({
        id: 'g1',
        entityId: h.entityId,
        name: 'Gestora',
        roles: ['gestor'],
        dependency: null,
      });
      // The answer's document goes with it, as an attachment of the same email.
      const letter = Buffer.from('%PDF-1.4\n% respuesta firmada\n%%EOF\n');
      const document = await h.cases.keepAnswerFile(gestor, radicado, {
        data: letter,
        mimeType: 'application/pdf',
        fileName: 'respuesta-firmada.pdf',
      });
      await h.cases.answer(gestor, radicado, {
        text: 'El acueducto se revisará el jueves.',
        attachments: [document.ref],
      });
      const answer = await ana.expectEmail(/El acueducto se revisará el jueves\./);
      expect(answer.parsed.attachments.map((a) => [a.filename, a.content.equals(letter)])).toEqual([
        ['respuesta-firmada.pdf', true],
      ]);
      expect(answer.parsed.text).toContain(`Respuesta a su solicitud ${radicado}`);
      expect(answer.parsed.subject).toBe('Re: Falta de agua en la vereda');
      const references = (answer.parsed.references as string[] | string | undefined) ?? [];
      expect(Array.isArray(references) ? references : [references]).toContain(`<${ana.rootId}>`);
      expect(answer.parsed.inReplyTo).toMatch(/@correo\.test>$/);
      const history = await prisma.caseEvent.findMany({ where: { caseId: filed.id }, orderBy: { at: 'asc' } });
      expect(history.map((e) => e.kind)).toEqual(['filed', 'answered', 'citizen_notified']);
    });

    it('records on the case that the mail server refused the answer for good', async () => {
      h = await startEmailHarness(provider, { imap, smtp });
      const luis = `luis.${randomUUID().slice(0, 8)}@correo.test`;
      await h.deliver({ from: luis, subject: 'Consulta', text: 'hola', messageId: `${randomUUID()}@correo.test` });
      await h.mailsTo(luis, 1);
      const conversation = await h.database.prisma.conversation.findFirstOrThrow();
      const consent = await h.cases.recordConsent({ channel: 'email', conversationId: conversation.id });
      const filed = await h.cases.file(
        { type: 'queja', description: 'No recogieron la basura', requester: { name: 'Luis' } },
        { channel: 'email', conversationId: conversation.id, consentId: consent.id },
      );
      const gestor = staffActor({
        id: 'g1',
        entityId: h.entityId,
        name: 'Gestora',
        roles: ['gestor'],
        dependency: null,
      });
      smtp.refuseNext(1, 550);
      await h.cases.answer(gestor, filed.radicado, { text: 'Mañana pasa el camión.' });
      const prisma = h.database.prisma;
      const failed = await vi.waitFor(
        async () => {
          const event = await prisma.caseEvent.findFirst({ where: { caseId: filed.id, kind: 'citizen_not_notified' } });
          if (!event) throw new Error('not recorded yet');
          return event;
        },
        { timeout: 15_000, interval: 50 },
      );
      expect(failed.data).toEqual({ reason: 'envio_fallido', detail: expect.stringMatching(/SMTP 550/) });
    });

    it('records on the case a bounce that comes back after the answer was sent', async () => {
      h = await startEmailHarness(provider, { imap, smtp });
      const marta = `marta.${randomUUID().slice(0, 8)}@correo.test`;
      await h.deliver({ from: marta, subject: 'Consulta', text: 'hola', messageId: `${randomUUID()}@correo.test` });
      await h.mailsTo(marta, 1);
      const conversation = await h.database.prisma.conversation.findFirstOrThrow();
      const consent = await h.cases.recordConsent({ channel: 'email', conversationId: conversation.id });
      const filed = await h.cases.file(
        { type: 'peticion', description: 'Arreglo de la vía', requester: { name: 'Marta' } },
        { channel: 'email', conversationId: conversation.id, consentId: consent.id },
      );
      const gestor = staffActor({
        id: 'g1',
        entityId: h.entityId,
        name: 'Gestora',
        roles: ['gestor'],
        dependency: null,
      });
      await h.cases.answer(gestor, filed.radicado, { text: 'La vía se arregla en mayo.' });
      const sent = (await h.mailsTo(marta, 2)).at(-1)!;
      // The citizen's server accepted it, then returned it: a delivery status notification with the original headers.
      const dsn = [
        'From: Mail Delivery System <MAILER-DAEMON@correo.test>',
        'To: contactenos@sanisidro.test',
        'Subject: Undelivered Mail Returned to Sender',
        `Message-ID: <${randomUUID()}@correo.test>`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'The mailbox is full.',
        '--b',
        'Content-Type: message/delivery-status',
        '',
        `Final-Recipient: rfc822; ${marta}`,
        'Action: failed',
        'Status: 5.2.2',
        '--b',
        'Content-Type: text/rfc822-headers',
        '',
        `Message-ID: ${sent.parsed.messageId}`,
        'Subject: Re: Consulta',
        '--b--',
        '',
      ].join('\r\n');
      await h.deliverRaw(dsn);
      const prisma = h.database.prisma;
      const failed = await vi.waitFor(
        async () => {
          const event = await prisma.caseEvent.findFirst({ where: { caseId: filed.id, kind: 'citizen_not_notified' } });
          if (!event) throw new Error('not recorded yet');
          return event;
        },
        { timeout: 15_000, interval: 50 },
      );
      expect(failed.data).toEqual({
        reason: 'envio_fallido',
        detail: expect.stringMatching(/devolvió el mensaje \(5\.2\.2\)/),
      });
      expect(smtp.received.filter((m) => /mailer-daemon/i.test(m.to.join(',')))).toEqual([]);
    });

    it('sends the answer by email to a citizen who filed on another channel and asked for it by email', async () => {
      h = await startEmailHarness(provider, { imap, smtp });
      const prisma = h.database.prisma;
      const jorge = `jorge.${randomUUID().slice(0, 8)}@correo.test`;
      // Filed in the web chat, with "Por correo electrónico" as the answer channel.
      const contact = await prisma.contact.create({
        data: {
          entityId: h.entityId,
          identities: { create: { entityId: h.entityId, channel: 'web', externalId: 'sesion-1' } },
        },
      });
      const conversation = await prisma.conversation.create({
        data: { entityId: h.entityId, contactId: contact.id, channel: 'web' },
      });
      const consent = await h.cases.recordConsent({ channel: 'web', conversationId: conversation.id });
      const filed = await h.cases.file(
        {
          type: 'peticion',
          description: 'Copia del plano del barrio',
          requester: { name: 'Jorge', email: jorge },
          replyChannel: 'correo',
        },
        { channel: 'web', conversationId: conversation.id, consentId: consent.id },
      );
      const gestor = staffActor({
        id: 'g1',
        entityId: h.entityId,
        name: 'Gestora',
        roles: ['gestor'],
        dependency: null,
      });
      await h.cases.answer(gestor, filed.radicado, { text: 'Adjuntamos la información del plano.' });
      const [answer] = await h.mailsTo(jorge, 1);
      expect(answer!.parsed.subject).toBe(`Respuesta a su solicitud ${filed.radicado}`);
      expect(answer!.parsed.text).toContain('Adjuntamos la información del plano.');
      const history = await prisma.caseEvent.findMany({ where: { caseId: filed.id }, orderBy: { at: 'asc' } });
      expect(history.map((e) => e.kind)).toEqual(['filed', 'answered', 'citizen_notified']);
      // The answer was not queued for the web chat (the satisfaction survey that follows it may be).
      const web = await prisma.message.findMany({
        where: { conversationId: conversation.id, direction: 'out' },
        select: { text: true },
      });
      expect(web.map((m) => m.text).join('\n')).not.toContain('Adjuntamos la información del plano.');
    });
  },
  120_000,
);
