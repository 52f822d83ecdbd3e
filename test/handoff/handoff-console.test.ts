import { afterEach, describe, expect, it } from 'vitest';
import { HandoffError } from '../../src/handoff/handoff-api.js';
import { staffActor } from '../../src/staff/staff-member.js';
import { StoredFiles } from '../../src/uploads/stored-files.js';
import { testProviders } from '../support/test-database.js';
import { HandoffWorld } from './handoff-runtime.js';

describe.each(testProviders)('agents attending handed-off conversations on %s', (provider) => {
  let world: HandoffWorld;
  afterEach(async () => world.close());

  async function queued(citizen: string) {
    await world.say(citizen, 'hola');
    await world.say(citizen, 'asesor');
    return world.handoffOf(citizen);
  }

  it('two agents taking the same conversation at once: exactly one wins, the other is told', async () => {
    world = await HandoffWorld.open(provider);
    const h = await queued('c1');
    const ana = await world.agent('Ana Rojas');
    const luis = await world.agent('Luis Peña');
    const results = await Promise.allSettled([world.handoff.take(ana, h.id), world.handoff.take(luis, h.id)]);
    await world.settle();
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected');
    expect(lost?.reason).toBeInstanceOf(HandoffError);
    expect((lost?.reason as HandoffError).code).toBe('ALREADY_TAKEN');
    expect(world.texts('c1').filter((t) => t.startsWith('Le atiende'))).toHaveLength(1);
  });

  it('while held the bot says nothing, the agent sees and answers, and closing hands back to the bot', async () => {
    world = await HandoffWorld.open(provider);
    const h = await queued('c1');
    const ana = await world.agent('Ana María Rojas');
    const closed: string[] = [];
    world.handoff.afterClose.push(async (c) => void closed.push(c.handoffId));
    const events: string[] = [];
    world.handoff.subscribe((e) => events.push(e.type));
    await world.handoff.take(ana, h.id);
    await world.settle();

    expect(await world.say('c1', 'menú')).toEqual([]);
    expect(await world.say('c1', 'necesito un paz y salvo del predial')).toEqual([]);
    expect(events).toContain('message');
    const [mine] = await world.handoff.list(ana);
    expect(mine).toMatchObject({
      status: 'assigned',
      unread: 2,
      lastCitizenText: 'necesito un paz y salvo del predial',
      citizenLabel: 'Ciudadano (chat de prueba)',
    });
    const detail = await world.handoff.detail(ana, h.id);
    expect(detail.transcript.map((m) => m.from)).toEqual(expect.arrayContaining(['bot', 'citizen']));
    expect(detail.transcript.at(-1)).toMatchObject({ from: 'citizen', text: 'necesito un paz y salvo del predial' });

    const reply = await world.handoff.reply(ana, h.id, { text: 'Con gusto, ¿me da el número de la ficha catastral?' });
    await world.settle();
    expect(reply).toMatchObject({ from: 'agent', authorName: 'Ana María Rojas' });
    expect(world.adapter.sentTo('c1').at(-1)).toMatchObject({
      text: expect.stringContaining('Con gusto, ¿me da el número de la ficha catastral?'),
      author: { kind: 'agent', name: 'Ana' },
    });
    expect((await world.handoff.list(ana))[0]?.unread).toBe(0);
    await world.handoff.note(ana, h.id, 'Pendiente revisar ficha');
    expect(world.texts('c1')).not.toContain('Pendiente revisar ficha');

    await world.handoff.close(ana, h.id);
    await world.settle();
    expect(world.texts('c1').at(-1)).toMatch(/^El asesor terminó la conversación/);
    expect(closed).toEqual([h.id]);
    expect((await world.prisma.conversation.findUniqueOrThrow({ where: { id: h.conversationId } })).closeReason).toBe(
      'agent',
    );
    expect((await world.say('c1', 'hola')).join('\n')).toMatch(/Soy A\.V\.A/);
  });

  it('an agent who does not answer loses the conversation to the queue; a silent citizen is warned, then closed', async () => {
    world = await HandoffWorld.open(provider);
    const h = await queued('c1');
    const ana = await world.agent('Ana Rojas');
    await world.handoff.take(ana, h.id);
    await world.say('c1', '¿hola?');
    await world.advance(6);
    expect(await world.prisma.handoff.findUniqueOrThrow({ where: { id: h.id } })).toMatchObject({
      status: 'queued',
      agentId: null,
      queuedAt: h.queuedAt,
    });
    expect(world.texts('c1').at(-1)).toMatch(
      /^Disculpe la espera\. Le pasamos con el siguiente asesor disponible\. Sigue en la fila: es el número 1/,
    );

    const luis = await world.agent('Luis Peña');
    await world.handoff.take(luis, h.id);
    await world.handoff.reply(luis, h.id, { text: 'Buenos días, ¿en qué le ayudo?' });
    await world.advance(11);
    expect(world.texts('c1').at(-1)).toMatch(/^¿Sigue ahí\? Si no recibimos su respuesta en 5 minutos/);
    await world.advance(6);
    expect(world.texts('c1').at(-1)).toMatch(/^Cerramos esta conversación porque no recibimos respuesta/);
    expect(await world.prisma.handoff.findUniqueOrThrow({ where: { id: h.id } })).toMatchObject({
      status: 'closed',
      closeReason: 'citizen_silent',
    });
  });

  it('an agent going offline returns their conversations to the front of the queue', async () => {
    world = await HandoffWorld.open(provider);
    const first = await queued('c1');
    const second = await queued('c2');
    await world.advance(1);
    const third = await queued('c3');
    const ana = await world.agent('Ana Rojas');
    await world.handoff.take(ana, first.id);
    await world.handoff.take(ana, second.id);
    await world.handoff.setPresence(ana, 'offline');
    await world.settle();
    const luis = await world.agent('Luis Peña');
    expect((await world.handoff.list(luis)).map((s) => [s.id, s.status, s.position])).toEqual([
      [first.id, 'queued', 1],
      [second.id, 'queued', 2],
      [third.id, 'queued', 3],
    ]);
    expect(world.texts('c1').at(-1)).toMatch(/^Su asesor tuvo que salir/);
    await expect(world.handoff.take(ana)).rejects.toMatchObject({ code: 'NOT_ONLINE' });
  });

  it('hides a reserved denunciante from agents without the right, and other entities see nothing', async () => {
    world = await HandoffWorld.open(provider);
    await world.say('c1', 'hola');
    const conversation = await world.prisma.conversation.findFirstOrThrow();
    const consent = await world.cases.recordConsent({ channel: 'fake', conversationId: conversation.id });
    await world.cases.file(
      { type: 'denuncia', description: 'Cobros irregulares en la ventanilla', requester: { name: 'Juan Pérez Gómez' } },
      { channel: 'fake', conversationId: conversation.id, consentId: consent.id },
    );
    await world.say('c1', 'asesor');
    await world.say('c1', 'Soy Juan Pérez Gómez, el que denunció');
    const h = await world.handoffOf('c1');

    const ana = await world.agent('Ana Rojas');
    const seen = await world.handoff.detail(ana, h.id);
    expect(JSON.stringify(seen)).not.toContain('Juan');
    expect(seen.citizenLabel).toBe('Identidad reservada');
    expect(seen.cases).toEqual([expect.objectContaining({ type: 'denuncia' })]);
    expect(JSON.stringify(await world.handoff.list(ana))).not.toContain('Juan');

    const control = await world.agent('Marta Díaz', ['agente', 'control_interno_disciplinario']);
    expect(JSON.stringify(await world.handoff.detail(control, h.id))).toContain('Soy Juan Pérez Gómez');

    // A photo the denunciante sent (say, of their ID) is as reserved as their name: hidden from Ana's transcript and
    // unknown to her when asked for directly; Control Interno Disciplinario opens it.
    const photo = await new StoredFiles(world.prisma).save({
      entityId: world.entityId,
      contactId: h.contactId,
      channel: 'fake',
      mimeType: 'image/png',
      fileName: 'cedula.png',
      data: Buffer.from('\x89PNG\r\n\x1a\nfoto', 'latin1'),
    });
    await world.prisma.message.create({
      data: {
        entityId: world.entityId,
        conversationId: h.conversationId,
        direction: 'in',
        channel: 'fake',
        channelMessageId: 'foto-cedula',
        text: null,
        payload: { attachments: [photo] } as object,
        status: 'processed',
      },
    });
    const fileId = photo.ref.slice('upload:'.length);
    expect(JSON.stringify(await world.handoff.detail(ana, h.id))).not.toContain(fileId);
    await expect(world.handoff.file(ana, fileId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await world.handoff.file(control, fileId)).fileName).toBe('cedula.png');

    const outsider = staffActor({
      id: ana.id,
      entityId: 'otra-entidad',
      name: 'Ana',
      roles: ['agente', 'supervisor'],
      dependency: null,
    });
    await expect(world.handoff.detail(outsider, h.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(world.handoff.list(outsider)).rejects.toBeInstanceOf(HandoffError);
  });
});
