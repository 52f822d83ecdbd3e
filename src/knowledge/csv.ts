/**
 * A small RFC 4180 reader/writer. Editors export from Excel or Google Sheets, so the reader also accepts a UTF-8 BOM
 * and the semicolon separator that Excel uses with Spanish regional settings.
 */

export interface CsvRecord {
  /** 1-based line of the file where the record starts, so errors can point editors at it. */
  line: number;
  cells: string[];
}

export type CsvParseResult = { ok: true; records: CsvRecord[] } | { ok: false; error: string };

export function detectCsvDelimiter(text: string): ',' | ';' {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const commas = firstLine.split(',').length;
  const semicolons = firstLine.split(';').length;
  return semicolons > commas ? ';' : ',';
}

export function parseCsv(input: string, delimiter: string = detectCsvDelimiter(input)): CsvParseResult {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quoted = false;
  let quoteStartLine = 0;
  let cellHasContent = false;

  const endRecord = (): void => {
    cells.push(cell);
    // A line with only whitespace is not a row; editors leave those at the end of files.
    if (!(cells.length === 1 && cells[0]?.trim() === '' && !cellHasContent)) {
      records.push({ line: recordLine, cells });
    }
    cells = [];
    cell = '';
    cellHasContent = false;
  };

  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        continue;
      }
      if (ch === '\n') line += 1;
      cell += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cellHasContent = true;
      quoteStartLine = line;
      cell = '';
      i += 1;
      continue;
    }
    if (ch === delimiter) {
      cells.push(cell);
      cell = '';
      cellHasContent = true;
      i += 1;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
      continue;
    }
    cell += ch;
    if (ch.trim() !== '') cellHasContent = true;
    i += 1;
  }
  if (quoted) {
    return {
      ok: false,
      error: `Línea ${quoteStartLine}: unas comillas (") se abren y nunca se cierran. Cierre las comillas del texto o quítelas.`,
    };
  }
  if (cell !== '' || cells.length > 0) endRecord();
  return { ok: true, records };
}

function quoteCell(value: string, delimiter: string): string {
  const plain = !/["\r\n]/.test(value) && !value.includes(delimiter) && value.trim() === value;
  if (plain) return value;
  return `"${value.replaceAll('"', '""')}"`;
}

export function writeCsv(rows: readonly (readonly string[])[], delimiter = ','): string {
  return rows.map((row) => row.map((cell) => quoteCell(cell, delimiter)).join(delimiter)).join('\r\n') + '\r\n';
}
