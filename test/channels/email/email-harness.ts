import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { expect, vi } from 'vitest';
import type { CaseService } from '../../../src/cases/service/case-service.js';
import { EmailAdapter } from '../../../src/channels/email/email-adapter.js';
import type { EmailSettings } from '../../../src/channels/email/email-settings.js';
import type { Runtime } from '../../../src/core/runtime.js';
import type { Database } from '../../../src/db/database.js';
import { openDatabase } from '../../../src/db/database.js';
import type { DatabaseProvider } from '../../../src/db/provider.js';
import { startEntityRuntime } from '../../../src/runtime-for-entity.js';
import { createLogger } from '../../../src/logger.js';
import { silentLogger } from '../../core/harness.js';

/** EMAIL_TEST_LOG=debug shows the channel's logs while a test runs. */
const logger = process.env.EMAIL_TEST_LOG
  ? createLogger({ LOG_LEVEL: process.env.EMAIL_TEST_LOG as 'debug', NODE_ENV: 'test' })
  : silentLogger;
import { repoRoot } from '../../support/cli-process.js';
import { createMigratedDatabase } from '../../support/test-database.js';
import type { DovecotServer } from './dovecot-server.js';
import type { ReceivedMail, SmtpSink } from './smtp-sink.js';

export const entityAddress = 'contactenos@sanisidro.test';

export interface OutgoingMail {
  from: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

/** Builds a raw message as a mail program would. */
export async function rawMail(mail: OutgoingMail): Promise<Buffer> {
  const composer = new MailComposer({
    from: mail.from,
    to: entityAddress,
    subject: mail.subject,
    text: mail.text,
    messageId: `<${mail.messageId}>`,
    date: new Date(),
    ...(mail.inReplyTo ? { inReplyTo: `<${mail.inReplyTo}>` } : {}),
    ...(mail.references ? { references: mail.references.map((r) => `<${r}>`) } : {}),
    ...(mail.headers ? { headers: mail.headers } : {}),
    ...(mail.attachments ? { attachments: mail.attachments } : {}),
  });
  return composer.compile().build();
}

export interface EmailHarness {
  database: Database;
  runtime: Runtime;
  cases: CaseService;
  adapter: EmailAdapter;
  entityId: string;
  mailbox: string;
  /** A citizen's email arrives in the entity's folder (IMAP APPEND, as delivery does). */
  deliver(mail: OutgoingMail): Promise<void>;
  /** A raw message arrives in the folder as it is (a bounce, a message built by hand). */
  deliverRaw(raw: string | Buffer): Promise<void>;
  /** Waits until the SMTP sink holds `count` emails to `to`; returns them all, oldest first. */
  mailsTo(to: string, count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Stops the runtime (the IMAP connection with it) and starts a new one on the same database, as a restart does. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

let folders = 0;

/** The demo entity's flows and real services with the email channel on the fixture servers; a folder per harness. */
export async function startEmailHarness(
  provider: DatabaseProvider,
  servers: { imap: DovecotServer; smtp: SmtpSink },
  options: { maxBackoffMs?: number; pollMs?: number; idle?: boolean; existing?: OutgoingMail[] } = {},
): Promise<EmailHarness> {
  const testDb = await createMigratedDatabase(provider);
  const mailbox = `Prueba${process.pid}x${++folders}`;
  const citizenSide = new ImapFlow({
    host: servers.imap.host,
    port: servers.imap.port,
    secure: false,
    auth: { user: servers.imap.user, pass: servers.imap.password },
    logger: false,
  });
  await citizenSide.connect();
  await citizenSide.mailboxCreate(mailbox);
  // Mail that was in the folder before the channel was turned on.
  for (const mail of options.existing ?? []) await citizenSide.append(mailbox, await rawMail(mail));
  await citizenSide.logout();
  const settings: EmailSettings = {
    address: entityAddress,
    senderName: 'Alcaldía de San Isidro del Río',
    imap: {
      host: servers.imap.host,
      port: servers.imap.port,
      secure: false,
      user: servers.imap.user,
      password: servers.imap.password,
    },
    smtp: {
      host: servers.smtp.host,
      port: servers.smtp.port,
      secure: false,
      user: servers.smtp.user,
      password: servers.smtp.password,
    },
    mailbox,
    pollMs: options.pollMs ?? 60_000,
    readExisting: false,
  };
  let database = await openDatabase(testDb.url);
  const boot = async () => {
    let adapter: EmailAdapter | undefined;
    const started = await startEntityRuntime({
      database,
      logger,
      flowsDir: join(repoRoot, 'flows'),
      adapters: (entity) => [
        (adapter = new EmailAdapter({
          entity,
          settings,
          prisma: database.prisma,
          logger,
          ...(options.maxBackoffMs !== undefined ? { maxBackoffMs: options.maxBackoffMs } : {}),
          ...(options.idle !== undefined ? { idle: options.idle } : {}),
        })),
      ],
      pollMs: 100,
    });
    // Mail delivered from now on is new to the channel: it has read the folder once and noted where it ends.
    await vi.waitFor(() => expect(adapter!.health().state).toBe('connected'), { timeout: 10_000, interval: 20 });
    return { ...started, adapter: adapter! };
  };
  let started = await boot();
  const harness: EmailHarness = {
    get database() {
      return database;
    },
    get runtime() {
      return started.runtime;
    },
    get cases() {
      return started.cases;
    },
    get adapter() {
      return started.adapter;
    },
    entityId: started.entity.id,
    mailbox,
    async deliver(mail) {
      await harness.deliverRaw(await rawMail(mail));
    },
    async deliverRaw(raw) {
      const client = new ImapFlow({
        host: servers.imap.host,
        port: servers.imap.port,
        secure: false,
        auth: { user: servers.imap.user, pass: servers.imap.password },
        logger: false,
      });
      await client.connect();
      try {
        await client.append(mailbox, raw);
      } finally {
        await client.logout();
      }
    },
    async mailsTo(to, count, timeoutMs = 15_000) {
      return vi.waitFor(
        () => {
          const mails = servers.smtp.received.filter((m) => m.to.includes(to));
          if (mails.length < count) throw new Error(`${mails.length} of ${count} emails to ${to}`);
          return mails;
        },
        { timeout: timeoutMs, interval: 25 },
      );
    },
    async restart() {
      await started.runtime.stop();
      await database.close();
      database = await openDatabase(testDb.url);
      started = await boot();
    },
    async close() {
      await started.runtime.stop();
      await database.close();
      await testDb.drop();
    },
  };
  return harness;
}
