import { describe, expect, it } from 'vitest';
import { composeEmail } from '../../../src/channels/email/compose-email.js';
import { parseEmailSettings } from '../../../src/channels/email/email-settings.js';
import { replySubject } from '../../../src/channels/email/email-threads.js';
import { parseEmail } from '../../../src/channels/email/parse-email.js';
import { stripReply } from '../../../src/channels/email/strip-reply.js';
import { rawMail } from './email-harness.js';

const own = 'contactenos@sanisidro.test';

describe('reading a citizen email', () => {
  it('keeps only the new words: quoted reply and signature stripped', () => {
    expect(
      stripReply(
        '2\n\nEl lun, 2 mar 2026 a las 9:00, Alcaldía <contactenos@x.gov.co> escribió:\n> ¿Qué quiere presentar?\n> 1. Petición',
      ),
    ).toBe('2');
    expect(stripReply('Sí, radicar\r\n\r\nOn Mon, Mar 2, 2026 at 9:00 AM Alcaldía wrote:\r\n> hola')).toBe(
      'Sí, radicar',
    );
    expect(stripReply('Gracias.\n\n-- \nAna Pérez\nCalle 1')).toBe('Gracias.');
    expect(stripReply('Buenas tardes\n\nEnviado desde mi iPhone')).toBe('Buenas tardes');
    expect(stripReply('1\n\n-----Mensaje original-----\nDe: Alcaldía\nEnviado: lunes')).toBe('1');
    expect(stripReply('Lo que pido\n\nDe: Alcaldía <c@x.gov.co>\nEnviado: lunes, 2 de marzo\nPara: ana@x.co')).toBe(
      'Lo que pido',
    );
    // "De:" inside the citizen's own words is not a quote header.
    expect(stripReply('De: mi parte, gracias por la ayuda.\nAna')).toBe('De: mi parte, gracias por la ayuda.\nAna');
  });

  it('reads HTML-only mail as text, and takes the subject when the body is empty', async () => {
    const html = [
      'From: Ana <ana@correo.test>',
      `To: ${own}`,
      'Subject: Alumbrado',
      'Message-ID: <h1@correo.test>',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><body><p>Se dañó el <b>alumbrado</b> del parque.</p><blockquote>texto citado</blockquote></body></html>',
    ].join('\r\n');
    const mail = await parseEmail(Buffer.from(html), own, 'fallback@x');
    expect(mail.text).toContain('Se dañó el alumbrado del parque.');
    expect(mail.text).not.toContain('texto citado');
    expect(mail).toMatchObject({
      messageId: 'h1@correo.test',
      from: 'ana@correo.test',
      fromName: 'Ana',
      automated: null,
    });
    const empty = await parseEmail(
      await rawMail({ from: 'b@correo.test', subject: 'Solo el asunto', text: '', messageId: 'e@x' }),
      own,
      'f@x',
    );
    expect(empty.text).toBe('Solo el asunto');
  });

  it('recognises our own address and robots by their headers', async () => {
    const ours = await parseEmail(await rawMail({ from: own, subject: 'x', text: 'x', messageId: 'o@x' }), own, 'f@x');
    expect(ours.automated).toBe('own-address');
    const noReply = await parseEmail(
      await rawMail({ from: 'no-reply@banco.test', subject: 'x', text: 'x', messageId: 'n@x' }),
      own,
      'f@x',
    );
    expect(noReply.automated).toBe('bounce');
    const human = await parseEmail(
      await rawMail({
        from: 'ana@correo.test',
        subject: 'x',
        text: 'x',
        messageId: 'a@x',
        headers: { 'Auto-Submitted': 'no' },
      }),
      own,
      'f@x',
    );
    expect(human.automated).toBeNull();
  });

  it('uses the fallback id for mail without a Message-ID and hashes ids too long to store', async () => {
    const raw = Buffer.from(`From: ana@correo.test\r\nTo: ${own}\r\nSubject: x\r\n\r\nhola\r\n`);
    expect((await parseEmail(raw, own, 'uid.1.7@sanisidro.test')).messageId).toBe('uid.1.7@sanisidro.test');
    const long = await parseEmail(
      await rawMail({ from: 'ana@correo.test', subject: 'x', text: 'x', messageId: `${'a'.repeat(300)}@x` }),
      own,
      'f@x',
    );
    expect(long.messageId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('writing the answer', () => {
  it('puts "Re:" once in front of the subject', () => {
    expect(replySubject('Consulta', 'x')).toBe('Re: Consulta');
    expect(replySubject('RE: Re: Consulta', 'x')).toBe('Re: Consulta');
    expect(replySubject('', 'Mensaje a la Alcaldía')).toBe('Re: Mensaje a la Alcaldía');
  });

  it('writes an accessible HTML version: language, paragraphs, options as an ordered list, text escaped', () => {
    const { text, html } = composeEmail({
      text: 'Hola <Ana> & familia\n\n¿Qué quiere?\n\n1. Petición\n2. Queja\n\nVea https://www.sanisidrodelrio.gov.co/datos.',
      subject: 'Re: Consulta',
      footer: 'Alcaldía. Para continuar, responda a este correo.',
    });
    expect(text).toMatch(/^Hola <Ana> & familia\n\n¿Qué quiere\?\n\n1\. Petición\n2\. Queja/);
    expect(html).toContain('<html lang="es-CO">');
    expect(html).toContain('<p>Hola &lt;Ana&gt; &amp; familia</p>');
    expect(html).toContain('<ol><li>Petición</li><li>Queja</li></ol>');
    expect(html).toContain(
      '<a href="https://www.sanisidrodelrio.gov.co/datos">https://www.sanisidrodelrio.gov.co/datos</a>.',
    );
  });
});

describe('settings.correo', () => {
  const entity = (correo: unknown) => ({ name: 'Alcaldía de Prueba', settings: { correo } });
  const env = { EMAIL_IMAP_USER: 'contactenos@x.gov.co', EMAIL_IMAP_PASSWORD: 'clave' };

  it('is off without the key or with activo: false', () => {
    expect(parseEmailSettings({ name: 'x', settings: {} }, env)).toBeUndefined();
    expect(
      parseEmailSettings(
        entity({ activo: false, direccion: 'c@x.gov.co', imap: { host: 'i' }, smtp: { host: 's' } }),
        {},
      ),
    ).toBeUndefined();
  });

  it('takes defaults and the credentials from the environment, SMTP defaulting to IMAP', () => {
    const s = parseEmailSettings(
      entity({ direccion: 'Contactenos@X.gov.co', imap: { host: 'imap.x' }, smtp: { host: 'smtp.x', puerto: 587 } }),
      env,
    );
    expect(s).toEqual({
      address: 'contactenos@x.gov.co',
      senderName: 'Alcaldía de Prueba',
      imap: { host: 'imap.x', port: 993, secure: true, user: 'contactenos@x.gov.co', password: 'clave' },
      smtp: { host: 'smtp.x', port: 587, secure: false, user: 'contactenos@x.gov.co', password: 'clave' },
      mailbox: 'INBOX',
      pollMs: 60_000,
      readExisting: false,
    });
  });

  it('names what is wrong, in the file or in the environment', () => {
    expect(() =>
      parseEmailSettings(entity({ direccion: 'no es correo', imap: { host: 'i' }, smtp: { host: 's' } }), env),
    ).toThrow(/correo\.direccion/);
    expect(() =>
      parseEmailSettings(
        entity({ direccion: 'c@x.gov.co', imap: { host: 'i' }, smtp: { host: 's' }, clave: 'x' }),
        env,
      ),
    ).toThrow(/correo\./);
    expect(() =>
      parseEmailSettings(entity({ direccion: 'c@x.gov.co', imap: { host: 'i' }, smtp: { host: 's' } }), {}),
    ).toThrow(/EMAIL_IMAP_USER/);
  });
});
