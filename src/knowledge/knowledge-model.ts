import type { AnalysisWeights } from './analyze-query.js';
import { DEFAULT_ANALYSIS_WEIGHTS } from './analyze-query.js';
import type { Bm25fOptions } from './bm25f-index.js';
import { CANDIDATE_FEATURES, NON_NEGATIVE, NONE_FEATURES } from './choice-features.js';
import { fitChoiceModel } from './choice-model.js';
import type { ChoiceModel } from './choice-model.js';
import type { KbEntry } from './kb-entry.js';
import { DEFAULT_INDEX_OPTIONS, KnowledgeIndex } from './knowledge-index.js';
import { DEFAULT_OUT_OF_SCOPE } from './out-of-scope-examples.js';
import type { OutOfScopeTopic } from './out-of-scope-examples.js';
import { DEFAULT_TRAINING_OPTIONS, trainingSamples } from './training-samples.js';
import type { TrainingOptions } from './training-samples.js';

export interface KnowledgeModelOptions {
  index?: Bm25fOptions;
  /** Out-of-scope examples; they replace the built-in ones (pass `[...DEFAULT_OUT_OF_SCOPE, ...yours]` to extend). */
  outOfScope?: readonly OutOfScopeTopic[];
  analysis?: Partial<AnalysisWeights>;
  training?: Partial<TrainingOptions>;
}

/** How the model was trained, for `kb ask --json` and the benchmark. */
export interface TrainingReport {
  samples: number;
  indexMs: number;
  trainingMs: number;
}

/**
 * Index plus the decision model trained on it. Everything here depends only on the knowledge base and the out-of-scope
 * examples, so matchers that differ only in synonyms share one (see KnowledgeMatcher.withSynonyms).
 */
export class KnowledgeModel {
  readonly index: KnowledgeIndex;
  readonly choice: ChoiceModel;
  readonly report: TrainingReport;

  constructor(entries: readonly KbEntry[], options: KnowledgeModelOptions = {}) {
    const started = performance.now();
    this.index = new KnowledgeIndex(
      entries,
      options.outOfScope ?? DEFAULT_OUT_OF_SCOPE,
      options.index ?? DEFAULT_INDEX_OPTIONS,
      {
        ...DEFAULT_ANALYSIS_WEIGHTS,
        ...options.analysis,
      },
    );
    const indexed = performance.now();
    const samples = trainingSamples(this.index, { ...DEFAULT_TRAINING_OPTIONS, ...options.training });
    this.choice = fitChoiceModel(samples, CANDIDATE_FEATURES.length, NONE_FEATURES.length, NON_NEGATIVE);
    this.report = { samples: samples.length, indexMs: indexed - started, trainingMs: performance.now() - indexed };
  }
}
