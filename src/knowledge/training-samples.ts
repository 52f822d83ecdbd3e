import { candidateFeatures, noneFeatures } from './choice-features.js';
import type { ChoiceSample } from './choice-model.js';
import { colloquialVariant } from './colloquial-variant.js';
import type { KnowledgeIndex, LeaveOut } from './knowledge-index.js';
import { seededRandom, shuffled } from './seeded-random.js';
import { SynonymSet } from './synonyms.js';
import type { Vocabulary } from './term-vocabulary.js';

export interface TrainingOptions {
  /**
   * Assumed share of out-of-scope messages among those the assistant receives: the out-of-scope examples are weighted
   * to make up this share of the training weight, whatever their number. It is the prior of the out-of-scope side.
   */
  outOfScopeShare: number;
  /** At most this many held-out questions: a dozen weights do not need a 5,000-entry base's 15,000. */
  maxQuestions: number;
  seed: number;
}

export const DEFAULT_TRAINING_OPTIONS: TrainingOptions = { outOfScopeShare: 0.35, maxQuestions: 300, seed: 7 };

/** Synonyms are left out of training so a synonym change does not call for retraining. */
const NO_SYNONYMS = new SynonymSet([]);

/** The features of one message against the index, with `leaveOut` taken out, as the choice model sees them. */
export function choiceSample(
  index: KnowledgeIndex,
  text: string,
  vocabulary: Vocabulary,
  leaveOut: LeaveOut,
  entry: number | null,
): ChoiceSample {
  const analysis = index.analyze(text, NO_SYNONYMS, vocabulary);
  const candidates = index.evidence(analysis, index.vectorsOf(analysis), leaveOut);
  return {
    candidates: candidates.map(candidateFeatures),
    outOfScope: Uint8Array.from(candidates, (c) => (c.topic === undefined ? 0 : 1)),
    none: noneFeatures(analysis, index.wordScore(analysis, leaveOut)),
    // A question whose entry was not even retrieved is best answered with "no sé": teach that.
    target: entry === null ? -1 : candidates.findIndex((c) => c.owner === entry),
    weight: 1,
  };
}

/**
 * Training messages for the decision model, each scored against the index with itself left out, as a new message
 * would be: every example question (held out of its entry, of BM25F and of the vocabulary) and a roughened copy of it,
 * plus a roughened copy scored with the question in place (a message that nearly repeats an example), labelled with
 * its entry; every out-of-scope example, once roughened with its topic's other examples available and once with the
 * whole topic left out (a topic nobody wrote examples for), labelled out of scope.
 */
export function trainingSamples(
  index: KnowledgeIndex,
  options: TrainingOptions = DEFAULT_TRAINING_OPTIONS,
): ChoiceSample[] {
  const random = seededRandom(options.seed);
  const entryCount = index.documents.length;
  const questions: { owner: number; position: number }[] = [];
  for (let owner = 0; owner < entryCount; owner += 1) {
    index.ownerExamples[owner]?.forEach((_, position) => questions.push({ owner, position }));
  }
  const chosen =
    questions.length > options.maxQuestions ? shuffled(questions, random).slice(0, options.maxQuestions) : questions;
  const inScope: ChoiceSample[] = [];
  for (const { owner, position } of chosen) {
    const text = index.ownerTexts[owner]?.[position] as string;
    const example = index.ownerExamples[owner]?.[position] as number;
    const vocabulary = index.vocabulary.without([index.ownerTerms[owner]?.[position] ?? []]);
    inScope.push(choiceSample(index, text, vocabulary, { example }, owner));
    inScope.push(choiceSample(index, colloquialVariant(text, random), vocabulary, { example }, owner));
    // Citizens also write nearly what an example says; held-out questions never look like that, so show it too.
    inScope.push(choiceSample(index, colloquialVariant(text, random), index.vocabulary, {}, owner));
  }
  const outOfScope: ChoiceSample[] = [];
  index.topics.forEach((_, topic) => {
    const owner = entryCount + topic;
    const withoutTopic = index.vocabulary.without(index.ownerTerms[owner] ?? []);
    index.ownerExamples[owner]?.forEach((example, position) => {
      const text = index.ownerTexts[owner]?.[position] as string;
      const own = index.vocabulary.without([index.ownerTerms[owner]?.[position] ?? []]);
      outOfScope.push(choiceSample(index, colloquialVariant(text, random), own, { example }, null));
      outOfScope.push(choiceSample(index, text, withoutTopic, { example, topic }, null));
    });
  });
  if (outOfScope.length === 0 || inScope.length === 0) return [...inScope, ...outOfScope];
  const share = options.outOfScopeShare;
  const outWeight = (inScope.length * share) / (1 - share) / outOfScope.length;
  for (const s of outOfScope) s.weight = outWeight;
  return [...inScope, ...outOfScope];
}
