import type { MatchResult } from './match-result.js';

const percent = (p: number): string => `${Math.round(p * 100)} %`;

const REASONS: Readonly<Record<string, string>> = {
  'low-confidence': 'ninguna entrada es suficientemente probable',
  smalltalk: 'no es una consulta de trámites',
  empty: 'el mensaje está vacío',
};

/**
 * What the assistant would do with a message, in Spanish, decision first: "Respuesta", "Pregunta cuál" or "No sé"
 * with its reason, then the candidates with the probability the decision used (for a "No sé", the entries it
 * considered and discarded, whose probabilities are low by construction).
 */
export function describeMatch(result: MatchResult): string {
  const lines: string[] = [];
  const outside =
    result.outOfScope === undefined ? '' : `; probabilidad de que esté fuera de alcance: ${percent(result.outOfScope)}`;
  if (result.kind === 'answer') {
    lines.push(
      `Respuesta: ${result.best.title} (${result.best.id}), probabilidad ${percent(result.best.confidence)}${outside}.`,
    );
  } else if (result.kind === 'clarify') {
    const offered = result.offered ?? 2;
    lines.push(`Pregunta cuál: se le ofrecerían al ciudadano las ${offered} primeras entradas${outside}.`);
  } else {
    const redirect = result.redirect === undefined ? '' : `; lo atiende ${result.redirect}`;
    lines.push(`No sé: ${REASONS[result.reason] ?? result.reason}${redirect}${outside}.`);
  }
  if (result.candidates.length > 0) {
    lines.push(result.kind === 'unknown' ? 'Entradas más cercanas (descartadas):' : 'Candidatas:');
  }
  result.candidates.forEach((c, i) => {
    lines.push(`  ${i + 1}. ${c.id}  probabilidad ${percent(c.confidence)}  ${c.title}`);
  });
  return lines.join('\n');
}
