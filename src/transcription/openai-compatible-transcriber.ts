import { z } from 'zod';
import { type AudioFile, type Transcriber, TranscriptionError } from './transcriber.js';

export interface OpenAiCompatibleOptions {
  /** The endpoint itself, e.g. http://whisper.interno:8000/v1/audio/transcriptions. */
  url: string;
  model: string;
  language: string;
  apiKey?: string;
  timeoutMs: number;
}

/** What the service answers with response_format=json; other fields (segments, duration) are not read. */
const TranscriptionResponse = z.object({ text: z.string().max(20_000) });

/**
 * The OpenAI-compatible `POST /v1/audio/transcriptions` API (multipart: file, model, language), which self-hosted
 * servers speak too (whisper.cpp's server, faster-whisper servers), so an entity can keep citizens' voices inside
 * its own network. Built on Node's fetch and FormData: no client library.
 */
export class OpenAiCompatibleTranscriber implements Transcriber {
  constructor(private readonly options: OpenAiCompatibleOptions) {}

  async transcribe(audio: AudioFile): Promise<string> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(audio.data)], { type: audio.mimeType }), audio.fileName);
    form.append('model', this.options.model);
    form.append('language', this.options.language);
    form.append('response_format', 'json');
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        body: form,
        headers: this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {},
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new TranscriptionError(`no answer within ${this.options.timeoutMs} ms`, 'timeout');
      }
      throw new TranscriptionError(`could not reach the service (${causeCode(error)})`, 'network');
    }
    if (!response.ok) {
      // The body is not read into the error: a server may echo part of the request.
      await response.body?.cancel();
      throw new TranscriptionError(`the service answered HTTP ${response.status}`, 'http');
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new TranscriptionError(
        timedOut ? `no answer within ${this.options.timeoutMs} ms` : 'the answer is not JSON',
        timedOut ? 'timeout' : 'response',
      );
    }
    const parsed = TranscriptionResponse.safeParse(body);
    if (!parsed.success) throw new TranscriptionError('the answer has no text field', 'response');
    return parsed.data.text.trim();
  }
}

function causeCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as Error).name;
}
