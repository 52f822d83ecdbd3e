import nock from 'nock';
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
    expect(notice).toMatchObject({ type: 'text', text: { body: expect.stringMatching(/^Sus datos se usan solo para atender su solicitud/) } });
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
                { id: 'principal.menu.1', title: 'Consultar trámites y…', description: 'Consultar trámites y servicios' },
                { id: 'principal.menu.2', title: 'Radicar una PQRSD', description: 'Petición, queja, reclamo, sugerencia, denuncia o felicitación' },
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
    await vi.waitFor(() => expect(c.graphFake.reads).toEqual(['wamid.HBgMNTczMDAxMjM0NTY3FQIAEhgUM0FCQjE2QTQ0QzY5RjNFMUE2RTkA']));
    const inbound = await c.database.prisma.message.findFirstOrThrow({ where: { direction: 'in' } });
    expect(inbound).toMatchObject({ channel: 'whatsapp-cloud', text: 'hola', channelMessageId: 'wamid.HBgMNTczMDAxMjM0NTY3FQIAEhgUM0FCQjE2QTQ0QzY5RjNFMUE2RTkA' });
    const sent = await c.database.prisma.message.findMany({ where: { direction: 'out' }, orderBy: { createdAt: 'asc' } });
    expect(sent.map((m) => [m.status, m.channelMessageId])).toEqual([
      ['sent', 'wamid.SENT-1'],
      ['sent', 'wamid.SENT-2'],
      ['sent', 'wamid.SENT-3'],
    ]);
  });

  it('a list pick and a button tap arrive as the option\'s value and move the flow; two options are buttons', async () => {
    await c.post(fixture('text-message'));
    await c.settle();
    const before = c.graphFake.delivered().length;
    expect((await c.post(fixture('list-reply'))).statusCode).toBe(200);
    await c.settle();
    const afterPick = c.graphFake.delivered().slice(before);
    expect(afterPick[0]).toMatchObject({ type: 'text', text: { body: expect.stringMatching(/^Sede principal \(Palacio Municipal\)/) } });
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
        text: { body: '¿Nos ayuda a mejorar? Son 3 preguntas cortas sobre esta conversación. Si prefiere no responder, elija "Omitir encuesta" o escriba "omitir".' },
      }),
      expect.objectContaining({
        type: 'interactive',
        interactive: expect.objectContaining({ type: 'list', body: { text: 'En general, ¿qué tan satisfecho está con la atención que recibió?' } }),
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

  it('refuses a call without Meta\'s signature, or signed with another secret, and stores nothing', async () => {
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
    expect(notJson.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { reason: 'El cuerpo no es JSON válido.' } });
    const wrongShape = await c.post({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { messages: [{ from: citizen }] } }] }] });
    expect(wrongShape.statusCode).toBe(400);
    expect(wrongShape.json().error.details.reason).toBe('El cuerpo no tiene la forma de un webhook de WhatsApp.');
    expect(await c.database.prisma.message.count()).toBe(0);
  });

  it('answers Meta\'s verification with the challenge only for the right token', async () => {
    const verify = (query: string) => c.app.inject({ method: 'GET', url: `/webhooks/whatsapp-cloud/san-isidro?${query}` });
    const ok = await verify(`hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=1158201444`);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain/);
    expect(ok.body).toBe('1158201444');
    expect((await verify('hub.mode=subscribe&hub.verify_token=otro-token-cualquiera&hub.challenge=1158201444')).statusCode).toBe(403);
    expect((await verify(`hub.mode=unsubscribe&hub.verify_token=${verifyToken}&hub.challenge=1`)).statusCode).toBe(403);
    expect((await verify('')).statusCode).toBe(403);
    expect((await c.app.inject({ method: 'GET', url: `/webhooks/whatsapp-cloud/otra-alcaldia?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=1` })).statusCode).toBe(404);
  });

  it('keeps a copy of a photo the citizen sends, downloaded with the token', async () => {
    const media = nock(graph, { reqheaders: { authorization: /^Bearer EAAG/ } })
      .get('/v23.0/1391285175435364')
      .reply(200, { messaging_product: 'whatsapp', url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1391285175435364', mime_type: 'image/png', file_size: png.length, id: '1391285175435364' });
    const file = nock('https://lookaside.fbsbx.com', { reqheaders: { authorization: /^Bearer EAAG/ } })
      .get('/whatsapp_business/attachments/')
      .query({ mid: '1391285175435364' })
      .reply(200, png, { 'content-type': 'image/png' });
    expect((await c.post(fixture('image-message'))).statusCode).toBe(200);
    expect(media.isDone() && file.isDone()).toBe(true);
    const stored = await c.database.prisma.storedFile.findFirstOrThrow();
    expect(Buffer.from(stored.data)).toEqual(png);
    expect(stored).toMatchObject({ channel: 'whatsapp-cloud', mimeType: 'image/png' });
    const inbound = await c.database.prisma.message.findFirstOrThrow({ where: { direction: 'in' } });
    expect(inbound.text).toBe('Foto del hueco en la calle 8');
    expect((inbound.payload as { attachments: unknown[] }).attachments).toEqual([
      expect.objectContaining({ kind: 'image', ref: `upload:${stored.id}`, caption: 'Foto del hueco en la calle 8' }),
    ]);
  });

  it('points at Meta\'s copy when the file cannot be downloaded, and still stores the message', async () => {
    nock(graph).get('/v23.0/1391285175435364').reply(500, { error: { code: 1, message: 'An unknown error occurred' } });
    expect((await c.post(fixture('image-message'))).statusCode).toBe(200);
    const inbound = await c.database.prisma.message.findFirstOrThrow({ where: { direction: 'in' } });
    expect((inbound.payload as { attachments: unknown[] }).attachments).toEqual([expect.objectContaining({ kind: 'image', ref: 'whatsapp-cloud:1391285175435364' })]);
    expect(await c.database.prisma.storedFile.count()).toBe(0);
  });

  it('stores a location as a geo: attachment, and ignores a sticker without an error', async () => {
    expect((await c.post(fixture('location-message'))).statusCode).toBe(200);
    const inbound = await c.database.prisma.message.findFirstOrThrow({ where: { direction: 'in' } });
    expect((inbound.payload as { attachments: unknown[] }).attachments).toEqual([expect.objectContaining({ kind: 'location', ref: 'geo:4.60971,-74.08175' })]);
    expect((await c.post(fixture('sticker-message'))).statusCode).toBe(200);
    expect(await c.database.prisma.message.count({ where: { direction: 'in' } })).toBe(1);
  });

  it('delivery statuses mark the reply delivered then read, and a failure marks it failed with the reason', async () => {
    await c.post(fixture('text-message'));
    await c.settle();
    // Out of order on purpose for the first one: "read" after "delivered" only moves forward.
    const res = await c.post(fixture('statuses'));
    expect(res.statusCode).toBe(200);
    const [first, second] = await c.database.prisma.message.findMany({ where: { direction: 'out' }, orderBy: { createdAt: 'asc' } });
    expect(first).toMatchObject({ status: 'read', deliveredAt: new Date(1772460010_000), readAt: new Date(1772460030_000) });
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
    expect(await c.database.prisma.message.count({ where: { direction: 'in', channelMessageId: 'wamid.OTRO' } })).toBe(1);
  });

  it('answers 503 while the channel is stopped (shutting down)', async () => {
    await c.runtime.stop();
    expect((await c.post(textWebhook('wamid.OTRO', 'hola'))).statusCode).toBe(503);
  });
});
