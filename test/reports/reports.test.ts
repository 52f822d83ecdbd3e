import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../../src/cases/calendar/business-calendar.js';
import type { LocalDate } from '../../src/cases/local-date.js';
import type { Database } from '../../src/db/database.js';
import { loadSatisfactionReport } from '../../src/reports/load-satisfaction-report.js';
import { loadServiceReport } from '../../src/reports/load-service-report.js';
import { loadOpenCasesByLight } from '../../src/reports/open-cases-by-light.js';
import type { SatisfactionReport, ServiceReport } from '../../src/reports/report-types.js';
import { openMigratedDatabase, testProviders } from '../support/test-database.js';
import { AREAS, PERIOD, TODAY, seedWorld, surveys, type SeededWorld } from './report-world.js';

const NOW = new Date('2026-04-18T15:00:00Z');
const scale = (
  counts: [number, number, number, number, number],
  names = ['Muy malo', 'Malo', 'Regular', 'Bueno', 'Muy bueno'],
) => counts.map((count, i) => ({ key: String(i + 1), label: `${i + 1} - ${names[i]}`, count }));

describe.each(testProviders)('service and satisfaction reports over a known week (%s)', (provider) => {
  let db: { database: Database; close(): Promise<void> };
  let world: SeededWorld;
  let service: ServiceReport;
  let satisfaction: SatisfactionReport;

  beforeAll(async () => {
    db = await openMigratedDatabase(provider);
    world = await seedWorld(db.database.prisma);
    service = await loadServiceReport(db.database.prisma, world.entityId, PERIOD, {
      entityName: 'Alcaldía de San Isidro',
      now: NOW,
      areaName: (id) => AREAS[id],
    });
    satisfaction = await loadSatisfactionReport(db.database.prisma, world.entityId, PERIOD, {
      entityName: 'Alcaldía de San Isidro',
      definitions: surveys(),
    });
  }, 60_000);
  afterAll(async () => db?.close());

  it('counts the conversations citizens started in the period, and how many reached a person', () => {
    expect(service.entityName).toBe('Alcaldía de San Isidro');
    expect(service.period).toEqual(PERIOD);
    expect(service.generatedAt).toBe('2026-04-18T15:00:00.000Z');
    // In: C1, C2, C3, C4, C5 (last second), C10, C11, C12 = 8. Out: C6 (one second before), C7 (system first),
    // C8 (first second after), C9 (no message), the other entity's.
    expect(service.conversations).toEqual({
      total: 8,
      // web C1 C2 C10 = 3, whatsapp C3 C4 C12 = 3, telegram C5 C11 = 2; the tie in Spanish order: "Web" < "WhatsApp".
      byChannel: [
        { key: 'web', label: 'Web (chat)', count: 3 },
        { key: 'whatsapp', label: 'WhatsApp', count: 3 },
        { key: 'telegram', label: 'Telegram', count: 2 },
      ],
      // With a handoff of any status: C2, C3, C4 (left), C10, C11 (out of hours), C12 (waiting) = 6; bot only C1, C5.
      withHandoff: 6,
      botOnly: 2,
      botResolvedShare: 0.25, // 2 / 8
      handoffRate: 0.75, // 6 / 8
    });
  });

  it('counts the handoffs queued in the period and their waits', () => {
    // Queued in the period: H1, H2, H3, H4, H5, H6 (its conversation began before), H9 = 7; H7 (Saturday 00:10) is out.
    expect(service.handoffs).toEqual({
      requested: 7,
      attended: 4, // H1, H2, H4, H6 have assignedAt
      abandoned: 1, // H3 left the queue
      waiting: 1, // H9
      closedUnattended: 1, // H5 closed out of hours; 4 + 1 + 1 + 1 = 7
      // atencion_general H4 H5 H9 = 3; hacienda H1 H2 = 2; movilidad H3 H6 = 2, no name given: its id.
      byArea: [
        { key: 'atencion_general', label: 'Atención general', count: 3 },
        { key: 'hacienda', label: 'Hacienda', count: 2 },
        { key: 'movilidad', label: 'movilidad', count: 2 },
      ],
      // web H1 H4 H6 = 3; whatsapp H2 H3 H9 = 3; telegram H5 = 1.
      byChannel: [
        { key: 'web', label: 'Web (chat)', count: 3 },
        { key: 'whatsapp', label: 'WhatsApp', count: 3 },
        { key: 'telegram', label: 'Telegram', count: 1 },
      ],
      // waits 60,120,300,600 s (H3, H5, H9 never taken: no wait) → median (120+300)/2 = 210; p90 rank ceil(3.6)=4 → 600
      waitToAgent: { count: 4, medianSeconds: 210, p90Seconds: 600 },
      // first replies 90,200,420 s (H4 not answered yet) → median 200; p90 rank ceil(2.7)=3 → 420
      firstResponse: { count: 3, medianSeconds: 200, p90Seconds: 420 },
    });
  });

  it('lists the unanswered questions last asked in the period, most asked first, ties newest first', () => {
    expect(service.unanswered).toEqual({
      total: 3,
      items: [
        {
          question: 'horario de la notaría',
          count: 5,
          reason: 'not-helpful',
          reasonLabel: 'La respuesta no le sirvió',
          entryKey: 'horarios',
          lastAskedOn: '2026-04-16',
          resolved: true,
        },
        {
          question: '¿Cuánto vale el predial?',
          count: 5,
          reason: 'unknown',
          reasonLabel: 'Sin respuesta en la base',
          entryKey: null,
          lastAskedOn: '2026-04-15',
          resolved: false,
        },
        {
          question: '=HYPERLINK("http://x.example")',
          count: 2,
          reason: 'unknown',
          reasonLabel: 'Sin respuesta en la base',
          entryKey: null,
          lastAskedOn: '2026-04-13',
          resolved: false,
        },
      ],
    });
  });

  it('counts the surveys sent in the period by how they ended', () => {
    // In: R1 R2 R3 R4 R5 R6 R8 R9 R10 = 9 (R7 one second before). answered R1 R2 R3 R8 R9 = 5, skipped R4 R10 = 2,
    // expired R5 = 1, still waiting R6 = 1.
    expect(satisfaction.runs).toEqual({
      sent: 9,
      answered: 5,
      skipped: 2,
      expired: 1,
      pending: 1,
      responseRate: 0.5556, // 5 / 9 = 0.5555… rounded to 4 decimals
    });
  });

  it('computes CSAT from each survey’s CSAT question: the marked one, else the first scale', () => {
    // bot → satisfaccion (marked): R1 5, R2 2. asesor → trato (first escala, nothing marked): R3 4, R5 5 (expired,
    // still counts), R8 3. pqrsd → satisfaccion: R6 4. vieja is not defined: no CSAT question. R7 is out.
    // 6 responses; 4 or 5: R1 R3 R5 R6 = 4 → 4/6 = 0.6667; mean (5+2+4+5+3+4)/6 = 23/6 = 3.83
    expect(satisfaction.csat).toEqual({ responses: 6, satisfied: 4, share: 0.6667, averageScore: 3.83 });
  });

  it('breaks the surveys down by moment, channel and agent', () => {
    expect(satisfaction.byTrigger).toEqual([
      // R1 R2 R9: answered 3; CSAT R1 5, R2 2 → 1/2
      {
        key: 'bot_end',
        label: 'Fin de conversación con el bot',
        sent: 3,
        answered: 3,
        csatResponses: 2,
        csatShare: 0.5,
      },
      // R3 R4 R5 R8 R10: answered R3 R8; CSAT R3 4, R5 5, R8 3 → 2/3
      { key: 'agent_close', label: 'Cierre por un asesor', sent: 5, answered: 2, csatResponses: 3, csatShare: 0.6667 },
      // R6: still waiting, but its CSAT answer (4) is in
      { key: 'case_answered', label: 'Respuesta a una PQRSD', sent: 1, answered: 0, csatResponses: 1, csatShare: 1 },
    ]);
    expect(satisfaction.byChannel).toEqual([
      // web R1 R3 R6 R9 R10; answered R1 R3 R9; CSAT 5, 4, 4 → 3/3
      { key: 'web', label: 'Web (chat)', sent: 5, answered: 3, csatResponses: 3, csatShare: 1 },
      // whatsapp R2 R4 R5; answered R2; CSAT 2, 5 → 1/2
      { key: 'whatsapp', label: 'WhatsApp', sent: 3, answered: 1, csatResponses: 2, csatShare: 0.5 },
      // telegram R8; CSAT 3 → 0/1
      { key: 'telegram', label: 'Telegram', sent: 1, answered: 1, csatResponses: 1, csatShare: 0 },
    ]);
    expect(satisfaction.byAgent).toEqual([
      // Ana: R3 (answered, trato 4), R4 (skipped)
      { key: world.agents.ana, label: 'Ana Gómez', sent: 2, answered: 1, csatResponses: 1, csatShare: 1 },
      // Luis: R5 (expired, trato 5), R8 (answered, trato 3) → 1/2
      { key: world.agents.luis, label: 'Luis Pérez', sent: 2, answered: 1, csatResponses: 2, csatShare: 0.5 },
      // R10's agent was deleted: still counted, without a name; no answers → share null, not NaN
      {
        key: 'deleted-agent-id',
        label: 'Asesor ya no registrado',
        sent: 1,
        answered: 0,
        csatResponses: 0,
        csatShare: null,
      },
    ]);
  });

  it('gives every question in the file’s order, with its average and distribution, then removed ones by id', () => {
    const row = (surveyId: string, questionId: string) => {
      const found = satisfaction.questions.find((q) => q.surveyId === surveyId && q.questionId === questionId);
      if (!found) expect.fail(`no row ${surveyId}/${questionId}`);
      return found;
    };
    expect(satisfaction.questions.map((q) => `${q.surveyId}/${q.questionId}`)).toEqual([
      'bot/facilidad',
      'bot/satisfaccion',
      'bot/comentario',
      'asesor/resuelto',
      'asesor/trato',
      'asesor/canal',
      'asesor/comentario',
      'asesor/rapidez',
      'pqrsd/satisfaccion',
      'vieja/satisfaccion',
    ]);
    // R1 5, R2 3 → mean 4
    expect(row('bot', 'facilidad')).toEqual({
      surveyId: 'bot',
      surveyTitle: 'Satisfacción con el asistente',
      questionId: 'facilidad',
      text: '¿Qué tan fácil fue encontrar lo que buscaba?',
      type: 'escala',
      isCsat: false,
      responses: 2,
      averageScore: 4,
      distribution: scale([0, 0, 1, 0, 1]),
    });
    // R1 5, R2 2 → mean 3.5
    expect(row('bot', 'satisfaccion')).toMatchObject({
      isCsat: true,
      responses: 2,
      averageScore: 3.5,
      distribution: scale([0, 1, 0, 0, 1]),
    });
    expect(row('bot', 'comentario')).toMatchObject({
      type: 'texto',
      isCsat: false,
      responses: 1,
      averageScore: null,
      distribution: [],
    });
    // R3 sí, R5 no, R8 sí → (1+0+1)/3 = 0.67
    expect(row('asesor', 'resuelto')).toMatchObject({
      type: 'si_no',
      isCsat: false,
      responses: 3,
      averageScore: 0.67,
      distribution: [
        { key: 'si', label: 'Sí', count: 2 },
        { key: 'no', label: 'No', count: 1 },
      ],
    });
    // R3 4, R5 5, R8 3 → mean 4; the CSAT question by the first-escala rule
    expect(row('asesor', 'trato')).toMatchObject({
      isCsat: true,
      responses: 3,
      averageScore: 4,
      distribution: scale([0, 0, 1, 1, 1]),
    });
    // puntajes: R3 en línea 5, R8 en la sede 1 → mean 3
    expect(row('asesor', 'canal')).toMatchObject({
      type: 'opciones',
      responses: 2,
      averageScore: 3,
      distribution: [
        { key: 'en_linea', label: 'En línea', count: 1 },
        { key: 'en_la_sede', label: 'En la sede', count: 1 },
      ],
    });
    expect(row('asesor', 'comentario')).toMatchObject({ responses: 1, averageScore: null });
    // removed from the file: its id stands for the text
    expect(row('asesor', 'rapidez')).toEqual({
      surveyId: 'asesor',
      surveyTitle: 'Atención del asesor',
      questionId: 'rapidez',
      text: 'rapidez',
      type: 'opciones',
      isCsat: false,
      responses: 1,
      averageScore: 4,
      distribution: [{ key: '4', label: '4', count: 1 }],
    });
    expect(row('pqrsd', 'satisfaccion')).toMatchObject({
      isCsat: true,
      responses: 1,
      averageScore: 4,
      distribution: scale([0, 0, 0, 1, 0]),
    });
    expect(row('vieja', 'satisfaccion')).toMatchObject({
      surveyTitle: 'vieja',
      text: 'satisfaccion',
      isCsat: false,
      responses: 1,
      averageScore: 5,
    });
  });

  it('lists the comments of the period, newest first, with accents intact', () => {
    // R3's comment came in 2026-04-14 11:04 Bogotá (4th answer), R1's 2026-04-13 10:03 (3rd); R7's is out.
    expect(satisfaction.comments).toEqual([
      {
        answeredAt: '2026-04-14T16:04:00.000Z',
        surveyTitle: 'Atención del asesor',
        channel: 'web',
        text: '=1+1 el asesor fue amable',
      },
      {
        answeredAt: '2026-04-13T15:03:00.000Z',
        surveyTitle: 'Satisfacción con el asistente',
        channel: 'web',
        text: 'Muy útil, gracias. Atención rápida',
      },
    ]);
  });

  it('counts open cases by due-date colour on the given day, most urgent first, zeros included', async () => {
    const calendar = new BusinessCalendar();
    const rows = await loadOpenCasesByLight(db.database.prisma, world.entityId, TODAY, calendar);
    // K1 expired, K2 red, K3 yellow, K4 K5 green, K6 paused; K7–K10 are not open; the other entity's is not ours.
    expect(rows).toEqual([
      { key: 'expired', label: 'Vencido', count: 1 },
      { key: 'red', label: 'Vence hoy', count: 1 },
      { key: 'yellow', label: 'Por vencer', count: 1 },
      { key: 'green', label: 'A tiempo', count: 2 },
      { key: 'paused', label: 'Suspendido (esperando al ciudadano)', count: 1 },
    ]);
    // A week later K2 and K3 are past due too (K2 due 04-16, K3 04-20 < 04-23). K4: 15-day term, after 04-23 up to
    // 05-07 are 24, 27-30 April and 4-7 May (1 May is a holiday) = 9 left: 9·3 = 27 > 15 → green; K5 (due 05-06): 8
    // left, 24 > 15 → green.
    const later = await loadOpenCasesByLight(db.database.prisma, world.entityId, '2026-04-23' as LocalDate, calendar);
    expect(later.map((r) => r.count)).toEqual([3, 0, 0, 2, 1]);
  });

  it('a period with nothing in it gives zeros and null shares, never NaN', async () => {
    const empty = { from: '2026-05-04' as LocalDate, to: '2026-05-08' as LocalDate };
    const s = await loadServiceReport(db.database.prisma, world.entityId, empty, { now: NOW });
    expect(s.entityName).toBeNull();
    expect(s.conversations).toEqual({
      total: 0,
      byChannel: [],
      botOnly: 0,
      withHandoff: 0,
      botResolvedShare: null,
      handoffRate: null,
    });
    expect(s.handoffs.waitToAgent).toEqual({ count: 0, medianSeconds: null, p90Seconds: null });
    expect(s.handoffs.firstResponse).toEqual({ count: 0, medianSeconds: null, p90Seconds: null });
    expect(s.unanswered).toEqual({ total: 0, items: [] });
    const sat = await loadSatisfactionReport(db.database.prisma, world.entityId, empty, { definitions: surveys() });
    expect(sat.runs.responseRate).toBeNull();
    expect(sat.csat).toEqual({ responses: 0, satisfied: 0, share: null, averageScore: null });
    expect(sat.byTrigger.map((g) => [g.sent, g.csatShare])).toEqual([
      [0, null],
      [0, null],
      [0, null],
    ]);
    expect(sat.questions.every((q) => q.responses === 0 && q.averageScore === null)).toBe(true);
    expect(JSON.stringify([s, sat])).not.toMatch(/NaN|Infinity/);
  });

  it('one day: the Monday alone holds C1 and H6, and the question asked at 08:00', async () => {
    const monday = { from: '2026-04-13' as LocalDate, to: '2026-04-13' as LocalDate };
    const s = await loadServiceReport(db.database.prisma, world.entityId, monday, { now: NOW });
    expect(s.conversations.total).toBe(1);
    expect(s.handoffs.requested).toBe(1);
    // H6 waited 300 s; one value is its own median and p90 (rank ceil(0.9)=1)
    expect(s.handoffs.waitToAgent).toEqual({ count: 1, medianSeconds: 300, p90Seconds: 300 });
    expect(s.unanswered.items.map((u) => u.count)).toEqual([2]);
  });
});
