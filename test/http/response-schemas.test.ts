import { join } from 'node:path';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { CatalogedRoute } from '../../src/http/route-catalog.js';
import { whatsappAdminRoutes } from '../../src/http/whatsapp-admin-routes.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { StaffDirectory } from '../../src/staff/staff-directory.js';
import { silentLogger } from '../core/harness.js';
import { repoRoot } from '../support/cli-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const telegramToken = '123456789:AAEhBP0av28T6c0NwmAvHJ3v-test-token';

/**
 * Routes whose success is not JSON, so a response schema has nothing to describe. Each says why; a new entry here
 * should be as rare as a new HTML page.
 */
const exempt: Record<string, string> = {
  'GET /': 'the widget demo page (HTML)',
  'GET /widget.js': 'the widget script (JavaScript)',
  'GET /widget/v1/files/:entity/:id': 'a stored file, sent with its own content type',
  'OPTIONS /widget/v1/uploads/:entity': 'CORS preflight: 204 without a body',
  'OPTIONS /widget/v1/files/:entity/:id': 'CORS preflight: 204 without a body',
  'GET /console': 'the console page (HTML)',
  'GET /console/': 'the console page (HTML)',
  'GET /console/assets/*': "the console's built assets (JavaScript, CSS)",
  'GET /console/api/files/:id': 'a stored file, sent with its own content type',
  'GET /metrics': 'Prometheus text format',
  'GET /encuesta/:office': 'the office survey page (HTML)',
  'POST /encuesta/:office': 'a form post answered with a redirect or the page again (HTML)',
  'GET /encuesta/:office/gracias': 'the thank-you page (HTML)',
  'GET /encuesta/respuesta/:run': 'the survey page for one answered case (HTML)',
  'POST /encuesta/respuesta/:run': 'a form post answered with a redirect or the page again (HTML)',
  'GET /api/v1/offices/:office/qr': 'the printable QR poster (HTML)',
  'GET /api/v1/reports/ley-1712': 'a printable report (HTML)',
  'GET /api/v1/reports/ley-1474': 'a printable report (HTML)',
  'GET /api/v1/reports/csv/:id': 'a CSV download',
  'GET /admin/whatsapp': 'the WhatsApp pairing page (HTML)',
};

/** Meta's address check answers the challenge it sent, as plain text (one route per entity). */
const exemptPattern = (route: string) => /^GET \/webhooks\/whatsapp-cloud\/[a-z0-9-]+$/.test(route);

const key = (r: CatalogedRoute) => `${r.method} ${r.url}`;
const hasSuccessSchema = (r: CatalogedRoute) => r.responseStatuses.some((s) => /^2(\d\d|xx)$/.test(s));

/** The JSON routes that do not declare the shape of their success answer. */
function undeclared(routes: readonly CatalogedRoute[]): string[] {
  return routes
    .filter((r) => !r.websocket && !(key(r) in exempt) && !exemptPattern(key(r)) && !hasSuccessSchema(r))
    .map(key);
}

describe('every JSON route declares its success response', () => {
  let server: RunningServer | undefined;
  let testDb: TestDatabase | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await testDb?.drop();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('in the application the server builds for each entity, with every channel that has routes', async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    nock('https://api.telegram.org')
      .persist()
      .replyContentLength()
      .post(`/bot${telegramToken}/setWebhook`)
      .reply(200, { ok: true, result: true });
    testDb = await createTestDatabase('sqlite');
    server = await startServer(
      loadConfig({
        DATABASE_URL: testDb.url,
        FLOWS_DIR: join(repoRoot, 'test/fixtures/entities/alcaldia'),
        PORT: '0',
        NODE_ENV: 'test',
        WIDGET_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
        PUBLIC_URL: 'https://chat.example.gov.co',
        TELEGRAM_BOT_TOKEN: telegramToken,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: 'telegram-webhook-secret-0123456789',
        WHATSAPP_CLOUD_ACCESS_TOKEN: 'EAAG-test-access-token-0123456789',
        WHATSAPP_CLOUD_PHONE_NUMBER_ID: '109876543210',
        WHATSAPP_CLOUD_APP_SECRET: 'meta-app-secret-0123456789abcdef',
        WHATSAPP_CLOUD_VERIFY_TOKEN: 'verificar',
      }),
      silentLogger,
    );
    const served = server.entities.all();
    expect(served).toHaveLength(2);
    for (const entity of served) {
      const routes = entity.app.routeCatalog;
      // The areas this check is meant to cover are all there (a route plugin left out would pass vacuously).
      for (const expected of [
        'GET /ready',
        'GET /api/v1/cases',
        'POST /api/v1/cases/:radicado/answer',
        'POST /api/v1/cases/:radicado/files',
        'GET /api/v1/recommendations',
        'GET /api/v1/offices',
        'GET /api/v1/reports/dashboard',
        'POST /api/v1/intake/cases',
        'GET /api/v1/entities',
        'GET /console/api/handoffs',
        'GET /console/api/content/files',
        'GET /console/api/knowledge/entries',
        'GET /widget/v1/config/:entity',
        'POST /widget/v1/uploads/:entity',
      ]) {
        expect(routes.map(key), `${entity.entity.slug}: ${expected}`).toContain(expected);
      }
      expect(undeclared(routes), entity.entity.slug).toEqual([]);
      // The WebSockets are found as such, not skipped by accident.
      expect(routes.filter((r) => r.websocket).map(key)).toEqual(['GET /console/ws', 'GET /widget/v1/ws/:entity']);
    }

    // The process-wide Telegram and Cloud API settings belong to the first entity: its webhooks were looked at too.
    const first = served[0]!;
    expect(first.app.routeCatalog.map(key)).toEqual(
      expect.arrayContaining([
        `POST /webhooks/telegram/${first.entity.slug}`,
        `POST /webhooks/whatsapp-cloud/${first.entity.slug}`,
      ]),
    );

    // The WhatsApp (Baileys) admin routes exist only with a paired number; built here around a stand-in adapter.
    const admin = await buildApp({
      config: server.app.config,
      database: server.database,
      logger: silentLogger,
      channels: {
        routes: [
          whatsappAdminRoutes({
            source: {
              health: () => ({ state: 'pairing', since: new Date() }),
              pairing: () => ({}),
              requestPairingCode: async () => undefined,
              relink: async () => false,
            },
            staff: new StaffDirectory(server.database.prisma, first.entity.id),
            pairingPhoneConfigured: false,
          }),
        ],
        health: () => ({}),
      },
    });
    try {
      expect(admin.routeCatalog.map(key)).toContain('POST /api/v1/admin/whatsapp/relink');
      expect(undeclared(admin.routeCatalog)).toEqual([]);
    } finally {
      await admin.close();
    }
  });
});
