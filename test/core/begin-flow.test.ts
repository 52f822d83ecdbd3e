import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.js';
import { action, startHarness, type Harness } from './harness.js';

const flowsDir = fileURLToPath(new URL('./fixtures/flows', import.meta.url));
const actions = () =>
  new Map([
    ['kb.lookup', action(() => ({ found: false }))],
    ['case.create', action(() => ({ radicado: 'PQRSD-2026-000001' }))],
    ['case.status', action(() => ({ estado: 'en trámite' }))],
    ['handoff.request', action(() => null)],
    ['survey.start', action(() => null)],
    ['prueba.contar', action(() => 1)],
  ]);

/** The system starting a flow on its own (the survey after an agent closes): no citizen message comes first. */
describe.each(testProviders)('starting a flow without a message (%s)', (provider) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('runs the given flow in a new conversation after the last one closed, and the citizen answers it', async () => {
    h = await startHarness({ provider, flowsDir, actions: actions() });
    const chat = h.chat('ana');
    await chat.send('hola');
    await h.settle();
    const first = await h.database.prisma.conversation.findFirstOrThrow();
    await h.database.prisma.conversation.update({
      where: { id: first.id },
      data: { status: 'closed', closeReason: 'agent' },
    });

    const before = h.adapter.sentTo('ana').length;
    const conversationId = await h.runtime.engine.begin(
      { entityId: h.entityId, contactId: first.contactId, channel: 'fake' },
      'registro',
      { origen: 'asesor' },
    );
    await h.settle();
    expect(conversationId).not.toBe(first.id);
    expect(
      h.adapter
        .sentTo('ana')
        .slice(before)
        .map((m) => m.text),
    ).toEqual(['¿Cómo se llama?']);
    const session = (await h.database.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId! } }))
      .session as { flowId: string; vars: Record<string, unknown> };
    expect(session).toMatchObject({ flowId: 'registro', vars: { origen: 'asesor' } });

    await chat.send('Ana');
    expect(h.adapter.sentTo('ana').at(-1)?.text).toBe('Escriba su cédula.');
  });

  it('leaves a conversation a person holds alone', async () => {
    h = await startHarness({ provider, flowsDir, actions: actions() });
    await h.chat('luis').send('hola');
    await h.settle();
    const conversation = await h.database.prisma.conversation.findFirstOrThrow();
    await h.database.prisma.conversation.update({ where: { id: conversation.id }, data: { status: 'handoff' } });
    const before = h.adapter.sent.length;
    expect(
      await h.runtime.engine.begin(
        { entityId: h.entityId, contactId: conversation.contactId, channel: 'fake' },
        'registro',
      ),
    ).toBeNull();
    await h.settle();
    expect(h.adapter.sent.length).toBe(before);
  });
});
