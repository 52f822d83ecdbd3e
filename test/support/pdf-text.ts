import { inflateSync } from 'node:zlib';

/**
 * The visible text of a PDF Chromium printed, good enough for tests to look for a word: Chromium (Skia) writes each
 * run as `<glyph ids> Tj` in Flate-compressed content streams and maps glyphs back to Unicode in each font's
 * ToUnicode CMap. This inflates every stream, merges the CMaps (the subsets of one page agree on the glyphs a test
 * looks for) and decodes every shown string, one line per text object. Not a general PDF reader.
 */
export function pdfText(pdf: Buffer): string {
  const streams: string[] = [];
  const raw = pdf.toString('latin1');
  const pattern = /(?<!end)stream\r?\n/g;
  for (let m = pattern.exec(raw); m; m = pattern.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    try {
      streams.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // Not compressed with Flate (images, fonts in other encodings): not text.
    }
    pattern.lastIndex = end + 'endstream'.length;
  }
  const glyphs = new Map<number, string>();
  const hex = (s: string) => parseInt(s, 16);
  const unicode = (s: string) => String.fromCodePoint(...(s.match(/.{4}/g) ?? []).map(hex));
  for (const s of streams.filter((t) => t.includes('begincmap'))) {
    for (const block of s.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const [, from, to] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
        glyphs.set(hex(from!), unicode(to!));
    }
    for (const block of s.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const [, lo, hi, to] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        const first = hex(to!);
        for (let g = hex(lo!); g <= hex(hi!); g++) glyphs.set(g, String.fromCodePoint(first + g - hex(lo!)));
      }
    }
  }
  const lines: string[] = [];
  for (const s of streams.filter((t) => t.includes('BT'))) {
    for (const text of s.matchAll(/BT([\s\S]*?)ET/g)) {
      const shown = [...text[1]!.matchAll(/<([0-9A-Fa-f]+)>/g)].map(([, h]) =>
        (h!.match(/.{4}/g) ?? []).map((g) => glyphs.get(hex(g)) ?? '\uFFFD').join(''),
      );
      lines.push(shown.join(''));
    }
  }
  return lines.join('\n');
}
