import { createHash } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { SessionTokens } from '../../src/channels/web/session-token.js';
import { WidgetChannel } from '../../src/channels/web/widget-channel.js';
import type { ServerFrame, WidgetMessage } from '../../src/channels/web/widget-frames.js';
import { parseWidgetSettings } from '../../src/channels/web/widget-settings.js';
import { loadConfig } from '../../src/config.js';
import type { Runtime } from '../../src/core/runtime.js';
import type { DatabaseProvider } from '../../src/db/provider.js';
import type { HandoffService } from '../../src/handoff/handoff-service.js';
import { WidgetScriptFile } from '../../src/http/widget-script.js';
import { startEntityRuntime } from '../../src/runtime-for-entity.js';
import { StaffDirectory } from '../../src/staff/staff-directory.js';
import type { StaffRole } from '../../src/staff/staff-roles.js';
import { StoredFiles } from '../../src/uploads/stored-files.js';
import { WidgetClient, portalOrigin, secret } from '../channels/web/widget-app.js';
import { silentLogger, TestClock } from '../core/harness.js';
import { openMigratedDatabase, testProviders } from '../support/test-database.js';
import { HOST, ORIGIN, PASSWORD, sessionCookieOf, type SignedInClient } from './console-app.js';

/** A small but real PDF: what the type check looks at is its first bytes. */
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n', 'latin1'),
  Buffer.alloc(2048, 7),
  Buffer.from('\n%%EOF\n'),
]);
/** A Windows executable's first bytes, sent as if it were a PDF. */
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(1024, 1)]);
const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * The real server with both ends of a handed-off conversation: the web widget's channel and routes for the citizen,
 * and the console routes for agents, on the demo flows and a real migrated database.
 */
interface World {
  app: FastifyInstance;
  runtime: Runtime;
  handoffs: HandoffService;
  prisma: Awaited<ReturnType<typeof openMigratedDatabase>>['database']['prisma'];
  settle(): Promise<void>;
  citizen(): Promise<{ client: WidgetClient; token: string }>;
  staff(email: string, roles: StaffRole[], name: string): Promise<SignedInClient>;
  call(
    client: SignedInClient,
    options: {
      method: InjectOptions['method'];
      url: string;
      payload?: InjectOptions['payload'];
      headers?: Record<string, string>;
      csrf?: boolean;
    },
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

async function openWorld(provider: DatabaseProvider): Promise<World> {
  const opened = await openMigratedDatabase(provider);
  // Monday 2 March 2026, 9:00 in Bogotá: agents are at work.
  const clock = new TestClock(new Date('2026-03-02T14:00:00Z').getTime());
  const prisma = opened.database.prisma;
  const files = new StoredFiles(prisma);
  let channel: WidgetChannel | undefined;
  const started = await startEntityRuntime({
    database: opened.database,
    logger: silentLogger,
    flowsDir: 'flows',
    pollMs: 0,
    now: clock.now,
    adapters: (entity) => [
      (channel = new WidgetChannel({
        entity,
        settings: parseWidgetSettings(entity.settings),
        prisma,
        tokens: new SessionTokens(secret, clock.now),
        files,
        logger: silentLogger,
        sweepIntervalMs: 0,
        now: clock.now,
      })),
    ],
  });
  const { runtime, entity } = started;
  const handoffs = started.handoff;
  const directory = new StaffDirectory(prisma, entity.id, { now: clock.now });
  const app = await buildApp({
    config: loadConfig({ DATABASE_URL: opened.url, NODE_ENV: 'test' }),
    database: opened.database,
    logger: silentLogger,
    widget: { channel: channel!, files, script: new WidgetScriptFile('/nonexistent/widget.js') },
    console: {
      directory,
      handoffs,
      areas: handoffs.areas(),
      login: { now: clock.now },
      distDir: '/nonexistent/console-dist',
    },
  });
  await app.ready();
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await handoffs.idle();
      await runtime.engine.idle();
      await runtime.outbox.idle();
    }
  };
  return {
    app,
    runtime,
    handoffs,
    prisma,
    settle,
    async citizen() {
      let client: WidgetClient | undefined;
      await app.injectWS(
        '/widget/v1/ws/san-isidro',
        { headers: { host: 'chat.sanisidro.test', origin: portalOrigin } } as never,
        {
          onInit: (ws) => (client = new WidgetClient(ws, settle)),
        },
      );
      const welcome = await client!.hello();
      return { client: client!, token: welcome.token };
    },
    async staff(email, roles, name) {
      await directory.add({ name, email, roles });
      await directory.setPassword(email, PASSWORD);
      const response = await app.inject({
        method: 'POST',
        url: '/console/api/login',
        headers: { host: HOST, origin: ORIGIN },
        payload: { email, password: PASSWORD },
      });
      expect(response.statusCode).toBe(200);
      return {
        cookie: sessionCookieOf(response)!,
        csrfToken: response.json<{ csrfToken: string }>().csrfToken,
        me: response.json().me,
      };
    },
    call(client, { method, url, payload, headers = {}, csrf = true }) {
      return app.inject({
        method,
        url,
        headers: {
          host: HOST,
          origin: ORIGIN,
          cookie: `vt_console=${client.cookie}`,
          ...(csrf ? { 'x-csrf-token': client.csrfToken } : {}),
          ...headers,
        },
        ...(payload === undefined ? {} : { payload }),
      });
    },
    async close() {
      await app.close();
      await settle();
      await runtime.stop();
      await opened.close();
    },
  };
}

describe.each(testProviders)('agents send files from the console and citizens download them, on %s', (provider) => {
  let w: World;
  let ana: SignedInClient;
  let beto: SignedInClient;
  let carmen: { client: WidgetClient; token: string };
  let handoffId: string;

  beforeEach(async () => {
    w = await openWorld(provider);
    ana = await w.staff('ana@sanisidro.gov.co', ['agente'], 'Ana Asesora');
    beto = await w.staff('beto@sanisidro.gov.co', ['agente'], 'Beto Asesor');
    carmen = await w.citizen();
    await carmen.client.say('asesor');
    const handoff = await w.prisma.handoff.findFirstOrThrow({ where: { status: 'queued' } });
    handoffId = handoff.id;
    for (const agent of [ana, beto]) {
      expect(
        (await w.call(agent, { method: 'POST', url: '/console/api/presence', payload: { presence: 'online' } }))
          .statusCode,
      ).toBe(200);
    }
    const taken = await w.call(ana, { method: 'POST', url: '/console/api/handoffs/take', payload: { id: handoffId } });
    expect(taken.statusCode).toBe(200);
    await w.settle();
  });
  afterEach(async () => w.close());

  const upload = (agent: SignedInClient, data: Buffer, headers: Record<string, string> = {}, csrf = true) =>
    w.call(agent, {
      method: 'POST',
      url: `/console/api/handoffs/${handoffId}/files`,
      payload: data,
      headers: {
        'content-type': 'application/pdf',
        'x-file-name': encodeURIComponent('Resolución 123.pdf'),
        ...headers,
      },
      csrf,
    });

  /** The agent messages the citizen's widget received after frame `from`. */
  const agentFrames = (from: number): WidgetMessage[] =>
    carmen.client.frames
      .slice(from)
      .flatMap((f: ServerFrame) => (f.type === 'message' && f.message.from === 'agent' ? [f.message] : []));

  const download = (fileId: string, token: string | null, origin: string | null = portalOrigin) =>
    w.app.inject({
      method: 'GET',
      url: `/widget/v1/files/san-isidro/${fileId}`,
      headers: {
        host: 'chat.sanisidro.test',
        ...(origin ? { origin } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    });

  it('sends a PDF with a caption to the citizen, who downloads the same bytes with their session and nobody else can', async () => {
    const before = carmen.client.frames.length;
    const sent = await upload(ana, PDF, { 'x-caption': encodeURIComponent('Aquí está su resolución, señora Carmen.') });
    expect(sent.statusCode, sent.body).toBe(201);
    const message = sent.json().message;
    expect(message).toMatchObject({
      from: 'agent',
      authorName: 'Ana Asesora',
      text: 'Aquí está su resolución, señora Carmen.',
      attachments: [
        { kind: 'document', mimeType: 'application/pdf', fileName: 'Resolución 123.pdf', sizeBytes: PDF.length },
      ],
    });

    // Stored once, with the citizen's contact (deleted with them), byte for byte.
    const handoff = await w.prisma.handoff.findUniqueOrThrow({ where: { id: handoffId } });
    const stored = await w.prisma.storedFile.findMany();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.contactId).toBe(handoff.contactId);
    expect(sha(stored[0]!.data)).toBe(sha(PDF));
    expect(message.attachments[0].ref).toBe(`upload:${stored[0]!.id}`);

    // The citizen's widget gets it as the agent's message, with what it needs to offer the download.
    await w.settle();
    await carmen.client.next('message', before);
    const received = agentFrames(before).find((m) => m.attachments.length > 0);
    expect(received).toMatchObject({
      authorName: 'Ana',
      text: 'Aquí está su resolución, señora Carmen.',
      attachments: [
        { fileName: 'Resolución 123.pdf', mimeType: 'application/pdf', sizeBytes: PDF.length, fileId: stored[0]!.id },
      ],
    });
    // The transcript the console shows records it like a reply, and the agent can open it.
    const detail = (await w.call(ana, { method: 'GET', url: `/console/api/handoffs/${handoffId}` })).json().handoff;
    expect(detail.transcript.at(-1)).toMatchObject({
      from: 'agent',
      attachments: [{ ref: `upload:${stored[0]!.id}` }],
    });
    const opened = await w.call(ana, { method: 'GET', url: `/console/api/files/${stored[0]!.id}` });
    expect(opened.statusCode).toBe(200);
    expect(opened.headers['content-type']).toBe('application/pdf');
    expect(opened.headers['x-content-type-options']).toBe('nosniff');
    expect(opened.headers['content-security-policy']).toMatch(/^default-src 'none'/);
    expect(opened.headers['content-disposition']).toBe(
      `attachment; filename="Resolucion 123.pdf"; filename*=UTF-8''Resoluci%C3%B3n%20123.pdf`,
    );
    expect(sha(opened.rawPayload)).toBe(sha(PDF));

    // The citizen downloads it with their session token: the same bytes.
    const mine = await download(received!.attachments[0]!.fileId!, carmen.token);
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-type']).toBe('application/pdf');
    expect(mine.headers['x-content-type-options']).toBe('nosniff');
    expect(mine.headers['content-security-policy']).toMatch(/^default-src 'none'/);
    expect(mine.headers['access-control-allow-origin']).toBe(portalOrigin);
    expect(sha(mine.rawPayload)).toBe(sha(PDF));

    // Another citizen's valid session is told the file does not exist; no session at all is refused.
    const pedro = await w.citizen();
    await pedro.client.say('hola');
    const theirs = await download(stored[0]!.id, pedro.token);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().error.code).toBe('NOT_FOUND');
    expect((await download(stored[0]!.id, null)).json().error.code).toBe('INVALID_SESSION');
    expect((await download(stored[0]!.id, carmen.token, 'https://otro-sitio.example')).statusCode).toBe(403);
  });

  it('names a file an agent sends as what it is, so the citizen and the console never see a fake extension', async () => {
    const sent = await upload(ana, PDF, { 'x-file-name': encodeURIComponent('..\\notas/factura.pdf.exe') });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().message.attachments[0].fileName).toBe('factura_pdf_exe.pdf');
    const reversed = await upload(ana, PDF, { 'x-file-name': encodeURIComponent('acta\u202Efdp.exe') });
    expect(reversed.json().message.attachments[0].fileName).toBe('actafdp_exe.pdf');
    const stored = await w.prisma.storedFile.findMany({ orderBy: { createdAt: 'asc' } });
    expect(stored.map((f) => f.fileName)).toEqual(['factura_pdf_exe.pdf', 'actafdp_exe.pdf']);
    const opened = await w.call(ana, { method: 'GET', url: `/console/api/files/${stored[1]!.id}` });
    expect(opened.headers['content-disposition']).toBe(
      `attachment; filename="actafdp_exe.pdf"; filename*=UTF-8''actafdp_exe.pdf`,
    );
  });

  it('lets a citizen download 30 times a minute, then asks them to wait', async () => {
    const before = carmen.client.frames.length;
    expect((await upload(ana, PDF)).statusCode).toBe(201);
    await w.settle();
    await carmen.client.next('message', before);
    const fileId = agentFrames(before).find((m) => m.attachments.length > 0)!.attachments[0]!.fileId!;
    for (let i = 0; i < 30; i++) expect((await download(fileId, carmen.token)).statusCode).toBe(200);
    const flooded = await download(fileId, carmen.token);
    expect(flooded.statusCode).toBe(429);
    expect(flooded.json().error.message).toBe(
      'Está enviando demasiadas solicitudes. Espere un momento e intente de nuevo.',
    );
    expect(Number(flooded.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses an agent who does not hold the conversation and stores nothing; only those who may see it open its files', async () => {
    const refused = await upload(beto, PDF);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toEqual({ code: 'NOT_HOLDER', message: 'Esta conversación la atiende otra persona.' });
    expect(await w.prisma.storedFile.count()).toBe(0);

    const sent = await upload(ana, PDF);
    expect(sent.statusCode).toBe(201);
    const fileId = (sent.json().message.attachments[0].ref as string).slice('upload:'.length);
    // Beto cannot see Ana's conversation, so its file is unknown to him; a supervisor can.
    expect((await w.call(beto, { method: 'GET', url: `/console/api/files/${fileId}` })).statusCode).toBe(404);
    const sara = await w.staff('sara@sanisidro.gov.co', ['supervisor'], 'Sara Supervisora');
    const seen = await w.call(sara, { method: 'GET', url: `/console/api/files/${fileId}` });
    expect(seen.statusCode).toBe(200);
    expect(sha(seen.rawPayload)).toBe(sha(PDF));
  });

  it('shows the agent, as a file to open, what the citizen sent from the widget', async () => {
    const uploaded = await w.app.inject({
      method: 'POST',
      url: '/widget/v1/uploads/san-isidro',
      headers: {
        host: 'chat.sanisidro.test',
        origin: portalOrigin,
        authorization: `Bearer ${carmen.token}`,
        'content-type': 'application/pdf',
        'x-file-name': 'cedula.pdf',
      },
      payload: PDF,
    });
    expect(uploaded.statusCode).toBe(201);
    const attachment = uploaded.json().attachment;
    await carmen.client.say('', { attachments: [attachment] });
    const detail = (await w.call(ana, { method: 'GET', url: `/console/api/handoffs/${handoffId}` })).json().handoff;
    expect(detail.transcript.at(-1)).toMatchObject({
      from: 'citizen',
      attachments: [{ ref: attachment.ref, fileName: 'cedula.pdf' }],
    });
    const opened = await w.call(ana, {
      method: 'GET',
      url: `/console/api/files/${(attachment.ref as string).slice('upload:'.length)}`,
    });
    expect(opened.statusCode).toBe(200);
    expect(sha(opened.rawPayload)).toBe(sha(PDF));
  });

  it('refuses oversized, disguised and empty files with a Spanish reason, and a request without the CSRF token; nothing is stored or sent', async () => {
    const before = carmen.client.frames.length;
    const oversized = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]);
    const big = await upload(ana, oversized);
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({
      code: 'FILE_TOO_LARGE',
      message: 'El archivo es demasiado grande. Envíe uno de máximo 5 MB.',
    });

    const exe = await upload(ana, EXE, { 'x-file-name': 'factura.pdf' });
    expect(exe.statusCode).toBe(415);
    expect(exe.json().error).toMatchObject({
      code: 'FILE_TYPE_NOT_ALLOWED',
      message: 'Solo se pueden enviar fotos (JPG o PNG) y documentos PDF.',
    });
    const declaredExe = await upload(ana, EXE, {
      'content-type': 'application/x-msdownload',
      'x-file-name': 'setup.exe',
    });
    expect(declaredExe.statusCode).toBe(415);

    const empty = await upload(ana, Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toMatchObject({
      code: 'INVALID',
      message: 'El archivo está vacío. Elija otro archivo.',
    });

    const forged = await upload(ana, PDF, {}, false);
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('CSRF_INVALID');

    expect(await w.prisma.storedFile.count()).toBe(0);
    await w.settle();
    expect(agentFrames(before)).toEqual([]);
  });
});
