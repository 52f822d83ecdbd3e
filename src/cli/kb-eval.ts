import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { crossValidate } from '../knowledge/cross-validate.js';
import type { QuestionSource } from '../knowledge/cross-validate.js';
import { describeCrossValidation, describeMetrics } from '../knowledge/describe-evaluation.js';
import { evaluateMatcher, parseEvalQuestions, parseOutOfScopeQuestions } from '../knowledge/evaluate.js';
import type { EvalQuestion } from '../knowledge/evaluate.js';
import { KnowledgeFileError, loadKbEntries, loadSynonyms } from '../knowledge/load-knowledge.js';
import { KnowledgeMatcher } from '../knowledge/matcher.js';
import { DEFAULT_OUT_OF_SCOPE } from '../knowledge/out-of-scope-examples.js';

async function readQuestions(file: string, parse: typeof parseEvalQuestions): Promise<EvalQuestion[]> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new KnowledgeFileError(`${file}: no se pudo leer el archivo.`);
  });
  const parsed = parse(text);
  if (!parsed.ok) throw new KnowledgeFileError(`${file}: ${parsed.error}`);
  return parsed.questions;
}

function integerOption(value: string, flag: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new KnowledgeFileError(`${flag} debe ser un número entero mayor o igual que ${min}.`);
  }
  return n;
}

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

export interface EvalOptions {
  kb: string;
  synonyms?: string;
  json?: boolean;
  questions: string;
  folds?: string;
  seed: string;
  holdOutTopics?: boolean;
  oos?: string;
  source: string[];
}

/**
 * A further labelled set for --folds: a .jsonl file (named after it), or a folder holding in-scope.jsonl and
 * out-of-scope.jsonl (named after the folder), as the held-out sets under test/fixtures/knowledge/ are laid out.
 */
async function readSource(path: string): Promise<QuestionSource> {
  const info = await stat(path).catch(() => {
    throw new KnowledgeFileError(`${path}: no existe el archivo o la carpeta.`);
  });
  if (!info.isDirectory())
    return { name: basename(path, '.jsonl'), questions: await readQuestions(path, parseEvalQuestions) };
  const parts = await Promise.all(
    ['in-scope.jsonl', 'out-of-scope.jsonl'].map(async (file) =>
      (await stat(join(path, file)).catch(() => undefined)) === undefined
        ? []
        : readQuestions(join(path, file), parseEvalQuestions),
    ),
  );
  const questions = parts.flat();
  if (questions.length === 0) {
    throw new KnowledgeFileError(`${path}: la carpeta no tiene in-scope.jsonl ni out-of-scope.jsonl.`);
  }
  return { name: basename(path), questions };
}

/**
 * `kb eval`: without --folds, the matcher built on the whole base is scored on the questions file (plus the --oos
 * set); with --folds, k-fold cross-validation over the base's own questions, the questions file and the built-in
 * out-of-scope examples, then the --oos set against the matcher built on the whole base.
 */
export async function runEval(options: EvalOptions): Promise<void> {
  const [entries, synonyms, questions] = await Promise.all([
    loadKbEntries(options.kb),
    loadSynonyms(options.synonyms),
    readQuestions(options.questions, parseEvalQuestions),
  ]);
  const folds = options.folds === undefined ? undefined : integerOption(options.folds, '--folds', 2);
  const seed = integerOption(options.seed, '--seed', 0);
  const outOfScopeSet =
    options.oos === undefined ? undefined : await readQuestions(options.oos, parseOutOfScopeQuestions);
  const whole = new KnowledgeMatcher(entries, synonyms);
  const outOfScope = outOfScopeSet === undefined ? undefined : evaluateMatcher(whole, outOfScopeSet);
  if (folds === undefined) {
    if (options.source.length > 0) throw new KnowledgeFileError('--source solo se usa con --folds.');
    const metrics = evaluateMatcher(whole, [...questions, ...(outOfScopeSet ?? [])]);
    if (options.json) {
      const set = outOfScope && { n: outOfScope.n, oosRejection: outOfScope.oosRejection };
      console.log(JSON.stringify(set === undefined ? metrics : { ...metrics, outOfScopeSet: set }));
      return;
    }
    console.log(describeMetrics(metrics));
    if (outOfScope !== undefined) {
      console.log(
        `De ellas, del conjunto fuera de alcance ${options.oos}: ${outOfScope.n}, rechazo correcto ${pct(outOfScope.oosRejection)}`,
      );
    }
    return;
  }
  const sources = await Promise.all(options.source.map(readSource));
  const report = crossValidate(
    { entries, questions, sources, outOfScope: DEFAULT_OUT_OF_SCOPE },
    (trainEntries, topics) => new KnowledgeMatcher(trainEntries, synonyms, { outOfScope: topics }),
    { folds, seed, wholeTopics: options.holdOutTopics === true },
  );
  if (options.json) {
    console.log(JSON.stringify(outOfScope === undefined ? report : { ...report, outOfScopeSet: outOfScope }));
    return;
  }
  console.log(describeCrossValidation(report));
  if (outOfScope !== undefined) {
    console.log(
      `\nConjunto fuera de alcance ${options.oos}, con el buscador entrenado en toda la base: ${outOfScope.n} preguntas, ` +
        `rechazo correcto ${pct(outOfScope.oosRejection)}, latencia p50 ${outOfScope.p50Ms} ms, p99 ${outOfScope.p99Ms} ms`,
    );
  }
}
