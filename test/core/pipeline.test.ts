import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionRegistry } from '../../src/core/action-registry.js';
import { ActionUnavailableError } from '../../src/core/action-registry.js';
import { ChannelSendError } from '../../src/core/channel-adapter.js';
import type { JsonValue } from '../../src/flows/index.js';
import { testProviders } from '../support/test-database.js';
import { action, startHarness, type Harness } from './harness.js';

const flowsDir = fileURLToPath(new URL('./fixtures/flows', import.meta.url));

function actions(calls: string[] = []): ActionRegistry {
  return new Map([
    [
      'kb.lookup',
      action((args): JsonValue => {
        calls.push(`kb:${String(args.question)}`);
        return String(args.question).includes('predial')
          ? { found: true, answer: 'El predial se paga en la Secretaría de Hacienda.' }
          : { found: false };
      }),
    ],
    ['case.create', action(() => ({ radicado: 'PQRSD-2026-000001' }))],
    ['case.status', action(() => ({ estado: 'en trámite' }))],
    [
      'handoff.request',
      {
        spec: { description: 'test' },
        run: async () => {
          calls.push('handoff');
          throw new ActionUnavailableError('handoff.request');
        },
      },
    ],
    ['survey.start', action(() => null)],
    ['prueba.contar', action(() => (calls.push('contar'), calls.length))],
  ]);
}

describe.each(testProviders)('turn pipeline on %s', (provider) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('runs a conversation through every node type: greeting, menu, sub-flow with typed answers, set, condition', async () => {
    h = await startHarness({ provider, flowsDir, actions: actions() });
    const chat = h.chat();
    await chat.send('hola');
    chat.expectReply(/^¡Hola! Soy el asistente de prueba\.$/);
    const menu = chat.expectReply(/^Elija una opción\./);
    expect(menu.options).toEqual([]); // four options do not fit the fake channel's three buttons: numbered text
    await chat.send('1');
    chat.expectReply(/^¿Cómo se llama\?$/);
    await chat.send('Ana');
    chat.expectReply(/^Escriba su cédula\.$/);
    await chat.send('12ab');
    chat.expectReply(/cédula/i);
    await chat.send('1.023.456.789');
    chat.expectReply(/^Registro completo, Ana \(CC 1023456789\)\. Canal fake\.$/);
    chat.expectReply(/^Elija una opción\./);
    const contact = await h.database.prisma.contact.findFirstOrThrow();
    expect(contact.displayName).toBe('Ana');
  });

  it('shows options as numbered text when the channel has too few buttons, and accepts the number back', async () => {
    h = await startHarness({ provider, flowsDir, actions: actions() });
    const chat = h.chat();
    await chat.send('hola');
    chat.expectReply(/Hola/);
    const menu = chat.expectReply(/Elija una opción/);
    expect(menu.text).toContain('1. Registrarme\n2. Eco\n3. Preguntar\n4. Bucle roto');
    expect(menu.text).toContain('Responda con el número de la opción.');
    await chat.send('3');
    chat.expectReply(/¿Cuál es su pregunta\?/);
    await chat.send('como pago el predial');
    chat.expectReply(/^El predial se paga en la Secretaría de Hacienda\.$/);
    await chat.send('3');
    chat.expectEventually(/¿Cuál es su pregunta\?/);
    await chat.send('donde queda la luna');
    chat.expectReply(/^No sé la respuesta a eso\.$/);
  });

  it('answers global commands from anywhere: ayuda, cancelar, menú, asesor', async () => {
    const calls: string[] = [];
    h = await startHarness({ provider, flowsDir, actions: actions(calls) });
    const chat = h.chat();
    await chat.send('hola');
    await chat.send('1');
    chat.expectEventually(/¿Cómo se llama\?/);
    await chat.send('Ayuda');
    chat.expectReply(/Escriba "menú" para ver las opciones\./);
    chat.expectReply(/¿Cómo se llama\?/);
    await chat.send('cancelar');
    chat.expectReply(/^Listo, cancelé este paso\.$/);
    chat.expectReply(/Elija una opción/);
    await chat.send('2');
    chat.expectReply(/Escriba algo/);
    await chat.send('MENÚ');
    chat.expectReply(/Elija una opción/);
    await chat.send('hablar con una persona');
    expect(calls).toContain('handoff');
    chat.expectReply(/Elija una opción/); // handoff unavailable here: the flow's onError path
  });

  it('processes a duplicate inbound once', async () => {
    h = await startHarness({ provider, flowsDir, actions: actions() });
    const first = await h.adapter.receive('c-1', { text: 'hola', id: 'wamid.1' });
    const again = await h.adapter.receive('c-1', { text: 'hola', id: 'wamid.1' });
    await h.settle();
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(await h.database.prisma.message.count({ where: { direction: 'in' } })).toBe(1);
    expect(h.adapter.sentTo('c-1').map((m) => m.text)).toHaveLength(2); // greeting + menu, once
  });

  it('answers two messages of one conversation sent at once in arrival order', async () => {
    h = await startHarness({ provider, flowsDir, actions: actions() });
    const chat = h.chat();
    await chat.send('hola');
    await chat.send('2');
    chat.expectEventually(/Escriba algo/);
    await Promise.all([
      h.adapter.receive(chat.senderId, { text: 'uno' }),
      h.adapter.receive(chat.senderId, { text: 'dos' }),
    ]);
    await h.settle();
    expect(chat.replies().map((m) => m.text)).toEqual([
      'Recibí: uno',
      'Escriba algo y se lo repito.',
      'Recibí: dos',
      'Escriba algo y se lo repito.',
    ]);
  });

  it('delivers a reply exactly once when the channel fails twice and then accepts it', async () => {
    h = await startHarness({ provider, flowsDir, actions: actions() });
    h.adapter.failNext(2, new ChannelSendError('timeout', true));
    await h.chat().send('hola');
    expect(h.adapter.sent).toHaveLength(0);
    for (let i = 0; i < 2; i++) {
      await h.clock.advance(60_000);
      await h.settle();
    }
    expect(h.adapter.sent.map((s) => s.message.text)).toEqual([
      '¡Hola! Soy el asistente de prueba.',
      expect.stringContaining('Elija una opción.'),
    ]);
    const greeting = await h.database.prisma.message.findFirstOrThrow({
      where: { direction: 'out' },
      orderBy: { createdAt: 'asc' },
    });
    expect(greeting).toMatchObject({ status: 'sent', attempts: 3, channelMessageId: 'fake-out-1' });
  });

  it('does not retry a send the channel refuses for good, and goes on with the next message', async () => {
    h = await startHarness({ provider, flowsDir, actions: actions() });
    h.adapter.failNext(1, new ChannelSendError('blocked by the user', false));
    await h.chat().send('hola');
    const rows = await h.database.prisma.message.findMany({
      where: { direction: 'out' },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows.map((r) => r.status)).toEqual(['failed', 'sent']);
    expect(rows[0]?.lastError).toBe('blocked by the user');
  });

  it('continues at the same step after a restart mid-flow', async () => {
    h = await startHarness({ provider, flowsDir, actions: actions() });
    await h.chat().send('hola');
    await h.chat().send('1');
    await h.chat().send('Luis');
    h = await h.restart();
    const chat = h.chat();
    await chat.send('80.123.456');
    chat.expectReply(/^Registro completo, Luis \(CC 80123456\)/);
  });

  it('processes after a restart what was stored but not processed', async () => {
    h = await startHarness({ provider, flowsDir, actions: actions() });
    await h.chat().send('hola');
    const conversation = await h.database.prisma.conversation.findFirstOrThrow();
    await h.database.prisma.message.create({
      data: {
        entityId: h.entityId,
        conversationId: conversation.id,
        direction: 'in',
        channel: 'fake',
        channelMessageId: 'left-behind',
        text: '2',
        payload: {},
        status: 'received',
      },
    });
    h = await h.restart();
    await h.settle();
    expect(h.adapter.sentTo('ciudadano-1').map((m) => m.text)).toEqual(['Escriba algo y se lo repito.']);
  });

  it('apologises and offers a way forward when a turn fails, keeping the message as failed', async () => {
    h = await startHarness({ provider, flowsDir, actions: actions() });
    const chat = h.chat();
    await chat.send('hola');
    await chat.send('4');
    const apology = chat.expectEventually(/^Lo siento, tuve un problema\.$/);
    expect(apology.options).toEqual([
      { label: 'Volver al menú', value: 'menú' },
      { label: 'Hablar con un asesor', value: 'asesor' },
    ]);
    const failed = await h.database.prisma.message.findFirstOrThrow({ where: { direction: 'in', text: '4' } });
    expect(failed.status).toBe('failed');
    expect(failed.lastError).toMatch(/actions without waiting/);
    // Tapping the button sends only its payload on channels like Telegram and the widget: it must still work.
    await h.adapter.receive(chat.senderId, { payload: 'menú' });
    await h.settle();
    chat.expectReply(/^Elija una opción\./);
  });

  it('closes an idle conversation politely, even across a restart, and greets the citizen by name next time', async () => {
    h = await startHarness({ provider, flowsDir, actions: actions() });
    const chat = h.chat();
    await chat.send('hola');
    await chat.send('1');
    await chat.send('Marta');
    await h.clock.advance(5 * 60_000);
    expect((await h.database.prisma.conversation.findFirstOrThrow()).status).not.toBe('closed');
    h = await h.restart();
    await h.clock.advance(6 * 60_000);
    const after = h.chat();
    expect(after.replies().map((m) => m.text)).toEqual(['Cerré la conversación por inactividad.']);
    const closed = await h.database.prisma.conversation.findFirstOrThrow();
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'idle' });

    await after.send('buenas');
    after.expectEventually(/^¡Hola de nuevo, Marta!$/);
    expect(await h.database.prisma.conversation.count()).toBe(2);
  });
});
