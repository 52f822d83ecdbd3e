import { normalizeText } from '../lib/normalize-text.js';
import type { PopulationProfile } from '../population/population-profile.js';

export interface HandoffPriority {
  /** 2 special constitutional protection, 1 urgent, 0 normal. */
  priority: number;
  label: string | null;
}

const VICTIM_LABEL = 'Víctima del conflicto armado';

/** Groups of special constitutional protection (Constitución arts. 13, 43-47; Ley 1755 art. 20) and how people say it. */
const protectedGroups: { label: string; words: string[] }[] = [
  { label: 'Adulto mayor', words: ['adulto mayor', 'adulta mayor', 'tercera edad', 'persona mayor', 'adulto_mayor'] },
  {
    label: 'Persona con discapacidad',
    words: ['discapacidad', 'discapacitado', 'discapacitada', 'silla de ruedas', 'invidente', 'sordo', 'sorda'],
  },
  { label: 'Gestante', words: ['gestante', 'embarazada', 'embarazo', 'lactante'] },
  {
    label: 'Niño, niña o adolescente',
    words: ['nna', 'menor de edad', 'nino', 'nina', 'adolescente', 'ninos', 'ninas'],
  },
  // Ley 1448 de 2011 art. 3 and Corte Constitucional T-025 de 2004: victims, displaced people first among them.
  {
    label: VICTIM_LABEL,
    words: [
      'victima del conflicto',
      'victima del conflicto armado',
      'victimas del conflicto',
      'desplazado',
      'desplazada',
      'desplazamiento forzado',
      'victima_conflicto',
    ],
  },
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

/**
 * The priority the groups a citizen chose to state give (population.record, flows/pqrsd.yaml): the same groups as the
 * words above. "prefiere_no_decir" and unasked fields give none.
 */
export function priorityOfProfile(profile: PopulationProfile): HandoffPriority {
  if (profile.armedConflictVictim === 'si') return { priority: 2, label: VICTIM_LABEL };
  if (profile.ageGroup === '60_o_mas') return { priority: 2, label: 'Adulto mayor' };
  if (profile.disability && !['ninguna', 'prefiere_no_decir'].includes(profile.disability)) {
    return { priority: 2, label: 'Persona con discapacidad' };
  }
  if (profile.ageGroup === 'menor_de_18') return { priority: 2, label: 'Niño, niña o adolescente' };
  return { priority: 0, label: null };
}
