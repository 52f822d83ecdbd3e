import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { authLimiter } from '../../src/http/auth-limiter-plugin.js';
import { caseRoutes } from '../../src/http/case-routes.js';
import { core } from '../../src/http/core-plugin.js';
import { healthRoutes } from '../../src/http/health-routes.js';
import { widgetRoutes, type WidgetRoutesOptions } from '../../src/http/widget-routes.js';
import type { CaseService } from '../../src/cases/service/case-service.js';
import type { StaffDirectory } from '../../src/staff/staff-directory.js';
import { openMigratedDatabase } from '../support/test-database.js';

type MigratedDatabase = Awaited<ReturnType<typeof openMigratedDatabase>>;

/**
 * Route plugins declare the infrastructure they use (fastify-plugin `dependencies`): registered without it, the
 * application refuses to start with Fastify's own error naming what is missing, instead of failing on a request.
 */
describe('route plugins and the infrastructure they depend on', () => {
  let opened: MigratedDatabase | undefined;
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });

  const bootError = async (register: (app: ReturnType<typeof Fastify>) => Promise<unknown>) => {
    const app = Fastify();
    try {
      await register(app);
      await app.ready();
    } catch (error) {
      return error as { code?: string; message: string };
    } finally {
      await app.close().catch(() => undefined);
    }
    return undefined;
  };

  it('the case API without the shared sign-in limiter does not boot', async () => {
    opened = await openMigratedDatabase('sqlite');
    const { database, url } = opened;
    const error = await bootError(async (app) => {
      await app.register(core, { config: loadConfig({ DATABASE_URL: url }), database });
      await app.register(caseRoutes, { cases: {} as CaseService, staff: {} as StaffDirectory });
    });
    expect(error?.code).toBe('FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED');
    expect(error?.message).toContain("'ventanilla-auth-limiter'");
    expect(error?.message).toContain("'ventanilla-case-routes'");
  });

  it('the health routes without the database do not boot', async () => {
    const error = await bootError(async (app) => {
      await app.register(healthRoutes, { channelHealth: () => ({}) });
    });
    expect(error?.code).toBe('FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED');
    expect(error?.message).toContain("'ventanilla-core'");
  });

  it('the widget routes without WebSocket support do not boot', async () => {
    const error = await bootError(async (app) => {
      await app.register(authLimiter);
      await app.register(widgetRoutes, {} as WidgetRoutesOptions);
    });
    expect(error?.code).toBe('FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED');
    expect(error?.message).toContain("'ventanilla-websocket'");
  });

  it('with its infrastructure registered first, the same plugin boots and answers', async () => {
    opened = await openMigratedDatabase('sqlite');
    const { database, url } = opened;
    const app = Fastify();
    try {
      await app.register(core, { config: loadConfig({ DATABASE_URL: url }), database });
      await app.register(healthRoutes, { channelHealth: () => ({}) });
      const ready = await app.inject({ url: '/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
    } finally {
      await app.close();
    }
  });
});
