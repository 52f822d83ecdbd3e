import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { ChannelHealth } from './core/channel-adapter.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { CaseService } from './cases/service/case-service.js';
import type { Database } from './db/database.js';
import { caseRoutes } from './http/case-routes.js';
import { installErrorHandler } from './http/error-handler.js';
import { healthRoutes } from './http/health-routes.js';
import { metricsRoutes } from './http/metrics-routes.js';
import { installRouteCatalog } from './http/route-catalog.js';
import { consoleRoutes, type ConsoleRoutesOptions } from './http/console-routes.js';
import { contentRoutes, type ContentRoutesOptions } from './http/content-routes.js';
import { authLimiter } from './http/auth-limiter-plugin.js';
import { core } from './http/core-plugin.js';
import { websockets } from './http/websocket-plugin.js';
import type { ReportService } from './reports/report-service.js';
import type { StaffDirectory } from './staff/staff-directory.js';
import { widgetRoutes, type WidgetRoutesOptions } from './http/widget-routes.js';
import { officeRoutes, type OfficeRoutesOptions } from './http/office-routes.js';
import { officeSurveyRoutes, type OfficeSurveyRoutesOptions } from './http/office-survey-routes.js';
import type { TurnLoad } from './core/turn-gate.js';
import { entityRoutes, type EntityRoutesOptions } from './http/entity-routes.js';

export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  /** The console's cookie name: an entity served beside others has its own (src/console/console-cookie.ts). */
  consoleCookie?: string;
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
  offices?: { surveyPages: OfficeSurveyRoutesOptions; staff: Omit<OfficeRoutesOptions, 'directory'> };
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
  platform?: Omit<EntityRoutesOptions, 'directory'>;
}

/**
 * Builds the HTTP application without listening, so tests drive it with inject and server.ts alone binds a port.
 * Infrastructure plugins first (core, auth limiter, websocket), then one plugin per route area; each route plugin
 * names the infrastructure it uses in its fastify-plugin `dependencies` (docs/architecture.md).
 */
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

  await app.register(core, {
    config: deps.config,
    database: deps.database,
    ...(deps.consoleCookie ? { consoleCookie: deps.consoleCookie } : {}),
  });
  await app.register(authLimiter, deps.console?.limiter ? { limiter: deps.console.limiter } : {});
  await app.register(websockets);

  const channelHealth = deps.channels?.health ?? (() => ({}));
  await app.register(healthRoutes, { channelHealth });
  await app.register(metricsRoutes, {
    channelHealth,
    token: deps.config.METRICS_TOKEN,
    ...(deps.turns ? { turns: deps.turns } : {}),
  });
  if (deps.services) {
    await app.register(caseRoutes, {
      prefix: '/api/v1',
      cases: deps.services.cases,
      staff: deps.services.staff,
      ...(deps.services.reports ? { reports: deps.services.reports } : {}),
    });
  }
  if (deps.services && deps.platform) {
    await app.register(entityRoutes, { prefix: '/api/v1', ...deps.platform, directory: deps.services.staff });
  }
  if (deps.offices) {
    await app.register(officeSurveyRoutes, deps.offices.surveyPages);
    if (deps.services) {
      await app.register(officeRoutes, { prefix: '/api/v1', ...deps.offices.staff, directory: deps.services.staff });
    }
  }
  if (deps.console) await app.register(consoleRoutes, deps.console);
  if (deps.console && deps.content) {
    await app.register(contentRoutes, {
      ...deps.content,
      directory: deps.console.directory,
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
