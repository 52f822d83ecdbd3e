import { describe, expect, it } from 'vitest';
import { bundleOf } from './build-bundle.js';
import { scriptedChat } from './scripted-chat.js';

const flows = {
  'main.yaml': `version: 1
id: main
nodes:
  - id: saludo
    type: say
    text: Bienvenido.
  - id: menu
    type: menu
    text: Menú principal.
    options:
      - label: Encuesta
        next: encuesta
      - label: Otro flujo
        next: saltar
      - label: Descripción
        next: describir
  - id: encuesta
    type: survey
    survey: satisfaccion
    onError: fin
  - id: fin
    type: end
  - id: saltar
    type: goto
    flow: otro
    node: dos
  - id: describir
    type: ask
    text: Describa el problema.
    var: descripcion
  - id: gracias
    type: say
    text: "Anotado: {{descripcion}}"
    next: menu
`,
  'otro.yaml': `version: 1
id: otro
nodes:
  - id: uno
    type: say
    text: Uno.
  - id: dos
    type: ask
    text: ¿Su nombre?
    var: nombre
`,
};

const chat = () =>
  scriptedChat(bundleOf(flows), { 'handoff.request': () => ({ ok: true }), 'survey.start': () => null });

describe('global commands', () => {
  it('"menú" (any case, accents, punctuation) goes to the main menu from the middle of a question', async () => {
    const c = await chat().start();
    await c.send('2');
    c.expectReply('¿Su nombre?').expectNoReply('Uno.');
    await c.send('¡MENU!');
    c.expectReply('Menú principal.').expectNoReply('Bienvenido.');
    expect(c.at).toBe('main/menu');
    expect(c.session?.stack).toEqual([]);
  });

  it('a command word inside a sentence is an answer, not a command', async () => {
    const c = await chat().start();
    await c.send('3');
    await c.send('El menú del comedor escolar no llegó');
    c.expectReply('Anotado: El menú del comedor escolar no llegó');
  });

  it('"asesor" and "hablar con una persona" go to the handoff flow', async () => {
    const c = await chat().start();
    await c.send('hablar con una persona');
    expect(c.calls.map((x) => x.action)).toEqual(['handoff.request']);
    c.expectReply('Un asesor le escribirá pronto.').expectEnded('completed');
    const d = await chat().start();
    await d.send('3');
    await d.send('Asesor, por favor');
    expect(d.calls.map((x) => x.action)).toEqual(['handoff.request']);
  });

  it('"cancelar" cancels the pending step politely and shows the menu', async () => {
    const c = await chat().start();
    await c.send('3');
    await c.send('cancelar');
    expect(c.texts[0]).toBe('Listo, cancelé este paso.');
    c.expectReply('Menú principal.');
    expect(c.session?.vars.descripcion).toBeUndefined();
  });

  it('"ayuda" shows help and asks the pending question again', async () => {
    const c = await chat().start();
    await c.send('3');
    await c.send('Ayuda');
    expect(c.texts).toEqual(['Puede escribir menú, asesor o cancelar.', 'Describa el problema.']);
    expect(c.at).toBe('main/describir');
  });

  it('a command as the first message of a new conversation goes straight there', async () => {
    const c = chat();
    await c.send('asesor');
    expect(c.calls.map((x) => x.action)).toEqual(['handoff.request']);
    c.expectNoReply('Bienvenido.');
  });

  it('survey sugar calls survey.start with its id; goto jumps to a node of another flow', async () => {
    const c = await chat().start();
    await c.send('encuesta');
    expect(c.calls).toEqual([{ action: 'survey.start', args: { survey: 'satisfaccion' } }]);
    c.expectEnded('completed');
  });
});
