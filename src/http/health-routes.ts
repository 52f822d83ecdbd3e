import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ChannelHealth } from '../core/channel-adapter.js';
import { infrastructure } from './plugin-names.js';

const Readiness = z.object({
  status: z.enum(['ready', 'unavailable']),
  checks: z.object({
    database: z.enum(['ok', 'unreachable']),
    migrations: z.enum(['ok', 'pending', 'unknown']),
  }),
  pending: z.array(z.string()).optional(),
  /** Connection states of channels that hold one (WhatsApp through Baileys); informative, never a reason for 503. */
  channels: z
    .record(z.string(), z.object({ state: z.string(), since: z.string(), detail: z.string().optional() }))
    .optional(),
});

export interface HealthRoutesOptions {
  channelHealth: () => Record<string, ChannelHealth>;
}

/** Liveness for the process supervisor and readiness for the load balancer (DESIGN.md: stable interface). */
const healthRoutesPlugin: FastifyPluginAsyncZod<HealthRoutesOptions> = async (app, options) => {
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
      ...channelsOf(options.channelHealth()),
    };
    return reply.status(r.ready ? 200 : 503).send(body);
  });
};

/** A channel standing by or pairing does not make the instance unready: another instance may hold the number. */
function channelsOf(health: Record<string, ChannelHealth>) {
  const entries = Object.entries(health);
  if (entries.length === 0) return {};
  return {
    channels: Object.fromEntries(
      entries.map(([name, h]) => [
        name,
        { state: h.state, since: h.since.toISOString(), ...(h.detail ? { detail: h.detail } : {}) },
      ]),
    ),
  };
}

export const healthRoutes = fp(healthRoutesPlugin, {
  name: 'ventanilla-health-routes',
  dependencies: [infrastructure.core],
  encapsulate: true,
});
