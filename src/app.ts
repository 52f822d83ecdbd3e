import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { ChannelHealth } from './core/channel-adapter.js';
import websocket from '@fastify/websocket';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { CaseService } from './cases/service/case-service.js';
import type { Database } from './db/database.js';
import { caseRoutes } from './http/case-routes.js';
import { installErrorHandler } from './http/error-handler.js';
import { healthRoutes } from './http/health-routes.js';
import { metricsRoutes } from './http/metrics-routes.js';
import { installRouteCatalog } from './http/route-catalog.js';
import { socketErrorHandler } from './http/socket-errors.js';
import { consoleRoutes, type ConsoleRoutesOptions } from './http/console-routes.js';
import { contentRoutes, type ContentRoutesOptions } from './http/content-routes.js';
import { FailedAuthLimiter } from './http/staff-auth.js';
import type { ReportService } from './reports/report-service.js';
import type { StaffDirectory } from './staff/staff-directory.js';
import { widgetRoutes, type WidgetRoutesOptions } from './http/widget-routes.js';
import { officeRoutes, type OfficeRoutesOptions } from './http/office-routes.js';
import { officeSurveyRoutes, type OfficeSurveyRoutesOptions } from './http/office-survey-routes.js';
import type { TurnLoad } from './core/turn-gate.js';
import { entityRoutes, type EntityRoutesOptions } from './http/entity-routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: Database;
  }
}

export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  /** The entity's case service and staff directory; the officials' API (/api/v1) exists only when given. */
  services?: { cases: CaseService; staff: StaffDirectory; reports?: ReportService };
  /** The web widget's channel and its HTTP side; the demo page, /widget.js and /widget/v1 exist only when given. */
  widget?: WidgetRoutesOptions;
  /** The agent console (/console) and its API; absent, the console is not served. */
  console?: ConsoleRoutesOptions;
  /**
   * Offices and counters (settings.oficinas): their public survey pages (/encuesta/<id>) and, with `services`, the
   * officials' office API under /api/v1 (QR posters).
   */
  offices?: { surveyPages: OfficeSurveyRoutesOptions; staff: Omit<OfficeRoutesOptions, 'directory' | 'limiter'> };
  /** Messaging channels' webhooks and admin pages (Telegram, WhatsApp), and their connection states for /ready. */
  channels?: {
    routes: FastifyPluginAsync[];
    health: () => Record<string, ChannelHealth>;
  };
  /** The editors' flows and entity settings (/console/api/content); needs `console` for the sign-in. */
  content?: Pick<ContentRoutesOptions, 'content'>;
  /** The turn pipeline's load, for /metrics. */
  turns?: () => TurnLoad;
  /** The platform administrator's entity API (/api/v1/entities); needs `services` for sign-in. */
  platform?: Omit<EntityRoutesOptions, 'directory' | 'limiter' | 'prisma'>;
}

/** Builds the HTTP application without listening, so tests drive it with inject and server.ts alone binds a port. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Fastify's per-request lines carry the client IP and full URL, personal data for a citizen service.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    trustProxy: trustProxyOption(deps.config.TRUST_PROXY),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('config', deps.config);
  app.decorate('database', deps.database);
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      {
        method: request.method,
        route: request.routeOptions.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  installErrorHandler(app);
  installRouteCatalog(app);
  // The transport's hard cap; the widget protocol refuses frames over its own, smaller limit with an error frame and
  // keeps the connection, which ws cannot do past maxPayload.
  await app.register(websocket, { options: { maxPayload: 1024 * 1024 }, errorHandler: socketErrorHandler });
  const channelHealth = deps.channels?.health ?? (() => ({}));
  await app.register(healthRoutes, { channelHealth });
  await app.register(metricsRoutes, {
    channelHealth,
    token: deps.config.METRICS_TOKEN,
    ...(deps.turns ? { turns: deps.turns } : {}),
  });
  // One count of failed sign-ins per address across the case API (tokens) and the console (passwords).
  const authLimiter = deps.console?.limiter ?? new FailedAuthLimiter();
  if (deps.services) {
    await app.register(caseRoutes, {
      prefix: '/api/v1',
      cases: deps.services.cases,
      staff: deps.services.staff,
      authLimiter,
      ...(deps.services.reports ? { reports: deps.services.reports } : {}),
    });
  }
  if (deps.services && deps.platform) {
    await app.register(entityRoutes, {
      prefix: '/api/v1',
      ...deps.platform,
      prisma: deps.database.prisma,
      directory: deps.services.staff,
      limiter: authLimiter,
    });
  }
  if (deps.offices) {
    await app.register(officeSurveyRoutes, deps.offices.surveyPages);
    if (deps.services) {
      await app.register(officeRoutes, {
        prefix: '/api/v1',
        ...deps.offices.staff,
        directory: deps.services.staff,
        limiter: authLimiter,
      });
    }
  }
  if (deps.console) await app.register(consoleRoutes, { ...deps.console, limiter: authLimiter });
  if (deps.console && deps.content) {
    await app.register(contentRoutes, {
      ...deps.content,
      directory: deps.console.directory,
      limiter: authLimiter,
      ...(deps.console.secureCookie !== undefined ? { secureCookie: deps.console.secureCookie } : {}),
    });
  }
  if (deps.widget) await app.register(widgetRoutes, deps.widget);
  for (const routes of deps.channels?.routes ?? []) await app.register(routes);
  return app;
}

/** A hop count trusts that many proxies in front of us, as proxy-addr does; Fastify's types only take the function. */
function trustProxyOption(
  value: boolean | number | string,
): boolean | string | ((address: string, hop: number) => boolean) {
  return typeof value === 'number' ? (_address, hop) => hop < value : value;
}
