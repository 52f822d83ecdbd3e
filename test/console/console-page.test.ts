import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolePageRoutes } from '../../src/http/console-page.js';

describe('console page', () => {
  let dist: string;
  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'console-dist-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), '<!doctype html><script src="/console/assets/console.js"></script>');
    await writeFile(join(dist, 'assets', 'console.js'), 'console.log(1)');
    await writeFile(join(dist, 'secret.txt'), 'no');
  });
  afterAll(async () => rm(dist, { recursive: true, force: true }));

  async function appWith(distDir: string) {
    const app = Fastify();
    await app.register(consolePageRoutes, { distDir });
    return app;
  }

  it('serves the built page and its assets with a strict CSP, and nothing outside assets/', async () => {
    const app = await appWith(dist);
    const page = await app.inject({ url: '/console' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const script = await app.inject({ url: '/console/assets/console.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    for (const url of [
      '/console/assets/../secret.txt',
      '/console/assets/%2e%2e/secret.txt',
      '/console/assets/..%2fsecret.txt',
      '/console/assets/missing.js',
    ]) {
      expect((await app.inject({ url })).statusCode, url).toBe(404);
    }
    await app.close();
  });

  it('answers 503 in Spanish when the console was never built', async () => {
    const app = await appWith(join(dist, 'no-existe'));
    const page = await app.inject({ url: '/console' });
    expect(page.statusCode).toBe(503);
    expect(page.json().error).toMatchObject({
      code: 'NOT_READY',
      message: expect.stringContaining('La consola todavía no está construida'),
    });
    await app.close();
  });
});
