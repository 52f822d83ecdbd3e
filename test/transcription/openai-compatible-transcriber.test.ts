import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiCompatibleTranscriber } from '../../src/transcription/openai-compatible-transcriber.js';
import { transcriberFromConfig } from '../../src/transcription/transcriber-from-config.js';
import { TranscriptionError } from '../../src/transcription/transcriber.js';
import { loadConfig } from '../../src/config.js';
import {
  oggVoiceBytes,
  startFakeTranscriptionServer,
  type FakeTranscriptionServer,
} from './fake-transcription-server.js';

const audio = { data: oggVoiceBytes, mimeType: 'audio/ogg', fileName: 'nota-de-voz.ogg' };

describe('OpenAI-compatible transcription client', () => {
  let server: FakeTranscriptionServer;
  beforeAll(async () => {
    server = await startFakeTranscriptionServer();
  });
  afterAll(() => server.close());

  const client = (extra: { apiKey?: string; timeoutMs?: number } = {}) =>
    new OpenAiCompatibleTranscriber({
      url: server.url,
      model: 'Systran/faster-whisper-small',
      language: 'es',
      timeoutMs: 2000,
      ...extra,
    });

  it('posts the file, the model and language=es as multipart, with the key as a Bearer token, and returns the text', async () => {
    server.behave({ text: ' Quiero radicar una queja. ' });
    const text = await client({ apiKey: 'clave-interna' }).transcribe(audio);
    expect(text).toBe('Quiero radicar una queja.');
    expect(server.calls.at(-1)).toMatchObject({
      authorization: 'Bearer clave-interna',
      model: 'Systran/faster-whisper-small',
      language: 'es',
      fileName: 'nota-de-voz.ogg',
      fileType: 'audio/ogg',
    });
    expect(server.calls.at(-1)!.fileBytes.equals(oggVoiceBytes)).toBe(true);
  });

  it('sends no authorization header without a key', async () => {
    server.behave({ text: 'hola' });
    await client().transcribe(audio);
    expect(server.calls.at(-1)!.authorization).toBeUndefined();
  });

  it('fails with the kind of failure, never the body, on an HTTP error, a slow server or an unreachable one', async () => {
    server.behave({ status: 500 });
    await expect(client().transcribe(audio)).rejects.toMatchObject({
      reason: 'http',
      message: 'the service answered HTTP 500',
    });
    server.behave({ text: 'tarde', delayMs: 1500 });
    const slow = await client({ timeoutMs: 1000 })
      .transcribe(audio)
      .catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(TranscriptionError);
    expect(slow).toMatchObject({ reason: 'timeout' });
    const nowhere = new OpenAiCompatibleTranscriber({
      url: 'http://127.0.0.1:1/v1/audio/transcriptions',
      model: 'm',
      language: 'es',
      timeoutMs: 1000,
    });
    await expect(nowhere.transcribe(audio)).rejects.toMatchObject({ reason: 'network' });
  });

  it('is built from TRANSCRIPTION_* settings, and absent without TRANSCRIPTION_URL', () => {
    expect(transcriberFromConfig(loadConfig({}))).toBeUndefined();
    expect(transcriberFromConfig(loadConfig({ TRANSCRIPTION_URL: server.url }))).toBeInstanceOf(
      OpenAiCompatibleTranscriber,
    );
  });
});
