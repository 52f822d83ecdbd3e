import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Office } from '../entities/office-settings.js';
import type { StaffDirectory } from '../staff/staff-directory.js';
import { officeSurveyUrl, renderOfficeQrPage } from '../surveys/office-qr-page.js';
import { DomainError } from '../lib/errors/domain-error.js';
import { intakeRoutes, type IntakeRoutesOptions } from './intake-routes.js';
import { staffAuth } from './staff-auth.js';
import { infrastructure } from './plugin-names.js';

export interface OfficeRoutesOptions {
  directory: StaffDirectory;
  entityName: string;
  offices: readonly Office[];
  /** Counter and phone intake (/api/v1/intake/…); absent, only the offices and their QR posters. */
  intake?: Omit<IntakeRoutesOptions, 'offices'>;
  /** PUBLIC_URL: the address printed on the QR codes; without it, the address the console was opened on. */
  publicUrl?: string;
}

const OfficeParams = z.object({ office: z.string().max(64) });
const OfficeList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      channel: z.string(),
      address: z.string().nullable(),
      surveyUrl: z.string(),
    }),
  ),
});

/**
 * The offices and counters for signed-in staff (/api/v1/offices): the list with each survey page's address, and the
 * printable QR poster. Any official may print one: counters are staffed by officials, not only supervisors.
 */
const officeRoutesPlugin: FastifyPluginAsyncZod<OfficeRoutesOptions> = async (app, options) => {
  await app.register(staffAuth, {
    directory: options.directory,
    limiter: app.authLimiter,
  });
  if (options.intake) {
    await app.register(intakeRoutes, {
      ...options.intake,
      offices: options.offices,
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    });
  }
  const base = (request: FastifyRequest) => options.publicUrl ?? `${request.protocol}://${request.host}`;
  const officeOf = (id: string) => {
    const office = options.offices.find((o) => o.id === id);
    if (!office) throw new DomainError('NOT_FOUND');
    return office;
  };

  app.get('/offices', { schema: { response: { 200: OfficeList } } }, async (request) => ({
    items: options.offices.map((o) => ({
      id: o.id,
      name: o.nombre,
      channel: o.canal,
      address: o.direccion ?? null,
      surveyUrl: officeSurveyUrl(base(request), o),
    })),
  }));

  app.get('/offices/:office/qr', { schema: { params: OfficeParams } }, async (request, reply) => {
    const office = officeOf(request.params.office);
    const html = await renderOfficeQrPage(options.entityName, office, officeSurveyUrl(base(request), office));
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
      .send(html);
  });
};

export const officeRoutes = fp(officeRoutesPlugin, {
  name: 'ventanilla-office-routes',
  dependencies: [infrastructure.authLimiter],
  encapsulate: true,
});
