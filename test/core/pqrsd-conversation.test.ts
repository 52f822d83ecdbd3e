import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createActions } from '../../src/actions/create-actions.js';
import type { InboundSink } from '../../src/core/channel-adapter.js';
import type { Attachment } from '../../src/lib/messages.js';
import { readEntityFile } from '../../src/entities/entity-file.js';
import { repoRoot } from '../support/cli-process.js';
import { testProviders } from '../support/test-database.js';
import { silentLogger, startHarness, type ChatScript, type Harness } from './harness.js';

const flowsDir = join(repoRoot, 'flows');

/** Questions that ask for personal data: none may be asked before the citizen accepts the data-use notice. */
const personalDataQuestion =
  /nombre completo|Escriba su número de documento|Escriba su correo|celular o teléfono|A qué dirección|barrio, comuna o corregimiento vive|razón social/;

// The real flows of flows/ and the real case actions, through the whole pipeline, on a real database. The clock is
// the harness's (Monday 2026-03-02, 09:00 in Colombia), for the conversation and the case service alike.
describe.each(testProviders)('PQRSD conversations on %s', (provider) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function start(): Promise<Harness> {
    h = await startHarness({
      provider,
      flowsDir,
      actions: new Map(),
      actionsFor: async (prisma, entityId) => {
        // As in production (src/entities/ensure-entity.ts): the entity's settings are those of flows/entity.yaml, the
        // one place the data notice's version in force is written.
        const file = await readEntityFile(join(flowsDir, 'entity.yaml'));
        await prisma.entity.update({ where: { id: entityId }, data: { settings: file.settings as object } });
        return createActions({
          prisma,
          entityId,
          flowsDir,
          logger: silentLogger,
          now: () => (h ? h.clock.now() : new Date('2026-03-02T14:00:00Z')),
        });
      },
    });
    return h;
  }

  const textsOf = (chat: ChatScript) => chat.adapter.sentTo(chat.senderId).map((m) => m.text);
  const newReplies = (chat: ChatScript) =>
    chat
      .replies()
      .map((m) => m.text)
      .join('\n');

  /** A message with files, as a channel that receives attachments delivers it. */
  async function sendFiles(harness: Harness, chat: ChatScript, attachments: Attachment[]): Promise<void> {
    const sink = (harness.adapter as unknown as { sink: InboundSink }).sink;
    await sink({
      entityId: harness.entityId,
      channel: 'fake',
      senderId: chat.senderId,
      channelMessageId: randomUUID(),
      attachments,
      receivedAt: new Date(),
    });
    await harness.settle();
  }

  /**
   * From the main menu: files an identified case skipping every optional question. `beforeNotice` answers what
   * comes between the type and the data-use notice (the anonymity offer of a denuncia).
   */
  async function fileSkippingOptionals(
    chat: ChatScript,
    opts: { tipo?: string; beforeNotice?: string[]; name?: string; document?: string } = {},
  ): Promise<string> {
    await chat.send('2');
    chat.expectEventually(/¿Qué quiere presentar\?/);
    await chat.send(opts.tipo ?? 'peticion');
    for (const answer of opts.beforeNotice ?? []) await chat.send(answer);
    chat.expectEventually(/¿Acepta que la Alcaldía use sus datos/);
    await chat.send('Sí, acepto');
    chat.expectEventually(/¿A nombre de quién presenta/);
    await chat.send('A mi nombre');
    chat.expectEventually(/¿Cuál es su nombre completo\?/);
    await chat.send(opts.name ?? 'Luis Gómez');
    await chat.send(opts.document ?? '79.123.456');
    chat.expectEventually(/A qué dirección/);
    await chat.send('omitir');
    chat.expectEventually(/Escriba su correo/);
    await chat.send('no tengo');
    chat.expectEventually(/celular o teléfono/);
    await chat.send('omitir');
    chat.expectEventually(/barrio, comuna o corregimiento/);
    await chat.send('no');
    chat.expectEventually(/¿de qué se trata\?/);
    await chat.send('Agua en la vereda');
    await chat.send('Hace ocho días no llega el agua a la vereda La Palma. Pido que revisen el acueducto.');
    chat.expectEventually(/fotos o documentos/);
    await chat.send('no');
    chat.expectEventually(/^Revise su solicitud/);
    chat.expectEventually(/¿Está todo bien\?/);
    await chat.send('Sí, radicar');
    const filed = chat.expectEventually(/con el número PQRSD-/);
    chat.expectEventually(/¿Quiere contarnos si pertenece a alguno de estos grupos/);
    await chat.send('Omitir');
    return /(PQRSD-\d{4}-\d{6})/.exec(filed.text)?.[1] ?? '';
  }

  it('files an identified petition end to end: consent first, then the data, the radicado and the due date', async () => {
    const harness = await start();
    const prisma = harness.database.prisma;
    const chat = harness.chat();
    await chat.send('hola');
    chat.expectEventually(/¿En qué le puedo ayudar\?/);
    await chat.send('2');
    chat.expectEventually(/¿Qué quiere presentar\?/);
    await chat.send('peticion');

    // The data-use notice (Ley 1581 art. 12) comes before any personal question, with an explicit choice.
    const notice = newReplies(chat);
    expect(notice).toMatch(/Ley 1581 de 2012/);
    expect(notice).toMatch(/solo para radicar, tramitar y responder su solicitud/);
    expect(notice).toMatch(/datos sensibles .* son opcionales/s);
    expect(notice).toMatch(/conocer, actualizar, corregir y pedir que borremos sus datos/);
    expect(notice).toMatch(/Superintendencia de Industria y Comercio/);
    expect(notice).toMatch(/Carrera 5 n\.º 10-20/);
    expect(notice).toMatch(/\(601\) 555 0100/);
    expect(notice).toMatch(/https:\/\/www\.sanisidrodelrio\.gov\.co\/politica-de-datos/);
    const question = chat.expectEventually(/¿Acepta que la Alcaldía use sus datos/);
    expect(question.options.map((o) => o.label)).toEqual(['Sí, acepto', 'No acepto']);
    expect(textsOf(chat).some((t) => personalDataQuestion.test(t))).toBe(false);
    expect(await prisma.consent.count()).toBe(0);

    await chat.send('Sí, acepto');
    expect(await prisma.consent.count()).toBe(1);
    await harness.clock.advance(5 * 60_000);
    chat.expectEventually(/¿A nombre de quién presenta/);
    await chat.send('A mi nombre');
    chat.expectReply(/¿Cuál es su nombre completo\?/);
    await chat.send('Ana Pérez');
    chat.expectReply(/número de documento/);
    await chat.send('1.023.456.789');
    chat.expectReply(/A qué dirección/);
    await chat.send('Calle 8 # 5-12');
    chat.expectReply(/Escriba su correo/);
    await chat.send('ana@example.com');
    chat.expectReply(/celular o teléfono/);
    await chat.send('300 123 4567');
    chat.expectReply(/barrio, comuna o corregimiento/);
    await chat.send('comuna 3');
    chat.expectReply(/¿de qué se trata\?/);
    await chat.send('Alumbrado público');
    chat.expectReply(/^Cuéntenos qué pide y por qué lo pide\./);
    await chat.send(
      'El poste de la calle 8 está apagado hace un mes. Pido que lo arreglen porque la cuadra queda oscura.',
    );
    chat.expectReply(/fotos o documentos/);
    await chat.send('no');
    const how = chat.expectReply(/¿Por dónde quiere recibir la respuesta\?/);
    expect(how.options.map((o) => o.label)).toEqual([
      'Por este chat',
      'Por correo electrónico',
      'Por carta a mi dirección',
    ]);
    await chat.send('Por correo electrónico');

    const summary = chat.expectReply(/^Revise su solicitud/).text;
    expect(summary).toContain('Tipo: Petición');
    expect(summary).toContain('Nombre: Ana Pérez');
    expect(summary).toContain('Documento: CC 1023456789');
    expect(summary).toContain('Dirección: Calle 8 # 5-12');
    expect(summary).toContain('Correo: ana@example.com');
    expect(summary).toContain('Teléfono: +573001234567');
    expect(summary).toContain('Barrio, comuna o corregimiento: comuna 3');
    expect(summary).toContain('Asunto: Alumbrado público');
    expect(summary).toContain('Archivos: Ninguno');
    expect(summary).toContain('Respuesta: a su correo ana@example.com');
    const confirm = chat.expectReply(/¿Está todo bien\?/);
    expect(confirm.options.map((o) => o.label)).toEqual(['Sí, radicar', 'Corregir', 'Cancelar']);
    await chat.send('Sí, radicar');

    const done = newReplies(chat);
    expect(done).toContain('PQRSD-2026-000001');
    // Date and time of receipt in Colombia (the harness clock is 14:00 UTC).
    expect(done).toMatch(
      /Radicamos su petición el 2 de marzo de 2026 a las 9:\d\d a\. m\. con el número PQRSD-2026-000001/,
    );
    expect(done).toMatch(/15 días hábiles/);
    expect(done).toMatch(/martes 24 de marzo de 2026/);
    // The optional population questions come only after filing, so they cannot change it.
    expect(done).toMatch(
      /¿Quiere contarnos si pertenece a alguno de estos grupos.*Es opcional y no cambia la respuesta/s,
    );
    await chat.send('Omitir');
    expect(newReplies(chat)).toMatch(/escriba "radicado"/);
    chat.expectEventually(/¿Le puedo ayudar en algo más\?/);

    const cases = await prisma.pqrsdCase.findMany({ include: { requester: true } });
    expect(cases).toHaveLength(1);
    const filed = cases[0]!;
    expect(filed).toMatchObject({
      radicado: 'PQRSD-2026-000001',
      type: 'peticion',
      requesterKind: 'natural',
      channel: 'fake',
      replyChannel: 'correo',
      identityReserved: false,
      subject: 'Alumbrado público',
      comuna: 'comuna 3',
      barrio: null,
      corregimiento: null,
      dueDate: '2026-03-24',
    });
    expect(filed.description).toMatch(/^El poste de la calle 8/);
    expect(filed.requester).toMatchObject({
      name: 'Ana Pérez',
      documentType: 'CC',
      documentNumber: '1023456789',
      email: 'ana@example.com',
      phone: '+573001234567',
      address: 'Calle 8 # 5-12',
    });
    const consents = await prisma.consent.findMany();
    expect(consents).toHaveLength(1);
    const consent = consents[0]!;
    expect(consent).toMatchObject({ policyVersion: '2026-02', channel: 'fake', conversationId: filed.conversationId });
    expect(consent.noticeSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(consent.acceptedAt.getTime()).toBeLessThan(filed.receivedAt.getTime());
    expect(filed.consentId).toBe(consent.id);

    // The name question came only after the acceptance.
    const texts = textsOf(chat);
    const accepted = texts.findIndex((t) => /¿Acepta que la Alcaldía use sus datos/.test(t));
    const askedName = texts.findIndex((t) => /¿Cuál es su nombre completo\?/.test(t));
    expect(accepted).toBeGreaterThan(-1);
    expect(askedName).toBeGreaterThan(accepted);
  });

  it('Ley 1755 art. 15 par. 2: a citizen who declines the data notice still files, giving only the data the answer needs', async () => {
    const harness = await start();
    const prisma = harness.database.prisma;
    const chat = harness.chat();
    await chat.send('hola');
    await chat.send('2');
    await chat.send('queja');
    chat.expectEventually(/¿Acepta que la Alcaldía use sus datos/);
    // Anything but "Sí, acepto" is not consent.
    await chat.send('bueno pues');
    chat.expectReply(/Necesito una respuesta clara/);
    expect(await prisma.consent.count()).toBe(0);
    await chat.send('No acepto');
    const declined = newReplies(chat);
    expect(declined).toMatch(/Igual vamos a radicar su queja/);
    expect(declined).toMatch(/No le pediré su teléfono ni su barrio/);

    chat.expectEventually(/¿A nombre de quién presenta/);
    await chat.send('A mi nombre');
    chat.expectReply(/¿Cuál es su nombre completo\?/);
    await chat.send('Marta Ríos');
    chat.expectReply(/número de documento/);
    await chat.send('52.111.222');
    chat.expectReply(/A qué dirección/);
    await chat.send('Calle 10 # 3-40');
    chat.expectReply(/Escriba su correo/);
    await chat.send('omitir');
    chat.expectEventually(/¿de qué se trata\?/);
    await chat.send('Mala atención en la ventanilla');
    await chat.send('El 27 de febrero me atendieron con groserías en la ventanilla 2.');
    chat.expectEventually(/fotos o documentos/);
    await chat.send('no');
    chat.expectEventually(/¿Por dónde quiere recibir la respuesta\?/);
    await chat.send('Por carta a mi dirección');
    chat.expectEventually(/¿Está todo bien\?/);
    await chat.send('Sí, radicar');

    // What the citizen sees: a radicado and the date by which the answer is due.
    const filedText = newReplies(chat);
    expect(filedText).toMatch(/Radicamos su queja el .* con el número PQRSD-2026-000001/);
    expect(filedText).toMatch(/15 días hábiles para responderle: a más tardar el .*24 de marzo de 2026/);
    expect(filedText).toMatch(/Le responderemos por carta a Calle 10 # 3-40/);
    expect(textsOf(chat).some((t) => /celular o teléfono|barrio, comuna o corregimiento/.test(t))).toBe(false);
    // Without an accepted notice the optional population questions (sensitive data) are never asked.
    expect(textsOf(chat).some((t) => /Quiere contarnos si pertenece/.test(t))).toBe(false);

    const filed = await prisma.pqrsdCase.findFirstOrThrow({ include: { requester: true } });
    expect(filed).toMatchObject({
      radicado: 'PQRSD-2026-000001',
      type: 'queja',
      dueDate: '2026-03-24',
      replyChannel: 'direccion',
    });
    expect(filed.requester).toMatchObject({
      name: 'Marta Ríos',
      documentNumber: '52111222',
      address: 'Calle 10 # 3-40',
      phone: null,
    });
    const consents = await prisma.consent.findMany();
    expect(consents).toHaveLength(1);
    expect(consents[0]).toMatchObject({ decision: 'rechazado', policyVersion: '2026-02' });
    expect(consents[0]!.noticeSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(filed.consentId).toBe(consents[0]!.id);
  });

  it('files with every optional question skipped, and the next filing gets the next radicado', async () => {
    const harness = await start();
    const prisma = harness.database.prisma;
    const chat = harness.chat();
    await chat.send('hola');
    const first = await fileSkippingOptionals(chat, { tipo: 'reclamo' });
    expect(first).toBe('PQRSD-2026-000001');

    const summary = textsOf(chat).find((t) => t.startsWith('Revise su solicitud'))!;
    expect(summary).toContain('Dirección: No la dio');
    expect(summary).toContain('Correo: No lo dio');
    expect(summary).toContain('Teléfono: No lo dio');
    expect(summary).toContain('Respuesta: por este chat');
    expect(textsOf(chat).some((t) => /¿Por dónde quiere recibir la respuesta\?/.test(t))).toBe(false);

    const filed = await prisma.pqrsdCase.findFirstOrThrow({ where: { radicado: first }, include: { requester: true } });
    expect(filed).toMatchObject({
      type: 'reclamo',
      replyChannel: 'canal',
      barrio: null,
      comuna: null,
      corregimiento: null,
    });
    expect(filed.attachments).toEqual([]);
    expect(filed.requester).toMatchObject({
      name: 'Luis Gómez',
      documentType: 'CC',
      documentNumber: '79123456',
      email: null,
      phone: null,
      address: null,
    });

    chat.expectEventually(/¿Le puedo ayudar en algo más\?/);
    await chat.send('Sí, ver el menú');
    const second = await fileSkippingOptionals(chat, { tipo: 'sugerencia', name: 'Luisa Gómez' });
    expect(second).toBe('PQRSD-2026-000002');
    expect(await prisma.pqrsdCase.count()).toBe(2);
    expect(await prisma.consent.count()).toBe(2);
  });

  it('files an anonymous denuncia with files: radicado and code, no identity stored, the code finds it', async () => {
    const harness = await start();
    const prisma = harness.database.prisma;
    const chat = harness.chat();
    await chat.send('hola');
    await chat.send('2');
    await chat.send('denuncia');
    const offer = chat.expectEventually(/Puede hacerla sin dar su nombre/);
    expect(offer.options.map((o) => o.label)).toEqual(['Sin dar mi nombre', 'Con mis datos']);
    await chat.send('Sin dar mi nombre');
    chat.expectEventually(/¿de qué se trata\?/);
    await chat.send('Cobros en la ventanilla de Hacienda');
    chat.expectReply(/cuándo, cómo y dónde/);
    await chat.send(
      'El lunes 23 de febrero, en la ventanilla 2 de Hacienda, un funcionario cobró $50.000 por un paz y salvo gratuito.',
    );
    chat.expectReply(/fotos o documentos/);
    await sendFiles(harness, chat, [
      { kind: 'document', ref: 'media-1', mimeType: 'application/pdf', fileName: 'recibo.pdf', sizeBytes: 2048 },
      { kind: 'image', ref: 'media-2', mimeType: 'image/jpeg' },
    ]);
    const summary = chat.expectReply(/^Revise su denuncia/).text;
    expect(summary).toContain('Archivos: recibo.pdf, archivo 2');
    expect(summary).not.toMatch(/Nombre|Documento/);
    chat.expectReply(/¿Está todo bien\?/);
    await chat.send('Sí, radicar');

    const done = newReplies(chat);
    expect(done).toContain('PQRSD-2026-000001');
    const code = /código de consulta es: ([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(done)?.[1];
    expect(code).toBeDefined();
    expect(done).toMatch(/Guarde el número de radicado y el código/);
    expect(done).toMatch(/se publicará/);
    expect(done).toMatch(/martes 24 de marzo de 2026/);

    // Neither the notice nor any personal question was shown, and nothing identifying was stored.
    const texts = textsOf(chat);
    expect(texts.some((t) => /Antes de pedirle sus datos/.test(t))).toBe(false);
    expect(texts.some((t) => personalDataQuestion.test(t))).toBe(false);
    const filed = await prisma.pqrsdCase.findFirstOrThrow({ include: { requester: true } });
    expect(filed).toMatchObject({
      type: 'denuncia',
      requesterKind: 'anonima',
      replyChannel: 'publicacion',
      consentId: null,
      identityReserved: false,
    });
    expect(filed.requester).toBeNull();
    expect(await prisma.caseRequester.count()).toBe(0);
    expect(await prisma.consent.count()).toBe(0);
    expect(filed.attachments).toEqual([
      { mimeType: 'application/pdf', ref: 'media-1', name: 'recibo.pdf', size: 2048 },
      { mimeType: 'image/jpeg', ref: 'media-2' },
    ]);

    // "radicado" works from anywhere; the code proves the case.
    await chat.send('radicado');
    chat.expectEventually(/Escriba el número de radicado/);
    await chat.send('PQRSD-2026-000001');
    chat.expectReply(/¿Cómo presentó la solicitud\?/);
    await chat.send('Sin dar mi nombre');
    chat.expectReply(/código de consulta/);
    await chat.send(code!.toLowerCase());
    const status = newReplies(chat);
    expect(status).toMatch(/Radicado PQRSD-2026-000001 \(Denuncia\)/);
    expect(status).toMatch(/Estado: Radicado, pendiente de asignar a una dependencia\./);
    expect(status).toMatch(/Fecha límite de respuesta: martes 24 de marzo de 2026/);

    chat.expectEventually(/¿Le puedo ayudar en algo más\?/);
    await chat.send('radicado');
    await chat.send('PQRSD-2026-000001');
    await chat.send('Sin dar mi nombre');
    await chat.send('ABCD-2345');
    const wrong = newReplies(chat);
    expect(wrong).toMatch(/No encontré una solicitud con esos datos/);
    expect(wrong).not.toMatch(/Denuncia|Estado:|marzo/);
  });

  it('files an identified denuncia with the identity reserved', async () => {
    const harness = await start();
    const chat = harness.chat();
    await chat.send('hola');
    const radicado = await fileSkippingOptionals(chat, {
      tipo: 'denuncia',
      beforeNotice: ['Con mis datos'],
      name: 'María López',
    });
    expect(radicado).toBe('PQRSD-2026-000001');
    expect(newReplies(chat)).toMatch(/Su identidad queda en reserva/);
    const filed = await harness.database.prisma.pqrsdCase.findFirstOrThrow({ include: { requester: true } });
    expect(filed).toMatchObject({ type: 'denuncia', requesterKind: 'natural', identityReserved: true });
    expect(filed.requester?.name).toBe('María López');
    expect(newReplies(chat)).toMatch(/solo la puede ver la Oficina de Control Interno Disciplinario/);
    // Once filed, the conversation's saved session no longer holds the denunciante's data.
    const conversation = await harness.database.prisma.conversation.findUniqueOrThrow({
      where: { id: filed.conversationId ?? '' },
    });
    expect(JSON.stringify(conversation.session)).not.toContain('López');
  });

  it('files for a company: the company and its NIT are the requester, the person filing is in the description', async () => {
    const harness = await start();
    const chat = harness.chat();
    await chat.send('hola');
    await chat.send('2');
    await chat.send('sugerencia');
    await chat.send('Sí, acepto');
    await chat.send('De una empresa u organización');
    chat.expectEventually(/razón social/);
    await chat.send('Fundación Río Limpio');
    chat.expectReply(/NIT/);
    await chat.send('800.197.268-5');
    chat.expectReply(/dígito de verificación no coincide/);
    await chat.send('800.197.268-4');
    chat.expectReply(/en nombre de Fundación Río Limpio/);
    chat.expectReply(/¿Cuál es su nombre completo\?/);
    await chat.send('Pedro Ruiz');
    await chat.send('80123456');
    for (const skip of ['omitir', 'omitir', 'omitir', 'omitir']) await chat.send(skip);
    await chat.send('Horario de la biblioteca');
    await chat.send('Proponemos abrir la biblioteca los sábados porque los estudiantes no pueden ir entre semana.');
    await chat.send('no');
    const summary = chat.expectEventually(/^Revise su solicitud/).text;
    expect(summary).toContain('Quién la presenta: Fundación Río Limpio, NIT 800197268-4');
    await chat.send('Sí, radicar');
    chat.expectEventually(/¿Quiere contarnos si pertenece a alguno de estos grupos/);
    await chat.send('Omitir');
    expect(newReplies(chat)).toMatch(/el NIT de Fundación Río Limpio/);

    const filed = await harness.database.prisma.pqrsdCase.findFirstOrThrow({ include: { requester: true } });
    expect(filed.requesterKind).toBe('juridica');
    expect(filed.requester).toMatchObject({
      name: 'Fundación Río Limpio',
      documentType: 'NIT',
      documentNumber: '800197268',
    });
    expect(filed.description).toContain('Presentada en nombre de Fundación Río Limpio por: Pedro Ruiz CC 80123456.');

    // The company follows its case with the NIT.
    await chat.send('radicado');
    await chat.send('PQRSD-2026-000001');
    await chat.send('Con mi documento');
    await chat.send('NIT 800197268-4');
    expect(newReplies(chat)).toMatch(/Estado: Radicado, pendiente de asignar/);
  });

  it('Ley 1755 art. 16: a representative files in the chat for another person, whose name is recorded apart from the filer', async () => {
    const harness = await start();
    const chat = harness.chat();
    await chat.send('hola');
    await chat.send('2');
    await chat.send('sugerencia');
    await chat.send('Sí, acepto');
    await chat.send('En nombre de otra persona');
    chat.expectEventually(/nombre completo de la persona a quien representa/);
    await chat.send('Pedro Representado Díaz');
    chat.expectReply(/¿Cuál es su nombre completo\?/);
    await chat.send('Rosa Apoderada');
    await chat.send('80123456');
    for (const skip of ['omitir', 'omitir', 'omitir', 'omitir']) await chat.send(skip);
    await chat.send('Horario de la biblioteca');
    await chat.send('Proponemos abrir la biblioteca los sábados porque los estudiantes no pueden ir entre semana.');
    await chat.send('no');
    chat.expectEventually(/^Revise su solicitud/);
    await chat.send('Sí, radicar');
    chat.expectEventually(/¿Quiere contarnos si pertenece a alguno de estos grupos/);
    await chat.send('Omitir');

    const filed = await harness.database.prisma.pqrsdCase.findFirstOrThrow({ include: { requester: true } });
    expect(filed.requesterKind).toBe('representante');
    expect(filed.requester).toMatchObject({ name: 'Rosa Apoderada', representedName: 'Pedro Representado Díaz' });
  });

  it('a wrong document reveals nothing about the case, and after three wrong tries even the right one must wait', async () => {
    const harness = await start();
    const prisma = harness.database.prisma;
    const owner = harness.chat('ciudadano-1');
    await owner.send('hola');
    await fileSkippingOptionals(owner, { document: '1023456789' });
    await prisma.pqrsdCase.updateMany({ data: { status: 'en_tramite', dependency: 'Secretaría de Gobierno' } });

    const other = harness.chat('ciudadano-2');
    await other.send('hola');
    other.expectEventually(/¿En qué le puedo ayudar\?/);
    for (let attempt = 1; attempt <= 3; attempt++) {
      await other.send(attempt === 1 ? 'Consultar un radicado' : 'Intentar de nuevo');
      other.expectEventually(/Escriba el número de radicado/);
      await other.send('PQRSD-2026-000001');
      await other.send('Con mi documento');
      other.expectEventually(/documento con el que radicó/);
      await other.send('CC 99887766');
      const reply = newReplies(other);
      expect(reply).toMatch(/No encontré una solicitud con esos datos/);
      expect(reply).not.toMatch(
        /Petición|En trámite|Radicado, pendiente|Estado:|marzo|Secretaría de Gobierno|La atiende/,
      );
      other.expectEventually(/¿Qué quiere hacer\?/);
    }
    await other.send('Intentar de nuevo');
    await other.send('PQRSD-2026-000001');
    await other.send('Con mi documento');
    await other.send('1023456789');
    const blocked = newReplies(other);
    expect(blocked).toMatch(/Espere 1 minuto/);
    expect(blocked).not.toMatch(/Estado:|marzo|Secretaría de Gobierno/);
  });

  it('with the right document shows the status, due date, dependency and, once answered, the answer', async () => {
    const harness = await start();
    const prisma = harness.database.prisma;
    const chat = harness.chat();
    await chat.send('hola');
    await fileSkippingOptionals(chat, { document: '1023456789' });
    await prisma.pqrsdCase.updateMany({ data: { status: 'en_tramite', dependency: 'Secretaría de Gobierno' } });

    chat.expectEventually(/¿Le puedo ayudar en algo más\?/);
    await chat.send('radicado');
    await chat.send('pqrsd-2026-000001');
    await chat.send('Con mi documento');
    await chat.send('1.023.456.789');
    const status = newReplies(chat);
    expect(status).toMatch(/Radicado PQRSD-2026-000001 \(Petición\)/);
    expect(status).toMatch(/Estado: En trámite\./);
    expect(status).toMatch(/Fecha límite de respuesta: martes 24 de marzo de 2026\./);
    expect(status).toMatch(/La atiende: Secretaría de Gobierno\./);
    expect(status).not.toMatch(/Respuesta de la Alcaldía/);

    await prisma.pqrsdCase.updateMany({
      data: { status: 'respondido', answer: 'Revisamos el acueducto y el servicio volvió el 4 de marzo.' },
    });
    chat.expectEventually(/¿Le puedo ayudar en algo más\?/);
    await chat.send('radicado');
    await chat.send('PQRSD-2026-000001');
    await chat.send('Con mi documento');
    await chat.send('CC 1023456789');
    const answered = newReplies(chat);
    expect(answered).toMatch(/Estado: Respondido\./);
    expect(answered).toMatch(/Respuesta de la Alcaldía:/);
    expect(answered).toContain('Revisamos el acueducto y el servicio volvió el 4 de marzo.');
  });
  it('Ley 1581 art. 15: the type menu offers habeas-data reclamos, filed with their own 15 business days', async () => {
    const harness = await start();
    const chat = harness.chat();
    await chat.send('hola');
    const radicado = await fileSkippingOptionals(chat, { tipo: 'corregir mis datos' });
    const menu = chat.adapter.sentTo(chat.senderId).find((m) => /¿Qué quiere presentar\?/.test(m.text ?? ''));
    expect(JSON.stringify(menu)).toMatch(/Mis datos personales: saber qué datos míos tienen/);
    const told = chat.adapter
      .sentTo(chat.senderId)
      .map((m) => m.text ?? '')
      .join('\n');
    expect(told).toMatch(/15 días hábiles para responderle/);
    const filed = await harness.database.prisma.pqrsdCase.findFirstOrThrow({ where: { radicado } });
    expect(filed).toMatchObject({ type: 'habeas_data_reclamo', dueDate: '2026-03-24' });
  });

  it('Ley 1581 art. 8 e: a citizen revokes the data authorization in the chat; the revocation is recorded at once and the notice version comes from entity.yaml', async () => {
    const harness = await start();
    const prisma = harness.database.prisma;
    const chat = harness.chat();
    await chat.send('hola');
    await fileSkippingOptionals(chat);
    const accepted = await prisma.consent.findFirstOrThrow();
    // The flow names no version: the one in force is read from entity.yaml (settings.pqrsd.politicaDatos.version).
    expect(accepted).toMatchObject({ decision: 'aceptado', policyVersion: '2026-02', revokedAt: null });

    await chat.send('menú');
    await chat.send('2');
    chat.expectEventually(/¿Qué quiere presentar\?/);
    await chat.send('retirar mi autorizacion');
    chat.expectEventually(/¿Quiere retirar su autorización\?/);
    await chat.send('Sí, retirar mi autorización');
    chat.expectEventually(/Quedó registrado que retiró su autorización/);
    const revoked = await prisma.consent.findUniqueOrThrow({ where: { id: accepted.id } });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(revoked.revokedVia).toBe('chat');
    // The petition already filed is still there and still runs.
    expect(await prisma.pqrsdCase.count({ where: { status: 'radicado' } })).toBe(1);
  });
});
