import { BusinessCalendar } from '../../../src/cases/calendar/business-calendar.js';
import { localDate, toBogotaDate } from '../../../src/cases/local-date.js';
import type { LocalDate } from '../../../src/cases/local-date.js';
import { buildPqrsdReport } from '../../../src/cases/report/pqrsd-report.js';
import type { PqrsdReport, ReportCase } from '../../../src/cases/report/pqrsd-report.js';
import { CaseType, termFor } from '../../../src/cases/terms.js';
import type { SatisfactionReport } from '../../../src/reports/report-types.js';

/**
 * A known first semester of 2026 for the printable reports: 13 cases in the semester, one just before and one just
 * after it, cut on Friday 10 July 2026. The figures the tests expect are worked out by hand in the comments
 * (2026 holidays that matter: 23 March, 2-3 April, 29 June; February has none, and 2 February is a Monday).
 * The example pages in docs/reports are rendered from this same fixture (scripts/render-report-examples.ts).
 */

export const calendar = new BusinessCalendar();
const d = (s: string): LocalDate => localDate(s);
/** An instant given as Bogotá wall-clock time (UTC-5). */
const bogota = (date: string, time = '10:00'): Date => new Date(`${date}T${time}:00-05:00`);

/** Personal data a case record might carry; none of it may ever reach a printed page. */
export const PLANTED = {
  requesterName: 'Rosalba Quintero Mendoza',
  documentNumber: '43987123',
  subject: 'Hueco frente a la casa de la señora Rosalba en la calle 12',
  email: 'rosalba.quintero@example.com',
} as const;

function reportCase(radicado: string, over: Partial<ReportCase> & { receivedAt: Date }): ReportCase {
  const type = over.type ?? 'peticion';
  const parsed = CaseType.safeParse(type);
  const term = parsed.success ? termFor(parsed.data) : 15;
  return {
    radicado,
    type,
    status: over.answeredAt ? 'respondido' : 'en_tramite',
    channel: 'web',
    dependency: 'Secretaría de Gobierno',
    barrio: null,
    comuna: null,
    corregimiento: null,
    dueDate: calendar.addBusinessDays(toBogotaDate(over.receivedAt), term),
    answeredAt: null,
    informationDenied: false,
    extended: false,
    transfer: null,
    ...over,
  };
}

const hacienda = 'Secretaría de Hacienda';
const planeacion = 'Secretaría de Planeación';
const feb2 = bogota('2026-02-02');

export const fixtureCases: ReportCase[] = [
  // Before the semester: must not be counted.
  reportCase('PQRSD-2025-000999', { receivedAt: bogota('2025-12-31', '16:00') }),
  // Petición, due 23 Feb, answered 13 Feb: 9 business days, on time.
  reportCase('PQRSD-2026-000001', {
    receivedAt: feb2,
    answeredAt: bogota('2026-02-13'),
    barrio: 'El Centro',
    comuna: 'Comuna 1',
  }),
  // Petición, answered 25 Feb: 17 business days, late.
  reportCase('PQRSD-2026-000002', {
    receivedAt: feb2,
    answeredAt: bogota('2026-02-25'),
    channel: 'whatsapp',
    dependency: hacienda,
    barrio: 'El Centro',
    comuna: 'Comuna 1',
  }),
  // Queja, answered 26 Feb: 18 business days, late.
  reportCase('PQRSD-2026-000003', {
    type: 'queja',
    receivedAt: feb2,
    answeredAt: bogota('2026-02-26'),
    channel: 'whatsapp',
    dependency: hacienda,
    barrio: 'La Esperanza',
    comuna: 'Comuna 2',
  }),
  // Queja, answered 20 Feb: 14 business days, on time. Quejas average (18 + 14) / 2 = 16 > 15.
  reportCase('PQRSD-2026-000004', {
    type: 'queja',
    receivedAt: feb2,
    answeredAt: bogota('2026-02-20'),
    corregimiento: 'San Antonio',
  }),
  // Reclamo, due 23 Feb, never answered: late and overdue at the cut.
  reportCase('PQRSD-2026-000005', { type: 'reclamo', receivedAt: feb2, channel: 'telegram', dependency: hacienda }),
  // Sugerencia received Monday 22 June: due 14 July (29 June is a holiday), so still pending on 10 July.
  reportCase('PQRSD-2026-000006', { type: 'sugerencia', receivedAt: bogota('2026-06-22') }),
  // Información, due 16 Feb, answered 9 Feb (5 business days) denying access.
  {
    ...reportCase('PQRSD-2026-000007', {
      type: 'solicitud_informacion',
      receivedAt: feb2,
      answeredAt: bogota('2026-02-09'),
      informationDenied: true,
      dependency: planeacion,
    }),
    // What the case table holds about the requester; the report must ignore it.
    ...PLANTED,
  } as ReportCase,
  // Información, answered 17 Feb: 11 business days, late.
  reportCase('PQRSD-2026-000008', {
    type: 'solicitud_informacion',
    receivedAt: feb2,
    answeredAt: bogota('2026-02-17'),
    channel: 'whatsapp',
    dependency: planeacion,
  }),
  // Información transferred on time to the Gobernación.
  reportCase('PQRSD-2026-000009', {
    type: 'solicitud_informacion',
    status: 'trasladado',
    receivedAt: feb2,
    dependency: planeacion,
    transfer: { transferredOn: d('2026-02-04'), recipient: 'Gobernación de Antioquia', late: false },
  }),
  // Petición with extension: 30-day due date 16 April; answered 27 March (18 business days), on time.
  reportCase('PQRSD-2026-000010', {
    receivedAt: bogota('2026-03-02'),
    dueDate: calendar.addBusinessDays(d('2026-03-02'), 30),
    extended: true,
    answeredAt: bogota('2026-03-27'),
    channel: 'telegram',
    dependency: null,
  }),
  // Reclamo the citizen never completed.
  reportCase('PQRSD-2026-000011', {
    type: 'reclamo',
    status: 'desistido',
    receivedAt: bogota('2026-02-03'),
    channel: 'whatsapp',
  }),
  // Queja transferred late (after the 5 business days of art. 21) to the Personería.
  reportCase('PQRSD-2026-000013', {
    type: 'queja',
    status: 'trasladado',
    receivedAt: feb2,
    channel: 'whatsapp',
    transfer: { transferredOn: d('2026-02-12'), recipient: 'Personería Municipal', late: true },
  }),
  // Consulta (30 days, due 16 March), answered 6 March: 24 business days, on time.
  reportCase('PQRSD-2026-000014', {
    type: 'consulta',
    receivedAt: feb2,
    answeredAt: bogota('2026-03-06'),
    dependency: planeacion,
  }),
  // After the semester: must not be counted.
  reportCase('PQRSD-2026-000777', { receivedAt: bogota('2026-07-01') }),
];

export const SEMESTER = { year: 2026, half: 1 } as const;
export const ENTITY_NAME = 'Alcaldía de San Jerónimo de Prueba';
/** Friday 10 July 2026, 9:30 in Bogotá. */
export const GENERATED_AT = new Date('2026-07-10T14:30:00Z');

export function fixtureReport(cases: readonly ReportCase[] = fixtureCases): PqrsdReport {
  return buildPqrsdReport(cases, {
    from: d('2026-01-01'),
    to: d('2026-06-30'),
    today: d('2026-07-10'),
    calendar,
    entityName: ENTITY_NAME,
  });
}

/** Survey figures for the same semester: 12 of 20 answered (60 %), 9 of 12 satisfied (75 %). */
export const fixtureSatisfaction: SatisfactionReport = {
  entityName: ENTITY_NAME,
  period: { from: d('2026-01-01'), to: d('2026-06-30') },
  runs: { sent: 20, answered: 12, skipped: 3, expired: 4, pending: 1, responseRate: 0.6 },
  byTrigger: [],
  byChannel: [
    { key: 'web', label: 'Web (chat)', sent: 8, answered: 6, csatResponses: 6, csatShare: 5 / 6 },
    { key: 'whatsapp', label: 'WhatsApp', sent: 12, answered: 6, csatResponses: 6, csatShare: 4 / 6 },
  ],
  byOffice: [],
  byAgent: [],
  csat: { responses: 12, satisfied: 9, share: 0.75, averageScore: 3.92 },
  questions: [],
  comments: [
    {
      answeredAt: '2026-03-01T15:00:00.000Z',
      surveyTitle: 'Encuesta de satisfacción',
      channel: 'web',
      text: `Me atendió muy bien, soy ${PLANTED.requesterName}`,
    } as SatisfactionReport['comments'][number],
  ],
};
