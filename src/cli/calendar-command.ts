import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { BusinessCalendar, Closure, type BusinessCalendarSettingsInput } from '../cases/calendar/business-calendar.js';
import { PqrsdSettingsSchema } from '../cases/pqrsd-settings.js';
import { readEntityFile } from '../entities/entity-file.js';
import { colombianHolidays } from '../cases/calendar/colombian-holidays.js';
import { formatLongDateEs, isLocalDate, weekdayNameEs } from '../cases/local-date.js';
import { HELP_FLAGS, HELP_TEXT, spanishHelp, UsageError } from './spanish-help.js';
import type { LocalDate } from '../cases/local-date.js';

/**
 * Registers `calendar holidays` and `calendar due` on the program. Both print Spanish text, or JSON with `--json`;
 * bad input prints a Spanish message on stderr and sets `process.exitCode = 1`.
 */
export function registerCalendarCommand(program: Command): void {
  const calendar = spanishHelp(program.command('calendar'))
    .description('Calendario de días hábiles de Colombia: festivos (Ley 51 de 1983) y vencimiento de términos')
    .helpOption(HELP_FLAGS, HELP_TEXT)
    .helpCommand(false);

  spanishHelp(calendar.command('holidays'))
    .description('Lista los festivos nacionales de un año')
    .option('--year <año>', 'año, por ejemplo 2026')
    .option('--json', 'salida en JSON')
    .helpOption(HELP_FLAGS, HELP_TEXT)
    .action((opts: { year?: string; json?: boolean }) =>
      run(() => {
        const year = parseYear(opts.year);
        const holidays = colombianHolidays(year);
        if (opts.json) {
          const rows = holidays.map((h) => ({
            date: h.date,
            weekday: weekdayNameEs(h.date),
            name: h.name,
            rule: h.rule,
          }));
          console.log(JSON.stringify({ year, holidays: rows }, null, 2));
          return;
        }
        console.log(`Festivos de Colombia en ${year} (Ley 51 de 1983): ${holidays.length}`);
        console.log(
          table(
            ['Fecha', 'Día de la semana', 'Festivo'],
            holidays.map((h) => [h.date, weekdayNameEs(h.date), h.name]),
          ),
        );
      }),
    );

  spanishHelp(calendar.command('due'))
    .description('Calcula el vencimiento de un término en días hábiles, contado desde el día siguiente a la fecha dada')
    .option('--from <fecha>', 'fecha de radicación, AAAA-MM-DD')
    .option('--days <n>', 'término en días hábiles, por ejemplo 15')
    .option(
      '--entidad <carpeta>',
      'carpeta de la entidad: usa los cierres y sábados hábiles de su entity.yaml (settings.pqrsd.calendario), los ' +
        'mismos del chat (por defecto FLOWS_DIR o "flows")',
    )
    .option(
      '--closures <archivo>',
      'en vez de los de la entidad, cierres de un archivo: JSON [{"date":"2026-12-24","reason":"..."}] o texto ' +
        '"AAAA-MM-DD motivo" por línea',
    )
    .option('--json', 'salida en JSON')
    .helpOption(HELP_FLAGS, HELP_TEXT)
    .action((opts: { from?: string; days?: string; closures?: string; entidad?: string; json?: boolean }) =>
      run(async () => {
        const from = parseDate(opts.from);
        const days = parseDays(opts.days);
        const { settings, source } = opts.closures
          ? { settings: { closures: await readClosures(opts.closures) }, source: opts.closures }
          : await entityCalendar(opts.entidad ?? process.env.FLOWS_DIR ?? 'flows');
        const closures = settings.closures ?? [];
        const cal = new BusinessCalendar(settings);
        const due = cal.addBusinessDays(from, days);
        if (opts.json) {
          console.log(
            JSON.stringify(
              {
                from,
                days,
                dueDate: due,
                weekday: weekdayNameEs(due),
                closures: closures.length,
                closuresFrom: source,
              },
              null,
              2,
            ),
          );
          return;
        }
        console.log(`Radicado el: ${formatLongDateEs(from)} (${from})`);
        console.log(
          `Término:     ${days} ${days === 1 ? 'día hábil' : 'días hábiles'}, contados desde el día siguiente`,
        );
        console.log(`Vence el:    ${formatLongDateEs(due)} (${due})`);
        console.log(`Cierres de la entidad considerados: ${closures.length} (${source})`);
      }),
    );
}

async function run(body: () => void | Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`Error: ${err.message}`);
    process.exitCode = 1;
  }
}

function parseYear(value: string | undefined): number {
  if (value === undefined) throw new UsageError('Indique el año con --year, por ejemplo --year 2026.');
  const year = Number(value);
  if (!/^\d{4}$/.test(value.trim()) || year < 1583) {
    throw new UsageError(`Año no válido: «${value}». Escriba un año de cuatro cifras desde 1583, por ejemplo 2026.`);
  }
  return year;
}

function parseDate(value: string | undefined): LocalDate {
  if (value === undefined)
    throw new UsageError('Indique la fecha con --from AAAA-MM-DD, por ejemplo --from 2026-03-27.');
  const v = value.trim();
  if (!isLocalDate(v))
    throw new UsageError(`Fecha no válida: «${value}». Use el formato AAAA-MM-DD, por ejemplo 2026-03-27.`);
  return v;
}

function parseDays(value: string | undefined): number {
  if (value === undefined) throw new UsageError('Indique el término con --days, por ejemplo --days 15.');
  if (!/^\d{1,4}$/.test(value.trim())) {
    throw new UsageError(`Término no válido: «${value}». Escriba un número entero de días hábiles, por ejemplo 15.`);
  }
  return Number(value);
}

/**
 * The business calendar the chat uses for this entity: its closures and working Saturdays from entity.yaml
 * (settings.pqrsd.calendario), so `calendar due` and the case's due date agree.
 */
async function entityCalendar(dir: string): Promise<{ settings: BusinessCalendarSettingsInput; source: string }> {
  const file = join(dir, 'entity.yaml');
  let entity;
  try {
    entity = await readEntityFile(file);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UsageError(
      missing
        ? `No encontré «${file}». Indique la carpeta de la entidad con --entidad o los cierres con --closures.`
        : (error as Error).message,
    );
  }
  const calendario = PqrsdSettingsSchema.safeParse((entity.settings as { pqrsd?: unknown }).pqrsd);
  if (!calendario.success) {
    throw new UsageError(`${file}: settings.pqrsd no es válido: ${calendario.error.issues[0]?.message ?? ''}`);
  }
  return { settings: calendario.data.calendario, source: file };
}

/** Reads closures from a JSON array or a text file with one "YYYY-MM-DD reason" per line ('#' starts a comment). */
async function readClosures(file: string): Promise<Closure[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`No se pudo leer el archivo de cierres «${file}».`);
  }
  if (extname(file).toLowerCase() === '.json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new UsageError(`El archivo de cierres «${file}» no es JSON válido.`);
    }
    const parsed = z.array(Closure).safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? issue.path.join('.') : '';
      throw new UsageError(`Archivo de cierres «${file}», elemento ${where}: ${issue?.message ?? 'no válido'}`);
    }
    return parsed.data;
  }
  const closures: Closure[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const m = /^(\S+)\s*[,;]?\s*(.*)$/.exec(line);
    const date = m?.[1] ?? '';
    if (!isLocalDate(date)) {
      throw new UsageError(`Archivo de cierres «${file}», línea ${i + 1}: fecha no válida «${date}». Use AAAA-MM-DD.`);
    }
    closures.push({ date, reason: m?.[2] || 'Cierre de la entidad' });
  });
  return closures;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
