import { Writable } from 'node:stream';
import nock from 'nock';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { staffActor } from '../../../src/staff/staff-member.js';
import { StoredFiles } from '../../../src/uploads/stored-files.js';
import { testProviders } from '../../support/test-database.js';
import { citizen, fixture, graph, phoneNumberId, startCloudApp, type CloudApp } from './cloud-app.js';

const hour = 3_600_000;
const greeting = '¡Hola! Soy A.V.A, la asistente virtual de la Alcaldía de San Isidro del Río.';
const templates = {
  plantillas: { aviso_caso: { nombre: 'aviso_caso_v1', idioma: 'es', parametros: ['radicado', 'novedad'] } },
};

const bodiesWith = (c: CloudApp, text: string) =>
  c.graphFake.sent.filter((s) => (s.body.text as { body?: string } | undefined)?.body === text);

/** A citizen who said hello, with a case filed from that conversation. */
async function citizenWithCase(c: CloudApp) {
  await c.post(fixture('text-message'));
  await c.settle();
  const conversation = await c.database.prisma.conversation.findFirstOrThrow();
  const consent = await c.cases.recordConsent({ channel: 'whatsapp-cloud', conversationId: conversation.id });
  const filed = await c.cases.file(
    { type: 'peticion', description: 'Arreglo del alumbrado de la calle 8', requester: { name: 'María Fernanda' } },
    { channel: 'whatsapp-cloud', conversationId: conversation.id, consentId: consent.id },
  );
  const gestor = staffActor({ id: 'g1', entityId: c.entityId, name: 'Gestora', roles: ['gestor'], dependency: null });
  return { conversation, filed, answer: (text: string) => c.cases.answer(gestor, filed.radicado, { text }) };
}

describe.each(testProviders)('sending on WhatsApp Cloud API on %s', (provider) => {
  let c: CloudApp;
  afterEach(async () => {
    await c.close();
  });

  it('waits out a 429 (Retry-After) and then delivers each reply exactly once, in order', async () => {
    c = await startCloudApp(provider);
    c.graphFake.answerNext([
      429,
      { error: { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429, fbtrace_id: 'A1' } },
      { 'retry-after': '30' },
    ]);
    await c.post(fixture('text-message'));
    await c.settle();
    expect(c.graphFake.sent.map((s) => s.status)).toEqual([429]);
    const first = await c.database.prisma.message.findFirstOrThrow({
      where: { direction: 'out' },
      orderBy: { createdAt: 'asc' },
    });
    expect(first).toMatchObject({
      status: 'queued',
      attempts: 1,
      nextAttemptAt: new Date(c.clock.now().getTime() + 30_000),
    });
    expect(first.lastError).toMatch(/más despacio/);

    await c.clock.advance(29_000);
    await c.settle();
    expect(c.graphFake.sent).toHaveLength(1);

    await c.clock.advance(1_000);
    await c.settle();
    expect(bodiesWith(c, greeting).map((s) => s.status)).toEqual([429, 200]);
    expect(c.graphFake.delivered()).toHaveLength(3);
    expect(c.graphFake.delivered()[0]).toMatchObject({ text: { body: greeting } });
    const rows = await c.database.prisma.message.findMany({
      where: { direction: 'out' },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['sent', 2],
      ['sent', 1],
      ['sent', 1],
    ]);
    await c.runtime.outbox.retryDue();
    await c.settle();
    expect(c.graphFake.sent).toHaveLength(4);
  });

  it('retries after a Meta 5xx with backoff and delivers once', async () => {
    c = await startCloudApp(provider);
    c.graphFake.answerNext([
      500,
      {
        error: {
          message: 'An unexpected error has occurred. Please retry your request later.',
          type: 'OAuthException',
          code: 2,
        },
      },
    ]);
    await c.post(fixture('text-message'));
    await c.settle();
    expect(c.graphFake.delivered()).toHaveLength(0);
    await c.clock.advance(1_000);
    await c.settle();
    expect(bodiesWith(c, greeting).map((s) => s.status)).toEqual([500, 200]);
    expect(c.graphFake.delivered()).toHaveLength(3);
  });

  it('keeps messages waiting and logs an error for the administrator when the access token expired', async () => {
    const lines: { level: number; msg: string }[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({ write: (chunk, _e, done) => (lines.push(JSON.parse(String(chunk))), done()) }),
    );
    c = await startCloudApp(provider, { channelLogger: logger });
    c.graphFake.answerNext([
      401,
      {
        error: {
          message: 'Error validating access token: Session has expired on Monday, 02-Mar-26.',
          type: 'OAuthException',
          code: 190,
          error_subcode: 463,
        },
      },
    ]);
    await c.post(fixture('text-message'));
    await c.settle();
    const first = await c.database.prisma.message.findFirstOrThrow({
      where: { direction: 'out' },
      orderBy: { createdAt: 'asc' },
    });
    expect(first.status).toBe('queued');
    expect(first.lastError).toMatch(/renueve WHATSAPP_CLOUD_ACCESS_TOKEN/);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 50, msg: expect.stringMatching(/renew WHATSAPP_CLOUD_ACCESS_TOKEN/) }),
    );
    expect(JSON.stringify(lines)).not.toContain(citizen);
    const ready = await c.app.inject({ url: '/ready' });
    expect(ready.json().channels['whatsapp-cloud']).toMatchObject({
      state: 'disconnected',
      detail: expect.stringMatching(/renueve WHATSAPP_CLOUD_ACCESS_TOKEN/),
    });

    // Once the token works again, what waited goes out and /ready says so.
    await c.clock.advance(1_000);
    await c.settle();
    expect(c.graphFake.delivered()).toHaveLength(3);
    expect((await c.app.inject({ url: '/ready' })).json().channels['whatsapp-cloud'].state).toBe('connected');
  });

  it('stops sending to a number WhatsApp cannot deliver to', async () => {
    c = await startCloudApp(provider);
    c.graphFake.answerNext([
      400,
      { error: { message: '(#131026) Message Undeliverable.', type: 'OAuthException', code: 131026 } },
    ]);
    await c.post(fixture('text-message'));
    await c.settle();
    const rows = await c.database.prisma.message.findMany({
      where: { direction: 'out' },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
    expect(c.graphFake.sent).toHaveLength(1);
    expect((await c.database.prisma.contact.findFirstOrThrow()).unreachableAt).not.toBeNull();
  });

  it("sends a case notice as free text within 24 hours of the citizen's last message", async () => {
    c = await startCloudApp(provider, { whatsappCloud: templates });
    const { filed, answer } = await citizenWithCase(c);
    await c.clock.advance(23 * hour);
    await answer('El alumbrado se arregla el lunes.');
    await c.settle();
    expect(c.graphFake.delivered().at(-1)).toMatchObject({
      type: 'text',
      text: { body: `Respuesta a su solicitud ${filed.radicado}:\nEl alumbrado se arregla el lunes.` },
    });
  });

  it('after 24 hours sends the case notice as the approved template, params in order', async () => {
    c = await startCloudApp(provider, { whatsappCloud: templates });
    const { filed, answer } = await citizenWithCase(c);
    await c.clock.advance(25 * hour);
    await answer('El alumbrado se arregla el lunes.');
    await c.settle();
    expect(c.graphFake.delivered().at(-1)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: citizen,
      type: 'template',
      template: {
        name: 'aviso_caso_v1',
        language: { code: 'es' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: filed.radicado },
              { type: 'text', text: 'ya tiene respuesta' },
            ],
          },
        ],
      },
    });
    const notice = await c.database.prisma.message.findFirstOrThrow({
      where: { direction: 'out' },
      orderBy: { createdAt: 'desc' },
    });
    expect(notice.status).toBe('sent');
    const history = await c.database.prisma.caseEvent.findMany({ where: { caseId: filed.id }, orderBy: { at: 'asc' } });
    expect(history.map((e) => e.kind)).toEqual(['filed', 'answered', 'citizen_notified']);
  });

  it('after 24 hours without a template the notice is not sent: failed with the reason, and the case history says so', async () => {
    c = await startCloudApp(provider, { whatsappCloud: {} });
    const { filed, answer } = await citizenWithCase(c);
    const before = c.graphFake.sent.length;
    await c.clock.advance(25 * hour);
    await answer('El alumbrado se arregla el lunes.');
    await c.settle();
    expect(c.graphFake.sent).toHaveLength(before);
    const notice = await c.database.prisma.message.findFirstOrThrow({
      where: { direction: 'out' },
      orderBy: { createdAt: 'desc' },
    });
    expect(notice.status).toBe('failed');
    expect(notice.lastError).toMatch(/^Fuera de la ventana de 24 horas y sin plantilla aprobada para «aviso_caso»/);
    const history = await c.database.prisma.caseEvent.findMany({ where: { caseId: filed.id }, orderBy: { at: 'asc' } });
    expect(history.map((e) => e.kind)).toEqual(['filed', 'answered', 'citizen_notified', 'citizen_not_notified']);
    expect(history.at(-1)?.data).toEqual({ reason: 'envio_fallido', detail: notice.lastError });
  });

  it('a message of several parts that fails midway resumes where it stopped: the citizen never gets a part twice', async () => {
    c = await startCloudApp(provider);
    await c.post(fixture('text-message'));
    await c.settle();
    const conversation = await c.database.prisma.conversation.findFirstOrThrow();
    const before = c.graphFake.sent.length;
    c.graphFake.answerNext(
      [200, { messages: [{ id: 'wamid.PART-1' }] }],
      [503, { error: { code: 131016, message: 'Service unavailable' } }],
    );
    await c.runtime.engine.notify(conversation.id, {
      text: 'Le enviamos los dos documentos de su trámite.',
      attachments: [
        { kind: 'document', ref: 'whatsapp-cloud:111', fileName: 'uno.pdf' },
        { kind: 'document', ref: 'whatsapp-cloud:222', fileName: 'dos.pdf' },
      ],
    });
    await c.settle();
    await c.clock.advance(1_000);
    await c.settle();
    const calls = c.graphFake.sent.slice(before);
    expect(calls.map((s) => [s.body.type, s.status, (s.body.document as { id?: string } | undefined)?.id])).toEqual([
      ['text', 200, undefined],
      ['document', 503, '111'],
      ['document', 200, '111'],
      ['document', 200, '222'],
    ]);
    const notice = await c.database.prisma.message.findFirstOrThrow({
      where: { direction: 'out' },
      orderBy: { createdAt: 'desc' },
    });
    expect(notice).toMatchObject({ status: 'sent', attempts: 2, channelMessageId: 'wamid.SENT-5' });
  });

  it('uploads a stored file to Meta and sends it by media id with its caption', async () => {
    c = await startCloudApp(provider);
    await c.post(fixture('text-message'));
    await c.settle();
    const conversation = await c.database.prisma.conversation.findFirstOrThrow();
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200, 32)]);
    const attachment = await new StoredFiles(c.database.prisma).save({
      entityId: c.entityId,
      contactId: conversation.contactId,
      channel: 'whatsapp-cloud',
      mimeType: 'application/pdf',
      fileName: 'constancia.pdf',
      data: pdf,
    });
    let upload = '';
    const media = nock(graph)
      .post(`/v23.0/${phoneNumberId}/media`)
      .reply(function (_uri, body) {
        upload = `${String(this.req.headers['content-type'])}\n${String(body)}`;
        return [200, { id: '4490709327384033' }];
      });
    await c.runtime.engine.notify(conversation.id, { text: 'Aquí está su constancia.', attachments: [attachment] });
    await c.settle();
    expect(media.isDone()).toBe(true);
    expect(upload).toMatch(/^multipart\/form-data/);
    expect(upload).toMatch(/name="messaging_product"\r\n\r\nwhatsapp/);
    expect(upload).toMatch(/name="file"; filename="constancia.pdf"/);
    expect(c.graphFake.delivered().at(-1)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: citizen,
      type: 'document',
      document: { id: '4490709327384033', caption: 'Aquí está su constancia.', filename: 'constancia.pdf' },
    });
  });
});
