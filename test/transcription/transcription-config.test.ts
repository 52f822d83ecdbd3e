import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { configIssues } from '../support/config-issues.js';

describe('transcription settings', () => {
  it('are off by default, with a 20 s timeout and the whisper-1 model name', () => {
    const config = loadConfig({});
    expect(config.TRANSCRIPTION_URL).toBeUndefined();
    expect(config.TRANSCRIPTION_TIMEOUT_MS).toBe(20_000);
    expect(config.TRANSCRIPTION_MODEL).toBe('whisper-1');
  });

  it('accept an http:// address inside the network, a model, a key and a timeout', () => {
    const config = loadConfig({
      TRANSCRIPTION_URL: 'http://whisper.interno:8000/v1/audio/transcriptions',
      TRANSCRIPTION_MODEL: 'Systran/faster-whisper-small',
      TRANSCRIPTION_API_KEY: 'clave',
      TRANSCRIPTION_TIMEOUT_MS: '15000',
    });
    expect(config).toMatchObject({ TRANSCRIPTION_TIMEOUT_MS: 15_000, TRANSCRIPTION_API_KEY: 'clave' });
  });

  it.each([
    [{ TRANSCRIPTION_URL: 'whisper:8000' }, 'TRANSCRIPTION_URL'],
    [{ TRANSCRIPTION_URL: 'ftp://whisper/x' }, 'TRANSCRIPTION_URL'],
    [{ TRANSCRIPTION_TIMEOUT_MS: '10' }, 'TRANSCRIPTION_TIMEOUT_MS'],
  ])('refuse %o naming the variable', (env, variable) => {
    expect(configIssues(env).map((i) => i.variable)).toEqual([variable]);
  });
});
