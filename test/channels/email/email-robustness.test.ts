import { randomUUID } from 'node:crypto';
import { vi, afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../../support/test-database.js';
import { startDovecot, type DovecotServer } from './dovecot-server.js';
import { rawMail, startEmailHarness, type EmailHarness } from './email-harness.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

let imap: DovecotServer;
let smtp: SmtpSink;
beforeAll(async () => {
  [imap, smtp] = await Promise.all([startDovecot(), startSmtpSink()]);
});
afterAll(async () => {
  await Promise.all([imap?.close(), smtp?.close()]);
});

const address = (name: string) => `${name}.${randomUUID().slice(0, 8)}@correo.test`;
const sentTo = (to: string) => smtp.received.filter((m) => m.to.includes(to));

describe.each(testProviders)(
  'email channel robustness on %s',
  (provider) => {
    let h: EmailHarness | undefined;
    afterEach(async () => {
      await h?.close();
      h = undefined;
    });

    it('never answers auto-replies, out-of-office messages or bounces', async () => {
      h = await startEmailHarness(provider, { imap, smtp });
      const robots = [address('vacaciones'), address('boletin'), address('outlook')];
      await h.deliver({
        from: robots[0]!,
        subject: 'Respuesta automática: Consulta',
        text: 'Estoy de vacaciones.',
        messageId: `${randomUUID()}@r`,
        headers: { 'Auto-Submitted': 'auto-replied' },
      });
      await h.deliver({
        from: robots[1]!,
        subject: 'Boletín',
        text: 'Noticias',
        messageId: `${randomUUID()}@r`,
        headers: { Precedence: 'bulk' },
      });
      await h.deliver({
        from: robots[2]!,
        subject: 'Fuera de la oficina',
        text: 'Regreso el lunes.',
        messageId: `${randomUUID()}@r`,
        headers: { 'X-Auto-Response-Suppress': 'All' },
      });
      // A delivery status notification, as a mail server returns an undeliverable message.
      const dsn = [
        'From: Mail Delivery System <MAILER-DAEMON@correo.test>',
        `To: contactenos@sanisidro.test`,
        'Subject: Undelivered Mail Returned to Sender',
        `Message-ID: <${randomUUID()}@correo.test>`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'The mail system could not deliver your message.',
        '--b',
        'Content-Type: message/delivery-status',
        '',
        'Final-Recipient: rfc822; nadie@correo.test',
        'Action: failed',
        'Status: 5.1.1',
        '--b--',
        '',
      ].join('\r\n');
      await imapAppend(h, dsn);
      // A person writes after the robots: once they are answered, the robots' turn has long passed.
      const person = address('persona');
      await h.deliver({ from: person, subject: 'Hola', text: 'hola', messageId: `${randomUUID()}@p` });
      await h.mailsTo(person, 1);
      for (const robot of robots) expect(sentTo(robot)).toEqual([]);
      expect(smtp.received.filter((m) => /mailer-daemon/i.test(m.to.join(',')))).toEqual([]);
      expect(h.adapter.counters.automated).toBe(4);
      expect(await h.database.prisma.message.count({ where: { direction: 'in' } })).toBe(1);
    });

    it('takes the same Message-ID once, even when it arrives twice', async () => {
      h = await startEmailHarness(provider, { imap, smtp });
      const citizen = address('doble');
      const mail = { from: citizen, subject: 'Consulta', text: 'hola', messageId: `${randomUUID()}@correo.test` };
      await h.deliver(mail);
      await h.deliver(mail);
      const after = address('despues');
      await h.deliver({ from: after, subject: 'Otra', text: 'hola', messageId: `${randomUUID()}@p` });
      await h.mailsTo(after, 1);
      expect(sentTo(citizen)).toHaveLength(1);
      expect(
        await h.database.prisma.message.count({ where: { direction: 'in', channelMessageId: mail.messageId } }),
      ).toBe(1);
      expect(h.adapter.counters).toMatchObject({ received: 2, duplicates: 1 });
    });

    it('misses nothing across a restart during IDLE, and answers nothing twice', async () => {
      h = await startEmailHarness(provider, { imap, smtp });
      const first = address('antes');
      await h.deliver({ from: first, subject: 'Antes', text: 'hola', messageId: `${randomUUID()}@p` });
      await h.mailsTo(first, 1);
      expect(h.runtime.channelHealth().email?.state).toBe('connected');
      // The restart comes while the connection sits in IDLE, as it does nearly all the time.
      await vi.waitFor(() => expect(h!.adapter.idling).toBe(true), { timeout: 10_000 });
      const runtime = h.runtime;
      const restarting = h.restart();
      // Mail that arrives while the server restarts: the folder keeps it, the cursor says where to resume.
      const during = [address('durante1'), address('durante2')];
      for (const citizen of during)
        await h.deliver({ from: citizen, subject: 'Durante', text: 'hola', messageId: `${randomUUID()}@p` });
      await restarting;
      expect(h.runtime).not.toBe(runtime);
      for (const citizen of during) await h.mailsTo(citizen, 1);
      const later = address('despues');
      await h.deliver({ from: later, subject: 'Después', text: 'hola', messageId: `${randomUUID()}@p` });
      await h.mailsTo(later, 1);
      expect(sentTo(first)).toHaveLength(1);
      for (const citizen of during) expect(sentTo(citizen)).toHaveLength(1);
      expect(await h.database.prisma.message.count({ where: { direction: 'in' } })).toBe(4);
    });

    it('answers once a message taken just before a crash, before its place was saved', async () => {
      h = await startEmailHarness(provider, { imap, smtp });
      const citizen = address('caida');
      await h.deliver({ from: citizen, subject: 'Antes de la caída', text: 'hola', messageId: `${randomUUID()}@p` });
      await h.mailsTo(citizen, 1);
      // As if the process died after storing the message but before saving the cursor.
      await h.database.prisma.emailCursor.updateMany({ data: { lastUid: 0 } });
      await h.restart();
      const later = address('despues');
      await h.deliver({ from: later, subject: 'Después', text: 'hola', messageId: `${randomUUID()}@p` });
      await h.mailsTo(later, 1);
      expect(sentTo(citizen)).toHaveLength(1);
      expect(h.adapter.counters.duplicates).toBe(1);
    });

    it('leaves the mail already in the folder when the channel is turned on, and answers what arrives after', async () => {
      const old = address('antigua');
      h = await startEmailHarness(
        provider,
        { imap, smtp },
        { existing: [{ from: old, subject: 'Del año pasado', text: 'hola', messageId: `${randomUUID()}@p` }] },
      );
      const fresh = address('nueva');
      await h.deliver({ from: fresh, subject: 'Nueva', text: 'hola', messageId: `${randomUUID()}@p` });
      await h.mailsTo(fresh, 1);
      expect(sentTo(old)).toEqual([]);
      expect(await h.database.prisma.message.count({ where: { direction: 'in' } })).toBe(1);
    });

    it('finds new mail by checking the folder when IDLE is not available', async () => {
      h = await startEmailHarness(provider, { imap, smtp }, { idle: false, pollMs: 300 });
      const citizen = address('sondeo');
      await h.deliver({ from: citizen, subject: 'Sin IDLE', text: 'hola', messageId: `${randomUUID()}@p` });
      const [reply] = await h.mailsTo(citizen, 1);
      expect(reply!.parsed.subject).toBe('Re: Sin IDLE');
    });

    it('loses nothing while the IMAP server is down, and reconnects by itself', async () => {
      h = await startEmailHarness(provider, { imap, smtp }, { maxBackoffMs: 400 });
      const before = address('antes');
      await h.deliver({ from: before, subject: 'Antes', text: 'hola', messageId: `${randomUUID()}@p` });
      await h.mailsTo(before, 1);
      await imap.stop();
      try {
        // /ready shows the mailbox down while the channel keeps trying.
        // Noticing the cut IDLE session can take seconds on a loaded machine.
        await vi.waitFor(() => expect(h!.runtime.channelHealth().email?.state).toBe('disconnected'), {
          timeout: 30_000,
        });
        // The mail server delivers into the folder while IMAP is down.
        const during = address('durante');
        await imap.deliverToMaildir(
          (
            await rawMail({ from: during, subject: 'Durante la caída', text: 'hola', messageId: `${randomUUID()}@p` })
          ).toString(),
          h.mailbox,
        );
        await vi.waitFor(() => expect(h!.adapter.failedConnections).toBeGreaterThanOrEqual(3), { timeout: 20_000 });
        await imap.start();
        await h.mailsTo(during, 1, 20_000);
        await vi.waitFor(() => expect(h!.runtime.channelHealth().email?.state).toBe('connected'), { timeout: 10_000 });
        expect(sentTo(before)).toHaveLength(1);
        expect(sentTo(during)).toHaveLength(1);
      } finally {
        await imap.start();
      }
    });
  },
  120_000,
);

async function imapAppend(h: EmailHarness, raw: string): Promise<void> {
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow({
    host: imap.host,
    port: imap.port,
    secure: false,
    auth: { user: imap.user, pass: imap.password },
    logger: false,
  });
  await client.connect();
  try {
    await client.append(h.mailbox, raw);
  } finally {
    await client.logout();
  }
}
