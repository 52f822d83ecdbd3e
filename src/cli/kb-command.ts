import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { ensureEntity } from '../entities/ensure-entity.js';
import { readEntityFile } from '../entities/entity-file.js';
import { describeMatch } from '../knowledge/describe-match.js';
import { kbFileFormatFromName, parseKbFile, serializeKbFile } from '../knowledge/kb-file.js';
import type { KbFileFormat } from '../knowledge/kb-file.js';
import { KnowledgeService, KnowledgeValidationError } from '../knowledge/knowledge-service.js';
import type { MissRecord } from '../knowledge/knowledge-service.js';
import { KnowledgeFileError, loadKbEntries, loadSynonyms } from '../knowledge/load-knowledge.js';
import { KnowledgeMatcher } from '../knowledge/matcher.js';
import { stringifySynonymsYaml } from '../knowledge/synonyms.js';
import { createLogger } from '../logger.js';
import { runEval } from './kb-eval.js';
import type { EvalOptions } from './kb-eval.js';
import { migrateDatabase } from '../server.js';
import { registerKbCheckCommand } from './kb-check-command.js';

interface KbOptions {
  kb: string;
  synonyms?: string;
  json?: boolean;
}

function fail(error: unknown): void {
  const message =
    error instanceof KnowledgeFileError || error instanceof KnowledgeValidationError
      ? error.message
      : `Error inesperado: ${(error as Error).message}`;
  console.error(message);
  process.exitCode = 1;
}

/**
 * Runs `fn` with the knowledge base of the entity in FLOWS_DIR/entity.yaml, in the database of DATABASE_URL: migrated
 * first, like the server does at start, and seeded from FLOWS_DIR/knowledge when still empty, so the command sees
 * (and changes) exactly what a running server would serve.
 */
async function withKnowledgeService<T>(fn: (service: KnowledgeService) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = createLogger({ ...config, LOG_LEVEL: 'warn' });
  await migrateDatabase(config, logger);
  const database = await openDatabase(config.DATABASE_URL);
  try {
    const flowsDir = resolve(config.FLOWS_DIR);
    const entity = await ensureEntity(database.prisma, await readEntityFile(join(flowsDir, 'entity.yaml')));
    const service = new KnowledgeService(database.prisma, entity.id, logger);
    await service.seedFromFiles(join(flowsDir, 'knowledge', 'kb.json'), join(flowsDir, 'knowledge', 'sinonimos.yaml'));
    return await fn(service);
  } finally {
    await database.close();
  }
}

const formatOption = () =>
  new Option('--format <formato>', 'json o csv (por defecto, según la extensión del archivo)').choices(['json', 'csv']);

const bogotaTime = new Intl.DateTimeFormat('es-CO', {
  timeZone: 'America/Bogota',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

function describeMisses(misses: MissRecord[]): string {
  if (misses.length === 0) return 'No hay preguntas sin respuesta.';
  const lines = ['veces  última vez          motivo        pregunta'];
  for (const m of misses) {
    const reason = m.reason === 'not-helpful' ? 'no le sirvió' : 'sin respuesta';
    const entry = m.entryId !== null ? ` (se mostró «${m.entryId}»)` : '';
    lines.push(
      `${String(m.count).padStart(5)}  ${bogotaTime.format(m.lastAskedAt).padEnd(18)}  ${reason.padEnd(12)}  ${m.question.replace(/\s+/g, ' ')}${entry}`,
    );
  }
  return lines.join('\n');
}

async function buildMatcher(options: KbOptions): Promise<KnowledgeMatcher> {
  const [entries, synonyms] = await Promise.all([loadKbEntries(options.kb), loadSynonyms(options.synonyms)]);
  return new KnowledgeMatcher(entries, synonyms);
}

export function registerKbCommand(program: Command): void {
  const kb =
    program.commands.find((c) => c.name() === 'kb') ?? program.command('kb').description('Base de conocimiento');
  registerKbCheckCommand(kb);

  kb.command('ask')
    .description(
      'Muestra qué haría el asistente con una pregunta (responder, preguntar cuál o decir que no sabe) y con qué probabilidades',
    )
    .option(
      '--kb <archivo>',
      'base de conocimiento (.json o .csv); sin esta opción, la de la base de datos (DATABASE_URL)',
    )
    .option('--synonyms <archivo>', 'con --kb: sinónimos (YAML); por defecto flows/knowledge/sinonimos.yaml si existe')
    .option('--json', 'salida en JSON')
    .argument('<pregunta>', 'la pregunta, entre comillas')
    .action(async (question: string, options: Partial<KbOptions>) => {
      try {
        const matcher =
          options.kb === undefined
            ? await withKnowledgeService((service) => service.matcher())
            : await buildMatcher({ ...options, kb: options.kb });
        const result = matcher.match(question);
        if (options.json) {
          const ranking = matcher.rank(question);
          const evidence = ranking.candidates.slice(0, 5).map((c) => ({ id: c.id, ...c.evidence }));
          console.log(
            JSON.stringify({ ...result, analysis: ranking.query, evidence, topics: ranking.topics }, null, 2),
          );
        } else console.log(describeMatch(result));
      } catch (error) {
        fail(error);
      }
    });

  kb.command('eval')
    .description(
      'Mide el acierto del buscador sobre un archivo de preguntas etiquetadas (JSON Lines) o, con --folds, por validación cruzada',
    )
    .requiredOption('--kb <archivo>', 'base de conocimiento (.json o .csv)')
    .requiredOption('--questions <archivo>', 'preguntas .jsonl: {"q": "...", "id": "id-de-la-entrada" o null}')
    .option('--synonyms <archivo>', 'sinónimos (YAML); por defecto flows/knowledge/sinonimos.yaml si existe')
    .option(
      '--folds <k>',
      'validación cruzada en k particiones sobre las preguntas de la base, las de --questions y los ejemplos fuera de ' +
        'alcance incorporados: en cada partición se entrena sin las preguntas que se evalúan',
    )
    .option('--seed <n>', 'con --folds: semilla del reparto en particiones', '1')
    .option(
      '--hold-out-topics',
      'con --folds: evalúa cada tema fuera de alcance completo, sin ejemplos suyos en el entrenamiento (temas nuevos)',
    )
    .option(
      '--source <archivo-o-carpeta>',
      'con --folds: otro conjunto etiquetado que se reparte entre las particiones como --questions y se informa aparte ' +
        '(un .jsonl, o una carpeta con in-scope.jsonl y out-of-scope.jsonl); puede repetirse',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--oos <archivo>',
      'conjunto fuera de alcance .jsonl ({"q": "..."}), evaluado con el buscador entrenado en toda la base',
    )
    .option('--json', 'salida en JSON')
    .action(async (options: EvalOptions) => {
      try {
        await runEval(options);
      } catch (error) {
        fail(error);
      }
    });

  kb.command('import')
    .description(
      'Reemplaza la base de conocimiento de la entidad (DATABASE_URL) con un archivo. Si alguna fila tiene un error, no cambia nada',
    )
    .argument('<archivo>', 'archivo .json o .csv (mismo formato que kb export)')
    .addOption(formatOption())
    .action(async (file: string, options: { format?: KbFileFormat }) => {
      try {
        const format = options.format ?? kbFileFormatFromName(file);
        if (format === undefined) {
          throw new KnowledgeFileError(
            `${file}: no sé si es JSON o CSV. Use un archivo .json o .csv, o --format json|csv.`,
          );
        }
        const text = await readFile(file, 'utf8').catch(() => {
          throw new KnowledgeFileError(`${file}: no se pudo leer el archivo.`);
        });
        // Every row is checked before the database is opened: a bad file changes nothing.
        const parsed = parseKbFile(text, format);
        if (!parsed.ok) {
          const n = parsed.errors.length;
          throw new KnowledgeFileError(
            `${file}: no se importó nada; la base de conocimiento sigue igual. ${n === 1 ? 'Hay un problema' : `Hay ${n} problemas`}:\n` +
              parsed.errors.map((e) => `  - ${e}`).join('\n'),
          );
        }
        const { count } = await withKnowledgeService((service) => service.importEntries(parsed.entries));
        console.log(`Se importaron ${count} entradas desde ${file}. Reemplazaron la base de conocimiento anterior.`);
      } catch (error) {
        fail(error);
      }
    });

  kb.command('export')
    .description('Escribe la base de conocimiento de la entidad (DATABASE_URL) en JSON o CSV')
    .addOption(formatOption())
    .option('--output <archivo>', 'archivo de salida (por defecto, la pantalla)')
    .action(async (options: { format?: KbFileFormat; output?: string }) => {
      try {
        const format =
          options.format ?? (options.output !== undefined ? kbFileFormatFromName(options.output) : undefined) ?? 'json';
        const entries = await withKnowledgeService((service) => service.exportEntries());
        const text = serializeKbFile(entries, format);
        if (options.output === undefined) process.stdout.write(text);
        else {
          await writeFile(options.output, text, 'utf8');
          console.log(`Se exportaron ${entries.length} entradas a ${options.output}.`);
        }
      } catch (error) {
        fail(error);
      }
    });

  kb.command('misses')
    .description(
      'Preguntas que el asistente no supo responder (o cuya respuesta no sirvió), las más frecuentes primero',
    )
    .option('--json', 'salida en JSON')
    .option('--all', 'incluye las ya resueltas')
    .option('--limit <n>', 'cuántas mostrar', '100')
    .action(async (options: { json?: boolean; all?: boolean; limit: string }) => {
      try {
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new KnowledgeFileError('--limit debe ser un número entero mayor que 0.');
        const misses = await withKnowledgeService((service) =>
          service.listMisses({ includeResolved: options.all === true, limit }),
        );
        if (options.json) console.log(JSON.stringify(misses, null, 2));
        else console.log(describeMisses(misses));
      } catch (error) {
        fail(error);
      }
    });

  const synonyms = kb
    .command('synonyms')
    .description('Sinónimos: cómo dice la gente los términos de la base de conocimiento (se aplican sin reiniciar)');

  synonyms
    .command('add')
    .description('Agrega una forma de decir un término. Ejemplo: kb synonyms add "impuesto de la casa" predial')
    .argument('<frase>', 'cómo lo dice la gente, entre comillas')
    .argument('<término>', 'el término como aparece en la base de conocimiento')
    .action(async (phrase: string, term: string) => {
      try {
        const { added } = await withKnowledgeService((service) => service.addSynonym(term, phrase));
        console.log(
          added
            ? `Listo: «${phrase.trim()}» ahora se entiende como «${term.trim()}».`
            : `Ese sinónimo ya existía: «${phrase.trim()}» → «${term.trim()}».`,
        );
      } catch (error) {
        fail(error);
      }
    });

  synonyms
    .command('remove')
    .description('Quita una forma de decir un término')
    .argument('<frase>', 'la frase, como aparece en kb synonyms list')
    .argument('<término>', 'el término')
    .action(async (phrase: string, term: string) => {
      try {
        const { removed } = await withKnowledgeService((service) => service.removeSynonym(term, phrase));
        if (removed) console.log(`Listo: se quitó «${phrase.trim()}» → «${term.trim()}».`);
        else {
          console.error(
            `No existe el sinónimo «${phrase.trim()}» → «${term.trim()}». Revise con: ventanilla kb synonyms list`,
          );
          process.exitCode = 1;
        }
      } catch (error) {
        fail(error);
      }
    });

  synonyms
    .command('list')
    .description('Muestra los sinónimos de la entidad (en el formato de sinonimos.yaml)')
    .option('--json', 'salida en JSON')
    .action(async (options: { json?: boolean }) => {
      try {
        const list = await withKnowledgeService((service) => service.listSynonyms());
        if (options.json) console.log(JSON.stringify(list, null, 2));
        else process.stdout.write(list.length === 0 ? 'No hay sinónimos.\n' : stringifySynonymsYaml(list));
      } catch (error) {
        fail(error);
      }
    });
}
