const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Addresses in the text become links; everything else is escaped. */
function inline(text: string): string {
  return escapeHtml(text).replace(/https?:\/\/[^\s<]+[^\s<.,;:!?)]/g, (url) => `<a href="${url}">${url}</a>`);
}

/** A paragraph whose lines are all "1. …", "2. …": the options, shown as a real numbered list. */
function asList(lines: string[]): string | undefined {
  const items = lines.map((l) => /^(\d{1,2})\.\s+(.+)$/.exec(l.trim()));
  if (items.length < 2 || items.some((m) => !m)) return undefined;
  const start = Number(items[0]![1]);
  return `<ol${start === 1 ? '' : ` start="${start}"`}>${items.map((m) => `<li>${inline(m![2]!)}</li>`).join('')}</ol>`;
}

export interface ComposedEmail {
  text: string;
  html: string;
}

/**
 * The email for one turn: plain text as written (options already numbered, so the citizen answers with the number)
 * and a simple accessible HTML version of the same words: language set, real paragraphs and an ordered list for the
 * options, readable font size, no images or layout tables, so screen readers and small screens read it as text.
 */
export function composeEmail(input: { text: string; subject: string; footer: string }): ComposedEmail {
  const text = `${input.text.trim()}\n\n--\n${input.footer}\n`;
  const paragraphs = input.text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => p.split('\n'));
  const body = paragraphs.map((lines) => asList(lines) ?? `<p>${lines.map(inline).join('<br>')}</p>`).join('\n');
  const html = [
    '<!DOCTYPE html>',
    '<html lang="es-CO">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(input.subject)}</title></head>`,
    '<body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a;">',
    body,
    `<hr><p style="font-size: 14px; color: #444;">${inline(input.footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { text, html };
}
