import { afterEach, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.js';
import { HandoffWorld, SATURDAY_9AM } from './handoff-runtime.js';

describe.each(testProviders)('the handoff queue seen by citizens on %s', (provider) => {
  let world: HandoffWorld;
  afterEach(async () => world.close());

  it('queues a citizen who says "asesor" in office hours, with the place and an honest estimate', async () => {
    world = await HandoffWorld.open(provider);
    await world.say('c1', 'hola');
    const replies = await world.say('c1', 'asesor');
    expect(replies.at(-1)).toMatch(
      /Ya está en la fila: es el número 1\. Espera estimada: no hay asesores conectados en este momento\./,
    );
    const queued = await world.handoffOf('c1');
    expect(queued).toMatchObject({ status: 'queued', area: 'atencion_general', priority: 0 });
    const conversation = await world.prisma.conversation.findUniqueOrThrow({ where: { id: queued.conversationId } });
    expect(conversation.status).toBe('handoff');

    // With an agent online and free, the next citizen hears a short wait instead.
    await world.agent('Ana María Rojas');
    await world.say('c2', 'hola');
    expect((await world.say('c2', 'asesor')).at(-1)).toMatch(/es el número 2\. Espera estimada: unos pocos minutos/);
    // Asking again while waiting does not queue twice.
    await world.say('c2', 'asesor');
    expect(await world.prisma.handoff.count({ where: { status: 'queued' } })).toBe(2);
  });

  it('out of hours says when agents return and offers a PQRSD or a call-back, without queueing', async () => {
    world = await HandoffWorld.open(provider, SATURDAY_9AM);
    await world.say('c1', 'hola');
    const replies = await world.say('c1', 'asesor');
    expect(replies.at(-1)).toContain('Los asesores vuelven el lunes 30 de marzo a las 7:30 a. m.');
    expect(replies.at(-1)).toContain('lunes a viernes de 7:30 a. m. a 4:30 p. m., excepto festivos');
    expect(
      world.adapter
        .sentTo('c1')
        .at(-1)
        ?.options.map((o) => o.label),
    ).toEqual(['Radicar una PQRSD', 'Que me llamen', 'Volver al menú']);
    expect(await world.prisma.handoff.count()).toBe(0);

    await world.say('c1', 'Que me llamen');
    const done = await world.say('c1', '300 123 4567');
    expect(done.at(-1)).toMatch(
      /quedó registrada.*vuelven el lunes 30 de marzo a las 7:30 a\. m\. y le llamarán al \+573001234567/,
    );
    // The request waits in the queue for the morning, with the number in a note agents see.
    const callback = await world.handoffOf('c1');
    expect(callback).toMatchObject({ status: 'queued', reason: 'callback' });
    const conversation = await world.prisma.conversation.findUniqueOrThrow({ where: { id: callback.conversationId } });
    expect(conversation.status).not.toBe('handoff');
    world.t = new Date('2026-03-30T13:00:00Z').getTime();
    const agent = await world.agent('Luis Peña');
    const [line] = await world.handoff.list(agent);
    expect(line?.reason).toMatch(/llamen/);
    const detail = await world.handoff.detail(agent, callback.id);
    expect(detail.transcript.filter((m) => m.from === 'note').map((m) => m.text)).toEqual([
      'El ciudadano pidió que lo llamen al +573001234567.',
    ]);
  });

  it('serves special constitutional protection first, tells who moved up, and lets a citizen leave', async () => {
    world = await HandoffWorld.open(provider);
    await world.say('c1', 'hola');
    await world.say('c1', 'asesor');
    await world.advance(1);
    await world.say('c2', 'hola');
    await world.say('c2', 'soy adulto mayor y necesito ayuda');
    expect((await world.say('c2', 'asesor')).at(-1)).toMatch(/es el número 1\./);
    await world.say('c3', 'hola');
    expect((await world.say('c3', 'asesor')).at(-1)).toMatch(/es el número 3\./);

    const agent = await world.agent('Ana Rojas');
    const queue = await world.handoff.list(agent);
    expect(queue.map((h) => [h.position, h.priorityLabel])).toEqual([
      [1, 'Adulto mayor'],
      [2, null],
      [3, null],
    ]);

    // Messages while waiting are kept for the agent; the reply is short and not repeated for every message.
    await world.advance(3);
    expect(await world.say('c3', 'hola?')).toEqual([expect.stringMatching(/^Sigue en la fila: es el número 3\./)]);
    expect(await world.say('c3', 'sigo aquí')).toEqual([]);

    await world.advance(3);
    const taken = await world.handoff.take(agent);
    await world.settle();
    expect(taken.position).toBeNull();
    expect(world.texts('c2').at(-1)).toMatch(/^Le atiende Ana,/);
    expect(world.texts('c3').at(-1)).toBe(
      'Avanzó en la fila: ahora es el número 2. Espera estimada: unos pocos minutos.',
    );

    expect(await world.say('c1', 'salir')).toEqual(['Listo, salió de la fila. Si necesita algo más, escriba «menú».']);
    const left = await world.handoffOf('c1');
    expect(left).toMatchObject({ status: 'left', closeReason: 'citizen_left' });
    expect((await world.prisma.conversation.findUniqueOrThrow({ where: { id: left.conversationId } })).status).toBe(
      'open',
    );
    // Back with the bot: the menu works again.
    expect((await world.say('c1', 'menú')).at(-1)).toMatch(/¿En qué le puedo ayudar\?/);
    // c3 moved up again less than two minutes after the last notice: told later, by a durable timer.
    expect(world.texts('c3').at(-1)).toMatch(/número 2\./);
    await world.advance(2);
    expect(world.texts('c3').at(-1)).toMatch(/^Avanzó en la fila: ahora es el número 1\./);
  });

  it('a restart while queued keeps the place and the timers', async () => {
    world = await HandoffWorld.open(provider);
    await world.say('c1', 'hola');
    await world.say('c1', 'asesor');
    await world.say('c2', 'hola');
    await world.say('c2', 'asesor');
    await world.stop();
    await world.start();

    const agent = await world.agent('Ana Rojas');
    expect((await world.handoff.list(agent)).map((h) => h.position)).toEqual([1, 2]);
    expect(await world.say('c2', 'hola, sigo esperando')).toEqual([
      expect.stringMatching(/^Sigue en la fila: es el número 2\./),
    ]);

    // Nobody took them and the office closed at 4:30 p. m.: 15 minutes later the queue tells them and closes.
    await world.handoff.setPresence(agent, 'offline');
    await world.stop();
    world.t = new Date('2026-03-27T21:46:00Z').getTime();
    await world.start();
    await world.runTimers();
    expect(world.texts('c1').at(-1)).toMatch(
      /Nuestro horario de atención terminó.*vuelven el lunes 30 de marzo a las 7:30 a\. m\./,
    );
    expect((await world.handoffOf('c1')).closeReason).toBe('out_of_hours');
    expect((await world.handoffOf('c2')).status).toBe('closed');
    // The next message is a fresh conversation with the bot.
    expect((await world.say('c1', 'hola')).join('\n')).toMatch(/Soy A\.V\.A/);
  });
});
