import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../../support/test-database.js';
import {
  oggVoiceBytes,
  startFakeTranscriptionServer,
  type FakeTranscriptionServer,
} from '../../transcription/fake-transcription-server.js';
import { fixture, graph, startCloudApp, type CloudApp } from './cloud-app.js';

/** A voice note through the WhatsApp Cloud API channel, with and without a speech-to-text service (issue #21's drill). */
describe.each(testProviders)('WhatsApp Cloud API voice notes on %s', (provider) => {
  let server: FakeTranscriptionServer;
  let c: CloudApp | undefined;
  beforeAll(async () => {
    server = await startFakeTranscriptionServer();
  });
  afterAll(() => server.close());
  afterEach(async () => {
    await c?.close();
    c = undefined;
    nock.cleanAll();
  });

  /** What the citizen read: text bodies, and the body of messages with buttons or a list. */
  const texts = (app: CloudApp) =>
    app.graphFake.delivered().flatMap((m) => {
      if (m.type === 'text') return [(m.text as { body: string }).body];
      if (m.type === 'interactive') return [(m.interactive as { body: { text: string } }).body.text];
      return [];
    });

  async function voiceNote(withService: boolean): Promise<CloudApp> {
    c = await startCloudApp(provider, withService ? { transcriber: server.transcriber(3000) } : {});
    nock(graph).get('/v23.0/2219374568293012').reply(200, {
      url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=2219374568293012',
      mime_type: 'audio/ogg',
      file_size: oggVoiceBytes.length,
    });
    nock('https://lookaside.fbsbx.com')
      .get('/whatsapp_business/attachments/')
      .query(true)
      .reply(200, oggVoiceBytes, { 'content-type': 'audio/ogg' });
    expect((await c.post(fixture('audio-message'))).statusCode).toBe(200);
    await c.settle();
    await c.drainJobs();
    await c.settle();
    return c;
  }

  it('reaches the flow as the transcribed text, after "Entendí: …"', async () => {
    server.behave({ text: 'Horarios y sedes' });
    const app = await voiceNote(true);
    const said = texts(app);
    expect(said).toContain('Entendí: «Horarios y sedes»');
    expect(said.join('\n')).toMatch(/Sede principal/);
    expect(said.join('\n')).not.toMatch(/No le entendí|Escriba su respuesta/);
    expect(server.calls.at(-1)?.fileBytes.equals(oggVoiceBytes)).toBe(true);
  });

  it('without a service, gets the kind Spanish message and no "No le entendí"', async () => {
    const app = await voiceNote(false);
    const said = texts(app).join('\n');
    expect(said).toMatch(/todavía no puedo escuchar notas de voz/);
    expect(said).not.toMatch(/No le entendí|Escriba su respuesta/);
  });
});
