import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/lib/json-value.js';
import { bundleOf, compile, testBot } from './build-bundle.js';
import { scriptedChat } from './scripted-chat.js';
import { formatFlowError } from '../../src/lib/flow-error.js';

const bot = `${testBot}
intents:
  queja:
    examples: [quiero poner una queja, voy a quejarme de un funcionario, me atendieron mal y quiero poner la queja]
    goto: { flow: main, node: ir_queja }
    slots:
      motivo:
        text: true
  consultar:
    examples: [consultar mi radicado, como va mi solicitud, en que va mi peticion]
    goto: { flow: main, node: ir_consulta }
    slots:
      numero:
        pattern: "\\\\bPQRSD-\\\\d{4}-\\\\d{6}\\\\b"
        trigger: true
`;

const flows = {
  'bot.yaml': bot,
  'main.yaml': `version: 1
id: main
nodes:
  - id: saludo
    type: say
    text: Bienvenido.
  - id: menu
    type: menu
    text: ¿Qué necesita?
    maxAttempts: 2
    onInvalid: perdido
    options:
      - label: Horarios y sedes
        aliases: [horario, direccion]
        next: horarios
      - label: Radicar una queja
        next: ir_queja
  - id: horarios
    type: say
    text: Atendemos de 8 a 5.
    next: menu
  - id: perdido
    type: end
    text: Le paso con un asesor.
  - id: ir_queja
    type: ask
    text: Cuente qué pasó.
    var: descripcion
    prefill: motivo
    prefilled: "Anoté: {{descripcion}}"
  - id: confirmar
    type: menu
    text: ¿Radico la queja?
    options:
      - label: Sí
        aliases: [si]
        next: radicada
      - label: "No"
        next: menu
  - id: radicada
    type: end
    text: "Queja radicada: {{descripcion}}"
  - id: ir_consulta
    type: ask
    text: Escriba el radicado.
    var: radicado
    prefill: numero
  - id: consultado
    type: end
    text: "Consultando {{radicado}}."
`,
};

type Lookup = (args: Record<string, JsonValue>) => JsonValue;

const answers: Record<string, JsonValue> = {
  predial: {
    found: true,
    kind: 'answer',
    id: 'predial-pago',
    title: 'Pago del predial',
    answer: 'El predial se paga por PSE.',
  },
  certificado: {
    found: true,
    kind: 'clarify',
    options: [
      { id: 'cert-residencia', title: 'Certificado de residencia' },
      { id: 'cert-estrato', title: 'Certificado de estrato' },
    ],
  },
  pasaporte: { found: false, kind: 'unknown', reason: 'smalltalk', redirect: 'la Cancillería' },
  hola: { found: false, kind: 'unknown', reason: 'smalltalk' },
};

const fakeKb: Lookup = (args) => {
  if (typeof args.id === 'string')
    return { found: true, kind: 'answer', id: args.id, title: args.id, answer: `Respuesta de ${args.id}.` };
  const q = String(args.question).toLowerCase();
  if (q.startsWith('y cuanto'))
    return {
      found: true,
      kind: 'answer',
      id: String(args.previous),
      title: '',
      answer: 'Sobre eso: no tiene costo.',
      followUp: true,
    };
  const key = Object.keys(answers).find((k) => q.includes(k));
  return key ? (answers[key] as JsonValue) : { found: false, kind: 'unknown', reason: 'low-confidence' };
};

const chatWith = (kb: Lookup = fakeKb) => scriptedChat(bundleOf(flows), { 'kb.lookup': kb });

describe('the understanding step at a menu', () => {
  it('takes an option typed with a typo', async () => {
    const chat = await chatWith().start();
    await chat.send('horaros y sedes');
    chat.expectReply('Atendemos de 8 a 5.');
    expect(chat.calls).toEqual([]);
  });

  it('answers a knowledge question and asks the same question again, without spending an attempt', async () => {
    const chat = await chatWith().start();
    await chat.send('como pago el predial');
    expect(chat.texts).toEqual(['El predial se paga por PSE.', 'Sigamos: ¿Qué necesita?']);
    expect(chat.options.map((o) => o.label)).toEqual(['Horarios y sedes', 'Radicar una queja']);
    expect(chat.at).toBe('main/menu');
    // Two questions it cannot answer are the two attempts: the first retries, the second gives up (onInvalid).
    await chat.send('como pago el predial');
    await chat.send('algo rarísimo');
    chat.expectReply('No le entendí.');
    await chat.send('otra cosa rarísima');
    chat.expectReply('Le paso con un asesor.');
  });

  it('understands a follow-up against the entry just given', async () => {
    const chat = await chatWith().start();
    await chat.send('como pago el predial');
    await chat.send('y cuanto vale?');
    expect(chat.calls).toEqual([
      { action: 'kb.lookup', args: { question: 'y cuanto vale?', previous: 'predial-pago' } },
    ]);
    expect(chat.texts).toEqual(['Sobre eso: no tiene costo.', 'Sigamos: ¿Qué necesita?']);
  });

  it('asks which entry when several fit, shows the one picked, then goes back to the question', async () => {
    const chat = await chatWith().start();
    await chat.send('necesito un certificado');
    chat.expectReply('Encontré varias respuestas parecidas. ¿Cuál de estas busca?');
    expect(chat.options.map((o) => o.label)).toEqual([
      'Certificado de residencia',
      'Certificado de estrato',
      'Ninguna de estas',
    ]);
    await chat.send('el de estrato');
    expect(chat.calls).toEqual([
      { action: 'kb.lookup', args: { question: 'necesito un certificado', id: 'cert-estrato' } },
    ]);
    expect(chat.texts).toEqual(['Respuesta de cert-estrato.', 'Sigamos: ¿Qué necesita?']);
  });

  it('"Ninguna de estas" goes back to the question; anything else is understood afresh', async () => {
    const chat = await chatWith().start();
    await chat.send('necesito un certificado');
    await chat.send('ninguna');
    expect(chat.texts).toEqual(['Sigamos: ¿Qué necesita?']);
    await chat.send('necesito un certificado');
    await chat.send('horarios');
    chat.expectReply('Atendemos de 8 a 5.');
  });

  it('names the entity that handles what another entity does, then asks again', async () => {
    const chat = await chatWith().start();
    await chat.send('como saco el pasaporte');
    expect(chat.texts).toEqual(['No tengo esa información: eso lo atiende la Cancillería.', 'Sigamos: ¿Qué necesita?']);
  });

  it('a long message that only mentions an option is answered when the knowledge base can, and takes the option when not', async () => {
    const known = await chatWith().start();
    await known.send('cual es la direccion para pagar el predial en persona');
    known.expectReply('El predial se paga por PSE.');
    const unknown = await chatWith().start();
    await unknown.send('cual es la direccion de ustedes aca en el pueblo');
    unknown.expectReply('Atendemos de 8 a 5.');
  });

  it('without a knowledge base action, a message it cannot place gets the retry as before', async () => {
    const chat = await scriptedChat(bundleOf(flows), {}).start();
    await chat.send('como pago el predial');
    chat.expectReply('No le entendí.');
  });
});

describe('intents', () => {
  it('starts the intent with what the message says, and the ask takes it without asking', async () => {
    const chat = await chatWith().start();
    await chat.send('quiero poner una queja porque el funcionario me grito en la ventanilla');
    chat
      .expectReply('Anoté: quiero poner una queja porque el funcionario me grito en la ventanilla')
      .expectNoReply('Cuente qué pasó.');
    expect(chat.at).toBe('main/confirmar');
  });

  it('asks when the message says nothing beyond the intent, and asks again after going back', async () => {
    const chat = await chatWith().start();
    await chat.send('quiero poner una queja');
    chat.expectReply('Cuente qué pasó.');
    await chat.send('Me atendieron tarde');
    await chat.send('No');
    await chat.send('Radicar una queja');
    chat.expectReply('Cuente qué pasó.');
  });

  it('a pattern slot with trigger recognises the intent on its own and fills the slot', async () => {
    const chat = await chatWith().start();
    await chat.send('buenas, PQRSD-2026-000123 porfa');
    chat.expectReply('Consultando PQRSD-2026-000123.');
  });

  it('a command clears slots an intent left behind, so they never prefill a later question', async () => {
    const chat = await chatWith().start();
    await chat.send('quiero poner una queja porque el funcionario me grito en la ventanilla');
    await chat.send('menú');
    await chat.send('Radicar una queja');
    chat.expectReply('Cuente qué pasó.');
  });

  it('a greeting or a trámite question is not an intent', () => {
    const { intents } = bundleOf(flows);
    expect(intents.recognise('hola buenas tardes')).toBeNull();
    expect(intents.recognise('como pago el impuesto predial')).toBeNull();
    expect(intents.recognise('me atendieron mal, quiero poner una queja')?.name).toBe('queja');
  });
});

describe('the first message of a conversation', () => {
  it('is answered after the greeting, and the question follows', async () => {
    const chat = chatWith();
    await chat.send('como pago el predial');
    expect(chat.texts).toEqual(['Bienvenido.', 'El predial se paga por PSE.', '¿Qué necesita?']);
  });

  it('a greeting gets the greeting and the question only; a number is not an option yet', async () => {
    const hello = chatWith();
    await hello.send('hola');
    expect(hello.texts).toEqual(['Bienvenido.', '¿Qué necesita?']);
    const number = chatWith();
    await number.send('2');
    expect(number.calls).toEqual([{ action: 'kb.lookup', args: { question: '2' } }]);
    expect(number.texts).toEqual([
      'Bienvenido.',
      'No encontré información sobre eso y no quiero darle una respuesta equivocada.',
      '¿Qué necesita?',
    ]);
  });

  it('starts an intent', async () => {
    const chat = chatWith();
    await chat.send('quiero poner una queja porque el funcionario me grito en la ventanilla');
    expect(chat.texts).toEqual([
      'Bienvenido.',
      'Anoté: quiero poner una queja porque el funcionario me grito en la ventanilla',
      '¿Radico la queja?',
    ]);
  });
});

describe('flows check on intents', () => {
  it('reports a missing target and an invalid pattern at their lines', () => {
    const r = compile({
      'bot.yaml': `${testBot}
intents:
  rota:
    examples: [uno dos, tres cuatro, cinco seis]
    goto: { flow: nada }
    slots:
      x:
        pattern: "(sin cerrar"
`,
      'main.yaml': flows['main.yaml'],
    });
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors.map(formatFlowError);
    expect(errors.some((e) => /bot\.yaml:\d+:\d+ .*En la intención "rota": el flujo "nada" no existe/.test(e))).toBe(
      true,
    );
    expect(errors.some((e) => /bot\.yaml:\d+:\d+ .*el patrón de "x" no es una expresión regular válida/.test(e))).toBe(
      true,
    );
  });
});
