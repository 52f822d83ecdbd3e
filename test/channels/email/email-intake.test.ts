import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { staffActor } from '../../../src/staff/staff-member.js';
import { testProviders } from '../../support/test-database.js';
import { startDovecot, type DovecotServer } from './dovecot-server.js';
import { startEmailHarness, type EmailHarness } from './email-harness.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

let imap: DovecotServer;
let smtp: SmtpSink;
beforeAll(async () => {
  [imap, smtp] = await Promise.all([startDovecot(), startSmtpSink()]);
});
afterAll(async () => {
  await Promise.all([imap?.close(), smtp?.close()]);
});

const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe.each(testProviders)(
  'a petition written in one email on %s',
  (provider) => {
    let h: EmailHarness | undefined;
    afterEach(async () => {
      await h?.close();
      h = undefined;
    });

    it('is filed at once: one reply with the radicado, the deadline and the data notice, and the answer comes back in the thread', async () => {
      h = await startEmailHarness(provider, { imap, smtp });
      const ana = `ana.${randomUUID().slice(0, 8)}@correo.test`;
      const rootId = `${randomUUID()}@correo.test`;
      await h.deliver({
        from: `Ana Pérez <${ana}>`,
        subject: 'Derecho de petición: alumbrado de la calle 8',
        text:
          'Buenos días.\n\nSolicito que arreglen el alumbrado público de la calle 8 con carrera 3: lleva un mes apagado ' +
          'y de noche es peligroso. Mi nombre es Ana María Pérez, cédula 79.123.456. Respondan a este correo.\n\n' +
          'Atentamente,\nAna María Pérez',
        messageId: rootId,
        attachments: [{ filename: 'foto-poste.pdf', content: pdf, contentType: 'application/pdf' }],
      });
      const [ack] = await h.mailsTo(ana, 1);
      const text = ack!.parsed.text ?? '';
      const radicado = /Su número de radicado es (PQRSD-\d{4}-\d{6})/.exec(text)?.[1];
      expect(radicado).toBeDefined();
      expect(text).toMatch(/15 días hábiles para responderle: a más tardar el \p{L}+ \d{1,2} de \p{L}+ de \d{4}\./u);
      expect(text).toMatch(/Quedaron con su solicitud estos archivos: foto-poste\.pdf\./);
      expect(text).toMatch(/Ley 1581 de 2012/);
      expect(text).toMatch(/https:\/\/www\.sanisidrodelrio\.gov\.co\/politica-de-datos/);
      // Nothing was missing: no question, and no chat-style menu.
      expect(text).not.toMatch(/Ley 1755 de 2015, art\. 16/);
      expect(text).not.toMatch(/Responda con el número de la opción/);
      expect(ack!.parsed.inReplyTo).toBe(`<${rootId}>`);
      expect(ack!.parsed.subject).toBe('Re: Derecho de petición: alumbrado de la calle 8');

      const prisma = h.database.prisma;
      const filed = await prisma.pqrsdCase.findFirstOrThrow({
        where: { radicado: radicado! },
        include: { requester: true },
      });
      expect(filed).toMatchObject({ channel: 'email', type: 'peticion', replyChannel: 'canal' });
      expect(filed.subject).toBe('Derecho de petición: alumbrado de la calle 8');
      expect(filed.description).toMatch(/^Derecho de petición: alumbrado de la calle 8\n\nBuenos días\.\n\nSolicito/);
      expect(filed.requester).toMatchObject({
        name: 'Ana María Pérez',
        documentType: 'CC',
        documentNumber: '79123456',
        email: ana,
      });
      expect(filed.attachments).toEqual([
        expect.objectContaining({ name: 'foto-poste.pdf', mimeType: 'application/pdf' }),
      ]);
      const events = await prisma.caseEvent.findMany({ where: { caseId: filed.id }, orderBy: { at: 'asc' } });
      expect(events.map((e) => e.kind)).toEqual(['filed', 'data_notice_sent']);
      expect(events[1]!.data).toMatchObject({ channel: 'email', policyVersion: expect.any(String) });
      // No authorization was asked, so none is recorded as given.
      expect(await prisma.consent.count()).toBe(0);

      const gestor = staffActor({
        id: 'g1',
        entityId: h.entityId,
        name: 'Gestora',
        roles: ['gestor'],
        dependency: null,
      });
      await h.cases.answer(gestor, radicado!, { text: 'El poste se arregla el martes.' });
      const [, answer] = await h.mailsTo(ana, 2);
      expect(answer!.parsed.text).toContain(`Respuesta a su solicitud ${radicado}`);
      expect(answer!.parsed.subject).toBe('Re: Derecho de petición: alumbrado de la calle 8');
      expect(answer!.parsed.inReplyTo).toBe(`<${rootId}>`);
    });

    it('files without name or document, asks for them in the same reply, and a reply with them completes the case', async () => {
      h = await startEmailHarness(provider, { imap, smtp });
      const luis = `luis.${randomUUID().slice(0, 8)}@correo.test`;
      await h.deliver({
        from: luis,
        subject: 'Queja',
        text:
          'Quiero poner una queja porque el carro de la basura no pasa por el barrio La Esperanza desde hace dos semanas ' +
          'y los perros rompen las bolsas.',
        messageId: `${randomUUID()}@correo.test`,
      });
      const [ack] = await h.mailsTo(luis, 1);
      const text = ack!.parsed.text ?? '';
      expect(text).toMatch(/Recibimos su queja\. Su número de radicado es PQRSD-\d{4}-\d{6}/);
      expect(text).toMatch(
        /La ley pide su nombre completo y el número de su documento de identidad \(Ley 1755 de 2015, art\. 16\), pero su solicitud ya está radicada/,
      );
      const prisma = h.database.prisma;
      const filed = await prisma.pqrsdCase.findFirstOrThrow({ include: { requester: true } });
      expect(filed.type).toBe('queja');
      expect(filed.requester).toMatchObject({ name: null, documentNumber: null, email: luis });

      await h.deliver({
        from: luis,
        subject: `Re: Queja`,
        text: 'Mi nombre es Luis Gómez, cédula 1.020.304.050.',
        messageId: `${randomUUID()}@correo.test`,
      });
      const [, thanks] = await h.mailsTo(luis, 2);
      expect(thanks!.parsed.text).toContain(
        `Gracias. Agregamos su nombre y su documento a su solicitud ${filed.radicado}.`,
      );
      const completed = await prisma.caseRequester.findUniqueOrThrow({ where: { caseId: filed.id } });
      expect(completed).toMatchObject({ name: 'Luis Gómez', documentType: 'CC', documentNumber: '1020304050' });
      const event = await prisma.caseEvent.findFirstOrThrow({
        where: { caseId: filed.id, kind: 'requester_completed' },
      });
      expect(event.data).toEqual({ channel: 'email', fields: ['name', 'documentNumber'] });
      expect(await prisma.pqrsdCase.count()).toBe(1);
    });

    it('leaves a greeting or a short question to the conversation, and the flows name the channel as email', async () => {
      h = await startEmailHarness(provider, { imap, smtp });
      const marta = `marta.${randomUUID().slice(0, 8)}@correo.test`;
      await h.deliver({ from: marta, subject: 'Horarios', text: 'horarios', messageId: `${randomUUID()}@correo.test` });
      const [reply] = await h.mailsTo(marta, 1);
      expect(reply!.parsed.text).toMatch(/Por este correo puede escribirnos siempre\./);
      expect(reply!.parsed.text).not.toMatch(/chat/);
      expect(await h.database.prisma.pqrsdCase.count()).toBe(0);
    });

    it('files the same email once, even when it arrives twice', async () => {
      h = await startEmailHarness(provider, { imap, smtp });
      const jorge = `jorge.${randomUUID().slice(0, 8)}@correo.test`;
      const mail = {
        from: jorge,
        subject: 'Solicitud',
        text: 'Solicito copia del contrato de alumbrado público firmado en 2025 y de sus informes de supervisión, por favor.',
        messageId: `${randomUUID()}@correo.test`,
      };
      await h.deliver(mail);
      await h.mailsTo(jorge, 1);
      await h.deliver(mail);
      await h.deliver({ ...mail, messageId: `${randomUUID()}@correo.test`, text: 'hola' });
      await h.mailsTo(jorge, 2);
      const cases = await h.database.prisma.pqrsdCase.findMany();
      expect(cases).toHaveLength(1);
      expect(cases[0]!.type).toBe('solicitud_informacion');
    });
  },
  120_000,
);
