/** An audio file to turn into text: the bytes as kept, and their type (audio/ogg, audio/mpeg, audio/mp4). */
export interface AudioFile {
  data: Uint8Array;
  mimeType: string;
  fileName: string;
}

/** Speech to text. Resolves the words heard (possibly empty); rejects when the service failed or took too long. */
export interface Transcriber {
  transcribe(audio: AudioFile): Promise<string>;
}

/** The service could not give a transcript. The message names the kind of failure, never what was said. */
export class TranscriptionError extends Error {
  constructor(
    message: string,
    readonly reason: 'timeout' | 'http' | 'network' | 'response',
  ) {
    super(message);
    this.name = 'TranscriptionError';
  }
}
