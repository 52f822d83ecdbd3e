import type { z } from 'zod';
import { parseCsv, writeCsv } from './csv.js';
import { KbEntry } from './kb-entry.js';

export type KbFileFormat = 'json' | 'csv';

/**
 * A file's entries, or its problems (one line each, naming the row). On failure, `valid` holds the rows that passed
 * (the console offers to import only those, when the editor confirms) and `rows` how many rows the file had; a
 * problem with the whole file (not JSON, missing columns) leaves `valid` empty.
 */
export type KbFileResult =
  { ok: true; entries: KbEntry[] } | { ok: false; errors: string[]; valid: KbEntry[]; rows: number };

const failed = (errors: string[]): KbFileResult => ({ ok: false, errors, valid: [], rows: 0 });

/** Column order of the CSV interchange format; the same keys as the JSON format. */
export const KB_CSV_COLUMNS = [
  'id',
  'title',
  'category',
  'questions',
  'answer',
  'tags',
  'links',
  'dependency',
] as const;
const REQUIRED_COLUMNS = ['id', 'title', 'category', 'questions', 'answer', 'tags'] as const;
const LIST_SEPARATOR = '|';

const FIELD_NAMES: Record<string, string> = {
  id: 'id',
  title: 'title (título)',
  category: 'category (categoría)',
  questions: 'questions (preguntas)',
  answer: 'answer (respuesta)',
  tags: 'tags (etiquetas)',
  links: 'links (enlaces)',
  dependency: 'dependency (dependencia)',
  steps: 'steps (pasos)',
};

export function kbFileFormatFromName(fileName: string): KbFileFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv')) return 'csv';
  return undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const [field, index] = issue.path;
  const column = typeof field === 'string' ? (FIELD_NAMES[field] ?? field) : undefined;
  const where =
    column === undefined ? '' : `columna «${column}»${typeof index === 'number' ? ` (elemento ${index + 1})` : ''}: `;
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${where}falta este dato`;
  if (issue.code === 'invalid_type') return `${where}el valor no tiene el tipo esperado (${issue.expected})`;
  return `${where}${issue.message}`;
}

/**
 * Validates every row before returning anything: an import either takes the whole file or nothing, so a typo in row
 * 40 never leaves a knowledge base half replaced.
 */
function validateRows(rows: { label: string; value: unknown }[]): KbFileResult {
  const errors: string[] = [];
  const entries: KbEntry[] = [];
  const firstRowOfId = new Map<string, string>();
  for (const row of rows) {
    const parsed = KbEntry.safeParse(row.value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push(`${row.label}, ${describeIssue(issue)}.`);
      continue;
    }
    const previous = firstRowOfId.get(parsed.data.id);
    if (previous !== undefined) {
      errors.push(
        `${row.label}, columna «id»: el id «${parsed.data.id}» ya se usó en ${previous.toLowerCase()}. Cada entrada necesita un id distinto.`,
      );
      continue;
    }
    firstRowOfId.set(parsed.data.id, row.label);
    entries.push(parsed.data);
  }
  return errors.length > 0 ? { ok: false, errors, valid: entries, rows: rows.length } : { ok: true, entries };
}

/** Validates entries that did not come from a file (a service call, a test), labelling them «Entrada N (id «…»)». */
export function validateKbEntries(values: readonly unknown[]): KbFileResult {
  return validateRows(
    values.map((value, index) => {
      const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
      return { label: `Entrada ${index + 1}${typeof id === 'string' && id !== '' ? ` (id «${id}»)` : ''}`, value };
    }),
  );
}

function parseJson(text: string): KbFileResult {
  let data: unknown;
  try {
    data = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    return failed([`El archivo no es un JSON válido: ${(error as Error).message}.`]);
  }
  if (!Array.isArray(data)) {
    return failed(['El archivo JSON debe ser una lista de entradas: empieza con [ y termina con ].']);
  }
  return validateKbEntries(data);
}

function splitList(cell: string): string[] {
  return cell
    .split(LIST_SEPARATOR)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Links travel in one CSV cell as `texto <https://...>` items separated by `|`. */
function parseLinks(cell: string): unknown[] {
  return splitList(cell).map((item) => {
    const match = /^(.*?)\s*<([^>]*)>$/.exec(item);
    return match ? { label: match[1] ?? '', url: match[2] ?? '' } : { label: item, url: '' };
  });
}

function parseCsvFile(text: string): KbFileResult {
  const parsed = parseCsv(text);
  if (!parsed.ok) return failed([parsed.error]);
  const [header, ...rows] = parsed.records;
  if (header === undefined) return failed(['El archivo CSV está vacío: falta la fila de encabezados.']);
  const columns = header.cells.map((cell) => cell.trim());
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    return failed([
      `La primera fila (encabezados) no tiene ${missing.length === 1 ? 'la columna' : 'las columnas'} ${missing.map((c) => `«${c}»`).join(', ')}. Las columnas son: ${KB_CSV_COLUMNS.join(', ')}.`,
    ]);
  }
  const errors: string[] = [];
  const misshapen = new Set<number>();
  const values = rows.map((record, index) => {
    const label = `Fila ${index + 2} (línea ${record.line} del archivo)`;
    if (record.cells.length !== columns.length) {
      misshapen.add(index);
      errors.push(
        `${label}: tiene ${record.cells.length} columnas y el encabezado tiene ${columns.length}. Revise comas o comillas sin cerrar en esa fila.`,
      );
    }
    const value: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      const cell = record.cells[i] ?? '';
      if (column === 'questions' || column === 'tags') value[column] = splitList(cell);
      else if (column === 'steps') {
        if (cell.trim() !== '') value[column] = splitList(cell);
      } else if (column === 'links') {
        if (cell.trim() !== '') value[column] = parseLinks(cell);
      } else if (cell.trim() !== '' || REQUIRED_COLUMNS.includes(column as (typeof REQUIRED_COLUMNS)[number])) {
        value[column] = cell;
      }
    });
    return { label, value };
  });
  // A row with the wrong number of cells may still parse, shifted: it is not offered as valid.
  const result = validateRows(values.filter((_, i) => !misshapen.has(i)));
  const shifted = validateRows(values.filter((_, i) => misshapen.has(i)));
  const all = [...errors, ...(result.ok ? [] : result.errors), ...(shifted.ok ? [] : shifted.errors)];
  if (all.length === 0) return result;
  return { ok: false, errors: all, valid: result.ok ? result.entries : result.valid, rows: rows.length };
}

export function parseKbFile(text: string, format: KbFileFormat): KbFileResult {
  return format === 'json' ? parseJson(text) : parseCsvFile(text);
}

export function serializeKbFile(entries: readonly KbEntry[], format: KbFileFormat): string {
  if (format === 'json') return JSON.stringify(entries, null, 2) + '\n';
  const extraColumns = [
    ...new Set(
      entries.flatMap((entry) => Object.keys(entry).filter((k) => !(KB_CSV_COLUMNS as readonly string[]).includes(k))),
    ),
  ];
  const columns = [...KB_CSV_COLUMNS, ...extraColumns];
  const rows = entries.map((entry) =>
    columns.map((column) => {
      const value = (entry as Record<string, unknown>)[column];
      if (column === 'links') return (entry.links ?? []).map((l) => `${l.label} <${l.url}>`).join(LIST_SEPARATOR);
      if (Array.isArray(value)) return value.join(LIST_SEPARATOR);
      if (value === undefined || value === null) return '';
      return typeof value === 'string' ? value : JSON.stringify(value);
    }),
  );
  return writeCsv([columns, ...rows]);
}
