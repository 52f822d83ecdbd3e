/**
 * The understanding step's cost per message (issue: citizens are understood wherever they type): a message typed at
 * the main menu goes through the interpreter's understanding (options, intents), the knowledge-base lookup it asks
 * for, and the interpreter again with the result (answer, then the menu). Timed per message at 60 and 5,000 entries,
 * against the knowledge matcher alone in the same run (what answering a question cost before: one match()).
 * Run: npx tsx bench/understanding.bench.ts   Writes the "Understanding step" section of docs/benchmarks.md.
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { actionCatalog } from '../src/actions/create-actions.js';
import { loadFlowBundle } from '../src/flows/load-flow-bundle.js';
import { step } from '../src/flows/step.js';
import type { FlowSession } from '../src/flows/flow-session.js';
import type { JsonValue } from '../src/lib/json-value.js';
import { parseEvalQuestions } from '../src/knowledge/evaluate.js';
import type { KbEntry } from '../src/knowledge/kb-entry.js';
import { parseKbFile } from '../src/knowledge/kb-file.js';
import { KnowledgeMatcher } from '../src/knowledge/matcher.js';
import { parseSynonymsYaml } from '../src/knowledge/synonyms.js';
import { syntheticKnowledgeBase } from './synthetic-kb.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const kb = parseKbFile(readFileSync(`${root}flows/knowledge/kb.json`, 'utf8'), 'json');
const synonyms = parseSynonymsYaml(readFileSync(`${root}flows/knowledge/sinonimos.yaml`, 'utf8'));
const devFile = fileURLToPath(new URL('../../shared/eval/dev.jsonl', import.meta.url));
const parsed = parseEvalQuestions(readFileSync(devFile, 'utf8'));
if (!kb.ok || !synonyms.ok || !parsed.ok) throw new Error('cannot read benchmark inputs');
const messages = parsed.questions.map((q) => q.q);

const loaded = await loadFlowBundle(`${root}flows`, { actions: actionCatalog() });
if (!loaded.ok) throw new Error('demo flows invalid');
const bundle = loaded.bundle;
const ctx = {
  now: new Date('2026-03-02T15:00:00Z'),
  channel: 'web',
  contact: {},
  capabilities: { attachments: true, buttons: true },
};
const atMenu = step(bundle, null, { type: 'start' }, ctx).session;

/** What kb.lookup hands the flow, built as src/knowledge/kb-lookup-action.ts does, without the database. */
function lookupJson(matcher: KnowledgeMatcher, entries: Map<string, KbEntry>, question: string): JsonValue {
  const r = matcher.match(question);
  if (r.kind === 'answer') {
    const e = entries.get(r.best.id);
    return {
      found: true,
      kind: 'answer',
      id: r.best.id,
      title: e?.title ?? '',
      answer: e?.answer ?? '',
      alternatives: [],
    };
  }
  if (r.kind === 'clarify')
    return {
      found: true,
      kind: 'clarify',
      options: r.candidates.slice(0, 4).map((c) => ({ id: c.id, title: c.title })),
    };
  return { found: false, kind: 'unknown', reason: r.reason };
}

function understand(
  matcher: KnowledgeMatcher,
  entries: Map<string, KbEntry>,
  session: FlowSession,
  text: string,
): number {
  let result = step(bundle, session, { type: 'message', text, attachments: [] }, ctx);
  let sent = 0;
  for (;;) {
    sent += result.effects.filter((e) => e.type === 'send').length;
    const call = result.effects.find((e) => e.type === 'call');
    if (!call || call.type !== 'call') return sent;
    const value = lookupJson(matcher, entries, String(call.args.question));
    result = step(bundle, result.session, { type: 'action.result', ok: true, value }, ctx);
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;

function measure(entries: KbEntry[]) {
  const matcher = new KnowledgeMatcher(entries, synonyms.ok ? synonyms.list : []);
  const byId = new Map(entries.map((e) => [e.id, e]));
  const full: number[] = [];
  const alone: number[] = [];
  for (let pass = 0; pass < 4; pass += 1) {
    for (const text of messages) {
      let t = performance.now();
      matcher.match(text);
      const a = performance.now() - t;
      t = performance.now();
      if (understand(matcher, byId, atMenu, text) === 0) throw new Error('no reply');
      const f = performance.now() - t;
      // The first pass warms up the JIT and the caches.
      if (pass > 0) {
        alone.push(a);
        full.push(f);
      }
    }
  }
  full.sort((x, y) => x - y);
  alone.sort((x, y) => x - y);
  return {
    entries: entries.length,
    p50: percentile(full, 0.5),
    p99: percentile(full, 0.99),
    m50: percentile(alone, 0.5),
    m99: percentile(alone, 0.99),
  };
}

const rows = [measure(kb.entries), measure(syntheticKnowledgeBase(kb.entries, 5000))];
const cpu =
  /model name\s*:\s*(.*)/.exec(existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ??
  cpus()[0]?.model ??
  '?';
const nproc = execSync('nproc').toString().trim();
const f = (v: number) => v.toFixed(3);
const section = [
  '## Understanding step',
  '',
  `Run: \`npx tsx bench/understanding.bench.ts\` (${new Date().toISOString().slice(0, 10)}). Machine: ${nproc} CPUs (nproc), ${cpu}, Node ${process.version}.`,
  `Method: each of the ${messages.length} dev messages (shared/eval/dev.jsonl) is typed at the demo's main menu: the interpreter's understanding step`,
  '(commands, the menu options, the intents of bot.yaml), the knowledge-base lookup it asks for (the matcher, without the database), and the',
  "interpreter again with the result (the answer and the menu, or the intent's flow). Baseline in the same run: the matcher alone on the same",
  'message, which is what a question cost before the understanding step. Three timed passes after one warm-up pass.',
  '',
  '| Knowledge base | understanding p50 | understanding p99 | matcher alone p50 | matcher alone p99 | ratio p50 |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows.map(
    (r) =>
      `| ${r.entries} entries | ${f(r.p50)} ms | ${f(r.p99)} ms | ${f(r.m50)} ms | ${f(r.m99)} ms | ${(r.p50 / r.m50).toFixed(2)}× |`,
  ),
  '',
].join('\n');
console.log(section);
const docPath = `${root}docs/benchmarks.md`;
const current = readFileSync(docPath, 'utf8');
const pattern = /## Understanding step\n[\s\S]*?(?=\n## |$)/;
const updated = pattern.test(current)
  ? current.replace(pattern, section)
  : current.replace(/\n## Widget: idle connections/, `\n${section}\n## Widget: idle connections`);
writeFileSync(docPath, updated);
