import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { startServer, type RunningServer } from '../../../src/server.js';
import { silentLogger } from '../../core/harness.js';
import { repoRoot } from '../../support/cli-process.js';
import { createTestDatabase, testProviders } from '../../support/test-database.js';
import { startDovecot, type DovecotServer } from './dovecot-server.js';
import { rawMail } from './email-harness.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

let imap: DovecotServer;
let smtp: SmtpSink;
let flowsDir: string;
let baseEntity: string;

/** settings.correo reading its own folder, so each test (and provider) starts from an empty one. */
async function useFolder(folder: string): Promise<void> {
  const client = new ImapFlow({
    host: imap.host,
    port: imap.port,
    secure: false,
    auth: { user: imap.user, pass: imap.password },
    logger: false,
  });
  await client.connect();
  await client.mailboxCreate(folder);
  await client.logout();
  await writeFile(
    join(flowsDir, 'entity.yaml'),
    `${baseEntity.trimEnd()}\n  correo:\n    direccion: contactenos@sanisidro.test\n    carpeta: ${folder}\n    imap: { host: 127.0.0.1, puerto: ${imap.port}, tls: false }\n    smtp: { host: 127.0.0.1, puerto: ${smtp.port}, tls: false }\n`,
  );
}
const credentials = ['EMAIL_IMAP_USER', 'EMAIL_IMAP_PASSWORD', 'EMAIL_SMTP_USER', 'EMAIL_SMTP_PASSWORD'] as const;

/** The demo flows with `settings.correo` pointing at the fixture servers, as an administrator would write it. */
beforeAll(async () => {
  [imap, smtp] = await Promise.all([startDovecot(), startSmtpSink()]);
  flowsDir = await mkdtemp(join(tmpdir(), 'ventanilla-email-flows-'));
  await cp(join(repoRoot, 'flows'), flowsDir, { recursive: true });
  baseEntity = await readFile(join(flowsDir, 'entity.yaml'), 'utf8');
});
afterAll(async () => {
  await Promise.all([
    imap?.close(),
    smtp?.close(),
    flowsDir ? rm(flowsDir, { recursive: true, force: true }) : undefined,
  ]);
});

describe.each(testProviders)(
  'the server with the email channel configured (%s)',
  (provider) => {
    let server: RunningServer | undefined;
    let drop: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await server?.close();
      await drop?.();
      for (const name of credentials) delete process.env[name];
    });

    it('reads the mailbox from entity.yaml and the environment, shows it in /ready and answers by email', async () => {
      Object.assign(process.env, {
        EMAIL_IMAP_USER: imap.user,
        EMAIL_IMAP_PASSWORD: imap.password,
        EMAIL_SMTP_USER: smtp.user,
        EMAIL_SMTP_PASSWORD: smtp.password,
      });
      const folder = `Servidor-${provider}-${randomUUID().slice(0, 8)}`;
      await useFolder(folder);
      const db = await createTestDatabase(provider);
      drop = db.drop;
      const config = loadConfig({
        NODE_ENV: 'test',
        PORT: '0',
        DATABASE_URL: db.url,
        FLOWS_DIR: flowsDir,
        WIDGET_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
      });
      server = await startServer(config, silentLogger);
      const ready = async () =>
        (await server!.app.inject({ method: 'GET', url: '/ready' })).json<{
          channels?: Record<string, { state: string }>;
        }>();
      await vi.waitFor(async () => expect((await ready()).channels?.email?.state).toBe('connected'), {
        timeout: 10_000,
      });
      const metrics = await server.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(/ventanilla_channel_state\{channel="email",state="connected"\} 1/);

      const citizen = `pedro.${randomUUID().slice(0, 8)}@correo.test`;
      const client = new ImapFlow({
        host: imap.host,
        port: imap.port,
        secure: false,
        auth: { user: imap.user, pass: imap.password },
        logger: false,
      });
      await client.connect();
      await client.append(
        folder,
        await rawMail({ from: citizen, subject: 'Horarios', text: 'hola', messageId: `${randomUUID()}@correo.test` }),
      );
      await client.logout();
      const reply = await vi.waitFor(
        () => {
          const mail = smtp.received.find((m) => m.to.includes(citizen));
          if (!mail) throw new Error('no reply yet');
          return mail;
        },
        { timeout: 15_000, interval: 25 },
      );
      expect(reply.parsed.subject).toBe('Re: Horarios');
      // The SMTP server has the email a moment before the channel hears back from it: wait for the count.
      await vi.waitFor(
        async () => {
          const counted = (await server!.app.inject({ method: 'GET', url: '/metrics' })).body;
          expect(counted).toMatch(/ventanilla_channel_events_total\{channel="email",event="received"\} 1/);
          expect(counted).toMatch(/ventanilla_channel_events_total\{channel="email",event="sent"\} 1/);
        },
        { timeout: 5000 },
      );
      expect(reply.parsed.from?.value[0]).toEqual({
        address: 'contactenos@sanisidro.test',
        name: 'Alcaldía de San Isidro del Río',
      });
    });

    it('refuses to start when the mailbox credentials are missing, naming the setting', async () => {
      await useFolder(`Servidor-${provider}-${randomUUID().slice(0, 8)}`);
      const db = await createTestDatabase(provider);
      drop = db.drop;
      const config = loadConfig({
        NODE_ENV: 'test',
        PORT: '0',
        DATABASE_URL: db.url,
        FLOWS_DIR: flowsDir,
        WIDGET_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
      });
      await expect(startServer(config, silentLogger)).rejects.toThrow(/EMAIL_IMAP_USER/);
    });
  },
  60_000,
);
