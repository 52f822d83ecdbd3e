import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../../support/test-database.js';
import {
  oggVoiceBytes,
  startFakeTranscriptionServer,
  type FakeTranscriptionServer,
} from '../../transcription/fake-transcription-server.js';
import { fixture } from './fixtures.js';
import { startWhatsappApp, type WhatsappApp } from './whatsapp-app.js';

const citizen = '573001234567@s.whatsapp.net';

/** A voice note through WhatsApp (Baileys), with and without a speech-to-text service (issue #21's drill). */
describe.each(testProviders)('WhatsApp (Baileys) voice notes on %s', (provider) => {
  let server: FakeTranscriptionServer;
  let app: WhatsappApp | undefined;
  beforeAll(async () => {
    server = await startFakeTranscriptionServer();
  });
  afterAll(() => server.close());
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function voiceNote(withService: boolean): Promise<WhatsappApp> {
    app = await startWhatsappApp(provider, {
      downloadMedia: async () => oggVoiceBytes,
      ...(withService ? { transcriber: server.transcriber(3000) } : {}),
    });
    await app.connect();
    app.sockets.latest.deliver(fixture('audio-ptt'));
    await app.settle();
    return app;
  }

  it('reaches the flow as the transcribed text, after "Entendí: …"', async () => {
    server.behave({ text: 'Horarios y sedes' });
    const texts = (await voiceNote(true)).sockets.latest.textsTo(citizen);
    expect(texts).toContain('Entendí: «Horarios y sedes»');
    expect(texts.join('\n')).toMatch(/Sede principal/);
    expect(texts.join('\n')).not.toMatch(/No le entendí|Escriba su respuesta/);
  });

  it('without a service, gets the kind Spanish message and no "No le entendí"', async () => {
    const texts = (await voiceNote(false)).sockets.latest.textsTo(citizen).join('\n');
    expect(texts).toMatch(/todavía no puedo escuchar notas de voz/);
    expect(texts).not.toMatch(/No le entendí|Escriba su respuesta/);
  });
});
