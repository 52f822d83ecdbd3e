import { clockToJson } from '../../src/cases/store/clock-json.js';
import type { CaseClock } from '../../src/cases/deadlines/case-clock.js';
import type { LocalDate } from '../../src/cases/local-date.js';
import type { Db } from '../../src/db/database.js';
import { parseSurveysFile } from '../../src/surveys/survey-definitions.js';

/**
 * A known week of one entity, written straight into a real database: the reports must find exactly the figures the
 * tests compute by hand. The period is Monday 13 to Friday 17 April 2026 (Colombia, UTC-5); "today" for the traffic
 * lights is Thursday 16 April. Each row says why it is there; the expected figures are in reports.test.ts.
 */

/** An instant given as Bogotá wall-clock time, e.g. bogota('2026-04-13', '09:00:00'). */
export const bogota = (date: string, time = '10:00:00'): Date => new Date(`${date}T${time}-05:00`);
export const plus = (at: Date, seconds: number): Date => new Date(at.getTime() + seconds * 1000);

export const PERIOD = { from: '2026-04-13' as LocalDate, to: '2026-04-17' as LocalDate };
export const TODAY = '2026-04-16' as LocalDate;

/**
 * Survey definitions with stable texts (not the demo file, which editors change). `bot` marks its second question as
 * CSAT; `asesor` marks none, so its first `escala` question (`trato`, the second question) is the CSAT one.
 */
export const SURVEYS_YAML = `
version: 1
encuestas:
  - id: bot
    titulo: Satisfacción con el asistente
    intro: ¿Nos ayuda a mejorar?
    preguntas:
      - id: facilidad
        tipo: escala
        texto: ¿Qué tan fácil fue encontrar lo que buscaba?
      - id: satisfaccion
        tipo: escala
        texto: En general, ¿qué tan satisfecho está?
        csat: true
      - id: comentario
        tipo: texto
        texto: ¿Quiere dejarnos un comentario?
        opcional: true
  - id: asesor
    titulo: Atención del asesor
    intro: ¿Nos ayuda a mejorar?
    preguntas:
      - id: resuelto
        tipo: si_no
        texto: ¿Se resolvió su solicitud?
      - id: trato
        tipo: escala
        texto: ¿Cómo fue el trato del asesor?
      - id: canal
        tipo: opciones
        texto: ¿Por dónde prefiere que lo atiendan?
        opciones:
          - { texto: En línea, puntaje: 5 }
          - { texto: En la sede, puntaje: 1 }
      - id: comentario
        tipo: texto
        texto: ¿Quiere dejarnos un comentario?
        opcional: true
  - id: pqrsd
    titulo: Respuesta a su solicitud
    intro: ¿Nos ayuda a mejorar?
    preguntas:
      - id: satisfaccion
        tipo: escala
        texto: ¿Qué tan satisfecho está con la respuesta?
        csat: true
`;

export const surveys = () => parseSurveysFile('flows/encuestas.yaml', SURVEYS_YAML);

export const AREAS: Record<string, string> = { atencion_general: 'Atención general', hacienda: 'Hacienda' };

export interface SeededWorld {
  entityId: string;
  otherEntityId: string;
  agents: { ana: string; luis: string };
}

export async function seedWorld(prisma: Db): Promise<SeededWorld> {
  const entity = await prisma.entity.create({
    data: { slug: 'san-isidro', name: 'Alcaldía de San Isidro', settings: {} },
  });
  const other = await prisma.entity.create({ data: { slug: 'otra', name: 'Otra entidad', settings: {} } });
  const entityId = entity.id;

  let n = 0;
  const contact = async (owner = entityId) => (await prisma.contact.create({ data: { entityId: owner } })).id;
  /** A conversation and its messages, oldest first; `first` is who wrote first. */
  const conversation = async (
    channel: string,
    startedAt: Date,
    messages: ('in' | 'out')[],
    owner = entityId,
  ): Promise<{ id: string; contactId: string }> => {
    const contactId = await contact(owner);
    const c = await prisma.conversation.create({
      data: { entityId: owner, contactId, channel, startedAt, lastActivityAt: startedAt },
    });
    for (const [i, direction] of messages.entries()) {
      n += 1;
      await prisma.message.create({
        data: {
          entityId: owner,
          conversationId: c.id,
          direction,
          channel,
          channelMessageId: `m${n}`,
          text: direction === 'in' ? 'hola' : 'Buenos días',
          status: direction === 'in' ? 'processed' : 'sent',
          createdAt: plus(startedAt, i * 2),
        },
      });
    }
    return { id: c.id, contactId };
  };
  const handoff = async (
    c: { id: string; contactId: string },
    channel: string,
    area: string,
    status: string,
    queuedAt: Date,
    assignedAfter: number | null,
    firstReplyAfter: number | null,
    closeReason: string | null = null,
  ) =>
    prisma.handoff.create({
      data: {
        entityId,
        conversationId: c.id,
        contactId: c.contactId,
        channel,
        area,
        reason: 'citizen_request',
        status,
        queuedAt,
        assignedAt: assignedAfter === null ? null : plus(queuedAt, assignedAfter),
        firstReplyAt: firstReplyAfter === null ? null : plus(queuedAt, firstReplyAfter),
        closeReason,
      },
    });

  // --- Conversations ---------------------------------------------------------------------------------------------
  // C1 web, citizen first, no handoff: resolved by the bot.
  await conversation('web', bogota('2026-04-13', '09:00:00'), ['in', 'out']);
  // C2 web, handoff H1 attended.
  const c2 = await conversation('web', bogota('2026-04-14', '10:00:00'), ['in', 'out', 'in']);
  // C3 whatsapp, handoff H2 attended.
  const c3 = await conversation('whatsapp', bogota('2026-04-15', '11:00:00'), ['in', 'out']);
  // C4 whatsapp, handoff H3: the citizen left the queue.
  const c4 = await conversation('whatsapp', bogota('2026-04-16', '12:00:00'), ['in', 'out']);
  // C5 telegram, the last second of the period, no handoff: resolved by the bot.
  await conversation('telegram', bogota('2026-04-17', '23:59:59'), ['in']);
  // C6 web, one second before the period (Sunday 23:59:59 in Bogotá = Monday 04:59:59 UTC): not counted. Its
  // handoff H6, queued on Monday, is.
  const c6 = await conversation('web', bogota('2026-04-12', '23:59:59'), ['in', 'out']);
  // C7 whatsapp, system-started (a survey or a case's answer went out first, the citizen replied): not counted.
  await conversation('whatsapp', bogota('2026-04-15', '08:00:00'), ['out', 'in']);
  // C8 web, the first second after the period: not counted; its handoff H7 neither.
  const c8 = await conversation('web', bogota('2026-04-18', '00:00:00'), ['in']);
  // C9 telegram, no message at all (opened, nothing stored): not counted.
  await conversation('telegram', bogota('2026-04-16', '08:00:00'), []);
  // C10 web, handoff H4 attended, the agent has not replied yet.
  const c10 = await conversation('web', bogota('2026-04-14', '15:00:00'), ['in']);
  // C11 telegram, handoff H5 closed when office hours ended, nobody took it.
  const c11 = await conversation('telegram', bogota('2026-04-15', '16:00:00'), ['in']);
  // C12 whatsapp, handoff H9 still waiting.
  const c12 = await conversation('whatsapp', bogota('2026-04-17', '09:00:00'), ['in']);
  // Another entity's conversation in the period: never in this entity's report.
  await conversation('web', bogota('2026-04-14', '10:00:00'), ['in'], other.id);

  // --- Handoffs (waits: H1 60 s, H2 120 s, H6 300 s, H4 600 s; first replies: H1 90 s, H2 200 s, H6 420 s) ----------
  await handoff(c2, 'web', 'hacienda', 'closed', bogota('2026-04-14', '10:05:00'), 60, 90, 'agent');
  await handoff(c3, 'whatsapp', 'hacienda', 'closed', bogota('2026-04-15', '11:02:00'), 120, 200, 'agent');
  await handoff(c4, 'whatsapp', 'movilidad', 'left', bogota('2026-04-16', '12:01:00'), null, null, 'citizen_left');
  await handoff(c10, 'web', 'atencion_general', 'assigned', bogota('2026-04-14', '15:01:00'), 600, null);
  await handoff(
    c11,
    'telegram',
    'atencion_general',
    'closed',
    bogota('2026-04-15', '16:20:00'),
    null,
    null,
    'out_of_hours',
  );
  await handoff(c6, 'web', 'movilidad', 'assigned', bogota('2026-04-13', '00:05:00'), 300, 420);
  await handoff(c8, 'web', 'hacienda', 'queued', bogota('2026-04-18', '00:10:00'), null, null);
  await handoff(c12, 'whatsapp', 'atencion_general', 'queued', bogota('2026-04-17', '09:02:00'), null, null);

  // --- Unanswered questions ------------------------------------------------------------------------------------------
  const unanswered = (
    sample: string,
    count: number,
    reason: string,
    lastAskedAt: Date,
    extra: { entryKey?: string; resolvedAt?: Date } = {},
  ) =>
    prisma.unansweredQuestion.create({
      data: {
        entityId,
        normalized: sample.toLowerCase(),
        sample,
        count,
        reason,
        firstAskedAt: bogota('2026-03-01'),
        lastAskedAt,
        entryKey: extra.entryKey ?? null,
        resolvedAt: extra.resolvedAt ?? null,
      },
    });
  await unanswered('¿Cuánto vale el predial?', 5, 'unknown', bogota('2026-04-15', '10:00:00'));
  await unanswered('horario de la notaría', 5, 'not-helpful', bogota('2026-04-16', '10:00:00'), {
    entryKey: 'horarios',
    resolvedAt: bogota('2026-04-16', '11:00:00'),
  });
  await unanswered('=HYPERLINK("http://x.example")', 2, 'unknown', bogota('2026-04-13', '08:00:00'));
  await unanswered('antes del periodo', 9, 'unknown', bogota('2026-04-12', '23:59:59'));
  await unanswered('después del periodo', 1, 'unknown', bogota('2026-04-18', '00:00:00'));

  // --- Staff and surveys ---------------------------------------------------------------------------------------------
  const staff = (name: string) =>
    prisma.staffMember.create({
      data: {
        entityId,
        name,
        email: `${name.split(' ')[0]!.toLowerCase()}@example.gov.co`,
        roles: ['agente'],
        tokenHash: name,
      },
    });
  const ana = (await staff('Ana Gómez')).id;
  const luis = (await staff('Luis Pérez')).id;

  const run = async (
    surveyId: string,
    trigger: string,
    channel: string,
    status: string,
    sentAt: Date,
    answers: [questionId: string, value: string, score: number | null][],
    agentId: string | null = null,
  ) => {
    const r = await prisma.surveyRun.create({
      data: { entityId, surveyId, contactId: await contact(), channel, trigger, status, sentAt, agentId },
    });
    for (const [i, [questionId, value, score]] of answers.entries()) {
      await prisma.surveyAnswer.create({
        data: { entityId, runId: r.id, questionId, value, score, createdAt: plus(sentAt, 60 * (i + 1)) },
      });
    }
  };
  // R1 bot, web, answered, with a comment (accents kept).
  await run('bot', 'bot_end', 'web', 'answered', bogota('2026-04-13', '10:00:00'), [
    ['facilidad', '5', 5],
    ['satisfaccion', '5', 5],
    ['comentario', 'Muy útil, gracias. Atención rápida', null],
  ]);
  // R2 bot, whatsapp, answered, unhappy.
  await run('bot', 'bot_end', 'whatsapp', 'answered', bogota('2026-04-14', '10:00:00'), [
    ['facilidad', '3', 3],
    ['satisfaccion', '2', 2],
  ]);
  // R3 asesor (Ana), web, answered, a comment that a spreadsheet would run as a formula.
  await run(
    'asesor',
    'agent_close',
    'web',
    'answered',
    bogota('2026-04-14', '11:00:00'),
    [
      ['resuelto', 'si', 1],
      ['trato', '4', 4],
      ['canal', 'en_linea', 5],
      ['comentario', '=1+1 el asesor fue amable', null],
    ],
    ana,
  );
  // R4 asesor (Ana), whatsapp, skipped with nothing answered.
  await run('asesor', 'agent_close', 'whatsapp', 'skipped', bogota('2026-04-15', '11:00:00'), [], ana);
  // R5 asesor (Luis), whatsapp, expired after two answers: they count.
  await run(
    'asesor',
    'agent_close',
    'whatsapp',
    'expired',
    bogota('2026-04-15', '12:00:00'),
    [
      ['resuelto', 'no', 0],
      ['trato', '5', 5],
    ],
    luis,
  );
  // R6 pqrsd, web, still waiting after its first answer.
  await run('pqrsd', 'case_answered', 'web', 'sent', bogota('2026-04-16', '09:00:00'), [['satisfaccion', '4', 4]]);
  // R7 bot, web, one second before the period: nothing of it counts.
  await run('bot', 'bot_end', 'web', 'answered', bogota('2026-04-12', '23:59:59'), [
    ['satisfaccion', '1', 1],
    ['comentario', 'fuera del periodo', null],
  ]);
  // R8 asesor (Luis), telegram, answered, plus an answer to `rapidez`, a question since removed from the file.
  await run(
    'asesor',
    'agent_close',
    'telegram',
    'answered',
    bogota('2026-04-17', '20:00:00'),
    [
      ['resuelto', 'si', 1],
      ['trato', '3', 3],
      ['canal', 'en_la_sede', 1],
      ['rapidez', '4', 4],
    ],
    luis,
  );
  // R9 a survey `vieja` no longer in the file: counted as sent and answered, its question listed by id; no CSAT.
  await run('vieja', 'bot_end', 'web', 'answered', bogota('2026-04-16', '15:00:00'), [['satisfaccion', '5', 5]]);
  // R10 asesor, web, skipped; the agent's staff record was deleted since.
  await run('asesor', 'agent_close', 'web', 'skipped', bogota('2026-04-16', '16:00:00'), [], 'deleted-agent-id');

  // --- Cases for the traffic lights on Thursday 2026-04-16 ---------------------------------------------------------
  let sequence = 0;
  const pqrsd = async (
    status: string,
    clock: Partial<CaseClock> & { termStartsAfter: LocalDate; dueDate: LocalDate },
    owner = entityId,
  ) => {
    sequence += 1;
    const receivedAt = bogota(clock.termStartsAfter);
    const full: CaseClock = {
      type: 'peticion',
      termDays: 15,
      receivedAt,
      receivedOn: clock.termStartsAfter,
      status: 'running',
      extension: null,
      completion: null,
      transfer: null,
      ...clock,
    };
    await prisma.pqrsdCase.create({
      data: {
        entityId: owner,
        radicado: `PQRSD-2026-${String(sequence).padStart(6, '0')}`,
        year: 2026,
        sequence,
        type: 'peticion',
        status,
        channel: 'web',
        replyChannel: 'canal',
        requesterKind: 'natural',
        description: 'Solicitud de prueba',
        receivedAt,
        dueDate: full.dueDate,
        clock: clockToJson(full) as object,
      },
    });
  };
  const d = (s: string) => s as LocalDate;
  // K1 due yesterday: expired.
  await pqrsd('en_tramite', { termStartsAfter: d('2026-03-20'), dueDate: d('2026-04-15') });
  // K2 due today: red.
  await pqrsd('en_tramite', { termStartsAfter: d('2026-03-24'), dueDate: d('2026-04-16') });
  // K3 due Monday 20: Fri 17 and Mon 20 left = 2 business days ≤ 2: yellow.
  await pqrsd('radicado', { termStartsAfter: d('2026-03-27'), dueDate: d('2026-04-20') });
  // K4, K5: about three weeks left of a 15-day term: green.
  await pqrsd('radicado', { termStartsAfter: d('2026-04-15'), dueDate: d('2026-05-07') });
  await pqrsd('en_tramite', { termStartsAfter: d('2026-04-14'), dueDate: d('2026-05-06') });
  // K6 waiting for the citizen to complete it (Ley 1755 art. 17): paused.
  await pqrsd('esperando_ciudadano', {
    termStartsAfter: d('2026-04-01'),
    dueDate: d('2026-04-23'),
    status: 'awaiting_completion',
  });
  // K7 answered, K8 closed, K9 desisted (past due, would be "expired" if counted), K10 transferred: none is open.
  await pqrsd('respondido', { termStartsAfter: d('2026-03-02'), dueDate: d('2026-03-23') });
  await pqrsd('cerrado', { termStartsAfter: d('2026-03-02'), dueDate: d('2026-03-23') });
  await pqrsd('desistido', { termStartsAfter: d('2026-03-02'), dueDate: d('2026-03-23'), status: 'desisted' });
  await pqrsd('trasladado', { termStartsAfter: d('2026-04-06'), dueDate: d('2026-04-27'), status: 'transferred' });
  // Another entity's overdue case.
  await pqrsd('en_tramite', { termStartsAfter: d('2026-03-02'), dueDate: d('2026-03-23') }, other.id);

  return { entityId, otherEntityId: other.id, agents: { ana, luis } };
}
