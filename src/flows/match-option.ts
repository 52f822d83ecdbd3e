import { normalizeText } from './normalize-text.js';

/** What a menu or option question offers, as far as matching is concerned. */
export interface MatchableOption {
  label: string;
  aliases: string[];
  /** Payload the option's button carries. */
  value: string;
}

const ordinalWords: Record<string, number> = {
  uno: 1,
  primera: 1,
  primero: 1,
  dos: 2,
  segunda: 2,
  segundo: 2,
  tres: 3,
  tercera: 3,
  tercero: 3,
  cuatro: 4,
  cuarta: 4,
  cuarto: 4,
  cinco: 5,
  quinta: 5,
  quinto: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
};

function numberChosen(text: string): number | null {
  const m = /^(?:(?:la|el)\s+)?(?:opcion|numero|op)?\s*(\d{1,2}|[a-z]+)$/.exec(text);
  if (!m?.[1]) return null;
  const n = /^\d+$/.test(m[1]) ? Number(m[1]) : ordinalWords[m[1]];
  return n ?? null;
}

function containsWords(haystack: string, needle: string): boolean {
  return ` ${haystack} `.includes(` ${needle} `);
}

/**
 * Finds the option a reply picks, or null. In order: the button payload; the option number ("2", "opción 2", "dos");
 * the label or an alias typed loosely (case and accents ignored); a reply whose words all appear in exactly one
 * label ("tramites" → "Consultar trámites y servicios"); a reply that contains exactly one label or alias. Ambiguous
 * replies match nothing, so the citizen is asked again rather than sent the wrong way.
 */
export function matchOption<T extends MatchableOption>(options: readonly T[], text: string | undefined, payload?: string): T | null {
  if (payload !== undefined) {
    const byPayload = options.find((o) => o.value === payload);
    if (byPayload) return byPayload;
  }
  const reply = normalizeText(text ?? payload ?? '');
  if (reply === '') return null;
  const n = numberChosen(reply);
  if (n !== null) return options[n - 1] ?? null;
  const names = (o: T) => [o.label, ...o.aliases].map(normalizeText).filter((s) => s !== '');
  const exact = options.filter((o) => names(o).includes(reply));
  if (exact.length === 1) return exact[0] ?? null;
  if (reply.length >= 3) {
    const words = reply.split(' ');
    const partial = options.filter((o) => names(o).some((name) => words.every((w) => containsWords(name, w))));
    if (partial.length === 1) return partial[0] ?? null;
    const contained = options.filter((o) => names(o).some((name) => containsWords(reply, name)));
    if (contained.length === 1) return contained[0] ?? null;
  }
  return null;
}
