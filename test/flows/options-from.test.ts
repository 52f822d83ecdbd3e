import { describe, expect, it } from 'vitest';
import { formatFlowError } from '../../src/lib/flow-error.js';
import type { JsonValue } from '../../src/lib/json-value.js';
import { bundleOf, compile } from './build-bundle.js';
import { scriptedChat } from './scripted-chat.js';

/** main: menu → an action that returns a list → an ask whose options come from it → echo the choice. */
function flowWith(ask: string): string {
  return `version: 1
id: main
nodes:
  - id: menu
    type: menu
    text: ¿Qué desea?
    options:
      - label: Buscar
        next: buscar
  - id: buscar
    type: action
    action: kb.lookup
    args: { question: x }
    result: r
    onError: fin
${ask}
  - id: eco
    type: say
    text: "Eligió {{eleccion}}."
    next: fin
  - id: vacio
    type: say
    text: "No hubo opciones ({{eleccion}})."
  - id: fin
    type: end
`;
}

const askFromList = `  - id: cual
    type: ask
    text: ¿Cuál?
    var: eleccion
    input: option
    optionsFrom: { var: r.items, label: title, value: id, max: 3 }
    options:
      - label: Ninguna
        value: ninguna de estas
    onInvalid: vacio
    next: eco`;

const items: JsonValue = [
  { id: 'predial-pago', title: 'Pago del predial' },
  { id: 'predial-descuentos', title: 'Descuentos del predial' },
  { id: 'sin-titulo' },
  { id: 'repetida', title: 'pago del PREDIAL' },
  { id: 'ninguna de estas', title: 'Choca con la opción fija' },
  { id: 'cuarta', title: 'Cuarta' },
];

async function chatWith(list: JsonValue, ask = askFromList) {
  const chat = scriptedChat(bundleOf({ 'main.yaml': flowWith(ask) }), { 'kb.lookup': () => ({ items: list }) });
  await chat.send('hola');
  await chat.send('buscar');
  return chat;
}

describe('ask with optionsFrom: options taken from a variable', () => {
  it('offers the list items (label/value fields, max, no repeats, no blanks) then the fixed options', async () => {
    const chat = await chatWith(items);
    chat.expectReply('¿Cuál?');
    // "sin-titulo" has no label; "repetida" repeats a label; "ninguna de estas" repeats the fixed value: all skipped.
    expect(chat.options).toEqual([
      { label: 'Pago del predial', value: 'predial-pago' },
      { label: 'Descuentos del predial', value: 'predial-descuentos' },
      { label: 'Cuarta', value: 'cuarta' },
      { label: 'Ninguna', value: 'ninguna de estas' },
    ]);
    expect(chat.at).toBe('main/cual');
  });

  it('stores the value of the item picked by button, number or text', async () => {
    const byTap = await chatWith(items);
    await byTap.tap('predial-descuentos');
    byTap.expectReply('Eligió predial-descuentos.');

    const byNumber = await chatWith(items);
    await byNumber.send('1');
    byNumber.expectReply('Eligió predial-pago.');

    const byText = await chatWith(items);
    await byText.send('descuentos del predial');
    byText.expectReply('Eligió predial-descuentos.');

    const fixed = await chatWith(items);
    await fixed.send('4');
    fixed.expectReply('Eligió ninguna de estas.');
  });

  it('asks again, with the same options, after a reply that picks nothing', async () => {
    const chat = await chatWith(items);
    await chat.send('la de los perros');
    chat.expectReply(/Elija una de las opciones/);
    expect(chat.options.map((o) => o.label)).toEqual([
      'Pago del predial',
      'Descuentos del predial',
      'Cuarta',
      'Ninguna',
    ]);
    expect(chat.at).toBe('main/cual');
    await chat.send('2');
    chat.expectReply('Eligió predial-descuentos.');
  });

  it('takes plain strings as both label and value, and the fixed options when the list is missing', async () => {
    const strings = await chatWith(['Sede norte', 'Sede sur']);
    expect(strings.options.map((o) => o.value)).toEqual(['Sede norte', 'Sede sur', 'ninguna de estas']);
    const missing = await chatWith(null);
    expect(missing.options).toEqual([{ label: 'Ninguna', value: 'ninguna de estas' }]);
  });

  it('skips the question (variable empty) and goes to onInvalid when there is nothing to choose', async () => {
    const ask = `  - id: cual
    type: ask
    text: ¿Cuál?
    var: eleccion
    input: option
    optionsFrom: { var: r.items, label: title, value: id }
    onInvalid: vacio
    next: eco`;
    const chat = await chatWith([], ask);
    chat.expectNoReply('¿Cuál?').expectReply('No hubo opciones ().');
    expect(chat.session?.vars.eleccion).toBeNull();

    const withoutOnInvalid = ask.replace('    onInvalid: vacio\n', '');
    const next = await chatWith([], withoutOnInvalid);
    next.expectReply('Eligió .');
  });
});

describe('optionsFrom is validated at load', () => {
  function errorsOf(ask: string): string[] {
    const r = compile({ 'main.yaml': flowWith(ask) });
    expect(r.ok).toBe(false);
    return r.ok ? [] : r.errors.map(formatFlowError);
  }

  it('loads the valid form with no warnings', () => {
    const r = compile({ 'main.yaml': flowWith(askFromList) });
    if (!r.ok) expect.fail(r.errors.map(formatFlowError).join('\n'));
  });

  it('a misspelt key, with a suggestion', () => {
    const errors = errorsOf(askFromList.replace('label: title', 'lable: title'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^flows\/main\.yaml:\d+:\d+ — En el nodo "cual": .*lable/);
    expect(errors[0]).toContain('label');
  });

  it('a variable path that is not one, and a max out of range', () => {
    const errors = errorsOf(askFromList.replace('var: r.items', 'var: "r items"').replace('max: 3', 'max: 50'));
    expect(errors).toHaveLength(2);
    expect(errors.join('\n')).toContain('escriba el nombre de una variable');
  });

  it('optionsFrom without input: option', () => {
    const errors = errorsOf(askFromList.replace('    input: option\n', '').replace(/ {4}options:\n.*\n.*\n/, ''));
    expect(errors).toEqual([expect.stringContaining('tiene "optionsFrom" pero no es "input: option"')]);
  });

  it('input: option with neither options nor optionsFrom', () => {
    const errors = errorsOf(`  - id: cual
    type: ask
    text: ¿Cuál?
    var: eleccion
    input: option
    next: eco`);
    expect(errors).toEqual([expect.stringContaining('no tiene "options" ni "optionsFrom"')]);
  });

  it('storing the answer in the list it comes from', () => {
    const errors = errorsOf(askFromList.replace('var: eleccion', 'var: r'));
    expect(errors).toEqual([expect.stringContaining('la respuesta borraría la lista')]);
  });
});
