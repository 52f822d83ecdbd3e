import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { parseCsv } from '../../src/knowledge/csv.js';
import { startConsoleApp, type ConsoleApp, type SignedInClient } from '../console/console-app.js';
import { testProviders } from '../support/test-database.js';

const at = (date: string, time: string) => new Date(`${date}T${time}-05:00`);
const PERIOD = 'from=2026-03-01&to=2026-03-31';

/**
 * Two citizen conversations on 2 March 2026: one on the web that asked for a person (queued 9:01:00, taken 9:02:30,
 * first reply 9:04:00) and one on WhatsApp the bot resolved. Hand-computed: 2 conversations, bot-resolved 1/2 = 50 %,
 * handoff rate 50 %, wait to an agent 90 s, first response 180 s.
 */
async function seed(prisma: Db, entityId: string): Promise<void> {
  const conversation = async (channel: string, startedAt: Date, handoff: boolean) => {
    const contact = await prisma.contact.create({ data: { entityId } });
    const c = await prisma.conversation.create({
      data: { entityId, contactId: contact.id, channel, startedAt, lastActivityAt: startedAt },
    });
    await prisma.message.create({
      data: {
        entityId,
        conversationId: c.id,
        direction: 'in',
        channel,
        channelMessageId: c.id,
        text: 'hola',
        status: 'processed',
        createdAt: startedAt,
      },
    });
    if (!handoff) return;
    await prisma.handoff.create({
      data: {
        entityId,
        conversationId: c.id,
        contactId: contact.id,
        channel,
        area: 'atencion_general',
        reason: 'citizen_request',
        status: 'closed',
        queuedAt: at('2026-03-02', '09:01:00'),
        assignedAt: at('2026-03-02', '09:02:30'),
        firstReplyAt: at('2026-03-02', '09:04:00'),
        closedAt: at('2026-03-02', '09:10:00'),
        closeReason: 'agent',
      },
    });
  };
  // A survey after the agent closed (demo's atencion_asesor), with a free comment.
  const contact = await prisma.contact.create({ data: { entityId } });
  await prisma.surveyRun.create({
    data: {
      entityId,
      surveyId: 'atencion_asesor',
      contactId: contact.id,
      channel: 'web',
      trigger: 'agent_close',
      status: 'answered',
      sentAt: at('2026-03-02', '09:11:00'),
      answers: {
        create: [
          { entityId, questionId: 'satisfaccion', value: '5', score: 5 },
          { entityId, questionId: 'comentario', value: 'La fila del SISBÉN es muy larga', score: null },
        ],
      },
    },
  });
  await conversation('web', at('2026-03-02', '09:00:00'), true);
  await conversation('whatsapp', at('2026-03-02', '10:00:00'), false);
}

describe.each(testProviders)('the reports API on %s', (provider) => {
  let c: ConsoleApp;
  let supervisor: SignedInClient;
  let agent: SignedInClient;

  beforeAll(async () => {
    c = await startConsoleApp(provider);
    await seed(c.database.prisma, c.entity.id);
    await c.addStaff('sofia@alcaldia.gov.co', ['supervisor'], { name: 'Sofía Supervisora' });
    await c.addStaff('ana@alcaldia.gov.co', ['agente']);
    supervisor = await c.signIn('sofia@alcaldia.gov.co');
    agent = await c.signIn('ana@alcaldia.gov.co');
  }, 60_000);
  afterAll(async () => c?.close());

  it('gives a supervisor the dashboard: figures, PQRSD, open cases and every table', async () => {
    const response = await c.call(supervisor, 'GET', `/api/v1/reports/dashboard?${PERIOD}`);
    expect(response.statusCode).toBe(200);
    const d = response.json();
    expect(d.period).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(d.service.conversations).toMatchObject({
      total: 2,
      botOnly: 1,
      withHandoff: 1,
      botResolvedShare: 0.5,
      handoffRate: 0.5,
    });
    expect(d.service.conversations.byChannel.map((r: { label: string; count: number }) => [r.label, r.count])).toEqual(
      expect.arrayContaining([
        ['Web (chat)', 1],
        ['WhatsApp', 1],
      ]),
    );
    expect(d.service.handoffs.waitToAgent).toEqual({ count: 1, medianSeconds: 90, p90Seconds: 90 });
    expect(d.service.handoffs.firstResponse).toEqual({ count: 1, medianSeconds: 180, p90Seconds: 180 });
    expect(d.satisfaction.runs).toMatchObject({ sent: 1, answered: 1, responseRate: 1 });
    expect(d.satisfaction.csat).toEqual({ responses: 1, satisfied: 1, share: 1, averageScore: 5 });
    expect(d.pqrsd.totals.received).toBe(0);
    expect(d.openCases.map((r: { key: string }) => r.key)).toEqual(['expired', 'red', 'yellow', 'green', 'paused']);
    const ids = d.tables.map((t: { id: string }) => t.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'conversaciones-por-canal',
        'tiempos-de-espera',
        'preguntas-sin-respuesta',
        'csat-por-pregunta',
        'pqrsd-por-tipo',
        'casos-abiertos-por-semaforo',
      ]),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('downloads each table as CSV that a spreadsheet opens with accents', async () => {
    const response = await c.call(supervisor, 'GET', `/api/v1/reports/csv/conversaciones-por-canal?${PERIOD}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="conversaciones-por-canal-2026-03-01-2026-03-31.csv"',
    );
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    const parsed = parseCsv(response.body);
    if (!parsed.ok) throw new Error(parsed.error);
    const rows = parsed.records.map((r) => r.cells);
    expect(rows[0]?.[0]).toBe('Canal');
    expect(rows.slice(1).map((r) => [r[0], r[1]])).toEqual(
      expect.arrayContaining([
        ['Web (chat)', '1'],
        ['WhatsApp', '1'],
      ]),
    );

    const whole = await c.call(supervisor, 'GET', `/api/v1/reports/service?${PERIOD}&format=csv`);
    expect(whole.statusCode).toBe(200);
    expect(whole.body).toContain('Conversaciones por canal');
    expect(whole.body).toContain('Tiempos de espera');

    expect((await c.call(supervisor, 'GET', `/api/v1/reports/csv/no-existe?${PERIOD}`)).statusCode).toBe(404);
    expect((await c.call(supervisor, 'GET', `/api/v1/reports/csv/..%2Fetc?${PERIOD}`)).statusCode).toBe(400);
  });

  it('serves the printable legal reports as HTML that cannot run scripts', async () => {
    const transparency = await c.call(supervisor, 'GET', `/api/v1/reports/ley-1712?${PERIOD}`);
    expect(transparency.statusCode).toBe(200);
    expect(transparency.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(transparency.headers['content-security-policy']).toContain("default-src 'none'");
    expect(transparency.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(transparency.headers['content-security-policy']).not.toContain('script-src');
    expect(transparency.headers['x-content-type-options']).toBe('nosniff');
    expect(transparency.headers['x-frame-options']).toBe('DENY');
    expect(transparency.headers['referrer-policy']).toBe('no-referrer');
    expect(transparency.body).toContain('Alcaldía de San Isidro del Río');
    const semester = await c.call(supervisor, 'GET', '/api/v1/reports/ley-1474?semestre=2026-1');
    expect(semester.statusCode).toBe(200);
    expect(semester.body).toMatch(/Informe semestral de PQRSD/);
    expect(semester.body).toMatch(/1 de enero de 2026 al 30 de junio de 2026/);
    const wrong = await c.call(supervisor, 'GET', '/api/v1/reports/ley-1474?semestre=2026-3');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Semestre no válido: «2026-3»');
  });

  it('finds free comments of the period ignoring case and accents', async () => {
    const found = await c.call(supervisor, 'GET', `/api/v1/reports/comments?${PERIOD}&q=sisben`);
    expect(found.statusCode).toBe(200);
    expect(found.json().items).toEqual([
      expect.objectContaining({
        text: 'La fila del SISBÉN es muy larga',
        surveyTitle: 'Atención del asesor',
        channel: 'web',
      }),
    ]);
    expect((await c.call(supervisor, 'GET', `/api/v1/reports/comments?${PERIOD}&q=amable`)).json().items).toEqual([]);
    // Another period: not there.
    expect(
      (await c.call(supervisor, 'GET', '/api/v1/reports/comments?from=2026-04-01&to=2026-04-30&q=sisben')).json().items,
    ).toEqual([]);
    const short = await c.call(supervisor, 'GET', `/api/v1/reports/comments?${PERIOD}&q=s`);
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Escriba al menos 2 letras para buscar.');
    expect((await c.call(agent, 'GET', `/api/v1/reports/comments?${PERIOD}&q=sisben`)).statusCode).toBe(403);
  });

  it('refuses a reversed or malformed period with a clear message', async () => {
    const reversed = await c.call(supervisor, 'GET', '/api/v1/reports/dashboard?from=2026-03-31&to=2026-03-01');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.body).toContain('La fecha inicial (2026-03-31) es posterior a la fecha final (2026-03-01).');
    const malformed = await c.call(supervisor, 'GET', '/api/v1/reports/satisfaction?from=31/03/2026&to=2026-03-31');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('is for people with reports.read only: agents get 403, strangers 401', async () => {
    for (const url of [
      `/api/v1/reports/dashboard?${PERIOD}`,
      `/api/v1/reports/csv/comentarios?${PERIOD}`,
      '/api/v1/reports/ley-1474?semestre=2026-1',
    ]) {
      expect((await c.call(agent, 'GET', url)).statusCode, url).toBe(403);
      expect((await c.call(null, 'GET', url)).statusCode, url).toBe(401);
    }
  });
});
