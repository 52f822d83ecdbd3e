import { describe, expect, it } from 'vitest';
import type { Effect } from '../../src/flows/effect.js';
import type { FlowEvent } from '../../src/flows/flow-event.js';
import type { FlowSession } from '../../src/flows/flow-session.js';
import { step } from '../../src/flows/step.js';
import { bundleOf } from './build-bundle.js';

const bundle = bundleOf({
  'main.yaml': `version: 1
id: main
nodes:
  - id: menu
    type: menu
    text: Le escribimos por este {{canal.nombre}}. ¿Qué desea?
    options:
      - label: Respuesta por este {{canal.nombre}}
        next: como
      - label: Otra cosa
        next: fin
  - id: como
    type: ask
    text: ¿Cómo la quiere?
    var: medio
    input: option
    options:
      - label: Por este {{canal.nombre}}
        value: canal
      - label: Por carta
        value: carta
    next: eco
  - id: eco
    type: say
    text: "Eligió {{medio}}."
  - id: fin
    type: end
`,
});

/** One conversation on a channel whose citizens call it `nombre` (undefined: the default). */
function on(nombre: string | undefined) {
  let session: FlowSession | null = null;
  const ctx = { now: new Date(), channel: 'x', contact: {}, ...(nombre ? { canal: { nombre } } : {}) };
  return (event: FlowEvent) => {
    const result = step(bundle, session, event, ctx);
    session = result.session;
    return result.effects.filter((e): e is Extract<Effect, { type: 'send' }> => e.type === 'send');
  };
}

describe('{{canal.nombre}} in flow texts and option labels', () => {
  it('reads "correo" on email, and the citizen can answer with the label as shown', () => {
    const turn = on('correo');
    const [greeting] = turn({ type: 'start' });
    expect(greeting!.message.text).toBe('Le escribimos por este correo. ¿Qué desea?');
    expect(greeting!.message.options?.map((o) => o.label)).toEqual(['Respuesta por este correo', 'Otra cosa']);
    const [question] = turn({ type: 'message', text: 'respuesta por este correo', attachments: [] });
    expect(question!.message.options?.map((o) => o.label)).toEqual(['Por este correo', 'Por carta']);
    const [echo] = turn({ type: 'message', text: 'por este correo', attachments: [] });
    expect(echo!.message.text).toBe('Eligió canal.');
  });

  it('reads "chat" where the channel does not say', () => {
    const [greeting] = on(undefined)({ type: 'start' });
    expect(greeting!.message.text).toBe('Le escribimos por este chat. ¿Qué desea?');
    expect(greeting!.message.options?.[0]?.label).toBe('Respuesta por este chat');
  });

  it('still loads a flow that keeps a variable of its own called canal, and reads that variable', () => {
    const own = bundleOf({
      'main.yaml': `version: 1
id: main
nodes:
  - id: menu
    type: set
    vars:
      canal: { nombre: la ventanilla }
  - id: decir
    type: say
    text: Por {{canal.nombre}}.
  - id: fin
    type: end
`,
    });
    const result = step(
      own,
      null,
      { type: 'start' },
      { now: new Date(), channel: 'x', contact: {}, canal: { nombre: 'correo' } },
    );
    const sent = result.effects.filter((e): e is Extract<Effect, { type: 'send' }> => e.type === 'send');
    expect(sent.map((e) => e.message.text)).toEqual(['Por la ventanilla.']);
  });
});
