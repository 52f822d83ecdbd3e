import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { expect, it } from 'vitest';
import { startDovecot } from './dovecot-server.js';
import { startSmtpSink } from './smtp-sink.js';

it('fixtures start', async () => {
  const d = await startDovecot();
  const s = await startSmtpSink();
  try {
    const c = new ImapFlow({ host: d.host, port: d.port, secure: false, auth: { user: d.user, pass: d.password }, logger: false });
    await c.connect();
    await c.append('INBOX', 'From: a@b.co\r\nTo: c@d.co\r\nSubject: hola\r\nMessage-ID: <1@b.co>\r\n\r\ncuerpo\r\n');
    await d.deliverToMaildir('From: a@b.co\nTo: c@d.co\nSubject: hola2\nMessage-ID: <2@b.co>\n\ncuerpo\n');
    const lock = await c.getMailboxLock('INBOX');
    const st = await c.status('INBOX', { messages: true, uidNext: true });
    lock.release();
    expect(st.messages).toBe(2);
    await c.logout();
    const t = nodemailer.createTransport({ host: s.host, port: s.port, secure: false, ignoreTLS: true, auth: { user: s.user, pass: s.password } });
    await t.sendMail({ from: s.user, to: 'x@y.co', subject: 'Hola', text: 'hi' });
    expect(s.received[0]?.parsed.subject).toBe('Hola');
    await d.stop(); await d.start();
  } finally { await d.close(); await s.close(); }
});
