import { afterEach, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.js';
import { SurveyWorld } from './survey-world.js';

const scores = (answers: { questionId: string; value: string; score: number | null }[]) =>
  Object.fromEntries(answers.map((a) => [a.questionId, { value: a.value, score: a.score }]));

describe.each(testProviders)('satisfaction surveys in the running runtime on %s', (provider) => {
  let world: SurveyWorld;
  afterEach(async () => world.close());

  it('after an agent closes, the citizen gets the survey; every answer is stored with its score, linked to agent and handoff', async () => {
    world = await SurveyWorld.open(provider);
    const ana = await world.agent('Ana Rojas');
    const handoff = await world.attendedAndClosed('c1', ana);
    expect(world.last('c1').text).toMatch(/^El asesor terminó la conversación/);

    await world.runTimers();
    const [intro, first] = world.sent('c1').slice(-2);
    expect(intro?.text).toMatch(/^¿Nos ayuda a mejorar\? Son 4 preguntas cortas sobre la atención que recibió/);
    expect(first?.text).toBe('En general, ¿qué tan satisfecho está con la atención que recibió?');
    expect(first?.options.map((o) => o.label)).toEqual([
      '1 - Muy malo',
      '2 - Malo',
      '3 - Regular',
      '4 - Bueno',
      '5 - Muy bueno',
      'Omitir encuesta',
    ]);

    expect(await world.tap('c1', '4 - Bueno')).toEqual(['¿Se resolvió su solicitud?']);
    expect(world.last('c1').options.map((o) => o.label)).toEqual(['Sí', 'No', 'Omitir encuesta']);
    // Typed answers work as well as buttons: "si" picks "Sí", "5" picks "5 - Muy bueno".
    expect(await world.say('c1', 'si')).toEqual(['¿Cómo fue el trato que le dio el asesor?']);
    expect(await world.say('c1', '5')).toEqual([
      '¿Quiere dejarnos un comentario o una sugerencia?\nSi no quiere escribir nada, responda "no".',
    ]);
    expect(await world.say('c1', 'La funcionaria fue muy amable, pero la fila del SISBÉN es larga')).toEqual([
      '¡Gracias por sus respuestas! Nos ayudan a mejorar el servicio.',
    ]);

    const [run] = await world.runs();
    const conversation = await world.prisma.conversation.findUniqueOrThrow({ where: { id: run!.conversationId! } });
    expect(run).toMatchObject({
      surveyId: 'atencion_asesor',
      trigger: 'agent_close',
      status: 'answered',
      channel: 'fake',
      handoffId: handoff.id,
      agentId: ana.id,
      caseId: null,
      contactId: handoff.contactId,
      entityId: world.entityId,
    });
    expect(run!.finishedAt).not.toBeNull();
    // The survey ran in the bot conversation that followed the agent's, which ends with it.
    expect(conversation).toMatchObject({ contactId: handoff.contactId, status: 'closed' });
    expect(scores(run!.answers)).toEqual({
      satisfaccion: { value: '4', score: 4 },
      resuelto: { value: 'si', score: 1 },
      trato: { value: '5', score: 5 },
      comentario: { value: 'La funcionaria fue muy amable, pero la fila del SISBÉN es larga', score: null },
    });
    expect(run!.answers.every((a) => a.entityId === world.entityId)).toBe(true);
    // Answered: no reminder or expiry is left waiting.
    expect(await world.prisma.scheduledJob.count({ where: { kind: 'survey.timer' } })).toBe(0);

    // Free comments are searchable, ignoring case and accents.
    const found = await world.surveys.search('sisben');
    expect(found).toEqual([
      expect.objectContaining({ runId: run!.id, questionId: 'comentario', agentId: ana.id, channel: 'fake' }),
    ]);
    expect(await world.surveys.search('pésimo')).toEqual([]);

    // Back to normal: the next message starts a fresh conversation with the bot.
    expect((await world.say('c1', 'hola')).join('\n')).toMatch(/Soy A\.V\.A/);
  });

  it('after a case is answered, the survey about that answer follows the notice and is linked to the case', async () => {
    world = await SurveyWorld.open(provider);
    await world.say('c2', 'hola');
    const conversation = await world.prisma.conversation.findFirstOrThrow();
    await world.prisma.conversation.update({ where: { id: conversation.id }, data: { status: 'closed' } });
    const consent = await world.cases.recordConsent({ channel: 'fake', conversationId: conversation.id });
    const filed = await world.cases.file(
      { type: 'peticion', description: 'Arreglo del andén', requester: { name: 'Ana' } },
      { channel: 'fake', conversationId: conversation.id, consentId: consent.id },
    );
    const { staffActor } = await import('../../src/staff/staff-member.js');
    const gestor = staffActor({
      id: 'g1',
      entityId: world.entityId,
      name: 'Gestora',
      roles: ['gestor'],
      dependency: null,
    });
    await world.advance(60 * 24 * 5);
    await world.cases.answer(gestor, filed.radicado, { text: 'El andén se arregla la otra semana.' });
    await world.settle();
    expect(world.last('c2').text).toBe(
      `Respuesta a su solicitud ${filed.radicado}:\nEl andén se arregla la otra semana.`,
    );

    await world.runTimers();
    const texts = world.sent('c2').map((m) => m.text);
    expect(texts.at(-2)).toContain(`sobre la respuesta a su solicitud ${filed.radicado}`);
    expect(texts.at(-1)).toBe('En general, ¿qué tan satisfecho está con la respuesta que recibió?');
    // The opening words may travel as WhatsApp's approved «encuesta» template outside the 24-hour window.
    expect(world.sent('c2').at(-2)?.template).toEqual({
      purpose: 'encuesta',
      params: { encuesta: 'Respuesta a su solicitud', radicado: filed.radicado },
    });

    await world.tap('c2', '2 - Malo');
    await world.tap('c2', 'No');
    // "claridad" is optional: it can be skipped with a button, and is then not stored.
    expect(world.last('c2').options.map((o) => o.label)).toEqual([
      '1 - Nada clara',
      '2 - Poco clara',
      '3 - Normal',
      '4 - Clara',
      '5 - Muy clara',
      'Saltar pregunta',
      'Omitir encuesta',
    ]);
    await world.tap('c2', 'Saltar pregunta');
    expect(world.last('c2').text).toMatch(/^¿Quiere dejarnos un comentario/);
    expect(await world.say('c2', 'no')).toEqual(['¡Gracias por sus respuestas! Nos ayudan a mejorar el servicio.']);

    const [run] = await world.runs();
    expect(run).toMatchObject({
      trigger: 'case_answered',
      caseId: filed.id,
      surveyId: 'respuesta_pqrsd',
      status: 'answered',
      handoffId: null,
      agentId: null,
    });
    expect(scores(run!.answers)).toEqual({
      satisfaccion: { value: '2', score: 2 },
      resuelto: { value: 'no', score: 0 },
    });
  });

  it('"omitir" ends the survey at once and records it as skipped', async () => {
    world = await SurveyWorld.open(provider);
    await world.attendedAndClosed('c3', await world.agent('Ana Rojas'));
    await world.runTimers();
    expect(world.last('c3').options.at(-1)).toEqual({ label: 'Omitir encuesta', value: 'omitir' });
    expect(await world.say('c3', 'omitir')).toEqual(['Entendido, dejamos la encuesta. ¡Gracias!']);
    const [run] = await world.runs();
    expect(run).toMatchObject({ status: 'skipped', answers: [] });
    expect(run!.finishedAt).not.toBeNull();
    expect(await world.prisma.scheduledJob.count({ where: { kind: 'survey.timer' } })).toBe(0);

    // The same with the button, on a later survey (a week later, outside the interval).
    await world.advance(7 * 24 * 60);
    await world.attendedAndClosed('c3', await world.agent('Luis Peña'));
    await world.runTimers();
    await world.tap('c3', 'Omitir encuesta');
    expect((await world.runs()).map((r) => r.status)).toEqual(['skipped', 'skipped']);
  });

  it('a citizen is not surveyed twice inside the interval (7 days), and is again after it', async () => {
    world = await SurveyWorld.open(provider);
    const ana = await world.agent('Ana Rojas');
    await world.attendedAndClosed('c4', ana);
    await world.runTimers();
    await world.say('c4', 'omitir');
    expect(await world.runs()).toHaveLength(1);

    // Friday: three days later.
    await world.advance(3 * 24 * 60);
    await world.attendedAndClosed('c4', ana);
    const before = world.sent('c4').length;
    await world.runTimers();
    expect(world.sent('c4').slice(before)).toEqual([]);
    expect(await world.runs()).toHaveLength(1);

    // Tuesday: seven days after the first.
    await world.advance(4 * 24 * 60);
    await world.attendedAndClosed('c4', ana);
    await world.runTimers();
    expect(world.last('c4').text).toBe('En general, ¿qué tan satisfecho está con la atención que recibió?');
    expect(await world.runs()).toHaveLength(2);
  });

  it('the reminder and the expiry survive a restart: one reminder, then the survey expires', async () => {
    world = await SurveyWorld.open(provider);
    await world.attendedAndClosed('c5', await world.agent('Ana Rojas'));
    await world.runTimers();
    await world.tap('c5', '5 - Muy bueno');
    expect(world.last('c5').text).toBe('¿Se resolvió su solicitud?');

    // A new process: the timers are in the database.
    await world.stop();
    await world.start();
    await world.advance(4 * 60 + 1);
    const texts = world.sent('c5').map((m) => m.text);
    // The bot's idle timer closed the conversation; the reminder opens a new one and asks the pending question again.
    expect(texts.at(-2)).toBe('Le recordamos nuestra encuesta corta. Su opinión nos ayuda a mejorar.');
    expect(texts.at(-1)).toBe('¿Se resolvió su solicitud?');
    expect(world.last('c5').options.map((o) => o.label)).toEqual(['Sí', 'No', 'Omitir encuesta']);
    let [run] = await world.runs();
    expect(run).toMatchObject({ status: 'sent' });
    expect(run!.remindedAt).not.toBeNull();

    // No second reminder, ever; at 24 hours it expires.
    await world.stop();
    await world.start();
    const before = world.sent('c5').length;
    await world.advance(10 * 60);
    await world.advance(10 * 60);
    expect(
      world
        .sent('c5')
        .slice(before)
        .map((m) => m.text)
        .filter((t) => /recordamos/.test(t)),
    ).toEqual([]);
    [run] = await world.runs();
    expect(run).toMatchObject({ status: 'expired' });
    expect(scores(run!.answers)).toEqual({ satisfaccion: { value: '5', score: 5 } });

    expect(await world.prisma.scheduledJob.count({ where: { kind: 'survey.timer' } })).toBe(0);
  });

  it('the survey a bot conversation offers (at its end, after "No, gracias") starts in the same conversation', async () => {
    world = await SurveyWorld.open(provider);
    await world.say('c6', 'hola');
    await world.say('c6', '1');
    await world.say('c6', 'como pago el impuesto de la casa');
    expect(world.last('c6').text).toMatch(/^¿Le sirvió esta respuesta\?/);
    await world.say('c6', 'si');
    // Going back to the menu is going back to the menu: no survey in between.
    expect(await world.say('c6', 'No, volver al menú')).toEqual([expect.stringMatching(/^¿En qué le puedo ayudar\?/)]);
    await world.say('c6', '4');
    expect(world.last('c6').text).toBe('¿Le puedo ayudar en algo más?');
    const afterNo = await world.say('c6', 'No, gracias');
    expect(afterNo).toEqual([
      expect.stringMatching(/^¿Nos ayuda a mejorar\? Son 3 preguntas cortas sobre esta conversación/),
      'En general, ¿qué tan satisfecho está con la atención que recibió?',
    ]);
    await world.say('c6', '5');
    expect(world.last('c6').options.map((o) => o.label)).toEqual([
      '1 - Muy difícil',
      '2 - Difícil',
      '3 - Normal',
      '4 - Fácil',
      '5 - Muy fácil',
      'Omitir encuesta',
    ]);
    await world.say('c6', 'omitir');
    // Skipping after one answer keeps that answer; then the goodbye.
    expect(
      world
        .sent('c6')
        .slice(-2)
        .map((m) => m.text),
    ).toEqual([
      'Entendido, dejamos la encuesta. ¡Gracias!',
      'Gracias por comunicarse con la Alcaldía de San Isidro del Río. ¡Que tenga un buen día!',
    ]);
    const [run] = await world.runs();
    const conversation = await world.prisma.conversation.findFirstOrThrow({ orderBy: { startedAt: 'asc' } });
    expect(run).toMatchObject({
      trigger: 'bot_end',
      surveyId: 'satisfaccion',
      status: 'answered',
      conversationId: conversation.id,
    });
    expect(scores(run!.answers)).toEqual({ satisfaccion: { value: '5', score: 5 } });

    // Again the same week, in a new conversation: no survey, straight to the goodbye.
    await world.say('c6', 'hola');
    await world.say('c6', '4');
    expect(await world.say('c6', 'No, gracias')).toEqual([
      'Gracias por comunicarse con la Alcaldía de San Isidro del Río. ¡Que tenga un buen día!',
    ]);
    expect(await world.runs()).toHaveLength(1);
  });
});
