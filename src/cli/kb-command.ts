import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { evaluateMatcher, parseEvalQuestions } from '../knowledge/evaluate.js';
import { KnowledgeFileError, loadKbEntries, loadSynonyms } from '../knowledge/load-knowledge.js';
import type { MatchResult } from '../knowledge/match-result.js';
import { KnowledgeMatcher } from '../knowledge/matcher.js';

interface KbOptions {
  kb: string;
  synonyms?: string;
  json?: boolean;
}

function fail(error: unknown): void {
  const message = error instanceof KnowledgeFileError ? error.message : `Error inesperado: ${(error as Error).message}`;
  console.error(message);
  process.exitCode = 1;
}

async function buildMatcher(options: KbOptions): Promise<KnowledgeMatcher> {
  const [entries, synonyms] = await Promise.all([loadKbEntries(options.kb), loadSynonyms(options.synonyms)]);
  return new KnowledgeMatcher(entries, synonyms);
}

function describe(result: MatchResult): string {
  const lines: string[] = [];
  if (result.kind === 'answer') lines.push(`Respuesta: ${result.best.title} (${result.best.id})`);
  else if (result.kind === 'clarify')
    lines.push('Hay dos entradas muy parecidas: se le preguntaría al ciudadano cuál.');
  else {
    const why = {
      'low-confidence': 'ninguna entrada es suficientemente parecida',
      smalltalk: 'no es una consulta de trámites',
      empty: 'el mensaje está vacío',
    }[result.reason];
    lines.push(`No sé (${why})${result.redirect ? `; lo atiende ${result.redirect}` : ''}.`);
  }
  result.candidates.forEach((c, i) => {
    lines.push(
      `  ${i + 1}. ${c.id}  puntaje ${c.score.toFixed(2)}  confianza ${(c.confidence * 100).toFixed(0)}%  ${c.title}`,
    );
  });
  return lines.join('\n');
}

export function registerKbCommand(program: Command): void {
  const kb =
    program.commands.find((c) => c.name() === 'kb') ?? program.command('kb').description('Base de conocimiento');

  kb.command('ask')
    .description('Muestra qué respondería el asistente a una pregunta, con los candidatos y sus puntajes')
    .requiredOption('--kb <archivo>', 'base de conocimiento (.json o .csv)')
    .option('--synonyms <archivo>', 'sinónimos (YAML); por defecto flows/knowledge/sinonimos.yaml si existe')
    .option('--json', 'salida en JSON')
    .argument('<pregunta>', 'la pregunta, entre comillas')
    .action(async (question: string, options: KbOptions) => {
      try {
        const matcher = await buildMatcher(options);
        const result = matcher.match(question);
        if (options.json) {
          console.log(JSON.stringify({ ...result, analysis: matcher.analyze(question) }, null, 2));
        } else console.log(describe(result));
      } catch (error) {
        fail(error);
      }
    });

  kb.command('eval')
    .description('Mide el acierto del buscador sobre un archivo de preguntas etiquetadas (JSON Lines)')
    .requiredOption('--kb <archivo>', 'base de conocimiento (.json o .csv)')
    .requiredOption('--questions <archivo>', 'preguntas .jsonl: {"q": "...", "id": "id-de-la-entrada" o null}')
    .option('--synonyms <archivo>', 'sinónimos (YAML); por defecto flows/knowledge/sinonimos.yaml si existe')
    .option('--json', 'salida en JSON')
    .action(async (options: KbOptions & { questions: string }) => {
      try {
        const matcher = await buildMatcher(options);
        const text = await readFile(options.questions, 'utf8').catch(() => {
          throw new KnowledgeFileError(`${options.questions}: no se pudo leer el archivo.`);
        });
        const parsed = parseEvalQuestions(text);
        if (!parsed.ok) throw new KnowledgeFileError(`${options.questions}: ${parsed.error}`);
        const metrics = evaluateMatcher(matcher, parsed.questions);
        if (options.json) console.log(JSON.stringify(metrics));
        else {
          const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
          console.log(
            [
              `Preguntas: ${metrics.n}`,
              `Acierto en primera opción (dentro del alcance): ${pct(metrics.inScopeTop1)}`,
              `Acierto entre las tres primeras: ${pct(metrics.top3)}`,
              `Rechazo correcto de preguntas fuera del alcance: ${pct(metrics.oosRejection)}`,
              `Acierto total: ${pct(metrics.overall)}`,
              `Latencia: p50 ${metrics.p50Ms} ms, p99 ${metrics.p99Ms} ms`,
            ].join('\n'),
          );
        }
      } catch (error) {
        fail(error);
      }
    });
}
