import { describe, expect, it } from 'vitest';
import { actionCatalog } from '../../src/actions/create-actions.js';
import { formatFlowError } from '../../src/lib/flow-error.js';
import type { JsonValue } from '../../src/lib/json-value.js';
import { loadFlowBundle } from '../../src/flows/load-flow-bundle.js';
import { loadEntityFacts } from '../../src/entities/load-entity-facts.js';
import { scriptedChat } from './scripted-chat.js';

// The catalog `ventanilla flows check` uses: every action the services register (consent.record included), with the
// argument schemas, so the demo flows are checked as the server loads them.
const catalog = actionCatalog();

async function demo() {
  const r = await loadFlowBundle('flows', { actions: catalog, entityFacts: loadEntityFacts });
  if (!r.ok) expect.fail(r.errors.map(formatFlowError).join('\n'));
  return r;
}

describe('demo flows in flows/', () => {
  it('load with no errors and no warnings using the registered actions', async () => {
    const r = await demo();
    expect(r.warnings.map(formatFlowError)).toEqual([]);
    expect([...r.bundle.flows.keys()].sort()).toEqual([
      'asesor',
      'encuesta',
      'horarios',
      'pqrsd',
      'principal',
      'radicado',
      'tramites',
    ]);
  });

  it('greets, shows the data notice and the five-option menu', async () => {
    const { bundle } = await demo();
    const chat = scriptedChat(bundle);
    await chat.send('hola');
    chat
      .expectReply(/Soy A\.V\.A/)
      .expectReply(/Ley 1581 de 2012/)
      .expectReply(/¿En qué le puedo ayudar\?/);
    expect(chat.options.map((o) => o.label)).toEqual([
      'Consultar trámites y servicios',
      'Radicar una PQRSD',
      'Consultar un radicado',
      'Horarios y sedes',
      'Hablar con un asesor',
    ]);
  });

  it('files a PQRSD end to end: the data notice and consent first, then the data, the radicado and due date', async () => {
    const { bundle } = await demo();
    const chat = scriptedChat(bundle, {
      'consent.record': (args) => {
        // The flow names no policy version: the one in force is read from entity.yaml only (Ley 1581 art. 9).
        expect(args.version).toBeUndefined();
        expect(String(args.aviso)).toMatch(/Ley 1581 de 2012/);
        return { aceptado: true, version: '2026-02' };
      },
      'case.create': (args) => {
        expect(args).toMatchObject({
          tipo: 'queja',
          solicitante: 'natural',
          nombre: 'Ana Pérez',
          documento: { tipo: 'CC', numero: '1023456789' },
          respuestaPor: 'canal',
        });
        expect(args.correo).toBeUndefined();
        return {
          radicado: 'PQRSD-2025-000123',
          vence: 'lunes 31 de marzo de 2025',
          venceFecha: '2025-03-31',
          dias: 15,
        };
      },
    });
    await chat.send('hola');
    await chat.send('2');
    chat.expectReply(/¿Qué quiere presentar\?/);
    await chat.send('queja');
    chat.expectReply(/Ley 1581 de 2012/).expectReply(/¿Acepta que la Alcaldía use sus datos/);
    expect(chat.calls).toEqual([]);
    await chat.send('si');
    expect(chat.calls.map((c) => c.action)).toEqual(['consent.record']);
    chat.expectReply(/¿A nombre de quién presenta la solicitud\?/);
    await chat.send('1');
    await chat.send('Ana Pérez');
    expect(chat.contact.name).toBe('Ana Pérez');
    await chat.send('1.023.456.789');
    await chat.send('omitir');
    await chat.send('no tengo');
    await chat.send('omitir');
    await chat.send('omitir');
    await chat.send('Alumbrado dañado');
    await chat.send('El alumbrado de la calle 3 está dañado hace un mes.');
    chat.expectReply(/Documento: CC 1023456789/);
    await chat.send('1');
    chat.expectReply('PQRSD-2025-000123').expectReply('lunes 31 de marzo de 2025');
    chat.expectReply(/¿Quiere contarnos si pertenece a alguno de estos grupos/);
    await chat.send('Omitir');
    expect(chat.calls).toEqual([]);
    chat.expectReply(/algo más/);
    await chat.send('no');
    chat.expectEnded('completed');
  });

  it('greets a returning citizen by name', async () => {
    const { bundle } = await demo();
    const chat = scriptedChat(bundle);
    chat.contact.name = 'Ana';
    await chat.start();
    chat.expectReply('¡Hola de nuevo, Ana!');
  });

  const residencia: JsonValue = {
    found: true,
    kind: 'answer',
    id: 'certificado-residencia',
    title: 'Certificado de residencia',
    answer: 'Se pide en la Secretaría de Gobierno.',
    links: [],
    alternatives: [{ id: 'certificado-estratificacion', title: 'Certificado de estratificación' }],
  };
  const estratificacion: JsonValue = {
    found: true,
    kind: 'answer',
    id: 'certificado-estratificacion',
    title: 'Certificado de estratificación',
    answer: 'Lo expide Planeación.',
    links: [],
    alternatives: [],
  };

  /** kb.lookup as the knowledge service answers: by id when the citizen picked one, else by the question. */
  function fakeKb(args: Record<string, JsonValue>): JsonValue {
    if (args.id === 'certificado-estratificacion') return estratificacion;
    if (args.id === 'certificado-residencia') return residencia;
    const q = String(args.question);
    if (q.includes('residencia')) return residencia;
    if (q.includes('certificado')) {
      return {
        found: true,
        kind: 'clarify',
        options: [
          { id: 'certificado-residencia', title: 'Certificado de residencia' },
          { id: 'certificado-estratificacion', title: 'Certificado de estratificación' },
        ],
      };
    }
    if (q.includes('pasaporte')) {
      return { found: false, kind: 'unknown', reason: 'smalltalk', redirect: 'la Cancillería o Migración Colombia' };
    }
    return { found: false, kind: 'unknown', reason: 'low-confidence' };
  }

  async function askTramite(question: string, feedback: JsonValue = { recorded: true }) {
    const { bundle } = await demo();
    const chat = scriptedChat(bundle, { 'kb.lookup': fakeKb, 'kb.feedback': () => feedback });
    await chat.send('hola');
    await chat.send('tramites');
    await chat.send(question);
    return chat;
  }

  it('answers from the knowledge base and asks whether it helped', async () => {
    const chat = await askTramite('¿cómo saco el certificado de residencia?');
    chat.expectReply('Secretaría de Gobierno').expectReply('¿Le sirvió esta respuesta?');
    expect(chat.options.map((o) => o.label)).toEqual(['Sí', 'No']);
    await chat.send('si');
    chat.expectReply(/otra pregunta/);
    expect(chat.calls).toEqual([]);
    await chat.send('si');
    await chat.send('algo rarísimo');
    chat.expectReply(/no encontré información/);
  });

  it('on "No" records the feedback and offers the other candidates, a PQRSD or an advisor', async () => {
    const chat = await askTramite('¿cómo saco el certificado de residencia?');
    await chat.send('no');
    expect(chat.calls[0]).toEqual({
      action: 'kb.feedback',
      args: { id: 'certificado-residencia', helpful: false, question: '¿cómo saco el certificado de residencia?' },
    });
    chat.expectReply(/Tal vez le sirva una de estas respuestas/);
    expect(chat.options).toEqual([
      { label: 'Certificado de estratificación', value: 'certificado-estratificacion' },
      { label: 'Preguntar de otra forma', value: 'otra pregunta' },
      { label: 'Radicar una PQRSD', value: 'radicar pqrsd' },
      { label: 'Hablar con un asesor', value: 'hablar con asesor' },
    ]);
    await chat.tap('certificado-estratificacion');
    expect(chat.calls[0]).toEqual({
      action: 'kb.lookup',
      args: { id: 'certificado-estratificacion', question: '¿cómo saco el certificado de residencia?' },
    });
    chat.expectReply('Lo expide Planeación.').expectReply('¿Le sirvió esta respuesta?');
    await chat.send('no');
    expect(chat.calls[0]?.action).toBe('kb.feedback');
    chat.expectReply(/No tengo otra respuesta/);
    expect(chat.options.map((o) => o.label)).toEqual([
      'Preguntar de otra forma',
      'Radicar una PQRSD',
      'Hablar con un asesor',
      'Volver al menú',
    ]);
  });

  it('after "No", "Preguntar de otra forma" asks for the question again, and a failed feedback does not block', async () => {
    const { bundle } = await demo();
    const chat = scriptedChat(bundle, {
      'kb.lookup': fakeKb,
      'kb.feedback': () => {
        throw new Error('database down');
      },
    });
    await chat.send('hola');
    await chat.send('tramites');
    await chat.send('certificado de residencia');
    await chat.send('no');
    chat.expectReply(/Tal vez le sirva/);
    await chat.send('preguntar de otra forma');
    chat.expectReply(/Escriba su pregunta/);
  });

  it('asks which one when two entries are as likely, with buttons', async () => {
    const chat = await askTramite('necesito un certificado');
    chat.expectReply('Encontré varias respuestas parecidas. ¿Cuál de estas busca?');
    expect(chat.options.map((o) => o.label)).toEqual([
      'Certificado de residencia',
      'Certificado de estratificación',
      'Ninguna de estas',
    ]);
    await chat.send('2');
    chat.expectReply('Lo expide Planeación.');
    await chat.send('si');
    chat.expectReply(/otra pregunta/);

    const none = await askTramite('necesito un certificado');
    await none.send('ninguna de estas');
    none.expectReply('¿Qué quiere hacer?');
  });

  it('says honestly it does not know and offers another wording, a PQRSD, an advisor or the menu', async () => {
    const chat = await askTramite('¿a qué hora juega la selección?');
    chat.expectReply(/no encontré información sobre eso/);
    expect(chat.options.map((o) => o.label)).toEqual([
      'Preguntar de otra forma',
      'Radicar una PQRSD',
      'Hablar con un asesor',
      'Volver al menú',
    ]);
    await chat.send('2');
    chat.expectReply(/¿Qué quiere presentar\?/);

    const redirect = await askTramite('¿dónde saco el pasaporte?');
    redirect.expectReply('ese trámite lo atiende la Cancillería o Migración Colombia');
    await redirect.send('4');
    redirect.expectReply(/algo más/);
  });

  it('consults a radicado', async () => {
    const { bundle } = await demo();
    const chat = scriptedChat(bundle, {
      'case.status': () => ({
        found: true,
        radicado: '2025-000123',
        tipo: 'Queja',
        estado: 'En trámite',
        vence: 'lunes 31 de marzo de 2025',
        dependencia: null,
        respuesta: null,
      }),
    });
    await chat.send('hola');
    await chat.send('consultar un radicado');
    await chat.send('2025-000123');
    await chat.send('con mi documento');
    await chat.send('CC 1023456789');
    chat.expectReply('Radicado 2025-000123 (Queja)').expectReply('Estado: En trámite.');
    expect(chat.calls[0]?.args).toEqual({ radicado: '2025-000123', documento: { tipo: 'CC', numero: '1023456789' } });
  });

  it('shows offices and hours, and hands off to an advisor', async () => {
    const { bundle } = await demo();
    const chat = scriptedChat(bundle, { 'handoff.request': () => ({ position: 2 }) });
    await chat.send('hola');
    await chat.send('4');
    chat.expectReply(/Palacio Municipal/).expectReply(/algo más/);
    await chat.send('hablar con una persona');
    chat.expectReply(/Ya está en la fila/).expectEnded('completed');
  });
});
