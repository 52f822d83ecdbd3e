import { Bm25fIndex } from './bm25f-index.js';
import type { Bm25fOptions, IndexDocument } from './bm25f-index.js';
import type { KbEntry } from './kb-entry.js';
import type { OffTopicTopic } from './off-topic.js';
import { analyze } from './spanish-terms.js';
import { SpellingIndex } from './spelling.js';

export const DEFAULT_INDEX_OPTIONS: Bm25fOptions = {
  fields: {
    title: { weight: 2, b: 0.3 },
    questions: { weight: 1, b: 0.3 },
    tags: { weight: 1.5, b: 0.3 },
    answer: { weight: 1.6, b: 0.8 },
  },
  k1: 2.2,
  bigramWeight: 0.5,
};

export interface IndexedDocument {
  id: string;
  title: string;
  /** Set for decoy documents: the entity that handles that topic instead of the alcaldía. */
  offTopicEntity?: string;
}

function sentences(text: string): string[] {
  return text.split(/(?<=[.;:?!])\s+/);
}

/**
 * The part of a matcher that depends only on the knowledge base: ranking index, spelling vocabulary and document
 * metadata. It is built once per knowledge base and shared by matchers that differ only in synonyms, so saving a
 * synonym does not re-index anything.
 */
export class KnowledgeIndex {
  readonly index: Bm25fIndex;
  readonly spelling: SpellingIndex;
  readonly documents: IndexedDocument[];

  constructor(
    entries: readonly KbEntry[],
    offTopics: readonly OffTopicTopic[],
    options: Bm25fOptions = DEFAULT_INDEX_OPTIONS,
  ) {
    const docs: IndexDocument[] = [];
    this.documents = [];
    for (const entry of entries) {
      docs.push({
        fields: {
          title: [analyze(entry.title)],
          questions: entry.questions.map(analyze),
          tags: entry.tags.map(analyze),
          answer: sentences(entry.answer).map(analyze),
        },
      });
      this.documents.push({ id: entry.id, title: entry.title });
    }
    offTopics.forEach((topic, i) => {
      // Same fields as an entry, so a decoy competes on equal terms with the entries it must beat.
      const phrases = topic.phrases.map(analyze);
      docs.push({ fields: { title: phrases, questions: phrases, tags: phrases } });
      this.documents.push({ id: `fuera-de-alcance-${i + 1}`, title: topic.entity, offTopicEntity: topic.entity });
    });
    this.index = new Bm25fIndex(docs, options);
    this.spelling = new SpellingIndex(this.index.termFrequencies);
  }
}
