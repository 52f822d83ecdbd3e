import fp from 'fastify-plugin';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { ChannelHealth } from '../core/channel-adapter.js';
import type { TurnLoad } from '../core/turn-gate.js';
import { errorBody } from '../lib/errors/domain-error.js';
import { infrastructure } from './plugin-names.js';

export interface MetricsRoutesOptions {
  channelHealth: () => Record<string, ChannelHealth>;
  /** METRICS_TOKEN: when set, a scrape must send it as a bearer token. */
  token?: string | undefined;
  /** The turn pipeline's load (running, waiting, busy notices); absent without a runtime. */
  turns?: () => TurnLoad;
}

const states: ChannelHealth['state'][] = [
  'connected',
  'connecting',
  'disconnected',
  'pairing',
  'logged_out',
  'banned',
  'bad_session',
  'standby',
];

/**
 * Prometheus metrics at /metrics: process figures, each held channel connection's state, and the outbound queue.
 * Only counts and states, never personal data, so by default it needs no sign-in (like /health); with METRICS_TOKEN
 * set it answers only a scraper that sends the token, for servers the public internet can reach. A registry per app,
 * so tests and several apps in one process do not collide.
 */
const metricsRoutesPlugin: FastifyPluginAsync<MetricsRoutesOptions> = async (app, options) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ventanilla_' });
  new Gauge({
    name: 'ventanilla_channel_state',
    help: 'Connection state of channels that hold one (1 for the current state), e.g. WhatsApp through Baileys.',
    labelNames: ['channel', 'state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [channel, health] of Object.entries(options.channelHealth())) {
        for (const state of states) this.set({ channel, state }, health.state === state ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'ventanilla_channel_state_seconds',
    help: 'Seconds since the channel entered its current state (a long disconnection is an alert).',
    labelNames: ['channel'],
    registers: [registry],
    collect() {
      this.reset();
      const now = Date.now();
      for (const [channel, health] of Object.entries(options.channelHealth())) {
        this.set({ channel }, Math.max(0, (now - health.since.getTime()) / 1000));
      }
    },
  });
  new Counter({
    name: 'ventanilla_channel_events_total',
    help: 'What a channel counted since the process started, by event (email: received, duplicates, automated, sent...).',
    labelNames: ['channel', 'event'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [channel, health] of Object.entries(options.channelHealth())) {
        for (const [event, value] of Object.entries(health.counters ?? {})) this.inc({ channel, event }, value);
      }
    },
  });
  new Gauge({
    name: 'ventanilla_outbound_messages',
    help: 'Outbound messages waiting to be sent (queued) or given up on (failed), by channel.',
    labelNames: ['channel', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await app.database.prisma.message.groupBy({
        by: ['channel', 'status'],
        where: { direction: 'out', status: { in: ['queued', 'sending', 'failed'] } },
        _count: { _all: true },
      });
      for (const row of rows) this.set({ channel: row.channel, status: row.status }, row._count._all);
    },
  });

  const turns = options.turns;
  if (turns) {
    new Gauge({
      name: 'ventanilla_turns',
      help: 'Conversation turns running now and waiting for a slot (their messages already stored and acknowledged).',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const load = turns();
        this.set({ state: 'running' }, load.running);
        this.set({ state: 'waiting' }, load.waiting);
      },
    });
    new Counter({
      name: 'ventanilla_widget_busy_total',
      help: 'Messages acknowledged with a busy notice (back-pressure: the answer waits behind other turns).',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(turns().busyTotal);
      },
    });
  }

  const expected = options.token ? digest(options.token) : undefined;
  app.get('/metrics', async (request, reply) => {
    if (expected) {
      const sent = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
      // Digests have equal lengths, so the comparison takes the same time whatever was sent.
      if (!sent || !timingSafeEqual(digest(sent), expected)) {
        request.log.warn('metrics request without the right token refused');
        return reply.status(401).header('www-authenticate', 'Bearer').send(errorBody('UNAUTHENTICATED'));
      }
    }
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
};

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export const metricsRoutes = fp(metricsRoutesPlugin, {
  name: 'ventanilla-metrics-routes',
  dependencies: [infrastructure.core],
  encapsulate: true,
});
