import { normalizeText } from '../lib/normalize-text.js';

export interface HandoffPriority {
  /** 2 special constitutional protection, 1 urgent, 0 normal. */
  priority: number;
  label: string | null;
}

/** Groups of special constitutional protection (Constitución arts. 13, 43-47; Ley 1755 art. 20) and how people say it. */
const protectedGroups: { label: string; words: string[] }[] = [
  { label: 'Adulto mayor', words: ['adulto mayor', 'adulta mayor', 'tercera edad', 'persona mayor', 'adulto_mayor'] },
  { label: 'Persona con discapacidad', words: ['discapacidad', 'discapacitado', 'discapacitada', 'silla de ruedas', 'invidente', 'sordo', 'sorda'] },
  { label: 'Gestante', words: ['gestante', 'embarazada', 'embarazo', 'lactante'] },
  { label: 'Niño, niña o adolescente', words: ['nna', 'menor de edad', 'nino', 'nina', 'adolescente', 'ninos', 'ninas'] },
];
const urgentWords = ['urgente', 'urgencia', 'emergencia', 'riesgo'];

/**
 * The priority of a handoff from what the flow passed (`prioridad`) and what the citizen wrote in the conversation.
 * Words are matched whole, after folding case and accents, so "niño" counts but "ninguno" does not.
 */
export function detectPriority(texts: readonly string[]): HandoffPriority {
  const padded = texts.map((t) => ` ${normalizeText(t.replace(/_/g, ' '))} `);
  const has = (word: string) => padded.some((t) => t.includes(` ${normalizeText(word.replace(/_/g, ' '))} `));
  for (const group of protectedGroups) if (group.words.some(has)) return { priority: 2, label: group.label };
  if (urgentWords.some(has)) return { priority: 1, label: 'Urgente' };
  return { priority: 0, label: null };
}
