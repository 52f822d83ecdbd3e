/**
 * Knowledge matcher benchmark: index build time and per-question latency with the 60-entry demo base and with a
 * 5,000-entry base generated from it, on the dev questions. Run: npx tsx bench/kb-matcher.bench.ts
 * Writes the "Knowledge matcher" section of docs/benchmarks.md (other sections are left as they are).
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { evaluateMatcher, parseEvalQuestions } from '../src/knowledge/evaluate.js';
import type { KbEntry } from '../src/knowledge/kb-entry.js';
import { parseKbFile } from '../src/knowledge/kb-file.js';
import { KnowledgeMatcher } from '../src/knowledge/matcher.js';
import { parseSynonymsYaml } from '../src/knowledge/synonyms.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const evalDir = fileURLToPath(new URL('../../shared/eval/', import.meta.url));
const kbFile = existsSync(`${evalDir}kb.json`) ? `${evalDir}kb.json` : `${root}flows/knowledge/kb.json`;
const questionsFile = `${evalDir}dev.jsonl`;

const kb = parseKbFile(readFileSync(kbFile, 'utf8'), 'json');
const synonyms = parseSynonymsYaml(readFileSync(`${root}flows/knowledge/sinonimos.yaml`, 'utf8'));
const parsedQuestions = parseEvalQuestions(readFileSync(questionsFile, 'utf8'));
if (!kb.ok || !synonyms.ok || !parsedQuestions.ok) throw new Error('cannot read benchmark inputs');
const base = kb.entries;
const questions = parsedQuestions.questions;

/** Deterministic pseudo-random numbers so every run benchmarks the same knowledge base. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

const PLACES = ['Norte', 'Sur', 'Oriente', 'Occidente', 'Centro', 'Rural', 'Comuna 1', 'Comuna 2', 'Corregimiento'];

/**
 * Recombines the example entries: each synthetic entry mixes the title and questions of one entry with words from
 * others and an invented place or program name, so the vocabulary and the posting lists grow as in a real base with
 * thousands of trámites across dependencies, instead of repeating 60 documents.
 */
function generate(count: number): KbEntry[] {
  const next = random(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const words = [...new Set(base.flatMap((e) => e.answer.split(/\s+/)).filter((w) => w.length > 5))];
  const out: KbEntry[] = [...base];
  for (let i = out.length; i < count; i += 1) {
    const a = pick(base);
    const b = pick(base);
    const invented = `${pick(words)}${i.toString(36)}`;
    const place = pick(PLACES);
    out.push({
      id: `${a.id}-${i}`,
      title: `${a.title} ${place} ${invented}`,
      category: a.category,
      questions: [...a.questions.slice(0, 2), `${pick(b.questions).replace(/\?$/, '')} en ${place} ${invented}?`],
      answer: `${a.answer.slice(0, 400)} ${pick(words)} ${pick(words)} ${invented}. ${b.answer.slice(0, 200)}`,
      tags: [...a.tags.slice(0, 3), pick(b.tags) ?? 'general', invented],
    });
  }
  return out;
}

function measure(entries: KbEntry[]) {
  const builds: number[] = [];
  let matcher: KnowledgeMatcher | undefined;
  for (let i = 0; i < 3; i += 1) {
    const started = performance.now();
    matcher = new KnowledgeMatcher(entries, synonyms.ok ? synonyms.list : []);
    builds.push(performance.now() - started);
  }
  const m = matcher as KnowledgeMatcher;
  evaluateMatcher(m, questions);
  const runs = [evaluateMatcher(m, questions), evaluateMatcher(m, questions), evaluateMatcher(m, questions)];
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] as number;
  const synonymStarted = performance.now();
  m.withSynonyms(synonyms.ok ? synonyms.list : []);
  return {
    entries: entries.length,
    buildMs: median(builds),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    synonymRebuildMs: performance.now() - synonymStarted,
    quality: runs[0] as (typeof runs)[number],
  };
}

const small = measure(base);
const large = measure(generate(5000));
const cpuModel = (() => {
  try {
    return (
      /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'desconocido'
    );
  } catch {
    return cpus()[0]?.model ?? 'desconocido';
  }
})();
const nproc = (() => {
  try {
    return execSync('nproc').toString().trim();
  } catch {
    return String(cpus().length);
  }
})();
const f = (v: number, d = 2) => v.toFixed(d);
const section = [
  '## Knowledge matcher',
  '',
  `Run: \`npx tsx bench/kb-matcher.bench.ts\` (${new Date().toISOString().slice(0, 10)}). Machine: ${nproc} CPUs (nproc), ${cpuModel}, Node ${process.version}.`,
  `Questions: the ${questions.length} dev messages (shared/eval/dev.jsonl), each timed individually after one warm-up pass; medians of 3 passes.`,
  'The 5,000-entry base is generated from the 60 examples by recombining titles, questions, tags and answers with invented names.',
  '',
  '| Knowledge base | Index build | p50 / question | p99 / question | Synonym swap (withSynonyms) |',
  '| --- | --- | --- | --- | --- |',
  `| ${small.entries} entries (baseline) | ${f(small.buildMs, 1)} ms | ${f(small.p50Ms, 3)} ms | ${f(small.p99Ms, 3)} ms | ${f(small.synonymRebuildMs, 2)} ms |`,
  `| ${large.entries} entries | ${f(large.buildMs, 1)} ms | ${f(large.p50Ms, 3)} ms | ${f(large.p99Ms, 3)} ms | ${f(large.synonymRebuildMs, 2)} ms |`,
  `| ratio 5,000 / 60 | ${f(large.buildMs / small.buildMs, 1)}× | ${f(large.p50Ms / small.p50Ms, 1)}× | ${f(large.p99Ms / small.p99Ms, 1)}× | |`,
  '',
  `Targets: p99 < 5 ms per question and index build < 2 s with 5,000 entries.`,
  `Quality on dev with the 60-entry base: inScopeTop1 ${small.quality.inScopeTop1}, top3 ${small.quality.top3}, oosRejection ${small.quality.oosRejection}, overall ${small.quality.overall}.`,
  '',
].join('\n');

console.log(section);
const docPath = `${root}docs/benchmarks.md`;
const current = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Benchmarks\n\n';
const pattern = /## Knowledge matcher\n[\s\S]*?(?=\n## |$)/;
const updated = pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}`;
writeFileSync(docPath, updated.endsWith('\n') ? updated : `${updated}\n`);
