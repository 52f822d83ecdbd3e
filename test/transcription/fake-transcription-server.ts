import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenAiCompatibleTranscriber } from '../../src/transcription/openai-compatible-transcriber.js';

/** One call the fake server received, as the OpenAI-compatible API defines its fields. */
export interface TranscriptionCall {
  authorization?: string;
  model?: string;
  language?: string;
  fileName?: string;
  fileType?: string;
  fileBytes: Buffer;
}

export interface FakeTranscriptionServer {
  /** The endpoint, as TRANSCRIPTION_URL names it. */
  url: string;
  calls: TranscriptionCall[];
  /** What the next calls get: the words heard, a delay first, or an HTTP failure. */
  behave(behaviour: { text?: string; delayMs?: number; status?: number }): void;
  /** The client the application builds from TRANSCRIPTION_URL, pointed at this server. */
  transcriber(timeoutMs: number): OpenAiCompatibleTranscriber;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 speaking `POST /v1/audio/transcriptions` (multipart: file, model, language;
 * answer {"text": …}), as whisper.cpp's server and faster-whisper servers do.
 */
export async function startFakeTranscriptionServer(): Promise<FakeTranscriptionServer> {
  let behaviour: { text?: string; delayMs?: number; status?: number } = { text: '' };
  const calls: TranscriptionCall[] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      if (request.method !== 'POST' || request.url !== '/v1/audio/transcriptions') {
        response.writeHead(404).end();
        return;
      }
      const form = await readForm(request);
      const file = form.get('file');
      calls.push({
        ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
        ...(typeof form.get('model') === 'string' ? { model: form.get('model') as string } : {}),
        ...(typeof form.get('language') === 'string' ? { language: form.get('language') as string } : {}),
        ...(file instanceof File ? { fileName: file.name, fileType: file.type } : {}),
        fileBytes: file instanceof File ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0),
      });
      const { text = '', delayMs = 0, status = 200 } = behaviour;
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (response.destroyed) return;
      if (status !== 200) {
        response.writeHead(status, { 'content-type': 'application/json' }).end('{"error":{"message":"model failed"}}');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/v1/audio/transcriptions`;
  return {
    url,
    calls,
    behave(next) {
      behaviour = next;
    },
    transcriber: (timeoutMs) => new OpenAiCompatibleTranscriber({ url, model: 'whisper-1', language: 'es', timeoutMs }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readForm(request: IncomingMessage): Promise<FormData> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return new Response(body, { headers: { 'content-type': String(request.headers['content-type']) } }).formData();
}

/** The first bytes of an OGG/Opus voice note (what WhatsApp and Telegram record), enough to be kept as audio/ogg. */
export const oggVoiceBytes = Buffer.concat([
  Buffer.from('OggS\0\x02', 'latin1'),
  Buffer.alloc(20, 0),
  Buffer.from('OpusHead\x01\x01', 'latin1'),
  Buffer.alloc(64, 7),
]);
