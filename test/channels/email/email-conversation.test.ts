import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../../support/test-database.js';
import { startDovecot, type DovecotServer } from './dovecot-server.js';
import { startEmailHarness, type EmailHarness } from './email-harness.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

// A real Dovecot (IMAP) and a real SMTP server for the whole file; each test reads its own folder on its own database.
let imap: DovecotServer;
let smtp: SmtpSink;
beforeAll(async () => {
  [imap, smtp] = await Promise.all([startDovecot(), startSmtpSink()]);
});
afterAll(async () => {
  await Promise.all([imap?.close(), smtp?.close()]);
});

describe.each(testProviders)('the email channel on %s', (provider) => {
  let h: EmailHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('answers an email with one email in the same thread, options as a numbered list', async () => {
    h = await startEmailHarness(provider, { imap, smtp });
    const citizen = `ana.${provider}@correo.test`;
    await h.deliver({
      from: `Ana Pérez <${citizen}>`,
      subject: 'Consulta',
      text: 'Hola, buenos días',
      messageId: `hola-${provider}@correo.test`,
    });
    const [reply] = await h.mailsTo(citizen, 1);
    expect(reply!.parsed.subject).toBe('Re: Consulta');
    expect(reply!.parsed.inReplyTo).toBe(`<hola-${provider}@correo.test>`);
    expect(reply!.parsed.from?.value[0]?.address).toBe('contactenos@sanisidro.test');
    expect(reply!.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    const text = reply!.parsed.text ?? '';
    // The greeting, the data notice and the menu of one turn, in one email.
    expect(text).toMatch(/Soy A\.V\.A/);
    expect(text).toMatch(/Ley 1581 de 2012/);
    expect(text).toMatch(/1\. Consultar trámites y servicios\n2\. Radicar una PQRSD/);
    expect(text).toMatch(/Responda con el número de la opción/);
    expect(reply!.parsed.html).toMatch(/<html lang="es-CO">/);
    expect(reply!.parsed.html).toMatch(/<ol><li>Consultar trámites y servicios<\/li><li>Radicar una PQRSD/);
    expect(smtp.received.filter((m) => m.to.includes(citizen))).toHaveLength(1);
    // Citizens answer email hours or days later: the conversation waits a week, not bot.yaml's 15 minutes.
    const idle = await h.database.prisma.scheduledJob.findFirstOrThrow({ where: { kind: 'conversation.idle' } });
    expect(idle.runAt.getTime() - Date.now()).toBeGreaterThan(6 * 24 * 60 * 60_000);
  });

  it('keeps attachments only under the upload rules: a program is refused, a photo is kept', async () => {
    h = await startEmailHarness(provider, { imap, smtp });
    const citizen = `luz.${provider}@correo.test`;
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    await h.deliver({
      from: citizen,
      subject: 'Fotos',
      text: 'Adjunto la foto',
      messageId: `fotos-${provider}@correo.test`,
      attachments: [
        {
          filename: 'programa.exe',
          content: Buffer.from('MZ\x90\x00 not a photo'),
          contentType: 'application/octet-stream',
        },
        { filename: 'hueco.png', content: png, contentType: 'image/png' },
      ],
    });
    await h.mailsTo(citizen, 1);
    const stored = await h.database.prisma.storedFile.findMany({
      select: { fileName: true, mimeType: true, channel: true },
    });
    expect(stored).toEqual([{ fileName: 'hueco.png', mimeType: 'image/png', channel: 'email' }]);
    expect(h.adapter.counters.filesRefused).toBe(1);
    const inbound = await h.database.prisma.message.findFirstOrThrow({ where: { direction: 'in' } });
    expect((inbound.payload as { attachments: unknown[] }).attachments).toEqual([
      expect.objectContaining({ fileName: 'hueco.png' }),
    ]);
  });
});
