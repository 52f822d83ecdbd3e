import { evaluateMatcher } from './evaluate.js';
import type { EvalMetrics, EvalQuestion } from './evaluate.js';
import type { KbEntry } from './kb-entry.js';
import type { MatchResult } from './match-result.js';
import type { OutOfScopeTopic } from './out-of-scope-examples.js';
import { seededRandom, shuffled } from './seeded-random.js';

/**
 * Where a held-out message comes from: an entry's own example question (`kb`), the questions file (`questions`), a
 * built-in out-of-scope example (`outOfScope`), or the name of a further labelled set (`CrossValidationInput.sources`).
 */
export type MessageSource = string;

/** The fixed sources, in report order; named sets follow them. */
export const BUILT_IN_SOURCES = ['kb', 'questions', 'outOfScope'] as const;

/** A further labelled set of citizen messages (in scope and out of scope), reported as a source of its own. */
export interface QuestionSource {
  name: string;
  questions: readonly EvalQuestion[];
}

interface Item extends EvalQuestion {
  source: MessageSource;
  fold: number;
  /** For an out-of-scope example: its topic. */
  topic?: OutOfScopeTopic;
}

export interface CrossValidationInput {
  entries: readonly KbEntry[];
  /** Labelled citizen messages (dev.jsonl): in their fold they are held out, elsewhere they are training examples. */
  questions: readonly EvalQuestion[];
  /** Further labelled sets, treated like `questions` (stratified, held out in their fold, trained on elsewhere). */
  sources?: readonly QuestionSource[];
  /** Out-of-scope examples, stratified by topic like entries' questions (or held out whole: `wholeTopics`). */
  outOfScope: readonly OutOfScopeTopic[];
}

/** Figures for the held-out messages of one source, with how many were in scope and out of scope. */
export interface SourceMetrics extends EvalMetrics {
  inScope: number;
  outOfScope: number;
}

export interface FoldReport extends EvalMetrics {
  fold: number;
  /** The same figures per source of the held-out messages. */
  sources: Record<MessageSource, SourceMetrics>;
  /** Mean |confidence − accuracy| of the first candidate over ten probability bins (expected calibration error). */
  calibrationError: number;
}

export interface CrossValidationReport {
  folds: FoldReport[];
  mean: Omit<FoldReport, 'fold'>;
  seed: number;
  /** Whether out-of-scope topics were held out whole. */
  wholeTopics: boolean;
}

export type BuildMatcher = (
  entries: KbEntry[],
  outOfScope: OutOfScopeTopic[],
) => { match(question: string): MatchResult };

/** Deals each stratum's items to the folds in turn, from where the last stratum stopped, so folds stay even. */
function assignFolds(strata: readonly (readonly Omit<Item, 'fold'>[])[], folds: number, random: () => number): Item[] {
  const out: Item[] = [];
  let next = Math.floor(random() * folds);
  for (const stratum of strata) {
    for (const item of shuffled(stratum, random)) {
      out.push({ ...item, fold: next });
      next = (next + 1) % folds;
    }
  }
  return out;
}

/** How two copies of one message are recognised: a labelled message may also be an example question of its entry. */
const sameText = (q: string): string => q.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * k-fold cross-validation of a matcher over the knowledge base's example questions, labelled question sets and the
 * out-of-scope examples. A labelled message that is also an example question of the base or a built-in out-of-scope
 * example (editors copy citizens' messages into the base) is counted once, under its labelled set, and trained on
 * where its copy would be (its entry, or its out-of-scope topic); otherwise a fold could test a message it trained on. Messages are stratified by label: each entry's questions, and each out-of-scope topic's
 * examples, are spread over the folds, so a fold measures new messages about entries and topics the matcher knows.
 * With `wholeTopics`, out-of-scope topics are dealt whole instead: a harsher figure, for topics nobody wrote examples
 * for. In each fold the matcher is built without the held-out messages (removed from their entries and topics, not used
 * as examples) and scored on them, so no figure comes from a message the matcher was built on.
 */
export function crossValidate(
  input: CrossValidationInput,
  build: BuildMatcher,
  options: {
    folds: number;
    seed: number;
    /** Hold each out-of-scope topic out whole rather than spreading its examples over the folds. */
    wholeTopics?: boolean;
    /** Called with every held-out message and its result, for error analysis. */
    onResult?: (message: EvalQuestion & { source: MessageSource; fold: number }, result: MatchResult) => void;
  },
): CrossValidationReport {
  const { folds, seed } = options;
  const random = seededRandom(seed);
  // Strata are a label's messages from one source, dealt one after another, so both each label and each source's share
  // of it are spread evenly over the folds.
  const byLabel = new Map<string, Map<MessageSource, Omit<Item, 'fold'>[]>>();
  const add = (item: Omit<Item, 'fold'>): void => {
    const key = item.id ?? '\u0000null';
    const sources = byLabel.get(key) ?? new Map<MessageSource, Omit<Item, 'fold'>[]>();
    byLabel.set(key, sources);
    sources.set(item.source, [...(sources.get(item.source) ?? []), item]);
  };
  const labelled = [
    { name: 'questions', questions: input.questions },
    ...(input.sources ?? []).filter((s) => s.questions.length > 0),
  ];
  const topicOf = new Map<string, OutOfScopeTopic>();
  for (const topic of input.outOfScope) for (const q of topic.examples) topicOf.set(sameText(q), topic);
  const external = new Set<string>();
  const labelledItems: Omit<Item, 'fold'>[] = [];
  for (const { name, questions } of labelled) {
    for (const { q, id } of questions) {
      const key = sameText(q);
      if (external.has(key)) continue;
      external.add(key);
      // Held-out whole topics must not come back through a labelled copy of one of their examples.
      const topic = id === null && options.wholeTopics !== true ? topicOf.get(key) : undefined;
      labelledItems.push({ q, id, source: name, ...(topic === undefined ? {} : { topic }) });
    }
  }
  // A fixed order (the base's questions, then the labelled sets): a seed deals the same folds for the same data.
  for (const entry of input.entries) {
    for (const q of entry.questions) if (!external.has(sameText(q))) add({ q, id: entry.id, source: 'kb' });
  }
  for (const item of labelledItems) add(item);
  const strata = [...byLabel.values()].flatMap((sources) => [...sources.values()]);
  const ownExamples = (topic: OutOfScopeTopic): string[] => topic.examples.filter((q) => !external.has(sameText(q)));
  if (options.wholeTopics !== true) {
    for (const topic of input.outOfScope) {
      strata.push(ownExamples(topic).map((q) => ({ q, id: null, source: 'outOfScope', topic })));
    }
  }
  const items = assignFolds(strata, folds, random);
  if (options.wholeTopics === true) {
    // Topics go whole to the fold with the fewest out-of-scope messages so far.
    const load = new Array<number>(folds).fill(0);
    for (const topic of shuffled(input.outOfScope, random)) {
      const fold = load.indexOf(Math.min(...load));
      const examples = ownExamples(topic);
      for (const q of examples) items.push({ q, id: null, source: 'outOfScope', topic, fold });
      load[fold] = (load[fold] as number) + examples.length;
    }
  }
  const sourceNames = [...BUILT_IN_SOURCES, ...labelled.slice(1).map((s) => s.name)];
  const reports: FoldReport[] = [];
  for (let fold = 0; fold < folds; fold += 1) {
    const train = items.filter((i) => i.fold !== fold);
    const test: Item[] = items.filter((i) => i.fold === fold);
    const entries = input.entries.map((entry) => {
      const questions = train.filter((i) => i.id === entry.id).map((i) => i.q);
      return { ...entry, questions: questions.length > 0 ? questions : [entry.title] };
    });
    const outOfScope = input.outOfScope.flatMap((topic) => {
      const examples = train.filter((i) => i.topic === topic).map((i) => i.q);
      return examples.length > 0 ? [{ ...topic, examples }] : [];
    });
    const trainedNull = train.filter((i) => i.id === null && i.topic === undefined).map((i) => i.q);
    if (trainedNull.length > 0)
      outOfScope.push({ topic: 'preguntas etiquetadas fuera de alcance', examples: trainedNull });
    const matcher = build(entries, outOfScope);
    const results = new Map<string, MatchResult>();
    const recording = {
      match: (q: string): MatchResult => {
        const result = matcher.match(q);
        results.set(q, result);
        return result;
      },
    };
    const metrics = evaluateMatcher(recording, test);
    if (options.onResult !== undefined)
      for (const item of test) options.onResult(item, results.get(item.q) as MatchResult);
    // Per source, the results already computed (their latencies are in the fold's own figures).
    const recorded = { match: (q: string): MatchResult => results.get(q) as MatchResult };
    const sources: FoldReport['sources'] = {};
    for (const source of sourceNames) {
      const part = test.filter((i) => i.source === source);
      if (part.length === 0) continue;
      const outOfScope = part.filter((i) => i.id === null).length;
      sources[source] = { ...evaluateMatcher(recorded, part), inScope: part.length - outOfScope, outOfScope };
    }
    reports.push({ fold: fold + 1, ...metrics, sources, calibrationError: calibrationError(test, results) });
  }
  return { folds: reports, mean: meanOf(reports), seed, wholeTopics: options.wholeTopics === true };
}

/** Expected calibration error of "the first candidate is right" (for out-of-scope messages it never is). */
export function calibrationError(
  questions: readonly EvalQuestion[],
  results: ReadonlyMap<string, MatchResult>,
): number {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, confidence: 0, correct: 0 }));
  for (const { q, id } of questions) {
    const first = results.get(q)?.candidates[0];
    if (first === undefined) continue;
    const bin = bins[Math.min(9, Math.floor(first.confidence * 10))] as (typeof bins)[number];
    bin.n += 1;
    bin.confidence += first.confidence;
    if (first.id === id) bin.correct += 1;
  }
  const total = bins.reduce((s, b) => s + b.n, 0);
  if (total === 0) return 0;
  const error = bins.reduce((s, b) => s + (b.n === 0 ? 0 : Math.abs(b.confidence - b.correct)), 0) / total;
  return Number(error.toFixed(4));
}

/** The mean of one figure over the folds: counts (messages per fold) as whole numbers, rates to four places. */
function meanFigure(values: readonly number[], count = false): number {
  const mean = values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
  return count ? Math.round(mean) : Number(mean.toFixed(4));
}

function average(metrics: readonly EvalMetrics[]): EvalMetrics {
  const mean = (figure: (m: EvalMetrics) => number, count = false) => meanFigure(metrics.map(figure), count);
  return {
    inScopeTop1: mean((m) => m.inScopeTop1),
    top3: mean((m) => m.top3),
    oosRejection: mean((m) => m.oosRejection),
    overall: mean((m) => m.overall),
    p50Ms: mean((m) => m.p50Ms),
    p99Ms: mean((m) => m.p99Ms),
    n: mean((m) => m.n, true),
  };
}

function averageSource(metrics: readonly SourceMetrics[]): SourceMetrics {
  const count = (figure: (m: SourceMetrics) => number) => meanFigure(metrics.map(figure), true);
  return { ...average(metrics), inScope: count((m) => m.inScope), outOfScope: count((m) => m.outOfScope) };
}

function meanOf(reports: readonly FoldReport[]): Omit<FoldReport, 'fold'> {
  const sources: FoldReport['sources'] = {};
  const names = [...new Set(reports.flatMap((r) => Object.keys(r.sources)))];
  for (const source of names) {
    const parts = reports.map((r) => r.sources[source]).filter((m): m is SourceMetrics => m !== undefined);
    if (parts.length > 0) sources[source] = averageSource(parts);
  }
  const calibration = reports.reduce((s, r) => s + r.calibrationError, 0) / Math.max(1, reports.length);
  return { ...average(reports), sources, calibrationError: Number(calibration.toFixed(4)) };
}
