import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { authLimiter } from '../../src/http/auth-limiter-plugin.js';
import { consolePageRoutes } from '../../src/http/console-page.js';
import type { StaffDirectory } from '../../src/staff/staff-directory.js';
import { whatsappAdminRoutes, type WhatsappAdminSource } from '../../src/http/whatsapp-admin-routes.js';
import { startWidgetApp, type WidgetApp } from '../channels/web/widget-app.js';

/** The CSP as a map of directive → sources. */
function csp(header: unknown): Record<string, string[]> {
  return Object.fromEntries(
    String(header ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

const sha256Source = (code: string) => `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`;

const pageBasics = (headers: Record<string, unknown>) => {
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-frame-options']).toBe('DENY');
  const policy = csp(headers['content-security-policy']);
  expect(policy['frame-ancestors']).toEqual(["'none'"]);
  expect(policy['object-src']).toEqual(["'none'"]);
  expect(policy['base-uri']).toEqual(["'none'"]);
  return policy;
};

describe('security headers on the pages and the widget script', () => {
  let w: WidgetApp;
  let dir: string;
  const script = 'console.log("A.V.A");';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'security-headers-'));
    await writeFile(join(dir, 'widget.js'), script);
    await writeFile(join(dir, 'index.html'), '<!doctype html><script src="/console/assets/console.js"></script>');
    w = await startWidgetApp('sqlite', { scriptPath: join(dir, 'widget.js') });
  });
  afterAll(async () => {
    await w?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the demo page may run only our widget script and its own style, and cannot be framed', async () => {
    const res = await w.app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    const policy = pageBasics(res.headers);
    expect(policy['default-src']).toEqual(["'none'"]);
    expect(policy['script-src']).toEqual(["'self'"]);
    const style = /<style>([\s\S]*?)<\/style>/.exec(res.body)![1]!;
    expect(policy['style-src']).toEqual([sha256Source(style)]);
    expect(policy['connect-src']).toEqual(["'self'"]);
    // Without an https PUBLIC_URL nothing forces https (a laptop or an intranet over http).
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('widget.js can be embedded by any portal: nosniff, JavaScript type, cross-origin resource policy, no page policy', async () => {
    const res = await w.app.inject({ url: '/widget.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['content-security-policy']).toBeUndefined();
    expect(res.body).toBe(script);
  });

  it('the JSON API keeps its own headers (no page policy on widget config)', async () => {
    const res = await w.app.inject({ url: '/widget/v1/config/san-isidro' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toBeUndefined();
  });

  it('the console page and its assets load only from this server and cannot be framed', async () => {
    const app = Fastify();
    await app.register(consolePageRoutes, { distDir: dir });
    const page = await app.inject({ url: '/console' });
    expect(page.statusCode).toBe(200);
    const policy = pageBasics(page.headers);
    expect(policy['default-src']).toEqual(["'self'"]);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['style-src']).toEqual(["'self'"]);
    expect(policy['connect-src']).toEqual(["'self'"]);
    await app.close();
  });

  const adminApp = async (env: Record<string, string>): Promise<FastifyInstance> => {
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.decorate('config', loadConfig({ NODE_ENV: 'test', ...env }));
    await app.register(authLimiter);
    const source = {} as WhatsappAdminSource;
    await app.register(whatsappAdminRoutes({ source, staff: {} as StaffDirectory, pairingPhoneConfigured: false }));
    return app;
  };

  it('the WhatsApp admin page runs only its own inline script and style (by hash), and HSTS is sent behind https', async () => {
    const app = await adminApp({ PUBLIC_URL: 'https://chat.sanisidro.gov.co' });
    const page = await app.inject({ url: '/admin/whatsapp' });
    expect(page.statusCode).toBe(200);
    const policy = pageBasics(page.headers);
    const inline = /<script>([\s\S]*?)<\/script>/.exec(page.body)![1]!;
    expect(policy['script-src']).toEqual([sha256Source(inline)]);
    expect(policy['script-src']).not.toContain("'unsafe-inline'");
    expect(page.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
    await app.close();

    const plain = await adminApp({ PUBLIC_URL: 'http://192.168.1.10:3000' });
    expect((await plain.inject({ url: '/admin/whatsapp' })).headers['strict-transport-security']).toBeUndefined();
    await plain.close();
  });
});
