import { createHmac } from 'node:crypto';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { silentLogger } from '../core/harness.js';
import { createTestDatabase, testProviders } from '../support/test-database.js';

const telegramToken = '123456789:AAEhBP0av28T6c0NwmAvHJ3v-test-token';
const telegramSecret = 'telegram-webhook-secret-0123456789';
const appSecret = 'meta-app-secret-0123456789abcdef';
const verifyToken = 'verificar-san-isidro';

/**
 * The real server (src/server.ts) with every channel configured: each one's routes answer, and /ready lists the ones
 * that hold a connection. The channels' own behaviour is tested in their folders; this proves the wiring.
 */
describe.each(testProviders)('server with Telegram and the WhatsApp Cloud API configured (%s)', (provider) => {
  let server: RunningServer | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await server?.close();
    await drop?.();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("registers the Telegram webhook at start and serves both channels' webhooks", async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    let registered: Record<string, unknown> | undefined;
    // nock 14 must send a content length, or telegraf's keep-alive request never ends (toolchain.md).
    nock('https://api.telegram.org')
      .replyContentLength()
      .post(`/bot${telegramToken}/setWebhook`, (body: Record<string, unknown>) => ((registered = body), true))
      .reply(200, { ok: true, result: true });
    const db = await createTestDatabase(provider);
    drop = db.drop;
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: db.url,
      WIDGET_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
      PUBLIC_URL: 'https://chat.sanisidrodelrio.gov.co',
      TELEGRAM_BOT_TOKEN: telegramToken,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: telegramSecret,
      WHATSAPP_CLOUD_ACCESS_TOKEN: 'EAAG-test-access-token-0123456789',
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: '109876543210',
      WHATSAPP_CLOUD_APP_SECRET: appSecret,
      WHATSAPP_CLOUD_VERIFY_TOKEN: verifyToken,
    });
    server = await startServer(config, silentLogger);
    const { app } = server;

    await expect
      .poll(() => registered)
      .toMatchObject({
        url: 'https://chat.sanisidrodelrio.gov.co/webhooks/telegram/san-isidro',
        secret_token: telegramSecret,
      });
    const unsigned = await app.inject({
      method: 'POST',
      url: '/webhooks/telegram/san-isidro',
      payload: { update_id: 1 },
    });
    expect(unsigned.statusCode).toBe(401);
    const ignored = await app.inject({
      method: 'POST',
      url: '/webhooks/telegram/san-isidro',
      headers: { 'x-telegram-bot-api-secret-token': telegramSecret },
      payload: { update_id: 2, edited_message: {} },
    });
    expect(ignored.statusCode).toBe(200);

    const verify = await app.inject({
      url: `/webhooks/whatsapp-cloud/san-isidro?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=1158201444`,
    });
    expect(verify.statusCode).toBe(200);
    expect(verify.body).toBe('1158201444');
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
    const signed = await app.inject({
      method: 'POST',
      url: '/webhooks/whatsapp-cloud/san-isidro',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`,
      },
      payload: body,
    });
    expect(signed.statusCode).toBe(200);

    const ready = await app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(Object.keys(ready.json().channels).sort()).toEqual(['telegram', 'whatsapp-cloud']);
    // Baileys is off unless WHATSAPP_BAILEYS=true: no admin page.
    expect((await app.inject({ url: '/admin/whatsapp' })).statusCode).toBe(404);
  });
});
