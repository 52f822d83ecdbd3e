import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../../src/cases/calendar/business-calendar.js';
import type { LocalDate } from '../../src/cases/local-date.js';
import { buildPqrsdReport } from '../../src/cases/report/pqrsd-report.js';
import type { ReportCase } from '../../src/cases/report/pqrsd-report.js';
import { parseCsv } from '../../src/knowledge/csv.js';
import { tableToCsv, tablesToCsv } from '../../src/reports/report-table-csv.js';
import { openCasesTable, pqrsdTables, satisfactionTables, serviceTables } from '../../src/reports/report-tables.js';
import type { ReportTable } from '../../src/reports/report-types.js';
import { buildSatisfactionReport } from '../../src/reports/satisfaction-report.js';
import { buildServiceReport } from '../../src/reports/service-report.js';
import { PERIOD, bogota, plus, surveys } from './report-world.js';

const NOW = new Date('2026-04-18T15:00:00Z');

function table(tables: ReportTable[], id: string): ReportTable {
  const found = tables.find((t) => t.id === id);
  if (!found) expect.fail(`no table ${id} in ${tables.map((t) => t.id).join(', ')}`);
  return found;
}

/** The CSV read back: the BOM must be there, and the cells must parse as RFC 4180. */
function readBack(csv: string): string[][] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const parsed = parseCsv(csv, ',');
  if (!parsed.ok) expect.fail(parsed.error);
  return parsed.records.map((r) => r.cells);
}

const service = buildServiceReport(
  {
    conversations: [
      { channel: 'web', startedAt: bogota('2026-04-13'), firstDirection: 'in', hasHandoff: true },
      { channel: 'web', startedAt: bogota('2026-04-14'), firstDirection: 'in', hasHandoff: false },
      { channel: 'whatsapp', startedAt: bogota('2026-04-15'), firstDirection: 'in', hasHandoff: false },
      // Not counted: the system wrote first; started the day before the period.
      { channel: 'whatsapp', startedAt: bogota('2026-04-15'), firstDirection: 'out', hasHandoff: false },
      { channel: 'web', startedAt: bogota('2026-04-12', '23:59:59'), firstDirection: 'in', hasHandoff: true },
    ],
    handoffs: [
      // waits 1 s and 2 s: median (1+2)/2 = 1.5 → whole seconds, 2; p90 rank ceil(1.8)=2 → 2
      {
        channel: 'web',
        area: 'hacienda',
        status: 'closed',
        queuedAt: bogota('2026-04-13'),
        assignedAt: plus(bogota('2026-04-13'), 1),
        firstReplyAt: plus(bogota('2026-04-13'), 90),
      },
      {
        channel: 'web',
        area: 'hacienda',
        status: 'closed',
        queuedAt: bogota('2026-04-14'),
        assignedAt: plus(bogota('2026-04-14'), 2),
        firstReplyAt: plus(bogota('2026-04-14'), 150),
      },
      {
        channel: 'web',
        area: 'movilidad',
        status: 'left',
        queuedAt: bogota('2026-04-14'),
        assignedAt: null,
        firstReplyAt: null,
      },
    ],
    unanswered: [
      {
        sample: '=cmd|" /C calc"!A0',
        count: 3,
        reason: 'unknown',
        entryKey: null,
        lastAskedAt: bogota('2026-04-14'),
        resolvedAt: null,
      },
      {
        sample: '¿Dónde pago la valorización?',
        count: 1,
        reason: 'not-helpful',
        entryKey: 'pagos',
        lastAskedAt: bogota('2026-04-15'),
        resolvedAt: null,
      },
    ],
  },
  {
    ...PERIOD,
    entityName: 'Alcaldía',
    now: NOW,
    areaName: (id) => (id === 'hacienda' ? 'Secretaría de Hacienda' : undefined),
  },
);

describe('service report: arithmetic a supervisor can redo', () => {
  it('rounds a half-second median to whole seconds and gives 1/3 as 0.3333', () => {
    expect(service.handoffs.waitToAgent).toEqual({ count: 2, medianSeconds: 2, p90Seconds: 2 });
    // first replies 90 and 150 s → median 120, p90 rank 2 → 150
    expect(service.handoffs.firstResponse).toEqual({ count: 2, medianSeconds: 120, p90Seconds: 150 });
    expect(service.conversations).toMatchObject({
      total: 3,
      withHandoff: 1,
      botOnly: 2,
      botResolvedShare: 0.6667,
      handoffRate: 0.3333,
    });
  });

  it('refuses a period that ends before it starts, in Spanish', () => {
    expect(() =>
      buildServiceReport(
        { conversations: [], handoffs: [], unanswered: [] },
        { from: '2026-04-17' as LocalDate, to: '2026-04-13' as LocalDate, now: NOW },
      ),
    ).toThrow('La fecha inicial (2026-04-17) es posterior a la fecha final (2026-04-13).');
  });
});

describe('service tables and their CSV', () => {
  const tables = serviceTables(service);

  it('has a table for each breakdown, with Spanish titles and percentages with one decimal', () => {
    expect(tables.map((t) => t.id)).toEqual([
      'conversaciones-resumen',
      'conversaciones-por-canal',
      'solicitudes-de-asesor',
      'solicitudes-por-area',
      'solicitudes-por-canal',
      'tiempos-de-espera',
      'preguntas-sin-respuesta',
    ]);
    // 2 of 3 → 66.7 %, 1 of 3 → 33.3 %
    expect(table(tables, 'conversaciones-por-canal')).toEqual({
      id: 'conversaciones-por-canal',
      title: 'Conversaciones por canal',
      columns: [
        { key: 'label', label: 'Canal' },
        { key: 'count', label: 'Cantidad' },
        { key: 'percent', label: 'Porcentaje (%)' },
      ],
      rows: [
        ['Web (chat)', 2, 66.7],
        ['WhatsApp', 1, 33.3],
      ],
    });
    expect(table(tables, 'conversaciones-resumen').rows).toContainEqual(['Resueltas solo con el bot (%)', 66.7]);
    expect(table(tables, 'solicitudes-por-area').rows).toEqual([
      ['Secretaría de Hacienda', 2, 66.7],
      ['movilidad', 1, 33.3],
    ]);
    // seconds, then minutes with one decimal: 120 s = 2 min, 150 s = 2.5 min
    expect(table(tables, 'tiempos-de-espera').rows).toEqual([
      ['Espera hasta que un asesor toma la conversación', 2, 2, 0, 2, 0],
      ['Espera hasta la primera respuesta del asesor', 2, 120, 2, 150, 2.5],
    ]);
  });

  it('writes CSV a spreadsheet opens safely: BOM, CRLF, labels as header, formulas neutralized, accents kept', () => {
    const csv = tableToCsv(table(tables, 'preguntas-sin-respuesta'));
    expect(csv.split('\r\n').length).toBe(4); // header, 2 rows, and the final CRLF
    expect(readBack(csv)).toEqual([
      ['Pregunta', 'Veces', 'Motivo', 'Respuesta mostrada', 'Última vez', 'Revisada'],
      [`'=cmd|" /C calc"!A0`, '3', 'Sin respuesta en la base', '', '2026-04-14', 'No'],
      ['¿Dónde pago la valorización?', '1', 'La respuesta no le sirvió', 'pagos', '2026-04-15', 'No'],
    ]);
    // The quote inside the cell is doubled (RFC 4180).
    expect(csv).toContain(`"'=cmd|"" /C calc""!A0"`);
  });

  it('puts several tables in one file, each under its title and a blank line apart', () => {
    const csv = tablesToCsv([table(tables, 'conversaciones-por-canal'), table(tables, 'solicitudes-por-canal')]);
    expect(csv).toBe(
      '\uFEFFConversaciones por canal\r\nCanal,Cantidad,Porcentaje (%)\r\nWeb (chat),2,66.7\r\nWhatsApp,1,33.3\r\n' +
        '\r\nSolicitudes de asesor por canal\r\nCanal,Cantidad,Porcentaje (%)\r\nWeb (chat),3,100\r\n',
    );
  });
});

describe('satisfaction tables', () => {
  const report = buildSatisfactionReport(
    [
      {
        surveyId: 'asesor',
        channel: 'whatsapp',
        trigger: 'agent_close',
        agentId: 'a1',
        agentName: 'Ana Gómez',
        status: 'answered',
        sentAt: bogota('2026-04-14'),
        answers: [
          { questionId: 'trato', value: '5', score: 5, createdAt: bogota('2026-04-14', '10:01:00') },
          {
            questionId: 'comentario',
            value: '+57 no me llamen',
            score: null,
            createdAt: bogota('2026-04-14', '10:02:00'),
          },
        ],
      },
      {
        surveyId: 'asesor',
        channel: 'whatsapp',
        trigger: 'agent_close',
        agentId: 'a1',
        agentName: 'Ana Gómez',
        status: 'answered',
        sentAt: bogota('2026-04-15'),
        answers: [{ questionId: 'trato', value: '3', score: 3, createdAt: bogota('2026-04-15', '10:01:00') }],
      },
      {
        surveyId: 'asesor',
        channel: 'web',
        trigger: 'agent_close',
        agentId: 'a1',
        agentName: 'Ana Gómez',
        status: 'skipped',
        sentAt: bogota('2026-04-16'),
        answers: [],
      },
    ],
    { ...PERIOD, definitions: surveys().encuestas },
  );
  const tables = satisfactionTables(report);

  it('shows the response rate and CSAT as percentages: 2 of 3 answered, 1 of 2 satisfied', () => {
    const summary = table(tables, 'encuestas-resumen').rows;
    expect(summary).toContainEqual(['Tasa de respuesta (%)', 66.7]);
    expect(summary).toContainEqual(['Satisfacción CSAT (%)', 50]);
    expect(summary).toContainEqual(['Puntaje promedio de satisfacción (1 a 5)', 4]); // (5+3)/2
    expect(table(tables, 'encuestas-por-asesor').rows).toEqual([['Ana Gómez', 3, 2, 66.7, 2, 50]]);
    // The moment with no survey still shows, with empty shares.
    expect(table(tables, 'encuestas-por-momento').rows).toEqual([
      ['Fin de conversación con el bot', 0, 0, null, 0, null],
      ['Cierre por un asesor', 3, 2, 66.7, 2, 50],
      ['Respuesta a una PQRSD', 0, 0, null, 0, null],
    ]);
    expect(table(tables, 'csat-por-pregunta').rows).toContainEqual([
      'Atención del asesor',
      '¿Cómo fue el trato del asesor?',
      'Escala de 1 a 5',
      'Sí',
      2,
      4,
      50,
    ]);
    expect(table(tables, 'respuestas-por-opcion').rows).toContainEqual([
      'Atención del asesor',
      '¿Cómo fue el trato del asesor?',
      '5 - Muy bueno',
      1,
      50,
    ]);
  });

  it('a comment that starts like a formula is neutralized in the CSV, and the empty moment shows empty cells', () => {
    expect(readBack(tableToCsv(table(tables, 'comentarios')))).toEqual([
      ['Fecha', 'Encuesta', 'Canal', 'Comentario'],
      ['2026-04-14T15:02:00.000Z', 'Atención del asesor', 'WhatsApp', "'+57 no me llamen"],
    ]);
    expect(readBack(tableToCsv(table(tables, 'encuestas-por-momento')))[1]).toEqual([
      'Fin de conversación con el bot',
      '0',
      '0',
      '',
      '0',
      '',
    ]);
  });
});

describe('PQRSD and open-case tables', () => {
  const calendar = new BusinessCalendar();
  const base: Omit<ReportCase, 'radicado' | 'type' | 'barrio'> = {
    status: 'en_tramite',
    channel: 'web',
    dependency: 'Secretaría de Gobierno',
    comuna: null,
    corregimiento: null,
    receivedAt: bogota('2026-04-13'),
    dueDate: '2026-05-05' as LocalDate,
    answeredAt: null,
    informationDenied: false,
    extended: false,
    transfer: null,
  };
  const pqrsd = buildPqrsdReport(
    [
      { ...base, radicado: 'PQRSD-2026-000001', type: 'peticion', barrio: 'San José' },
      { ...base, radicado: 'PQRSD-2026-000002', type: 'peticion', barrio: 'San José' },
      { ...base, radicado: 'PQRSD-2026-000003', type: 'queja', barrio: null, dependency: '@Despacho' },
    ],
    { ...PERIOD, today: '2026-04-16' as LocalDate, calendar },
  );
  const tables = pqrsdTables(pqrsd);

  it('lists every type, the territory in one table, and the same per-case columns as the PQRSD CSV', () => {
    const byType = table(tables, 'pqrsd-por-tipo');
    expect(byType.rows[0]).toEqual(['Petición', 2, 0, 0, 0, 2, null]);
    expect(byType.rows.find((r) => r[0] === 'Queja')).toEqual(['Queja', 1, 0, 0, 0, 1, null]);
    expect(table(tables, 'pqrsd-por-territorio').rows).toEqual([
      ['Barrio', 'San José', 2],
      ['Barrio', 'Sin dato', 1],
      ['Comuna', 'Sin dato', 3],
      ['Corregimiento', 'Sin dato', 3],
    ]);
    expect(table(tables, 'pqrsd-por-dependencia').rows).toEqual([
      ['Secretaría de Gobierno', 2, 66.7],
      ['@Despacho', 1, 33.3],
    ]);
    const cases = readBack(tableToCsv(table(tables, 'pqrsd-casos')));
    expect(cases[0]?.[0]).toBe('Radicado');
    expect(cases[3]?.[3]).toBe("'@Despacho");
  });

  it('shows open cases by colour with their share', () => {
    const t = openCasesTable([
      { key: 'expired', label: 'Vencido', count: 1 },
      { key: 'red', label: 'Vence hoy', count: 0 },
      { key: 'green', label: 'A tiempo', count: 2 },
    ]);
    expect(t.id).toBe('casos-abiertos-por-semaforo');
    expect(t.rows).toEqual([
      ['Vencido', 1, 33.3],
      ['Vence hoy', 0, 0],
      ['A tiempo', 2, 66.7],
    ]);
    expect(openCasesTable([{ key: 'green', label: 'A tiempo', count: 0 }]).rows).toEqual([['A tiempo', 0, null]]);
  });
});
