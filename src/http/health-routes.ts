import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const Readiness = z.object({
  status: z.enum(['ready', 'unavailable']),
  checks: z.object({
    database: z.enum(['ok', 'unreachable']),
    migrations: z.enum(['ok', 'pending', 'unknown']),
  }),
  pending: z.array(z.string()).optional(),
});

/** Liveness for the process supervisor and readiness for the load balancer (DESIGN.md: stable interface). */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    { schema: { response: { 200: z.object({ status: z.literal('ok'), uptimeSeconds: z.number() }) } } },
    async () => ({ status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()) }),
  );

  app.get('/ready', { schema: { response: { 200: Readiness, 503: Readiness } } }, async (_request, reply) => {
    const r = await app.database.readiness();
    const body = {
      status: r.ready ? ('ready' as const) : ('unavailable' as const),
      checks: { database: r.database, migrations: r.migrations },
      ...(r.pending ? { pending: r.pending } : {}),
    };
    return reply.status(r.ready ? 200 : 503).send(body);
  });
};
