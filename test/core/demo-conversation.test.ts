import { afterEach, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.js';
import { startDemoHarness, type Harness } from './harness.js';

// The demo entity's real flows and real actions (knowledge base seeded from flows/knowledge), through the pipeline.
describe.each(testProviders)('the demo assistant on %s', (provider) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function start(): Promise<Harness> {
    h = await startDemoHarness(provider);
    return h;
  }

  it('answers a colloquial trámite question from the knowledge base and asks whether it helped', async () => {
    const harness = await start();
    const chat = harness.chat();
    await chat.send('hola');
    chat.expectEventually(/¿En qué le puedo ayudar\?/);
    await chat.send('1');
    chat.expectReply(/Escriba su pregunta/);
    await chat.send('como pago el impuesto de la casa');
    const answer = chat.expectReply(/^Puede pagar el impuesto predial en línea por PSE/);
    // The entity's facts are filled in and the steps follow the answer as a numbered list.
    expect(answer.text).not.toContain('{{');
    expect(answer.text).toMatch(
      /Taquillas de la Secretaría de Hacienda\. Sin recargo[\s\S]*\n\n1\. Tenga a mano la factura[^\n]*\n2\. Pague en https:\/\/www\.sanisidrodelrio\.gov\.co\/predial o en un banco[^\n]*\n3\. Si prefiere ir en persona: Carrera 5 n\.º 10-20, primer piso del Palacio Municipal\.$/,
    );
    chat.expectReply(/^¿Le sirvió esta respuesta\?/);
  });

  it('says honestly it does not know an out-of-scope question, offers a way forward, and records the miss', async () => {
    const harness = await start();
    const chat = harness.chat();
    await chat.send('hola');
    await chat.send('1');
    await chat.send('quien gano el partido de futbol ayer');
    chat.expectEventually(/^Lo siento, no encontré información sobre eso\./);
    const wayForward = chat
      .replies()
      .map((m) => m.text)
      .join('\n');
    expect(wayForward).toMatch(/Radicar una PQRSD/);
    expect(wayForward).toMatch(/Hablar con un asesor/);
    const misses = await harness.database.prisma.unansweredQuestion.findMany({ where: { entityId: harness.entityId } });
    expect(misses.map((m) => m.count)).toEqual([1]);
  });
});
