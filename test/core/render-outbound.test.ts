import { describe, expect, it } from 'vitest';
import { renderForChannel, splitText } from '../../src/core/render-outbound.js';

const buttons = { maxButtons: 3, maxTextLength: 100, typingIndicator: true, attachments: true };
const textOnly = { maxButtons: 0, maxTextLength: 100, typingIndicator: false, attachments: false };
const options = [
  { label: 'Sí', value: 'si' },
  { label: 'No', value: 'no' },
];

describe('rendering for a channel', () => {
  it('keeps options as buttons where they fit', () => {
    expect(renderForChannel({ text: '¿Le sirvió?', options }, buttons)).toEqual([
      { text: '¿Le sirvió?', options, attachments: [], typing: false },
    ]);
  });

  it("puts an agent's name before the text where the channel cannot show who wrote it", () => {
    const author = { kind: 'agent' as const, name: 'Ana' };
    expect(renderForChannel({ text: 'Ya reviso su caso.', author }, textOnly)[0]?.text).toBe(
      'Ana, asesor(a) de la entidad:\nYa reviso su caso.',
    );
    expect(
      renderForChannel({ text: 'Ya reviso su caso.', author }, { ...buttons, showsAuthor: true })[0],
    ).toMatchObject({ text: 'Ya reviso su caso.', author });
  });

  it('says an agent sent a file when the file goes alone, instead of a name and a dangling colon', () => {
    const author = { kind: 'agent' as const, name: 'Ana' };
    const file = {
      kind: 'document' as const,
      ref: 'upload:1',
      mimeType: 'application/pdf',
      fileName: 'paz-y-salvo.pdf',
      sizeBytes: 1200,
    };
    expect(renderForChannel({ text: '', author, attachments: [file] }, buttons)[0]).toMatchObject({
      text: 'Ana, asesor(a) de la entidad, le envió un archivo.',
      attachments: [file],
    });
  });

  it('turns options into numbered text where the channel has no buttons', () => {
    const [m] = renderForChannel({ text: '¿Le sirvió?', options }, textOnly);
    expect(m).toEqual({
      text: '¿Le sirvió?\n\n1. Sí\n2. No\n\nResponda con el número de la opción.',
      options: [],
      attachments: [],
      typing: false,
    });
  });

  it('splits a long text at sentence boundaries, options under the last part, typing on the first', () => {
    const sentence = 'Para el certificado de residencia traiga la cédula original. ';
    const parts = renderForChannel({ text: sentence.repeat(4).trim(), options, typing: true }, buttons);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.text.length <= 100)).toBe(true);
    expect(parts.map((p) => p.text).join(' ')).toBe(sentence.repeat(4).trim());
    expect(parts.slice(0, -1).every((p) => p.options.length === 0)).toBe(true);
    expect(parts.at(-1)?.options).toEqual(options);
    expect(parts.map((p) => p.typing)).toEqual(parts.map((_, i) => i === 0));
  });

  it('cuts a text with no spaces at the limit rather than exceeding it', () => {
    const parts = splitText('x'.repeat(250), 100);
    expect(parts.map((p) => p.length)).toEqual([100, 100, 50]);
  });

  it('prefers paragraph breaks', () => {
    const text = `${'a '.repeat(30).trim()}\n\n${'b '.repeat(30).trim()}`;
    expect(splitText(text, 100)).toEqual(['a '.repeat(30).trim(), 'b '.repeat(30).trim()]);
  });
});
