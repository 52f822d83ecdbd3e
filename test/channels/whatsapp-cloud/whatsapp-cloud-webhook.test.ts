import nock from 'nock';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testProviders } from '../../support/test-database.js';
import { citizen, fixture, graph, sign, startCloudApp, textWebhook, verifyToken, type CloudApp } from './cloud-app.js';

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 7)]);

describe.each(testProviders)('WhatsApp Cloud API webhook on %s', (provider) => {
  let c: CloudApp;

  beforeEach(async () => {
    c = await startCloudApp(provider, { markRead: true });
  });
  afterEach(async () => {
    await c.close();
  });

  it('answers a recorded "hola" through the demo flows: greeting, data notice and the menu as a list', async () => {
    const res = await c.post(fixture('text-message'));
    expect(res.statusCode).toBe(200);
    await c.settle();
    const [greeting, notice, menu] = c.graphFake.delivered();
    expect(greeting).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: citizen,
      type: 'text',
      text: { body: '¡Hola! Soy A.V.A, la asistente virtual de la Alcaldía de San Isidro del Río.' },
    });
    expect(notice).toMatchObject({
      type: 'text',
      text: { body: expect.stringMatching(/^Sus datos se usan solo para atender su solicitud/) },
    });
    expect(menu).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: citizen,
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: '¿En qué le puedo ayudar? Elija una opción o escríbame su pregunta.' },
        action: {
          button: 'Ver opciones',
          sections: [
            {
              title: 'Opciones',
              rows: [
                {
                  id: 'principal.menu.1',
                  title: 'Consultar trámites y…',
                  description: 'Consultar trámites y servicios',
                },
                {
                  id: 'principal.menu.2',
                  title: 'Radicar una PQRSD',
                  description: 'Petición, queja, reclamo, sugerencia, denuncia o felicitación',
                },
                { id: 'principal.menu.3', title: 'Consultar un radicado' },
                { id: 'principal.menu.4', title: 'Horarios y sedes' },
                { id: 'principal.menu.5', title: 'Hablar con un asesor' },
              ],
            },
          ],
        },
      },
    });
    // The citizen saw their message read (blue ticks) with "typing…" while the bot answered.
    await vi.waitFor(() =>
      expect(c.graphFake.reads).toEqual(['wamid.HBgMNTczMDAxMjM0NTY3FQIAEhgUM0FCQjE2QTQ0QzY5RjNFMUE2RTkA']),
    );
    const inbound = await c.database.prisma.message.findFirstOrThrow({ where: { direction: 'in' } });
    expect(inbound).toMatchObject({
      channel: 'whatsapp-cloud',
      text: 'hola',
      channelMessageId: 'wamid.HBgMNTczMDAxMjM0NTY3FQIAEhgUM0FCQjE2QTQ0QzY5RjNFMUE2RTkA',
    });
    const sent = await c.database.prisma.message.findMany({
      where: { direction: 'out' },
      orderBy: { createdAt: 'asc' },
    });
    expect(sent.map((m) => [m.status, m.channelMessageId])).toEqual([
      ['sent', 'wamid.SENT-1'],
      ['sent', 'wamid.SENT-2'],
      ['sent', 'wamid.SENT-3'],
    ]);
  });

  it("a list pick and a button tap arrive as the option's value and move the flow; two options are buttons", async () => {
    await c.post(fixture('text-message'));
    await c.settle();
    const before = c.graphFake.delivered().length;
    expect((await c.post(fixture('list-reply'))).statusCode).toBe(200);
    await c.settle();
    const afterPick = c.graphFake.delivered().slice(before);
    expect(afterPick[0]).toMatchObject({
      type: 'text',
      text: { body: expect.stringMatching(/^Sede principal \(Palacio Municipal\)/) },
    });
    expect(afterPick.at(-1)).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: '¿Le puedo ayudar en algo más?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'principal.algo_mas.1', title: 'Sí, ver el menú' } },
            { type: 'reply', reply: { id: 'principal.algo_mas.2', title: 'No, gracias' } },
          ],
        },
      },
    });
    const n = c.graphFake.delivered().length;
    await c.post(fixture('button-reply'));
    await c.settle();
    // "No, gracias" closes the conversation, and the demo entity then asks its satisfaction survey.
    expect(c.graphFake.delivered().slice(n)).toEqual([
      expect.objectContaining({
        type: 'text',
        text: {
          body: '¿Nos ayuda a mejorar? Son 3 preguntas cortas sobre esta conversación. Si prefiere no responder, elija "Omitir encuesta" o escriba "omitir".',
        },
      }),
      expect.objectContaining({
        type: 'interactive',
        interactive: expect.objectContaining({
          type: 'list',
          body: { text: 'En general, ¿qué tan satisfecho está con la atención que recibió?' },
        }),
      }),
    ]);
  });

  it('the same webhook twice (Meta retrying) is stored and answered once', async () => {
    const body = fixture('text-message');
    expect((await c.post(body)).statusCode).toBe(200);
    expect((await c.post(body)).statusCode).toBe(200);
    await c.settle();
    expect(await c.database.prisma.message.count({ where: { direction: 'in' } })).toBe(1);
    expect(c.graphFake.delivered()).toHaveLength(3);
    await vi.waitFor(() => expect(c.graphFake.reads).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 50));
    expect(c.graphFake.reads).toHaveLength(1);
  });

  it("refuses a call without Meta's signature, or signed with another secret, and stores nothing", async () => {
    const body = fixture('text-message');
    const missing = await c.post(body, null);
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe('UNAUTHENTICATED');
    expect((await c.post(body, sign(JSON.stringify(body), 'otro-secreto-de-otra-app-000000'))).statusCode).toBe(401);
    expect((await c.post(body, 'sha256=abc')).statusCode).toBe(401);
    // Signed bytes must be the bytes sent: re-serialising with other spacing breaks the signature.
    const raw = JSON.stringify(body);
    expect((await c.post(JSON.stringify(body, null, 2), sign(raw))).statusCode).toBe(401);
    await c.settle();
    expect(await c.database.prisma.message.count()).toBe(0);
    expect(c.graphFake.sent).toHaveLength(0);
  });

  it('says what is wrong with a signed body that is not JSON or not a WhatsApp webhook', async () => {
    const notJson = await c.post('{"object": ');
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { reason: 'El cuerpo no es JSON válido.' },
    });
    // The envelope is checked as a whole; its messages and statuses one by one (see the next test).
    const wrongShape = await c.post({
      object: 'whatsapp_business_account',
      entry: [{ changes: [{ field: 'messages', value: { messages: 'hola' } }] }],
    });
    expect(wrongShape.statusCode).toBe(400);
    expect(wrongShape.json().error.details.reason).toBe('El cuerpo no tiene la forma de un webhook de WhatsApp.');
    expect(await c.database.prisma.message.count()).toBe(0);
  });

  it('skips only the items that are not as documented, logs them without personal data, and answers 200', async () => {
    await c.close();
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    c = await startCloudApp(provider, { channelLogger: logger });
    const res = await c.post(fixture('malformed-items'));
    expect(res.statusCode).toBe(200);
    await c.settle();
    const inbound = await c.database.prisma.message.findMany({ where: { direction: 'in' } });
    expect(inbound.map((m) => m.text)).toEqual(['hola']);
    const skipped = lines.filter((l) => l.includes('webhook item not understood'));
    expect(skipped.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 40, what: 'message', reason: 'no-sender', fields: ['from', 'from_user_id'] }),
      expect.objectContaining({ level: 40, what: 'message', reason: 'shape', fields: ['timestamp'] }),
      expect.objectContaining({ level: 40, what: 'status', reason: 'shape', fields: ['status'] }),
    ]);
    expect(lines.join('\n')).not.toMatch(/573001234567|CO\.1502576394655843|sin remitente|sin hora|María/);
  });

  it('drill: a batch with a BSUID-only message between two normal ones stores all three, answers 200, and replies by BSUID', async () => {
    const res = await c.post(fixture('bsuid-batch'));
    expect(res.statusCode).toBe(200);
    await c.settle();
    const inbound = await c.database.prisma.message.findMany({
      where: { direction: 'in' },
      orderBy: { createdAt: 'asc' },
    });
    expect(inbound.map((m) => m.text).sort()).toEqual(['buenos días', 'horarios', 'quiero radicar una queja']);
    const identities = await c.database.prisma.contactIdentity.findMany({ where: { channel: 'whatsapp-cloud' } });
    expect(identities.map((k) => k.externalId).sort()).toEqual([
      '573001234567',
      '573109876543',
      'CO.8815799212886844830',
    ]);
    // Meta takes a BSUID in `recipient`, not in `to`.
    const toBsuid = c.graphFake.delivered().filter((b) => b.recipient === 'CO.8815799212886844830');
    expect(toBsuid.length).toBeGreaterThan(0);
    expect(toBsuid.every((b) => b.to === undefined)).toBe(true);
  });

  it("answers Meta's verification with the challenge only for the right token", async () => {
    const verify = (query: string) =>
      c.app.inject({ method: 'GET', url: `/webhooks/whatsapp-cloud/san-isidro?${query}` });
    const ok = await verify(`hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=1158201444`);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain/);
    expect(ok.body).toBe('1158201444');
    expect(
      (await verify('hub.mode=subscribe&hub.verify_token=otro-token-cualquiera&hub.challenge=1158201444')).statusCode,
    ).toBe(403);
    expect((await verify(`hub.mode=unsubscribe&hub.verify_token=${verifyToken}&hub.challenge=1`)).statusCode).toBe(403);
    expect((await verify('')).statusCode).toBe(403);
    expect(
      (
        await c.app.inject({
          method: 'GET',
          url: `/webhooks/whatsapp-cloud/otra-alcaldia?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=1`,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('answers the webhook before fetching the photo, then keeps a copy downloaded with the token and processes the message', async () => {
    let release: () => void = () => undefined;
    const media = nock(graph, { reqheaders: { authorization: /^Bearer EAAG/ } })
      .get('/v23.0/1391285175435364')
      .reply((_uri, _body, callback) => {
        // Meta's media endpoint is slow: it answers only when the test says so.
        release = () =>
          callback(null, [
            200,
            {
              messaging_product: 'whatsapp',
              url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1391285175435364',
              mime_type: 'image/png',
              file_size: png.length,
              id: '1391285175435364',
            },
          ]);
      });
    const file = nock('https://lookaside.fbsbx.com', { reqheaders: { authorization: /^Bearer EAAG/ } })
      .get('/whatsapp_business/attachments/')
      .query({ mid: '1391285175435364' })
      .reply(200, png, { 'content-type': 'image/png' });
    expect((await c.post(fixture('image-message'))).statusCode).toBe(200);
    // Answered while the download waits: the message is kept as a job, not yet handed to the flows.
    expect(await c.pendingJobs()).toBe(1);
    expect(await c.database.prisma.message.count({ where: { direction: 'in' } })).toBe(0);
    await vi.waitFor(() => expect(media.pendingMocks()).toEqual([]));
    release();
    await c.settle();
    expect(media.isDone() && file.isDone()).toBe(true);
    expect(await c.pendingJobs()).toBe(0);
    const stored = await c.database.prisma.storedFile.findFirstOrThrow();
    expect(Buffer.from(stored.data)).toEqual(png);
    expect(stored).toMatchObject({ channel: 'whatsapp-cloud', mimeType: 'image/png' });
    const inbound = await c.database.prisma.message.findFirstOrThrow({ where: { direction: 'in' } });
    expect(inbound.text).toBe('Foto del hueco en la calle 8');
    expect((inbound.payload as { attachments: unknown[] }).attachments).toEqual([
      expect.objectContaining({ kind: 'image', ref: `upload:${stored.id}`, caption: 'Foto del hueco en la calle 8' }),
    ]);
  });

  it("a text sent right after a photo waits for the photo: the flows get them in the citizen's order", async () => {
    nock(graph)
      .get('/v23.0/1391285175435364')
      .reply(500, { error: { code: 1, message: 'An unknown error occurred' } });
    nock(graph).get('/v23.0/1391285175435364').reply(200, {
      url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1391285175435364',
      mime_type: 'image/png',
      file_size: png.length,
    });
    nock('https://lookaside.fbsbx.com')
      .get('/whatsapp_business/attachments/')
      .query(true)
      .reply(200, png, { 'content-type': 'image/png' });
    expect((await c.post(fixture('image-message'))).statusCode).toBe(200);
    expect((await c.post(textWebhook('wamid.DESPUES-DE-LA-FOTO', 'ese es el hueco', '1772460250'))).statusCode).toBe(
      200,
    );
    await c.settle();
    // The first download failed: both wait, the text behind the photo.
    expect(await c.database.prisma.message.count({ where: { direction: 'in' } })).toBe(0);
    expect(await c.pendingJobs()).toBe(2);
    await c.drainJobs();
    const inbound = await c.database.prisma.message.findMany({
      where: { direction: 'in' },
      orderBy: { createdAt: 'asc' },
    });
    expect(inbound.map((m) => m.text)).toEqual(['Foto del hueco en la calle 8', 'ese es el hueco']);
  });

  it("keeps trying a failed download with backoff, then stores the message pointing at Meta's copy", async () => {
    let calls = 0;
    nock(graph)
      .persist()
      .get('/v23.0/1391285175435364')
      .reply(() => {
        calls++;
        return [500, { error: { code: 1, message: 'An unknown error occurred' } }];
      });
    expect((await c.post(fixture('image-message'))).statusCode).toBe(200);
    await c.settle();
    expect(calls).toBe(1);
    expect(await c.database.prisma.message.count({ where: { direction: 'in' } })).toBe(0);
    const job = await c.database.prisma.scheduledJob.findFirstOrThrow({ where: { kind: 'whatsapp-cloud.inbound' } });
    expect(job.runAt.getTime() - c.clock.now().getTime()).toBe(5_000);
    await c.drainJobs(60_000);
    expect(calls).toBe(6);
    const inbound = await c.database.prisma.message.findFirstOrThrow({ where: { direction: 'in' } });
    expect((inbound.payload as { attachments: unknown[] }).attachments).toEqual([
      expect.objectContaining({ kind: 'image', ref: 'whatsapp-cloud:1391285175435364' }),
    ]);
    expect(await c.database.prisma.storedFile.count()).toBe(0);
  });

  it("points at Meta's copy when the file is over the limit, and still stores the message", async () => {
    nock(graph)
      .get('/v23.0/1391285175435364')
      .reply(200, {
        url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1391285175435364',
        mime_type: 'image/png',
        file_size: 50 * 1024 * 1024,
      });
    expect((await c.post(fixture('image-message'))).statusCode).toBe(200);
    await c.settle();
    const inbound = await c.database.prisma.message.findFirstOrThrow({ where: { direction: 'in' } });
    expect((inbound.payload as { attachments: unknown[] }).attachments).toEqual([
      expect.objectContaining({ kind: 'image', ref: 'whatsapp-cloud:1391285175435364' }),
    ]);
    expect(await c.database.prisma.storedFile.count()).toBe(0);
  });

  it('answers a sticker, a contact card and an unsupported type kindly, without storing them; a reaction gets no reply', async () => {
    for (const name of ['sticker-message', 'contacts-message', 'unsupported-message', 'reaction-message']) {
      expect((await c.post(fixture(name))).statusCode).toBe(200);
    }
    await c.settle();
    expect(c.graphFake.delivered().map((b) => (b as { text: { body: string } }).text.body)).toEqual([
      'Recibí su sticker, pero por ahora solo entiendo texto, fotos, documentos y notas de voz. Escríbame su consulta, por favor.',
      'Recibí el contacto que compartió, pero por ahora solo entiendo texto, fotos, documentos y notas de voz. Escríbame su consulta, por favor.',
      'Recibí su mensaje, pero por ahora solo entiendo texto, fotos, documentos y notas de voz. Escríbame su consulta, por favor.',
    ]);
    expect(c.graphFake.delivered().every((b) => b.to === citizen)).toBe(true);
    expect(await c.database.prisma.message.count()).toBe(0);
    expect(await c.pendingJobs()).toBe(0);
  });

  it('stores a location as a geo: attachment, and ignores a sticker without an error', async () => {
    expect((await c.post(fixture('location-message'))).statusCode).toBe(200);
    const inbound = await c.database.prisma.message.findFirstOrThrow({ where: { direction: 'in' } });
    expect((inbound.payload as { attachments: unknown[] }).attachments).toEqual([
      expect.objectContaining({ kind: 'location', ref: 'geo:4.60971,-74.08175' }),
    ]);
    expect((await c.post(fixture('sticker-message'))).statusCode).toBe(200);
    expect(await c.database.prisma.message.count({ where: { direction: 'in' } })).toBe(1);
  });

  it('delivery statuses mark the reply delivered then read, and a failure marks it failed with the reason', async () => {
    await c.post(fixture('text-message'));
    await c.settle();
    // Out of order on purpose for the first one: "read" after "delivered" only moves forward.
    const res = await c.post(fixture('statuses'));
    expect(res.statusCode).toBe(200);
    const [first, second] = await c.database.prisma.message.findMany({
      where: { direction: 'out' },
      orderBy: { createdAt: 'asc' },
    });
    expect(first).toMatchObject({
      status: 'read',
      deliveredAt: new Date(1772460010_000),
      readAt: new Date(1772460030_000),
    });
    expect(second!.status).toBe('failed');
    expect(second!.lastError).toMatch(/^Pasaron más de 24 horas desde el último mensaje del ciudadano/);
    // A late "delivered" for a read message changes nothing.
    const late = fixture('statuses') as { entry: { changes: { value: { statuses: unknown[] } }[] }[] };
    late.entry[0]!.changes[0]!.value.statuses = late.entry[0]!.changes[0]!.value.statuses.slice(0, 1);
    await c.post(late);
    expect((await c.database.prisma.message.findUniqueOrThrow({ where: { id: first!.id } })).status).toBe('read');
  });

  it('answers 500 when the message could not be stored, so Meta sends it again; the retry is stored', async () => {
    const engine = c.runtime.engine;
    const receive = engine.receive.bind(engine);
    engine.receive = () => Promise.reject(new Error('database is down'));
    const body = textWebhook('wamid.OTRO', 'hola');
    const failed = await c.post(body);
    expect(failed.statusCode).toBe(500);
    expect(failed.json().error.code).toBe('INTERNAL');
    engine.receive = receive;
    expect((await c.post(body)).statusCode).toBe(200);
    await c.settle();
    expect(await c.database.prisma.message.count({ where: { direction: 'in', channelMessageId: 'wamid.OTRO' } })).toBe(
      1,
    );
  });

  it('answers 503 while the channel is stopped (shutting down)', async () => {
    await c.runtime.stop();
    expect((await c.post(textWebhook('wamid.OTRO', 'hola'))).statusCode).toBe(503);
  });
});
