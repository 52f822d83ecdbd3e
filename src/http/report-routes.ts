import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tablesToCsv, tableToCsv } from '../reports/report-table-csv.js';
import type { ReportService } from '../reports/report-service.js';
import { satisfactionTables, serviceTables } from '../reports/report-tables.js';
import { HttpDate, HttpSemester } from './http-date.js';
import { Comments, Dashboard, SatisfactionReport, ServiceReport } from './report-wire.js';
import { pageSecurityHeaders } from './security-headers.js';

export interface ReportRoutesOptions {
  reports: ReportService;
}

const Period = z.object({ from: HttpDate, to: HttpDate });
const PeriodWithFormat = Period.extend({ format: z.enum(['json', 'csv']).default('json') });
const TableParams = z.object({ id: z.string().regex(/^[a-z0-9-]{1,80}$/, { error: 'Tabla desconocida.' }) });
const SemesterQuery = z.object({ semestre: HttpSemester });

/**
 * The supervisors' reports under /api/v1/reports, inside the staff-authenticated scope of the case API (a console
 * session cookie or a bearer token). The service checks `reports.read`. Printable pages are HTML a browser prints to
 * PDF; they carry no scripts, so they are served with a policy that forbids them (security-headers.ts).
 */
export const reportRoutes: FastifyPluginAsyncZod<ReportRoutesOptions> = async (app, { reports }) => {
  app.get(
    '/reports/service',
    { schema: { querystring: PeriodWithFormat, response: { 200: ServiceReport } } },
    async (request, reply) => {
      const { from, to, format } = request.query;
      const report = await reports.service(request.staff, { from, to });
      if (format === 'json') return report;
      return csv(reply, `atencion-${from}-${to}.csv`, tablesToCsv(serviceTables(report)));
    },
  );

  app.get(
    '/reports/satisfaction',
    { schema: { querystring: PeriodWithFormat, response: { 200: SatisfactionReport } } },
    async (request, reply) => {
      const { from, to, format } = request.query;
      const report = await reports.satisfaction(request.staff, { from, to });
      if (format === 'json') return report;
      return csv(reply, `satisfaccion-${from}-${to}.csv`, tablesToCsv(satisfactionTables(report)));
    },
  );

  app.get(
    '/reports/comments',
    {
      schema: {
        querystring: Period.extend({
          q: z.string().trim().min(2, { error: 'Escriba al menos 2 letras para buscar.' }).max(100),
        }),
        response: { 200: Comments },
      },
    },
    async (request) => {
      const { from, to, q } = request.query;
      return { items: await reports.searchComments(request.staff, { from, to }, q) };
    },
  );

  app.get('/reports/dashboard', { schema: { querystring: Period, response: { 200: Dashboard } } }, async (request) =>
    reports.dashboard(request.staff, request.query),
  );

  app.get('/reports/csv/:id', { schema: { params: TableParams, querystring: Period } }, async (request, reply) => {
    const { from, to } = request.query;
    const table = await reports.table(request.staff, { from, to }, request.params.id);
    return csv(reply, `${table.id}-${from}-${to}.csv`, tableToCsv(table));
  });

  // Pages a supervisor opens and prints: no scripts, their own inline styles, never framed by another site.
  await app.register(async (printable) => {
    await pageSecurityHeaders(printable, {
      'style-src': ["'unsafe-inline'"],
      'img-src': ['data:'],
      'form-action': ["'none'"],
    });
    const pages = printable.withTypeProvider<ZodTypeProvider>();

    pages.get('/reports/ley-1712', { schema: { querystring: Period } }, async (request, reply) =>
      html(reply, await reports.transparencyPage(request.staff, request.query)),
    );

    pages.get('/reports/ley-1474', { schema: { querystring: SemesterQuery } }, async (request, reply) => {
      const { year, half } = request.query.semestre;
      return html(reply, await reports.semesterPage(request.staff, `${year}-${half}`));
    });
  });
};

/** Sent as is: with its own content type, the reply skips the JSON serializer and the route's response schema. */
export function csv(reply: FastifyReply, fileName: string, body: string): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .send(body);
}

function html(reply: { header(name: string, value: string): unknown }, page: string): string {
  reply.header('content-type', 'text/html; charset=utf-8');
  reply.header('cache-control', 'no-store');
  return page;
}
