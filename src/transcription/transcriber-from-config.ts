import type { Config } from '../config.js';
import { OpenAiCompatibleTranscriber } from './openai-compatible-transcriber.js';
import type { Transcriber } from './transcriber.js';

/** The speech-to-text service TRANSCRIPTION_URL names, or undefined: voice notes are then answered with a request to write. */
export function transcriberFromConfig(config: Config): Transcriber | undefined {
  if (!config.TRANSCRIPTION_URL) return undefined;
  return new OpenAiCompatibleTranscriber({
    url: config.TRANSCRIPTION_URL,
    model: config.TRANSCRIPTION_MODEL,
    language: 'es',
    timeoutMs: config.TRANSCRIPTION_TIMEOUT_MS,
    ...(config.TRANSCRIPTION_API_KEY ? { apiKey: config.TRANSCRIPTION_API_KEY } : {}),
  });
}
