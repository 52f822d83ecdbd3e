import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { readEntityFile } from '../../src/entities/entity-file.js';
import type { KbEntry } from '../../src/knowledge/kb-entry.js';
import { parseKbFile } from '../../src/knowledge/kb-file.js';
import { KnowledgeService } from '../../src/knowledge/knowledge-service.js';
import { runCli } from '../support/cli-process.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/test-database.js';

const entries: KbEntry[] = [
  {
    id: 'predial-pago',
    title: 'Pago del impuesto predial',
    category: 'hacienda',
    questions: ['¿Cómo pago el predial?', '¿Dónde pago, "en línea" o en el banco?'],
    answer: 'Puede pagar por PSE,\nen bancos o en taquilla.',
    tags: ['predial', 'pago'],
    links: [{ label: 'Portal de pagos', url: 'https://example.gov.co/pagos' }],
    dependency: 'Secretaría de Hacienda',
  },
  {
    id: 'certificado-residencia',
    title: 'Certificado de residencia',
    category: 'gobierno',
    questions: ['¿Cómo saco el certificado de residencia?'],
    answer: 'Se pide en línea; cuesta $0.',
    tags: [],
  },
];

const badCsv = `id,title,category,questions,answer,tags
predial-pago,Pago del predial,hacienda,¿Cómo pago el predial?,Por PSE.,predial
certificado-residencia,Certificado de residencia,gobierno,¿Cómo saco el certificado?,,
`;

describe.each(testProviders)('ventanilla kb (database commands) on %s', (provider) => {
  let testDb: TestDatabase;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    dir = await mkdtemp(join(tmpdir(), 'ventanilla-kb-'));
    env = { DATABASE_URL: testDb.url, FLOWS_DIR: 'flows', LOG_LEVEL: 'warn' };
  });
  afterAll(async () => {
    await testDb.drop();
    await rm(dir, { recursive: true, force: true });
  });

  async function exported(): Promise<KbEntry[]> {
    const r = await runCli(['kb', 'export', '--format', 'json'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const parsed = parseKbFile(r.stdout, 'json');
    if (!parsed.ok) expect.fail(parsed.errors.join('\n'));
    return parsed.entries;
  }

  it('import refuses a file with a bad row: exit 1, the row named on stderr, the database unchanged', async () => {
    // A new database is migrated and seeded with the demo knowledge base, as the server would.
    const before = await exported();
    expect(before).toHaveLength(60);

    const csv = join(dir, 'malo.csv');
    await writeFile(csv, badCsv);
    const r = await runCli(['kb', 'import', csv], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no se importó nada');
    expect(r.stderr).toContain('Fila 3 (línea 3 del archivo), columna «answer (respuesta)»: falta la respuesta.');

    const json = join(dir, 'malo.txt');
    await writeFile(json, JSON.stringify([entries[0], { ...entries[1], questions: [] }]));
    const j = await runCli(['kb', 'import', json, '--format', 'json'], env);
    expect(j.code).toBe(1);
    expect(j.stderr).toContain('Entrada 2 (id «certificado-residencia»), columna «questions (preguntas)»');

    expect(await exported()).toEqual(before);
  }, 120_000);

  it('import then export round-trips, in CSV and JSON', async () => {
    const input = join(dir, 'kb.json');
    await writeFile(input, JSON.stringify(entries, null, 2));
    const r = await runCli(['kb', 'import', input], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Se importaron 2 entradas');

    const output = join(dir, 'salida.csv');
    const e = await runCli(['kb', 'export', '--output', output], env);
    expect(e.code).toBe(0);
    expect(parseKbFile(await readFile(output, 'utf8'), 'csv')).toEqual({ ok: true, entries });

    const back = await runCli(['kb', 'import', output], env);
    expect(back.code).toBe(0);
    expect(await exported()).toEqual(entries);
  }, 120_000);

  it('synonyms add / list, and misses most frequent first with count and last date', async () => {
    const add = await runCli(['kb', 'synonyms', 'add', 'vacuna del rancho', 'impuesto predial'], env);
    expect(add.stderr).toBe('');
    expect(add.stdout).toContain('«vacuna del rancho» ahora se entiende como «impuesto predial»');
    const bad = await runCli(['kb', 'synonyms', 'add', 'de la', 'predial'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('solo tiene palabras que se ignoran');

    // Misses come from conversations; record some the way kb.lookup does, in the database the CLI uses.
    const database = await openDatabase(testDb.url);
    try {
      const { slug } = await readEntityFile('flows/entity.yaml');
      const entity = await database.prisma.entity.findUniqueOrThrow({ where: { slug } });
      const service = new KnowledgeService(database.prisma, entity.id, pino({ level: 'silent' }));
      expect((await service.listSynonyms()).find((s) => s.term === 'impuesto predial')?.phrases).toEqual([
        'vacuna del rancho',
      ]);
      await service.recordMiss('¿Dónde queda el coliseo?', 'unknown');
      await service.recordMiss('donde queda el coliseo', 'unknown');
      await service.recordMiss('Receta de ajiaco', 'unknown');
      await service.recordMiss('cómo pago el predial', 'not-helpful', 'predial-pago');
      await service.recordMiss('cómo pago el predial', 'not-helpful', 'predial-pago');
      await service.recordMiss('cómo pago el predial', 'not-helpful', 'predial-pago');
    } finally {
      await database.close();
    }

    const json = await runCli(['kb', 'misses', '--json'], env);
    expect(json.code).toBe(0);
    const misses = JSON.parse(json.stdout) as {
      question: string;
      count: number;
      reason: string;
      lastAskedAt: string;
    }[];
    expect(misses.map((m) => [m.question, m.count, m.reason])).toEqual([
      ['cómo pago el predial', 3, 'not-helpful'],
      ['¿Dónde queda el coliseo?', 2, 'unknown'],
      ['Receta de ajiaco', 1, 'unknown'],
    ]);
    expect(Number.isNaN(Date.parse(misses[0]?.lastAskedAt ?? ''))).toBe(false);

    const text = await runCli(['kb', 'misses'], env);
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[1]).toMatch(
      /^\s+3 {2}\d{2}\/\d{2}\/\d{4}.*no le sirvió.*cómo pago el predial \(se mostró «predial-pago»\)$/,
    );
    expect(lines[2]).toMatch(/^\s+2 .*sin respuesta.*¿Dónde queda el coliseo\?$/);
  }, 120_000);
});

describe('ventanilla kb ask and kb eval (files)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ventanilla-kb-eval-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('kb ask prints the decision first, with the probability it used', async () => {
    const answer = await runCli([
      'kb',
      'ask',
      '--kb',
      'flows/knowledge/kb.json',
      'cuanto vale el paz y salvo del predial',
    ]);
    expect(answer.code).toBe(0);
    expect(answer.stdout.split('\n')[0]).toMatch(
      /^Respuesta: Certificado de paz y salvo del impuesto predial \(predial-paz-y-salvo\), probabilidad \d+ %/,
    );
    const unknown = await runCli(['kb', 'ask', '--kb', 'flows/knowledge/kb.json', 'como saco el pasaporte']);
    expect(unknown.stdout.split('\n')[0]).toMatch(/^No sé: .*lo atiende la Cancillería/);
    expect(unknown.stdout).toContain('Entradas más cercanas (descartadas):');
  }, 60_000);

  it('kb eval --folds reports every fold and the mean; --oos adds the out-of-scope set', async () => {
    const questions = join(dir, 'preguntas.jsonl');
    await writeFile(
      questions,
      [
        { q: 'cuanto cuesta el paz y salvo del predial', id: 'predial-paz-y-salvo' },
        { q: 'donde vacunan a los gatos', id: 'vacunacion-antirrabica' },
        { q: 'quiero el certificado de que vivo aca', id: 'certificado-residencia' },
        { q: 'como saco la licencia de manejar', id: 'licencia-conduccion' },
        { q: 'receta de arroz con pollo', id: null },
        { q: 'quien gano la liga', id: null },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    const oos = join(dir, 'fuera.jsonl');
    await writeFile(
      oos,
      '{"q": "como renuevo el pasaporte"}\n{"q": "cuantas semanas tengo en colpensiones", "id": null}\n',
    );
    const evalArgs = ['kb', 'eval', '--kb', 'flows/knowledge/kb.json', '--questions', questions];
    // A further labelled set laid out like the held-out sets: a folder with in-scope.jsonl and out-of-scope.jsonl.
    const extra = join(dir, 'otro-conjunto');
    await mkdir(extra, { recursive: true });
    await writeFile(
      join(extra, 'in-scope.jsonl'),
      '{"q": "se me perdio el recibo del predial, como lo vuelvo a sacar", "id": "predial-factura-duplicado"}\n' +
        '{"q": "donde pago el predial", "id": "predial-pago"}\n' +
        '{"q": "a que hora abren los sabados", "id": "horarios-sedes"}\n',
    );
    await writeFile(join(extra, 'out-of-scope.jsonl'), '{"q": "cuando juega la seleccion", "id": null}\n');
    const json = await runCli([...evalArgs, '--folds', '3', '--source', extra, '--oos', oos, '--json'], {}, 120_000);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as {
      folds: { fold: number; inScopeTop1: number; sources: Record<string, unknown> }[];
      mean: { inScopeTop1: number; top3: number; oosRejection: number; calibrationError: number };
      seed: number;
      outOfScopeSet: { n: number; oosRejection: number };
    };
    expect(report.folds.map((f) => f.fold)).toEqual([1, 2, 3]);
    expect(Object.keys(report.folds[0]?.sources ?? {}).sort()).toEqual([
      'kb',
      'otro-conjunto',
      'outOfScope',
      'questions',
    ]);
    expect(
      report.folds.reduce((n, f) => n + ((f.sources['otro-conjunto'] as { n: number } | undefined)?.n ?? 0), 0),
    ).toBe(4);
    expect(report.seed).toBe(1);
    expect(report.mean.inScopeTop1).toBeGreaterThan(0.8);
    expect(report.outOfScopeSet).toMatchObject({ n: 2, oosRejection: 1 });

    const text = await runCli(evalArgs, {}, 60_000);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Preguntas: 6');
    const bad = await runCli([...evalArgs, '--folds', '1']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--folds debe ser un número entero mayor o igual que 2.');
    const noFolds = await runCli([...evalArgs, '--source', extra]);
    expect(noFolds.code).toBe(1);
    expect(noFolds.stderr).toContain('--source solo se usa con --folds.');
    const missing = await runCli([...evalArgs, '--folds', '3', '--source', join(dir, 'no-existe')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no existe el archivo o la carpeta.');
  }, 180_000);
});
