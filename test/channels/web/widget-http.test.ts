import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../../support/test-database.js';
import { portalOrigin, startWidgetApp, type WidgetApp } from './widget-app.js';

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300, 32)]);

describe.each(testProviders)('web widget HTTP routes on %s', (provider) => {
  let w: WidgetApp;
  let token: string;
  const script = 'console.log("A.V.A");'.repeat(50);

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'widget-js-'));
    await writeFile(join(dir, 'widget.js'), script);
    w = await startWidgetApp(provider, { limits: { upload: { maxBytes: 1024 } }, scriptPath: join(dir, 'widget.js') });
    const c = await w.connect();
    token = (await c.hello()).token;
    c.close();
  });
  afterAll(async () => {
    await w.close();
  });

  const upload = (body: Buffer, headers: Record<string, string>) =>
    w.app.inject({
      method: 'POST',
      url: '/widget/v1/uploads/san-isidro',
      headers: { origin: portalOrigin, host: 'chat.sanisidro.test', authorization: `Bearer ${token}`, ...headers },
      payload: body,
    });

  it('serves the demo page in Spanish with the one-line embed for the entity', async () => {
    const res = await w.app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toMatch(/<html lang="es">/);
    expect(res.body).toContain('<script src="/widget.js" data-entity="san-isidro" defer></script>');
    expect(res.body).toContain('Alcaldía de San Isidro del Río');
  });

  it('serves the widget script gzipped, with an ETag that answers 304', async () => {
    const res = await w.app.inject({ url: '/widget.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.rawPayload).toString()).toBe(script);
    const again = await w.app.inject({ url: '/widget.js', headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.statusCode).toBe(304);
    const plain = await w.app.inject({ url: '/widget.js' });
    expect(plain.body).toBe(script);
  });

  it('gives the branding and limits to allowed pages and a clear refusal to others', async () => {
    const ok = await w.app.inject({ url: '/widget/v1/config/san-isidro', headers: { origin: portalOrigin } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe(portalOrigin);
    expect(ok.json()).toMatchObject({
      protocol: 1,
      entity: { slug: 'san-isidro', name: 'Alcaldía de San Isidro del Río' },
      branding: {
        title: 'A.V.A',
        primaryColor: '#0b5394',
        primaryTextColor: '#ffffff',
        privacyUrl: expect.stringMatching(/^https:/),
      },
      limits: { upload: { maxBytes: 1024, types: ['image/jpeg', 'image/png', 'application/pdf'] } },
    });
    const foreign = await w.app.inject({
      url: '/widget/v1/config/san-isidro',
      headers: { origin: 'https://otro.example' },
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error).toMatchObject({
      code: 'ORIGIN_NOT_ALLOWED',
      message: 'El chat no está habilitado en este sitio web.',
    });
    const unknown = await w.app.inject({ url: '/widget/v1/config/otra-alcaldia' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('ENTITY_NOT_FOUND');
  });

  it('stores an image or PDF of the session and lets only that session send it', async () => {
    const res = await upload(png, {
      'content-type': 'image/png',
      'x-file-name': encodeURIComponent('fachada del predio.png'),
    });
    expect(res.statusCode).toBe(201);
    const { attachment } = res.json();
    expect(attachment).toMatchObject({
      kind: 'image',
      mimeType: 'image/png',
      fileName: 'fachada del predio.png',
      sizeBytes: png.length,
    });
    const stored = await w.database.prisma.storedFile.findFirstOrThrow({
      where: { id: attachment.ref.slice('upload:'.length) },
    });
    expect(Buffer.from(stored.data).equals(png)).toBe(true);
    const doc = await upload(pdf, { 'content-type': 'application/pdf', 'x-file-name': '..%2F..%2Fetc%2Fpasswd' });
    expect(doc.json().attachment).toMatchObject({ kind: 'document', fileName: 'passwd.pdf' });

    // The owner can attach it; another session cannot point at it.
    const owner = await w.connect();
    await owner.hello(token);
    const sent = await owner.say('Foto del predio', { attachments: [attachment] });
    expect(sent.ack.duplicate).toBe(false);
    const stranger = await w.connect();
    await stranger.hello();
    const from = stranger.frames.length;
    stranger.send({ type: 'message', id: 'ajeno-00001', text: 'mire', attachments: [attachment] });
    expect(await stranger.next('error', from)).toMatchObject({ code: 'INVALID_FRAME', ref: 'ajeno-00001' });
    owner.close();
    stranger.close();
  });

  it('refuses files that are too large, of another type, or lying about their type', async () => {
    const big = await upload(Buffer.concat([png, Buffer.alloc(2000)]), { 'content-type': 'image/png' });
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({ code: 'FILE_TOO_LARGE', details: { maxBytes: 1024 } });
    expect(big.headers['access-control-allow-origin']).toBe(portalOrigin);
    const exe = await upload(Buffer.from('MZ\x90\x00 not a pdf'), { 'content-type': 'application/pdf' });
    expect(exe.statusCode).toBe(415);
    expect(exe.json().error.message).toMatch(/JPG o PNG/);
    const mislabeled = await upload(pdf, { 'content-type': 'image/png' });
    expect(mislabeled.statusCode).toBe(415);
    const html = await upload(Buffer.from('<html>'), { 'content-type': 'text/html' });
    expect(html.statusCode).toBe(415);
    expect(html.json().error.code).toBe('FILE_TYPE_NOT_ALLOWED');
  });

  it('refuses uploads without a valid session token or from a foreign page', async () => {
    const anonymous = await upload(png, { 'content-type': 'image/png', authorization: '' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('INVALID_SESSION');
    const forged = await upload(png, { 'content-type': 'image/png', authorization: `Bearer ${token}x` });
    expect(forged.statusCode).toBe(401);
    const foreign = await upload(png, { 'content-type': 'image/png', origin: 'https://otro.example' });
    expect(foreign.statusCode).toBe(403);
    const noOrigin = await w.app.inject({
      method: 'POST',
      url: '/widget/v1/uploads/san-isidro',
      headers: { host: 'chat.sanisidro.test', authorization: `Bearer ${token}`, 'content-type': 'image/png' },
      payload: png,
    });
    expect(noOrigin.statusCode).toBe(403);
    expect(noOrigin.json().error.code).toBe('ORIGIN_NOT_ALLOWED');
    const preflight = await w.app.inject({
      method: 'OPTIONS',
      url: '/widget/v1/uploads/san-isidro',
      headers: { origin: portalOrigin },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/authorization/);
    expect(
      await w.database.prisma.storedFile.count({ where: { sizeBytes: png.length, createdAt: { gt: new Date(0) } } }),
    ).toBe(1);
  });

  it("deletes a citizen's files with the citizen (habeas data)", async () => {
    const c = await w.connect();
    const own = (await c.hello()).token;
    c.close();
    const res = await upload(pdf, { 'content-type': 'application/pdf', authorization: `Bearer ${own}` });
    const id = res.json().attachment.ref.slice('upload:'.length) as string;
    const { contactId } = await w.database.prisma.storedFile.findUniqueOrThrow({ where: { id } });
    await w.database.prisma.contact.delete({ where: { id: contactId } });
    expect(await w.database.prisma.storedFile.findUnique({ where: { id } })).toBeNull();
  });

  it('limits uploads per session', async () => {
    const c = await w.connect();
    const own = (await c.hello()).token;
    c.close();
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await upload(pdf, { 'content-type': 'application/pdf', authorization: `Bearer ${own}` });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(codes[10]).toBe(429);
  });

  it('stores a misleading file name as what the file is: one extension, the real one, no hidden characters or paths', async () => {
    const c = await w.connect();
    const own = (await c.hello()).token;
    c.close();
    const cases: [Buffer, string, string][] = [
      [pdf, 'factura.pdf.exe', 'factura_pdf_exe.pdf'],
      [png, 'foto.jpg.html', 'foto_jpg_html.png'],
      // A right-to-left override makes "factura\u202Efdp.exe" display as "factura" + "exe.pdf" reversed.
      [pdf, 'factura\u202Efdp.exe', 'facturafdp_exe.pdf'],
      [pdf, 'recibo\u2066\u200b.pdf\u2069', 'recibo.pdf'],
      [pdf, 'C:\\Users\\ana\\..\\cedula.PDF', 'cedula.pdf'],
      [png, '\u0007.png', 'imagen.png'],
    ];
    for (const [body, sent, stored] of cases) {
      const type = body === pdf ? 'application/pdf' : 'image/png';
      const res = await upload(body, {
        'content-type': type,
        authorization: `Bearer ${own}`,
        'x-file-name': encodeURIComponent(sent),
      });
      expect(res.statusCode, sent).toBe(201);
      expect(res.json().attachment.fileName, sent).toBe(stored);
      const row = await w.database.prisma.storedFile.findFirstOrThrow({
        where: { id: res.json().attachment.ref.slice('upload:'.length) },
      });
      expect(row.fileName, sent).toBe(stored);
    }
  });
});
