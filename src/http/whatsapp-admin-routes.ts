import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { qrSvg } from '../channels/whatsapp/pairing-qr.js';
import type { ChannelHealth } from '../core/channel-adapter.js';
import type { StaffDirectory } from '../staff/staff-directory.js';
import { can } from '../staff/staff-member.js';
import { DomainError } from '../lib/errors/domain-error.js';
import { inlineHashes, pageSecurityHeaders } from './security-headers.js';
import { infrastructure } from './plugin-names.js';
import { staffAuth } from './staff-auth.js';
import { whatsappAdminPage } from './whatsapp-admin-page.js';

/** What the admin routes read from the WhatsApp adapter. */
export interface WhatsappAdminSource {
  health(): ChannelHealth;
  pairing(): { qr?: string; pairingCode?: string };
  requestPairingCode(phoneDigits: string): Promise<string | undefined>;
  /** Forgets the stored session and starts a new pairing, from a state the channel does not leave alone. */
  relink(): Promise<boolean>;
}

const WhatsappAdminStatus = z.enum([
  'waiting',
  'connected',
  'connecting',
  'disconnected',
  'logged_out',
  'banned',
  'bad_session',
  'standby',
]);
export type WhatsappAdminStatus = z.output<typeof WhatsappAdminStatus>;

const statusOf: Record<ChannelHealth['state'], WhatsappAdminStatus> = {
  pairing: 'waiting',
  connected: 'connected',
  connecting: 'connecting',
  disconnected: 'disconnected',
  logged_out: 'logged_out',
  banned: 'banned',
  bad_session: 'bad_session',
  standby: 'standby',
};

const messages: Record<WhatsappAdminStatus, string> = {
  waiting: 'Esperando la vinculación: escanee el código QR con el teléfono del número de la entidad.',
  connected: 'WhatsApp está conectado y atendiendo a los ciudadanos.',
  connecting: 'Conectando con WhatsApp…',
  disconnected: 'WhatsApp está desconectado. El servidor reintenta solo.',
  logged_out:
    'Se cerró la sesión desde el teléfono. En unos segundos aparecerá un código QR nuevo para vincular otra vez.',
  banned:
    'WhatsApp bloqueó el número de la entidad. Los ciudadanos no reciben respuesta por este canal y el servidor ya no reintenta.',
  bad_session:
    'WhatsApp no acepta la sesión guardada. El servidor ya no reintenta: hay que vincular de nuevo el número.',
  standby: 'Otra instancia del servidor atiende este número. Esta queda en espera y la reemplaza si se detiene.',
};

/** States where the page offers to forget the session and pair again (the channel waits for the administrator). */
const relinkable = new Set<WhatsappAdminStatus>(['banned', 'bad_session', 'logged_out']);

const PairingCodeBody = z.strictObject({
  phone: z
    .string()
    .trim()
    .regex(/^\d{10,15}$/, 'Escriba el número con el indicativo del país, solo dígitos, por ejemplo 573001234567.'),
});

const AdminState = z.object({
  status: WhatsappAdminStatus,
  since: z.string(),
  message: z.string(),
  detail: z.string().nullable(),
  qr: z.string().nullable(),
  qrSvg: z.string().nullable(),
  pairingCode: z.string().nullable(),
  pairingPhoneConfigured: z.boolean(),
  canRelink: z.boolean(),
});

export interface WhatsappAdminRoutesOptions {
  source: WhatsappAdminSource;
  staff: StaffDirectory;
  pairingPhoneConfigured: boolean;
}

/**
 * GET /admin/whatsapp: the page where an administrator pairs the number (it holds no data itself; it asks for the
 * access token and reads the API). /api/v1/admin/whatsapp: the state, the QR and the pairing code, for staff with
 * the channels.manage permission.
 */
export function whatsappAdminRoutes(options: WhatsappAdminRoutesOptions): FastifyPluginAsync {
  const plugin: FastifyPluginAsync = async (app) => {
    const page = whatsappAdminPage();
    await app.register(async (admin) => {
      // The page's own inline script and style, by hash; it reads the API on this server and shows the QR as SVG.
      await pageSecurityHeaders(admin, {
        'script-src': inlineHashes(page, 'script'),
        'style-src': inlineHashes(page, 'style'),
        'img-src': ['data:'],
        'connect-src': ["'self'"],
      });
      admin.get('/admin/whatsapp', async (_request, reply) =>
        reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(page),
      );
    });
    await app.register(adminApi, { prefix: '/api/v1/admin/whatsapp', ...options });
  };
  return fp(plugin, {
    name: 'ventanilla-whatsapp-admin-routes',
    dependencies: [infrastructure.authLimiter],
    encapsulate: true,
  });
}

const adminApi: FastifyPluginAsyncZod<WhatsappAdminRoutesOptions> = async (app, options) => {
  await app.register(staffAuth, {
    directory: options.staff,
    limiter: app.authLimiter,
  });
  app.addHook('preHandler', async (request) => {
    if (!can(request.staff, 'channels.manage')) throw new DomainError('FORBIDDEN');
  });

  app.get('/', { schema: { response: { 200: AdminState } } }, async () => {
    const health = options.source.health();
    const status = statusOf[health.state];
    const pairing = options.source.pairing();
    return {
      status,
      since: health.since.toISOString(),
      message: messages[status],
      detail: health.detail ?? null,
      qr: pairing.qr ?? null,
      qrSvg: pairing.qr ? await qrSvg(pairing.qr) : null,
      pairingCode: pairing.pairingCode ?? null,
      pairingPhoneConfigured: options.pairingPhoneConfigured,
      canRelink: relinkable.has(status),
    };
  });

  app.post(
    '/relink',
    { schema: { response: { 200: z.object({ status: z.literal('connecting') }) } } },
    async (request) => {
      if (!(await options.source.relink())) {
        throw new DomainError('UNPROCESSABLE', {
          details: {
            reason:
              'Solo se puede vincular de nuevo cuando WhatsApp dejó de reintentar (número bloqueado, sesión no válida o sesión cerrada).',
          },
        });
      }
      request.log.warn('whatsapp session cleared by an administrator to pair again');
      return { status: 'connecting' as const };
    },
  );

  app.post(
    '/pairing-code',
    { schema: { body: PairingCodeBody, response: { 200: z.object({ pairingCode: z.string() }) } } },
    async (request) => {
      const code = await options.source.requestPairingCode(request.body.phone);
      if (!code)
        throw new DomainError('UNPROCESSABLE', {
          details: { reason: 'Solo se puede pedir un código mientras WhatsApp espera la vinculación.' },
        });
      request.log.info('whatsapp pairing code requested');
      return { pairingCode: code };
    },
  );
};
