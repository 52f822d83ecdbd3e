import { SpellingIndex } from './spelling.js';

/** What the query analysis needs to know about the knowledge base's words. */
export interface Vocabulary {
  /** Whether the knowledge base uses this term anywhere. */
  has(term: string): boolean;
  /** Inverse entry frequency: how much finding this term says about which entry is meant. */
  idf(term: string): number;
  /** The closest term the knowledge base uses, for a misspelt one; undefined when none is close. */
  correct(term: string): string | undefined;
}

/**
 * Every term of the knowledge base, counted per text (a question, a title, the tags, an answer) and per entry. Texts are
 * counted so that a held-out question can be taken away again (`without`): otherwise a question's own rare words would
 * look known while training, and the model would learn that in-scope questions never have unknown words.
 */
export class TermVocabulary implements Vocabulary {
  private readonly textCount = new Map<string, number>();
  private readonly entryCount = new Map<string, number>();
  private readonly spelling: SpellingIndex;
  readonly entries: number;

  /** `entries[e]` lists the texts of entry e, each as its terms. */
  constructor(entries: readonly (readonly (readonly string[])[])[]) {
    this.entries = entries.length;
    for (const texts of entries) {
      const inEntry = new Set<string>();
      for (const terms of texts) {
        for (const term of new Set(terms)) {
          this.textCount.set(term, (this.textCount.get(term) ?? 0) + 1);
          inEntry.add(term);
        }
      }
      for (const term of inEntry) this.entryCount.set(term, (this.entryCount.get(term) ?? 0) + 1);
    }
    this.spelling = new SpellingIndex(this.entryCount);
  }

  has(term: string): boolean {
    return this.textCount.has(term);
  }

  idf(term: string): number {
    const df = this.entryCount.get(term) ?? 0;
    return Math.log(1 + (this.entries - df + 0.5) / (df + 0.5));
  }

  correct(term: string): string | undefined {
    return this.spelling.correct(term);
  }

  /** The vocabulary as it would be without some texts (a held-out question or topic), for training on them. */
  without(texts: readonly (readonly string[])[]): Vocabulary {
    const removed = new Map<string, number>();
    for (const terms of texts) for (const term of new Set(terms)) removed.set(term, (removed.get(term) ?? 0) + 1);
    const has = (term: string): boolean => (this.textCount.get(term) ?? 0) - (removed.get(term) ?? 0) > 0;
    return {
      has,
      idf: (term) => this.idf(term),
      correct: (term) => {
        const corrected = this.spelling.correct(term);
        return corrected !== undefined && has(corrected) ? corrected : undefined;
      },
    };
  }
}
