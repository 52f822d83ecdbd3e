import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalDate } from '../../src/cases/local-date.js';
import type { Database } from '../../src/db/database.js';
import { parseOffices } from '../../src/entities/office-settings.js';
import { loadSatisfactionReport } from '../../src/reports/load-satisfaction-report.js';
import { satisfactionTables } from '../../src/reports/report-tables.js';
import type { SatisfactionReport } from '../../src/reports/report-types.js';
import { OfficeSurveys } from '../../src/surveys/office-surveys.js';
import { parseSurveysFile } from '../../src/surveys/survey-definitions.js';
import { repoRoot } from '../support/cli-process.js';
import { openMigratedDatabase, testProviders } from '../support/test-database.js';

const PERIOD = { from: '2026-04-13' as LocalDate, to: '2026-04-17' as LocalDate };
const offices = parseOffices({
  oficinas: [
    { id: 'centro', nombre: 'Ventanilla del Centro' },
    { id: 'linea', nombre: 'Línea telefónica', canal: 'telefono' },
    { id: 'norte', nombre: 'Sede Norte' },
  ],
});
const reportOffices = offices.map((o) => ({ id: o.id, name: o.nombre, channel: o.canal }));

/**
 * A known week of surveys (atencion_asesor's CSAT question is `satisfaccion`; 4 and 5 count as satisfied):
 *   office page  centro (presencial)  5, 4, 2           + one on 18 April (outside the week)
 *   office page  linea (telefono)     3, 5
 *   office page  sede-vieja           1                  (an office since removed from the settings)
 *   office page  norte                —                  (no answers: listed with zeros)
 *   case_answered, presencial (a counter case)  5
 *   bot_end, web  4;  agent_close, whatsapp  sent, never answered
 */
describe.each(testProviders)('satisfaction by office and channel over a known week (%s)', (provider) => {
  let db: { database: Database; close(): Promise<void> };
  let report: SatisfactionReport;

  beforeAll(async () => {
    db = await openMigratedDatabase(provider);
    const prisma = db.database.prisma;
    const entityId = (
      await prisma.entity.create({ data: { slug: 'prueba', name: 'Alcaldía de Prueba', settings: {} } })
    ).id;
    const file = parseSurveysFile('encuestas.yaml', await readFile(join(repoRoot, 'flows', 'encuestas.yaml'), 'utf8'));
    let at = new Date('2026-04-14T15:00:00Z');
    const pages = new OfficeSurveys({
      prisma,
      entityId,
      logger: pino({ level: 'silent' }),
      file: () => file,
      now: () => at,
    });
    const answer = async (officeId: string, score: number, when = '2026-04-14T15:00:00Z') => {
      at = new Date(when);
      const office = offices.find((o) => o.id === officeId) ?? {
        id: officeId,
        nombre: officeId,
        canal: 'presencial' as const,
      };
      const result = await pages.record(office, { satisfaccion: String(score), resuelto: 'si', trato: '4' });
      expect(result.ok).toBe(true);
    };
    await answer('centro', 5);
    await answer('centro', 4);
    await answer('centro', 2);
    await answer('centro', 5, '2026-04-18T15:00:00Z');
    await answer('linea', 3);
    await answer('linea', 5);
    await answer('sede-vieja', 1);
    const chatRun = async (surveyId: string, channel: string, trigger: string, score: number | null) => {
      const run = await prisma.surveyRun.create({
        data: {
          entityId,
          surveyId,
          contactId: 'contact',
          channel,
          trigger,
          status: score === null ? 'sent' : 'answered',
          sentAt: new Date('2026-04-15T15:00:00Z'),
        },
      });
      if (score !== null) {
        await prisma.surveyAnswer.create({
          data: { entityId, runId: run.id, questionId: 'satisfaccion', value: String(score), score },
        });
      }
    };
    await chatRun('respuesta_pqrsd', 'presencial', 'case_answered', 5);
    await chatRun('satisfaccion', 'web', 'bot_end', 4);
    await chatRun('atencion_asesor', 'whatsapp', 'agent_close', null);
    report = await loadSatisfactionReport(prisma, entityId, PERIOD, { definitions: file, offices: reportOffices });
  }, 60_000);
  afterAll(async () => db?.close());

  it('breaks the office pages down by office, every configured office listed', () => {
    expect(report.byOffice).toEqual([
      // centro: 5, 4, 2 → 2 satisfied of 3 = 66.67 %; the 18 April answer is outside the week.
      { key: 'centro', label: 'Ventanilla del Centro', sent: 3, answered: 3, csatResponses: 3, csatShare: 0.6667 },
      // linea: 3, 5 → 1 of 2.
      { key: 'linea', label: 'Línea telefónica', sent: 2, answered: 2, csatResponses: 2, csatShare: 0.5 },
      {
        key: 'sede-vieja',
        label: 'sede-vieja (oficina ya no configurada)',
        sent: 1,
        answered: 1,
        csatResponses: 1,
        csatShare: 0,
      },
      { key: 'norte', label: 'Sede Norte', sent: 0, answered: 0, csatResponses: 0, csatShare: null },
    ]);
  });

  it('counts presencial and telefónico beside the chat channels', () => {
    expect(report.byChannel).toEqual([
      // presencial: centro 5, 4, 2 + sede-vieja 1 + the counter case's 5 → 3 satisfied of 5.
      { key: 'presencial', label: 'Presencial', sent: 5, answered: 5, csatResponses: 5, csatShare: 0.6 },
      { key: 'telefono', label: 'Teléfono', sent: 2, answered: 2, csatResponses: 2, csatShare: 0.5 },
      { key: 'web', label: 'Web (chat)', sent: 1, answered: 1, csatResponses: 1, csatShare: 1 },
      { key: 'whatsapp', label: 'WhatsApp', sent: 1, answered: 0, csatResponses: 0, csatShare: null },
    ]);
  });

  it('lists the office page as a moment, and adds it into the totals', () => {
    expect(report.byTrigger.map((g) => [g.key, g.sent, g.answered, g.csatShare])).toEqual([
      ['bot_end', 1, 1, 1],
      ['agent_close', 1, 0, null],
      ['case_answered', 1, 1, 1],
      // 5, 4, 2, 3, 5, 1 → 3 of 6.
      ['office_page', 6, 6, 0.5],
    ]);
    expect(report.byTrigger.at(-1)!.label).toBe('Encuesta en la oficina (código QR o enlace)');
    // 9 runs, 8 answered; CSAT 5, 4, 2, 3, 5, 1, 5, 4 → 5 of 8 = 62.5 %, mean 29 / 8 = 3.625 → 3.63.
    expect(report.runs).toMatchObject({ sent: 9, answered: 8, pending: 1, responseRate: 0.8889 });
    expect(report.csat).toEqual({ responses: 8, satisfied: 5, share: 0.625, averageScore: 3.63 });
  });

  it('gives the office table to the dashboard and its CSV download', () => {
    const table = satisfactionTables(report).find((t) => t.id === 'encuestas-por-oficina');
    expect(table?.title).toBe('Encuestas por oficina o ventanilla (código QR)');
    expect(table?.rows).toEqual([
      ['Ventanilla del Centro', 3, 3, 100, 3, 66.7],
      ['Línea telefónica', 2, 2, 100, 2, 50],
      ['sede-vieja (oficina ya no configurada)', 1, 1, 100, 1, 0],
      ['Sede Norte', 0, 0, null, 0, null],
    ]);
  });
});
