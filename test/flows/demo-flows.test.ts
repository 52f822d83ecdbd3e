import { describe, expect, it } from 'vitest';
import { builtInActionCatalog } from '../../src/flows/action-catalog.js';
import { formatFlowError } from '../../src/flows/flow-error.js';
import type { JsonValue } from '../../src/flows/json-value.js';
import { loadFlowBundle } from '../../src/flows/load-flow-bundle.js';
import { scriptedChat } from './scripted-chat.js';

const catalog = builtInActionCatalog();

async function demo() {
  const r = await loadFlowBundle('flows', { actions: catalog });
  if (!r.ok) expect.fail(r.errors.map(formatFlowError).join('\n'));
  return r;
}

describe('demo flows in flows/', () => {
  it('load with no errors and no warnings using the five built-in actions', async () => {
    const r = await demo();
    expect(r.warnings.map(formatFlowError)).toEqual([]);
    expect([...r.bundle.flows.keys()].sort()).toEqual(['asesor', 'horarios', 'pqrsd', 'principal', 'radicado', 'tramites']);
  });

  it('greets, shows the data notice and the five-option menu', async () => {
    const { bundle } = await demo();
    const chat = scriptedChat(bundle);
    await chat.send('hola');
    chat.expectReply(/Soy A\.V\.A/).expectReply(/Ley 1581 de 2012/).expectReply(/¿En qué le puedo ayudar\?/);
    expect(chat.options.map((o) => o.label)).toEqual([
      'Consultar trámites y servicios',
      'Radicar una PQRSD',
      'Consultar un radicado',
      'Horarios y sedes',
      'Hablar con un asesor',
    ]);
  });

  it('files a PQRSD end to end and shows the radicado and due date', async () => {
    const { bundle } = await demo();
    const chat = scriptedChat(bundle, {
      'case.create': (args) => {
        expect(args).toMatchObject({ tipo: 'queja', nombre: 'Ana Pérez', documento: { tipo: 'CC', numero: '1023456789' }, correo: null });
        return { radicado: '2025-000123', vence: '31/03/2025' };
      },
    });
    await chat.send('hola');
    await chat.send('2');
    chat.expectReply(/¿Qué quiere presentar\?/);
    await chat.send('queja');
    chat.expectReply(/¿Nos autoriza/);
    await chat.send('si');
    await chat.send('Ana Pérez');
    expect(chat.contact.name).toBe('Ana Pérez');
    await chat.send('1.023.456.789');
    await chat.send('no tengo');
    await chat.send('El alumbrado de la calle 3 está dañado hace un mes.');
    chat.expectReply(/Documento: CC 1023456789/);
    await chat.send('1');
    chat.expectReply('2025-000123').expectReply('31/03/2025').expectReply(/algo más/);
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

  it('answers from the knowledge base and takes the "no sé" path', async () => {
    const { bundle } = await demo();
    const chat = scriptedChat(bundle, {
      'kb.lookup': (args): JsonValue =>
        String(args.question).includes('residencia') ? { found: true, answer: 'Se pide en la Secretaría de Gobierno.' } : { found: false },
    });
    await chat.send('hola');
    await chat.send('tramites');
    await chat.send('¿cómo saco el certificado de residencia?');
    chat.expectReply('Secretaría de Gobierno');
    await chat.send('si');
    await chat.send('algo rarísimo');
    chat.expectReply(/No encontré información/);
  });

  it('consults a radicado', async () => {
    const { bundle } = await demo();
    const chat = scriptedChat(bundle, {
      'case.status': () => ({ radicado: '2025-000123', estado: 'en trámite', vence: '31/03/2025' }),
    });
    await chat.send('hola');
    await chat.send('consultar un radicado');
    await chat.send('2025-000123');
    await chat.send('CC 1023456789');
    chat.expectReply('Radicado 2025-000123: en trámite.');
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
