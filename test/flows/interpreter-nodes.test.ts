import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { step } from '../../src/flows/step.js';
import { bundleOf } from './build-bundle.js';
import { ScriptedChat, scriptedChat } from './scripted-chat.js';

const main = `version: 1
id: main
nodes:
  - id: hola
    type: say
    text: "Hola{{contact.name}}."
  - id: menu
    type: menu
    text: ¿Qué desea?
    options:
      - label: Datos personales
        next: nombre
      - label: Trámites y servicios
        next: sub
      - label: Condición
        next: edad
      - label: Acción
        next: accion
`;

const flows = {
  'main.yaml': `${main}
  - id: nombre
    type: ask
    text: ¿Cómo se llama?
    var: nombre
    remember: name
  - id: cedula
    type: ask
    text: Escriba su cédula.
    var: doc
    input: cedula
    maxAttempts: 2
    onInvalid: sin_cedula
  - id: correo
    type: ask
    text: ¿Su correo?
    var: correo
    input: email
    optional: true
  - id: fecha
    type: ask
    text: ¿Fecha de los hechos?
    var: fecha
    input: date
  - id: sexo
    type: ask
    text: Elija un color.
    var: color
    input: option
    options:
      - label: Azul oscuro
        value: azul
      - label: Verde
  - id: resumen
    type: say
    text: "{{nombre}} / {{doc.numero}} / {{correo}} / {{fecha}} / {{color}} / {{nada.de.nada}}."
    next: menu
  - id: sin_cedula
    type: end
    text: Sin cédula no puedo seguir.
    reason: cancelled
  - id: sub
    type: call
    flow: sub
  - id: volvi
    type: say
    text: "Volví del subflujo con {{desde_sub}}."
  - id: fin
    type: end
    text: Adiós.
  - id: edad
    type: ask
    text: ¿Cuántos años tiene?
    var: edad
    input: number
    min: 0
    max: 120
  - id: decidir
    type: condition
    branches:
      - if: { all: [{ var: edad, gte: 60 }, { not: { var: edad, gt: 120 } }] }
        next: mayor
      - if: { any: [{ var: edad, lt: 18 }, { var: edad, in: [18, 19] }] }
        next: joven
    else: adulto
  - id: mayor
    type: say
    text: Atención preferencial.
    next: fin
  - id: joven
    type: say
    text: Joven.
    next: fin
  - id: adulto
    type: set
    vars:
      grupo: adulto
      copia: "{{edad}}"
      frase: "tiene {{edad}} años"
  - id: mostrar
    type: condition
    if: { var: frase, matches: "^tiene \\\\d+ años$" }
    then: ok
  - id: no_ok
    type: say
    text: no coincide
  - id: ok
    type: say
    text: "Grupo {{grupo}}, {{frase}}."
    next: fin
  - id: accion
    type: action
    action: eco
    args: { texto: "{{contact.name}}", n: 2 }
    result: r
    onError: fallo
  - id: vale
    type: say
    text: "Eco: {{r.texto}}"
    next: fin
  - id: fallo
    type: say
    text: "Falló la acción."
    next: fin
`,
  'sub.yaml': `version: 1
id: sub
nodes:
  - id: uno
    type: say
    text: Estoy en el subflujo.
  - id: pon
    type: set
    vars: { desde_sub: "sub" }
  - id: salir
    type: return
  - id: nunca
    type: say
    text: nunca
`,
};

const catalog = new Map([
  ['eco', { description: 'eco', args: z.object({ texto: z.string(), n: z.number() }) }],
  ['handoff.request', { description: 'asesor' }],
]);

function chat(actions = {}) {
  return scriptedChat(bundleOf(flows, catalog), actions);
}

describe('interpreter, node by node', () => {
  it('say renders variables and missing ones as empty; start runs the entry flow', async () => {
    const c = await chat().start();
    c.expectReply('Hola.');
    expect(c.at).toBe('main/menu');
    expect(c.session?.waiting).toEqual({ kind: 'input', nodeId: 'menu', attempts: 0 });
  });

  it('menu: by number, by label without accents and by button payload', async () => {
    const c = await chat().start();
    await c.send('2');
    c.expectReply('Estoy en el subflujo.');
    const c2 = await chat().start();
    await c2.send('tramites y SERVICIOS');
    c2.expectReply('Estoy en el subflujo.');
    const c3 = await chat().start();
    const payload = c3.options[2]?.value ?? '';
    await c3.tap(payload);
    c3.expectReply('¿Cuántos años tiene?');
  });

  it('menu: an unknown reply repeats the options with the fallback text', async () => {
    const c = await chat().start();
    await c.send('quiero pizza');
    c.expectReply('No le entendí.');
    expect(c.options).toHaveLength(4);
    expect(c.session?.waiting).toMatchObject({ attempts: 1 });
  });

  it('ask: text, cédula rejected then accepted, optional skipped, date "hoy", option by label', async () => {
    const c = await chat().start();
    await c.send('1');
    await c.send('Ana');
    expect(c.effects).toContainEqual({ type: 'remember', key: 'name', value: 'Ana' });
    c.expectReply('Escriba su cédula.');
    await c.send('12ab');
    c.expectReply(/cédula de ciudadanía debe tener entre 3 y 10 números/);
    expect(c.at).toBe('main/cedula');
    await c.send('1.023.456.789');
    c.expectReply('¿Su correo?');
    await c.send('omitir');
    await c.send('hoy');
    await c.send('verde');
    c.expectReply('Ana / 1023456789 /  / 2025-03-10 / Verde / .');
    expect(c.session?.vars).toMatchObject({
      doc: { tipo: 'CC', numero: '1023456789' },
      correo: null,
      fecha: '2025-03-10',
    });
  });

  it('ask: after maxAttempts it follows onInvalid', async () => {
    const c = await chat().start();
    await c.send('1');
    await c.send('Ana');
    await c.send('x');
    await c.send('y');
    c.expectReply('Sin cédula no puedo seguir.').expectEnded('cancelled');
  });

  it('ask number + condition all/any/not/in/gte, set with templates, if/then matches', async () => {
    let c = await chat().start();
    await c.send('3');
    await c.send('doscientos');
    c.expectReply(/solo el número/);
    await c.send('130');
    c.expectReply(/120 o menos/);
    await c.send('65');
    c.expectReply('Atención preferencial.').expectReply('Adiós.').expectEnded('completed');
    c = await chat().start();
    await c.send('3');
    await c.send('19');
    c.expectReply('Joven.');
    c = await chat().start();
    await c.send('3');
    await c.send('40');
    c.expectReply('Grupo adulto, tiene 40 años.');
    expect(c.session?.vars.copia).toBe(40);
  });

  it('call runs a sub-flow and returns to the node after the call', async () => {
    const c = await chat().start();
    await c.send('2');
    expect(c.texts).toEqual(['Estoy en el subflujo.', 'Volví del subflujo con sub.', 'Adiós.']);
    c.expectEnded('completed');
  });

  it('action: call is the last effect, result stored, args checked at run time', async () => {
    const c = chat({ eco: (args: Record<string, unknown>) => ({ texto: `eco ${String(args.texto)}` }) });
    c.contact.name = 'Ana';
    await c.start();
    c.expectReply('HolaAna.');
    await c.send('4');
    expect(c.calls).toEqual([{ action: 'eco', args: { texto: 'Ana', n: 2 } }]);
    c.expectReply('Eco: eco Ana');
  });

  it('action: ok=false follows onError', async () => {
    const c = chat({
      eco: () => {
        throw new Error('caído');
      },
    });
    c.contact.name = 'Ana';
    await c.start();
    await c.send('4');
    c.expectReply('Falló la acción.');
    expect(c.session?.vars.error).toBe('caído');
  });

  it('args the action schema rejects at run time (a missing variable is null) count as a failed action', async () => {
    const c = chat({ eco: () => 'no debería llamarse' });
    await c.start();
    await c.send('4');
    expect(c.calls).toEqual([]);
    c.expectReply('Falló la acción.');
  });

  it('a message while an action is pending gets the busy text and changes nothing', () => {
    const bundle = bundleOf(flows, catalog);
    const ctx = { now: new Date(), channel: 'web', contact: { name: 'Ana' } };
    let r = step(bundle, null, { type: 'start' }, ctx);
    r = step(bundle, JSON.parse(JSON.stringify(r.session)), { type: 'message', text: '4', attachments: [] }, ctx);
    expect(r.effects.at(-1)).toMatchObject({ type: 'call', action: 'eco' });
    const waiting = r.session;
    r = step(bundle, waiting, { type: 'message', text: 'hola?', attachments: [] }, ctx);
    expect(r.effects).toEqual([
      { type: 'send', message: expect.objectContaining({ text: expect.stringMatching(/Un momento/) }) },
    ]);
    expect(r.session).toEqual(waiting);
  });

  it('idle ends an active session with the idle text', async () => {
    const c = await chat().start();
    await c.idle();
    c.expectReply('Cierro la conversación por inactividad.').expectEnded('idle');
    await c.idle();
    expect(c.effects).toEqual([]);
  });

  it('a message after the end starts fresh', async () => {
    const c = await chat().start();
    await c.idle();
    await c.send('2');
    c.expectReply('Hola.');
    expect(c.at).toBe('main/menu');
  });

  it('restart from stored JSON mid-flow continues at the same step', async () => {
    const bundle = bundleOf(flows, catalog);
    const before = await scriptedChat(bundle).start();
    await before.send('1');
    await before.send('Ana');
    expect(before.at).toBe('main/cedula');
    // A new process: flows loaded again, session read back from the database.
    const after = new ScriptedChat(bundleOf(flows, catalog), {}, before.stored);
    await after.send('1023456789');
    after.expectReply('¿Su correo?');
    expect(after.session?.vars.nombre).toBe('Ana');
  });

  it('a stored session pointing at a node that no longer exists starts over', async () => {
    const bundle = bundleOf(flows, catalog);
    const stored = JSON.stringify({
      v: 1,
      flowId: 'main',
      nodeId: 'borrado',
      stack: [],
      vars: {},
      waiting: { kind: 'input', nodeId: 'borrado', attempts: 0 },
      status: 'active',
    });
    const c = new ScriptedChat(bundle, {}, stored);
    await c.send('hola');
    c.expectReply('Hola.');
  });

  it('never throws on odd events', () => {
    const bundle = bundleOf(flows, catalog);
    const ctx = { now: new Date(), channel: 'web', contact: {} };
    expect(() => step(bundle, null, { type: 'action.result', ok: true }, ctx)).not.toThrow();
    expect(() => step(bundle, null, { type: 'message', attachments: [] }, ctx)).not.toThrow();
    const r = step(bundle, null, { type: 'idle' }, ctx);
    expect(r.effects).toEqual([]);
  });
});

describe('flows that cannot make progress', () => {
  it('a goto loop apologises and ends instead of hanging', async () => {
    const bundle = bundleOf({
      'main.yaml': `version: 1
id: main
nodes:
  - id: menu
    type: goto
    node: b
  - id: b
    type: goto
    node: menu
`,
    });
    const c = await scriptedChat(bundle).start();
    c.expectReply('Lo siento, hubo un problema.').expectEnded('cancelled');
  });
});

describe('file questions', () => {
  it('mark the question and its retry as asking for files, so the widget offers its attach button', async () => {
    const bundle = bundleOf({
      'main.yaml': `version: 1
id: main
nodes:
  - id: menu
    type: goto
    node: fotos
  - id: fotos
    type: ask
    text: Envíe la foto del daño.
    var: fotos
    input: file
    retry: Use el botón de adjuntar.
  - id: fin
    type: say
    text: Gracias.
  - id: nombre
    type: ask
    text: ¿Su nombre?
    var: nombre
`,
    });
    const c = await scriptedChat(bundle).start();
    expect(c.replies.map((r) => [r.text, r.expects])).toEqual([['Envíe la foto del daño.', 'file']]);
    await c.send('no tengo');
    expect(c.replies.map((r) => [r.text, r.expects])).toEqual([['Use el botón de adjuntar.', 'file']]);
  });
});
