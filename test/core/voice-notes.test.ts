import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Attachment } from '../../src/lib/messages.js';
import { StoredFiles } from '../../src/uploads/stored-files.js';
import { ensureContact } from '../../src/core/ensure-contact.js';
import { testProviders } from '../support/test-database.js';
import {
  oggVoiceBytes,
  startFakeTranscriptionServer,
  type FakeTranscriptionServer,
} from '../transcription/fake-transcription-server.js';
import { startDemoHarness, type ChatScript, type Harness } from './harness.js';

const notUnderstood = /No le entendí|Escriba su respuesta/;

/**
 * Voice notes through the generic turn pipeline (FakeAdapter, the demo entity's flows, a real database) and a real
 * HTTP transcription server on 127.0.0.1 speaking the OpenAI-compatible API.
 */
describe.each(testProviders)('voice notes, on %s', (provider) => {
  let server: FakeTranscriptionServer;
  let h: Harness | undefined;
  beforeAll(async () => {
    server = await startFakeTranscriptionServer();
  });
  afterAll(() => server.close());
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function start(withService: boolean, timeoutMs = 3000): Promise<Harness> {
    h = await startDemoHarness(provider, withService ? { transcriber: server.transcriber(timeoutMs) } : {});
    return h;
  }

  /** A voice note kept as the channels keep it: a stored audio/ogg file of the sender's contact. */
  async function voiceNote(harness: Harness, senderId: string): Promise<Attachment> {
    const contactId = await ensureContact(harness.database.prisma, harness.entityId, 'fake', senderId);
    return new StoredFiles(harness.database.prisma).save({
      entityId: harness.entityId,
      contactId,
      channel: 'fake',
      mimeType: 'audio/ogg',
      fileName: 'nota-de-voz.ogg',
      data: oggVoiceBytes,
    });
  }

  async function sendVoice(harness: Harness, senderId = 'ciudadano-1'): Promise<void> {
    await harness.adapter.receive(senderId, { attachments: [await voiceNote(harness, senderId)] });
    await harness.settle();
  }

  /** The menu's option "Horarios y sedes" was answered. */
  const expectOpeningHours = (chat: ChatScript) =>
    expect(
      chat
        .replies()
        .map((m) => m.text)
        .join('\n'),
    ).toMatch(/Sede principal|Palacio Municipal/);

  const lastInbound = (harness: Harness) =>
    harness.database.prisma.message.findFirstOrThrow({ where: { direction: 'in' }, orderBy: { createdAt: 'desc' } });

  it('transcribes a voice note at the main menu, shows what was understood and answers it as typed words', async () => {
    const harness = await start(true);
    const chat = harness.chat();
    await chat.send('hola');
    chat.expectEventually(/¿En qué le puedo ayudar\?/);
    server.behave({ text: 'Horarios y sedes' });
    await sendVoice(harness);
    chat.expectReply(/^Entendí: «Horarios y sedes»$/);
    // The menu's option "Horarios y sedes" was chosen by voice: the flow answered it.
    expectOpeningHours(chat);
    expect(
      chat
        .replies()
        .map((m) => m.text)
        .join('\n'),
    ).not.toMatch(notUnderstood);
    // The transcript is stored as the message's text, with the audio still attached, for history and the console.
    const stored = await lastInbound(harness);
    expect(stored.text).toBe('Horarios y sedes');
    expect(stored.payload).toMatchObject({
      voice: 'transcribed',
      attachments: [expect.objectContaining({ kind: 'audio' })],
    });
    expect(server.calls.at(-1)).toMatchObject({ language: 'es', fileType: 'audio/ogg' });
  });

  it('without a service: asks kindly to write, offers the pending options and an agent, and the question stays pending', async () => {
    const harness = await start(false);
    const chat = harness.chat();
    await chat.send('hola');
    chat.expectEventually(/¿En qué le puedo ayudar\?/);
    await sendVoice(harness);
    const notice = chat.expectReply(
      /^Disculpe, todavía no puedo escuchar notas de voz\. Por favor escríbame su mensaje/,
    );
    expect(notice.text).not.toMatch(notUnderstood);
    expect(notice.options.at(-1)).toEqual({ label: 'Hablar con un asesor', value: 'asesor' });
    chat.expectNoMoreReplies();
    expect((await lastInbound(harness)).payload).toMatchObject({ voice: 'unheard' });
    // The menu was not consumed: its number still answers it.
    await chat.send('4');
    expectOpeningHours(chat);
  });

  it('a slow or failing service: the same kind answer, never "No le entendí", and the menu still waits', async () => {
    const harness = await start(true, 1000);
    const chat = harness.chat();
    await chat.send('hola');
    chat.expectEventually(/¿En qué le puedo ayudar\?/);
    server.behave({ text: 'tarde', delayMs: 1500 });
    await sendVoice(harness);
    chat.expectReply(/^Disculpe, no pude escuchar su nota de voz en este momento\./);
    chat.expectNoMoreReplies();
    server.behave({ status: 503 });
    await sendVoice(harness);
    chat.expectReply(/^Disculpe, no pude escuchar su nota de voz en este momento\./);
    chat.expectNoMoreReplies();
    await chat.send('4');
    expectOpeningHours(chat);
  });
});
