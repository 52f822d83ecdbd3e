import { afterEach, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.js';
import { startDemoHarness, type ChatScript, type Harness } from './harness.js';

/**
 * Citizens type instead of tapping (issue: "Citizens are understood wherever they type"). The demo entity's real
 * flows, intents and knowledge base, through the real pipeline and database.
 */
describe.each(testProviders)('understanding what citizens type, on %s', (provider) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function start(): Promise<Harness> {
    h = await startDemoHarness(provider);
    return h;
  }

  const texts = (chat: ChatScript): string[] => chat.replies().map((m) => m.text);

  it('answers a question typed at the main menu, then offers the menu again', async () => {
    const chat = (await start()).chat();
    await chat.send('hola');
    chat.expectEventually(/¿En qué le puedo ayudar\?/);
    await chat.send('como pago el impuesto de la casa');
    chat.expectReply(/^Puede pagar el impuesto predial en línea por PSE/);
    // Five options do not fit the fake channel's three buttons: numbered text, which says to answer by number.
    const menu = chat.expectReply(/^Sigamos: ¿En qué le puedo ayudar\?/);
    expect(menu.text).toContain('2. Radicar una PQRSD');
    expect(menu.text).toContain('Responda con el número de la opción.');
    chat.expectNoMoreReplies();
  });

  it('answers the first message after the greeting and the data notice, instead of swallowing it', async () => {
    const chat = (await start()).chat();
    await chat.send('como pago el impuesto de la casa');
    chat.expectReply(/^¡Hola! Soy A\.V\.A/);
    chat.expectReply(/Ley 1581 de 2012/);
    chat.expectReply(/^Puede pagar el impuesto predial en línea por PSE/);
    const menu = chat.expectReply(/^¿En qué le puedo ayudar\?/);
    expect(menu.text).toContain('5. Hablar con un asesor');
    chat.expectNoMoreReplies();
  });

  it('a first question about office hours is answered, not taken for "hablar con alguien que me atienda"', async () => {
    const chat = (await start()).chat();
    await chat.send('a que horas atienden en la alcaldia');
    // The office-hours entry, its facts filled in from entity.yaml.
    chat.expectEventually(
      /La sede principal es el Palacio Municipal, en Carrera 5 n\.º 10-20.*de lunes a viernes de 7:30 a\. m\./,
    );
    expect(texts(chat).join('\n')).not.toMatch(/Voy a comunicarle con un asesor/);
  });

  it('a first message that is only a greeting gets the greeting and the menu, with no "no sé"', async () => {
    const chat = (await start()).chat();
    await chat.send('buenas tardes');
    const all = texts(chat);
    expect(all.at(-1)).toMatch(/^¿En qué le puedo ayudar\?/);
    expect(all.join('\n')).not.toMatch(/No encontré|No le entendí/);
  });

  it('starts the PQRSD as a queja with the description already given, and files it with that description', async () => {
    const harness = await start();
    const chat = harness.chat();
    await chat.send('hola');
    await chat.send('quiero poner una queja porque no hay alumbrado en mi barrio');
    chat.expectEventually(/Le ayudo a radicar su solicitud/);
    chat.expectReply(/^Tipo de solicitud: Queja\./);
    expect(texts(chat).join('\n')).not.toMatch(/¿Qué quiere presentar\?/);
    chat.expectEventually(/¿Acepta que la Alcaldía use sus datos/);
    await chat.send('Sí, acepto');
    await chat.send('A mi nombre');
    await chat.send('Marta Ruiz');
    await chat.send('52.123.456');
    await chat.send('omitir');
    await chat.send('omitir');
    await chat.send('omitir');
    await chat.send('omitir');
    chat.expectEventually(/¿de qué se trata\?/);
    await chat.send('Alumbrado público');
    chat.expectReply(
      /^Como descripción tomo lo que me escribió: «quiero poner una queja porque no hay alumbrado en mi barrio»/,
    );
    expect(texts(chat).join('\n')).not.toMatch(/Escriba todo en un solo mensaje/);
    chat.expectEventually(/fotos o documentos/);
    await chat.send('no');
    chat.expectEventually(/¿Está todo bien\?/);
    await chat.send('Sí, radicar');
    chat.expectEventually(/con el número PQRSD-/);
    const filed = await harness.database.prisma.pqrsdCase.findFirstOrThrow({ where: { entityId: harness.entityId } });
    expect(filed.type).toBe('queja');
    expect(filed.description).toContain('no hay alumbrado en mi barrio');
  });

  it('looks up "consultar el radicado PQRSD-2026-000123" without asking for the number again', async () => {
    const chat = (await start()).chat();
    await chat.send('hola');
    chat.expectEventually(/¿En qué le puedo ayudar\?/);
    await chat.send('consultar el radicado PQRSD-2026-000123');
    chat.expectReply(/^Consulto el radicado PQRSD-2026-000123\./);
    chat.expectReply(/^¿Cómo presentó la solicitud\?/);
    expect(texts(chat).join('\n')).not.toMatch(/Escriba el número de radicado/);
  });

  it('takes "¿cómo va mi queja?" for following up a filed PQRSD, not for filing a new one', async () => {
    const chat = (await start()).chat();
    await chat.send('hola');
    chat.expectEventually(/¿En qué le puedo ayudar\?/);
    await chat.send('¿cómo va mi queja?');
    chat.expectEventually(/^Escriba el número de radicado que le dimos/);
    expect(texts(chat).join('\n')).not.toMatch(/Le ayudo a radicar su solicitud|¿Qué quiere presentar\?/);
  });

  it('answers a question typed at a yes/no step of a form, then asks that step again', async () => {
    const chat = (await start()).chat();
    await chat.send('hola');
    await chat.send('2');
    await chat.send('peticion');
    chat.expectEventually(/¿Acepta que la Alcaldía use sus datos/);
    await chat.send('como pago el impuesto de la casa');
    chat.expectReply(/^Puede pagar el impuesto predial/);
    const again = chat.expectReply(/^Sigamos: ¿Acepta que la Alcaldía use sus datos/);
    expect(again.options.map((o) => o.label)).toEqual(['Sí, acepto', 'No acepto']);
    await chat.send('si acepto');
    chat.expectEventually(/¿A nombre de quién presenta/);
  });

  it('keeps free text typed at a description step as the answer, even when it reads like a question', async () => {
    const harness = await start();
    const chat = harness.chat();
    await chat.send('hola');
    await chat.send('2');
    await chat.send('peticion');
    await chat.send('Sí, acepto');
    await chat.send('A mi nombre');
    await chat.send('Marta Ruiz');
    await chat.send('52.123.456');
    for (let i = 0; i < 4; i++) await chat.send('omitir');
    await chat.send('Pago del predial');
    chat.expectEventually(/Escriba todo en un solo mensaje/);
    await chat.send('como pago el impuesto de la casa si el banco no me recibe la factura');
    const next = texts(chat).join('\n');
    expect(next).not.toMatch(/Puede pagar el impuesto predial/);
    expect(next).toMatch(/fotos o documentos/);
  });

  it('"No, volver al menú" after an answer goes back to the menu, not to a survey', async () => {
    const chat = (await start()).chat();
    await chat.send('hola');
    await chat.send('tramites');
    await chat.send('como pago el impuesto de la casa');
    await chat.send('si');
    chat.expectEventually(/¿Quiere hacer otra pregunta/);
    await chat.send('No, volver al menú');
    chat.expectReply(/^¿En qué le puedo ayudar\?/);
    chat.expectNoMoreReplies();
  });

  it("asks for a person in the citizen's own words", async () => {
    const chat = (await start()).chat();
    await chat.send('hola');
    await chat.send('necesito hablar con una persona');
    chat.expectEventually(/Voy a comunicarle con un asesor/);
  });
});
