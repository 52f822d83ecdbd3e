import { describe, expect, it } from 'vitest';
import { checkUpload, fallbackFileName } from '../../src/uploads/check-upload.js';
import { detectFileType } from '../../src/uploads/detect-file-type.js';
import { storedFileHeaders } from '../../src/uploads/stored-file-headers.js';

const bytes = (...parts: (number[] | string)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

const ogg = bytes('OggS', [0, 2], 'OpusHead');
const id3 = bytes('ID3', [4, 0, 0, 0, 0, 0, 0]);
// MPEG-1 Layer III, 128 kbit/s, 44.1 kHz: what an MP3 without a tag starts with.
const mpegFrame = bytes([0xff, 0xfb, 0x90, 0x64, 0, 0]);
const m4a = bytes([0, 0, 0, 0x20], 'ftypM4A ', [0, 0, 0, 0], 'M4A isom');
const mp42 = bytes([0, 0, 0, 0x18], 'ftypmp42', [0, 0, 0, 0]);

describe('audio files by their first bytes', () => {
  it('recognises OGG/Opus, MP3 (tagged or not) and M4A (M4A, mp42 and isom brands)', () => {
    expect(detectFileType(ogg)).toBe('audio/ogg');
    expect(detectFileType(id3)).toBe('audio/mpeg');
    expect(detectFileType(mpegFrame)).toBe('audio/mpeg');
    expect(detectFileType(m4a)).toBe('audio/mp4');
    expect(detectFileType(mp42)).toBe('audio/mp4');
    expect(detectFileType(bytes([0, 0, 0, 0x18], 'ftypisom', [0, 0, 0, 0]))).toBe('audio/mp4');
  });

  it('does not take JPEG, AAC frames, reserved MPEG values or other ISO brands for audio', () => {
    expect(detectFileType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(detectFileType(bytes([0xff, 0xf1, 0x50, 0x80]))).toBeUndefined(); // AAC ADTS: layer 0
    expect(detectFileType(bytes([0xff, 0xfb, 0xf0, 0x64]))).toBeUndefined(); // bitrate 1111
    expect(detectFileType(bytes([0, 0, 0, 0x18], 'ftypqt  ', [0, 0, 0, 0]))).toBeUndefined();
    expect(detectFileType(bytes('Ogg'))).toBeUndefined();
  });

  it('checks the declared type against the bytes, accepting the usual other names of the same type', () => {
    expect(checkUpload(ogg, 'audio/ogg; codecs=opus')).toEqual({ ok: true, type: 'audio/ogg' });
    expect(checkUpload(m4a, 'audio/x-m4a')).toEqual({ ok: true, type: 'audio/mp4' });
    expect(checkUpload(id3, 'audio/mp3')).toEqual({ ok: true, type: 'audio/mpeg' });
    expect(checkUpload(ogg, 'application/pdf')).toEqual({ ok: false, problem: 'type' });
    expect(checkUpload(ogg, undefined, 4)).toEqual({ ok: false, problem: 'size' });
    expect(fallbackFileName('audio/ogg')).toBe('nota-de-voz.ogg');
  });

  it('serves audio with its stored type, inline, so the console can play it', () => {
    const headers = storedFileHeaders({ fileName: 'nota-de-voz.ogg', mimeType: 'audio/ogg', data: ogg });
    expect(headers['content-type']).toBe('audio/ogg');
    expect(headers['content-disposition']).toMatch(/^inline;/);
    expect(headers['content-security-policy']).toContain("media-src 'self'");
  });
});
