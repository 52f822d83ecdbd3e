import type { KbEntry } from './kb-entry.js';
import type { MatchResult } from './match-result.js';
import type { KnowledgeMatcher } from './matcher.js';
import { normalizeText } from './normalize.js';
import { analyze, isStopword, splitWords } from './spanish-terms.js';

/**
 * What a follow-up asks about, and how an answer sentence that addresses it reads. General Spanish, not tied to any
 * knowledge base: "¿y cuánto vale?" looks for prices, "¿y dónde queda?" for places.
 */
const ASPECTS: readonly { asks: RegExp; says: RegExp }[] = [
  {
    asks: /\b(cuanto (vale|cuesta|cobran|cobra|es|toca pagar|hay que pagar)|vale|cuesta|precio|costo|cobran|gratis|gratuito|tarifa|plata)\b/,
    says: /(\$|\b(costo|cuesta|vale|valor|gratis|gratuit[ao]s?|tarifa|uvt|salarios? minimos?|estampilla|cobra|se paga|sin costo)\b)/,
  },
  {
    asks: /\b(donde|queda|direccion|lugar|sitio|sede|oficina|ubicad[oa])\b/,
    says: /\b(cam|sede|calle|carrera|avenida|piso|oficina|ventanilla|portal|en linea|direccion|km|via|centro de)\b/,
  },
  {
    asks: /\b(horario|hora|horas|abren|cierran|atienden|dias|sabados?|domingos?)\b/,
    says: /\b(lunes|viernes|sabados?|domingos?|a m|p m|horario|jornada|24 horas)\b/,
  },
  {
    asks: /\b(papeles|documentos?|requisitos?|llevar|piden|necesito)\b/,
    says: /\b(requisitos?|documentos?|cedula|copia|formulario|fotocopia|presentar|lleve|llevar|solicitud escrita|certificado)\b/,
  },
  {
    asks: /\b(demora|demoran|tarda|tardan|tiempo|plazo|cuando|cuanto se demora|cuantos dias)\b/,
    says: /\b(dias? habiles|dias|plazo|semanas?|mismo dia|inmediat[ao]|meses|horas)\b/,
  },
  {
    asks: /\b(internet|en linea|virtual|pagina|web|online|celular|whatsapp|correo)\b/,
    says: /\b(en linea|portal|web|pse|correo|whatsapp|virtual|pagina)\b/,
  },
];

/** Answer sentences: split at a full stop followed by a capital, so "7:30 a.m. a 4:00 p.m." stays whole. */
export function answerSentences(answer: string): string[] {
  return answer
    .split(/(?<=[.?!])\s+(?=[A-ZÁÉÍÓÚÑ¿¡])/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Most sentences quoted back for a follow-up: enough to answer, short enough not to be the whole answer again. */
const MAX_SENTENCES = 2;

/**
 * The sentences of `entry`'s answer that address `question`: those matching what it asks about (price, place, hours,
 * papers, time, online) or sharing its content words, best first, kept in the answer's order. Undefined when none does.
 */
export function passageFor(question: string, entry: KbEntry): string | undefined {
  const asked = normalizeText(question);
  const aspects = ASPECTS.filter((a) => a.asks.test(asked));
  const own = new Set(analyze(question));
  // Steps are sentences of the answer too: "¿y qué papeles?" is often answered by one of them.
  const sentences = [...answerSentences(entry.answer), ...(entry.steps ?? [])];
  const scored = sentences.map((sentence, position) => {
    const text = normalizeText(sentence);
    const aspectHits = aspects.filter((a) => a.says.test(text) || a.says.test(sentence.toLowerCase())).length;
    const shared = new Set(analyze(sentence).filter((t) => own.has(t))).size;
    return { sentence, position, score: aspectHits * 2 + shared };
  });
  const best = Math.max(0, ...scored.map((s) => s.score));
  if (best < 2) return undefined;
  const picked = scored
    .filter((s) => s.score >= best * 0.75)
    .sort((a, b) => b.score - a.score || a.position - b.position)
    .slice(0, MAX_SENTENCES)
    .sort((a, b) => a.position - b.position);
  if (picked.length === sentences.length) return undefined;
  return `Sobre «${entry.title}»: ${picked.map((s) => s.sentence).join(' ')}`;
}

/**
 * A message that leans on what came before: it opens with "y" ("¿y cuánto vale?") or has at most three content words
 * ("donde queda", "los papeles"), too few to name a topic of its own.
 */
export function isElliptical(question: string): boolean {
  const words = splitWords(normalizeText(question));
  return words[0] === 'y' || words.filter((w) => !isStopword(w)).length <= 3;
}

export type FollowUpOutcome =
  /** The message asks more about the previous entry: answer with the part of it that addresses the question. */
  | { kind: 'passage'; passage: string; confidence: number }
  /** Read together with the previous entry, the message points elsewhere: this is its result. */
  | { kind: 'result'; result: MatchResult };

/**
 * Reads a message in the light of the entry the citizen was just given. A message with its own clear topic (not
 * elliptical, and a confident answer with another entry) is not a follow-up (undefined: decide as usual). An
 * elliptical one, or one whose own match is weak, is ranked together with the previous entry's title; when that points back to the previous entry, the answer is the passage addressing the
 * question, and when the previous entry says nothing about it, the message is decided as usual (undefined).
 */
export function followUp(matcher: KnowledgeMatcher, question: string, previous: KbEntry): FollowUpOutcome | undefined {
  const own = matcher.match(question);
  const ownClear = own.kind === 'answer';
  if (ownClear && own.best.id !== previous.id && !isElliptical(question)) return undefined;
  const together = ownClear && own.best.id === previous.id ? own : matcher.match(`${question} ${previous.title}`);
  const first = together.kind === 'answer' ? together.best : together.candidates[0];
  if (first?.id === previous.id && together.kind !== 'unknown') {
    const passage = passageFor(question, previous);
    return passage === undefined ? undefined : { kind: 'passage', passage, confidence: first.confidence };
  }
  if (together.kind === 'answer' && !ownClear) return { kind: 'result', result: together };
  return undefined;
}
