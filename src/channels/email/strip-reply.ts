/**
 * Lines that start the quoted earlier message in a reply, as the common mail programs write them (Spanish and
 * English): "El lun, 2 mar 2026 a las 9:00, X escribió:", "On Mon, … wrote:", Outlook's "-----Mensaje original-----"
 * or "De: … Enviado: …" block.
 */
const quoteHeaders = [
  /^\s*(El|On)\s.+(escribió|wrote)\s*:\s*$/i,
  /^\s*-{2,}\s*(Mensaje original|Original Message|Forwarded message|Mensaje reenviado)\s*-{2,}\s*$/i,
  /^\s*(De|From)\s*:\s.+$/i,
  /^_{10,}\s*$/,
];

/** Signature delimiters: the standard "-- " line and the phone clients' footers. */
const signatureStarts = [/^--\s?$/, /^(Enviado desde mi|Sent from my|Obtener Outlook para)\b/i];

/**
 * The citizen's own new words of an email: what comes before the quoted message and before the signature. Quoted
 * lines (">") are dropped wherever they are. Never returns empty when the body had words of its own.
 */
export function stripReply(body: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (const [i, line] of lines.entries()) {
    if (signatureStarts.some((p) => p.test(line))) break;
    if (quoteHeaders.some((p) => p.test(line))) {
      // "De: …" only starts a quote when it is the Outlook header block (Enviado/Sent follows), not a sentence.
      if (/^\s*(De|From)\s*:/i.test(line) && !/^\s*(Enviado|Sent|Para|To|Fecha|Date)\s*:/i.test(lines[i + 1] ?? '')) {
        kept.push(line);
        continue;
      }
      break;
    }
    if (/^\s*>/.test(line)) continue;
    kept.push(line);
  }
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
