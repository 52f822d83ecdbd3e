import { writeFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { isLocalDate, toBogotaDate } from '../cases/local-date.js';
import type { LocalDate } from '../cases/local-date.js';
import { parsePqrsdSettings } from '../cases/pqrsd-settings.js';
import { loadReportCases } from '../cases/report/load-report-cases.js';
import { buildPqrsdReport } from '../cases/report/pqrsd-report.js';
import { reportToCsv, reportToText } from '../cases/report/report-formats.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { ensureEntity } from '../entities/ensure-entity.js';
import { readEntityFile } from '../entities/entity-file.js';
import { createLogger } from '../logger.js';
import { HELP_FLAGS, HELP_TEXT, spanishHelp, UsageError } from './spanish-help.js';

import { migrateDatabase } from '../server.js';
import { parseAtencionSettings } from '../handoff/atencion-settings.js';
import { parseOffices } from '../entities/office-settings.js';
import { loadSatisfactionReport } from '../reports/load-satisfaction-report.js';
import { loadServiceReport } from '../reports/load-service-report.js';
import { loadPopulationReport } from '../reports/load-population-report.js';
import { populationTables } from '../reports/population-tables.js';
import { parseSmallCountThreshold } from '../reports/suppress-small-counts.js';
import { tablesToCsv } from '../reports/report-table-csv.js';
import { tablesToText } from '../reports/report-table-text.js';
import { satisfactionTables, serviceTables } from '../reports/report-tables.js';
import type { ReportTable } from '../reports/report-types.js';
import { readSurveysFile } from '../surveys/survey-definitions.js';
import type { Database } from '../db/database.js';
import type { EntityFile } from '../entities/entity-file.js';

type ReportFormat = 'text' | 'json' | 'csv';
const FORMATS: readonly ReportFormat[] = ['text', 'json', 'csv'];

interface ReportOptions {
  from?: string;
  to?: string;
  format?: string;
  json?: boolean;
  output?: string;
}

/**
 * Registers `report pqrsd`: the PQRSD report of Ley 1712 de 2014 art. 11 h for the entity in FLOWS_DIR/entity.yaml,
 * from the database of DATABASE_URL. Bad input prints a Spanish message on stderr and sets `process.exitCode = 1`.
 */
export function registerReportCommand(program: Command): void {
  const report =
    program.commands.find((c) => c.name() === 'report') ??
    spanishHelp(program.command('report'))
      .description('Informes para control interno, supervisores y publicación en el sitio web')
      .helpOption(HELP_FLAGS, HELP_TEXT)
      .helpCommand(false);

  spanishHelp(report.command('pqrsd'))
    .summary('Informe de PQRSD de un periodo: cantidades, tiempos de respuesta, traslados e información negada')
    .description(
      'Informe de PQRSD (Ley 1712 de 2014, art. 11 h; Decreto 1081 de 2015, art. 2.1.1.6.2): solicitudes por tipo, canal, dependencia y territorio, tiempos de respuesta, traslados y solicitudes de información. No incluye datos de quien presentó la solicitud.',
    )
    .option('--from <fecha>', 'primer día del periodo (fecha de radicación), AAAA-MM-DD')
    .option('--to <fecha>', 'último día del periodo, incluido, AAAA-MM-DD')
    .option('--format <formato>', 'text (resumen), json (todo el informe) o csv (una fila por solicitud)')
    .option('--json', 'lo mismo que --format json')
    .option('--output <archivo>', 'escribe el informe en este archivo en vez de la pantalla')
    .helpOption(HELP_FLAGS, HELP_TEXT)
    .action((opts: ReportOptions) => run(() => pqrsdReport(opts)));

  tableReport(report, {
    name: 'service',
    summary:
      'Atención: conversaciones por canal, resueltas por el bot, paso a asesor, esperas y preguntas sin respuesta',
    description:
      'Informe de atención de un periodo: conversaciones por canal, parte resuelta por el bot sin asesor, tasa de paso a asesor, espera hasta que un asesor toma la conversación y primera respuesta (mediana y percentil 90), y las preguntas que la base de conocimiento no pudo responder.',
    load: async ({ database, entityId, file, period }) => {
      const areas = parseAtencionSettings(file.settings).areas;
      const report = await loadServiceReport(database.prisma, entityId, period, {
        entityName: file.name,
        now: new Date(),
        areaName: (id) => areas.find((a) => a.id === id)?.name,
        officeName: (id) => parseOffices(file.settings).find((o) => o.id === id)?.nombre,
      });
      return { report, tables: serviceTables(report), written: `${report.conversations.total} conversaciones` };
    },
  });

  tableReport(report, {
    name: 'satisfaction',
    summary:
      'Satisfacción: encuestas enviadas y respondidas, CSAT, resultado por pregunta, canal y asesor, comentarios',
    description:
      'Informe de satisfacción de un periodo (encuestas enviadas en esas fechas): tasa de respuesta, CSAT (porcentaje de respuestas 4 y 5 a la pregunta de satisfacción), promedio y respuestas de cada pregunta, resultados por momento, canal y asesor, y los comentarios libres.',
    load: async ({ database, entityId, file, period, flowsDir }) => {
      const definitions = await readSurveysFile(flowsDir);
      const report = await loadSatisfactionReport(database.prisma, entityId, period, {
        entityName: file.name,
        definitions,
        // As the dashboard: every office and its channel listed, zeros included.
        offices: parseOffices(file.settings).map((o) => ({ id: o.id, name: o.nombre, channel: o.canal })),
      });
      return { report, tables: satisfactionTables(report), written: `${report.runs.sent} encuestas enviadas` };
    },
  });

  tableReport(report, {
    name: 'poblacion',
    summary: 'Enfoque diferencial: PQRSD y satisfacción por grupo de población, sin grupos pequeños',
    description:
      'PQRSD radicadas y respuestas de satisfacción de un periodo por discapacidad, grupo étnico, víctimas del conflicto armado, grupo de edad, sexo e identidad de género. Un grupo con menos personas que settings.reportes.conteoMinimo (5 por defecto) sale como "<5", y otro grupo sale como "reservado" cuando hace falta para que el total no lo revele.',
    load: async ({ database, entityId, file, period, flowsDir }) => {
      const definitions = await readSurveysFile(flowsDir);
      const report = await loadPopulationReport(database.prisma, entityId, period, {
        threshold: parseSmallCountThreshold(file.settings),
        definitions: definitions?.encuestas ?? [],
      });
      return { report, tables: populationTables(report), written: `${report.breakdowns.length} tablas` };
    },
  });
}

interface TableReportContext {
  database: Database;
  entityId: string;
  file: EntityFile;
  flowsDir: string;
  period: { from: LocalDate; to: LocalDate };
}

/** A report made of tables: text prints them aligned, csv one after another, json the whole report object. */
function tableReport(
  parent: Command,
  spec: {
    name: string;
    summary: string;
    description: string;
    load: (ctx: TableReportContext) => Promise<{ report: unknown; tables: ReportTable[]; written: string }>;
  },
): void {
  spanishHelp(parent.command(spec.name))
    .summary(spec.summary)
    .description(spec.description)
    .option('--from <fecha>', 'primer día del periodo, AAAA-MM-DD')
    .option('--to <fecha>', 'último día del periodo, incluido, AAAA-MM-DD')
    .option('--format <formato>', 'text (tablas en pantalla), json (todo el informe) o csv (todas las tablas)')
    .option('--json', 'lo mismo que --format json')
    .option('--output <archivo>', 'escribe el informe en este archivo en vez de la pantalla')
    .helpOption(HELP_FLAGS, HELP_TEXT)
    .action((opts: ReportOptions) =>
      run(async () => {
        const { format, loaded } = await loadForPeriod(opts, spec.load);
        const text =
          format === 'json'
            ? JSON.stringify(loaded.report, null, 2) + '\n'
            : format === 'csv'
              ? tablesToCsv(loaded.tables)
              : tablesToText(loaded.tables);
        await output(text, opts.output, loaded.written);
      }),
    );
}

async function output(text: string, file: string | undefined, written: string): Promise<void> {
  if (file === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    await writeFile(file, text, 'utf8');
  } catch (error) {
    throw new UsageError(`No se pudo escribir el archivo «${file}»: ${(error as Error).message}`);
  }
  console.log(`Informe escrito en ${file} (${written}).`);
}

async function pqrsdReport(opts: ReportOptions): Promise<void> {
  const { format, loaded: report } = await loadForPeriod(opts, async ({ database, entityId, file, period }) => {
    const { calendar } = parsePqrsdSettings(file.settings);
    const cases = await loadReportCases(database.prisma, entityId, period);
    return buildPqrsdReport(cases, { ...period, today: toBogotaDate(new Date()), calendar, entityName: file.name });
  });
  const text =
    format === 'json'
      ? JSON.stringify(report, null, 2) + '\n'
      : format === 'csv'
        ? reportToCsv(report)
        : reportToText(report);
  const n = report.totals.received;
  await output(text, opts.output, `${n} ${n === 1 ? 'solicitud' : 'solicitudes'}`);
}

/**
 * Checks the period and format, then opens the database of DATABASE_URL and the entity of FLOWS_DIR/entity.yaml for
 * `load`. All input is checked before the database is touched, so a typo changes nothing and fails fast.
 */
async function loadForPeriod<T>(
  opts: ReportOptions,
  load: (ctx: TableReportContext) => Promise<T>,
): Promise<{ format: ReportFormat; loaded: T }> {
  const from = parseDate(opts.from, '--from');
  const to = parseDate(opts.to, '--to');
  if (from > to) {
    throw new UsageError(
      `La fecha inicial (--from ${from}) es posterior a la fecha final (--to ${to}). Revise el periodo.`,
    );
  }
  const format = parseFormat(opts);
  const config = loadConfig();
  const logger = createLogger({ ...config, LOG_LEVEL: 'warn' });
  await migrateDatabase(config, logger);
  const database = await openDatabase(config.DATABASE_URL);
  try {
    const flowsDir = resolve(config.FLOWS_DIR);
    const file = await readEntityFile(join(flowsDir, 'entity.yaml'));
    const entity = await ensureEntity(database.prisma, file);
    return { format, loaded: await load({ database, entityId: entity.id, file, flowsDir, period: { from, to } }) };
  } finally {
    await database.close();
  }
}

async function run(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    const message =
      err instanceof UsageError ? err.message : `No se pudo generar el informe: ${(err as Error).message}`;
    console.error(`Error: ${message}`);
    process.exitCode = 1;
  }
}

function parseDate(value: string | undefined, flag: '--from' | '--to'): LocalDate {
  const example = flag === '--from' ? '2026-01-01' : '2026-06-30';
  if (value === undefined) {
    throw new UsageError(
      `Indique ${flag === '--from' ? 'el primer día' : 'el último día'} del periodo con ${flag} AAAA-MM-DD, por ejemplo ${flag} ${example}.`,
    );
  }
  const v = value.trim();
  if (!isLocalDate(v)) {
    throw new UsageError(`Fecha no válida en ${flag}: «${value}». Use el formato AAAA-MM-DD, por ejemplo ${example}.`);
  }
  return v;
}

function parseFormat(opts: ReportOptions): ReportFormat {
  if (opts.format !== undefined && !(FORMATS as readonly string[]).includes(opts.format)) {
    throw new UsageError(`Formato no válido: «${opts.format}». Use text, json o csv.`);
  }
  const given = opts.format as ReportFormat | undefined;
  if (opts.json && given !== undefined && given !== 'json') {
    throw new UsageError(`--json no se puede usar con --format ${given}; elija uno de los dos.`);
  }
  if (opts.json) return 'json';
  if (given !== undefined) return given;
  // Like `kb export`: a file named .csv or .json gets that format unless --format says otherwise.
  const ext = opts.output === undefined ? '' : extname(opts.output).toLowerCase();
  return ext === '.csv' ? 'csv' : ext === '.json' ? 'json' : 'text';
}
