import { z } from 'zod';
import { dateParts, isLocalDate } from './local-date.js';
import type { LocalDate } from './local-date.js';

/**
 * Radicados: the unique consecutive number every petition gets (Decreto 1166 de 2016; Ley 1755 art. 15). No national
 * format exists, so each entity sets a pattern. The sequence restarts every 1 January and is never reused
 * (AGN Acuerdo 060 de 2001); the year in the radicado is what makes it unique, so every pattern must carry one.
 *
 * Tokens: {YYYY} year, {YY} two-digit year, {MM} month, {DD} day (of the receipt date in Colombia), {SEQ:n} the
 * sequence zero-padded to at least n digits (1-12). Anything else is literal: letters, digits, '-', '_', '/', '.'.
 */
export const DEFAULT_RADICADO_PATTERN = 'PQRSD-{YYYY}-{SEQ:6}';

type Part = { kind: 'literal'; text: string } | { kind: 'YYYY' | 'YY' | 'MM' | 'DD' } | { kind: 'SEQ'; width: number };

const TOKEN = /\{(YYYY|YY|MM|DD|SEQ:(\d{1,2}))\}/g;
const LITERAL = /^[A-Za-z0-9\-_/.]*$/;

/** Splits a pattern into parts, or returns a Spanish reason why it is not valid. */
function tokenize(pattern: string): Part[] | string {
  const parts: Part[] = [];
  let last = 0;
  for (const m of pattern.matchAll(TOKEN)) {
    if (m.index > last) parts.push({ kind: 'literal', text: pattern.slice(last, m.index) });
    const token = m[1] ?? '';
    if (token.startsWith('SEQ:')) {
      const width = Number(m[2]);
      if (width < 1 || width > 12) return 'El ancho del consecutivo {SEQ:n} debe estar entre 1 y 12.';
      parts.push({ kind: 'SEQ', width });
    } else parts.push({ kind: token as 'YYYY' | 'YY' | 'MM' | 'DD' });
    last = m.index + m[0].length;
  }
  if (last < pattern.length) parts.push({ kind: 'literal', text: pattern.slice(last) });

  for (const p of parts) {
    if (p.kind === 'literal' && !LITERAL.test(p.text)) {
      return `Texto no permitido en el patrón: «${p.text}». Use letras, números, '-', '_', '/', '.' y los comodines {YYYY}, {YY}, {MM}, {DD}, {SEQ:n}.`;
    }
  }
  const count = (k: Part['kind']) => parts.filter((p) => p.kind === k).length;
  if (count('SEQ') !== 1) return 'El patrón debe tener exactamente un consecutivo {SEQ:n}, por ejemplo {SEQ:6}.';
  if (count('YYYY') + count('YY') !== 1) {
    return 'El patrón debe tener exactamente un año, {YYYY} o {YY}: el consecutivo se reinicia cada 1 de enero.';
  }
  if (count('MM') > 1 || count('DD') > 1) return 'El mes {MM} y el día {DD} pueden aparecer una sola vez.';
  const seqIndex = parts.findIndex((p) => p.kind === 'SEQ');
  const after = parts[seqIndex + 1];
  if (after && (after.kind !== 'literal' || /^\d/.test(after.text))) {
    return 'Después del consecutivo {SEQ:n} debe ir un separador (por ejemplo "-") o nada, para poder leer el número.';
  }
  return parts;
}

/** zod schema of an entity's radicado pattern, with Spanish messages. */
export const RadicadoPattern = z
  .string()
  .trim()
  .min(1, { error: 'El patrón del radicado no puede estar vacío.' })
  .max(100, { error: 'El patrón del radicado es demasiado largo (máximo 100 caracteres).' })
  .superRefine((value, ctx) => {
    const parts = tokenize(value);
    if (typeof parts === 'string') ctx.addIssue({ code: 'custom', message: parts });
  });
export type RadicadoPattern = z.infer<typeof RadicadoPattern>;

/** What a radicado says about itself. */
export interface ParsedRadicado {
  year: number;
  sequence: number;
  month?: number;
  day?: number;
}

const compiled = new Map<string, { parts: Part[]; regex: RegExp }>();

function compile(pattern: string): { parts: Part[]; regex: RegExp } {
  const cached = compiled.get(pattern);
  if (cached) return cached;
  const parts = tokenize(pattern);
  if (typeof parts === 'string') throw new RangeError(`Patrón de radicado no válido «${pattern}»: ${parts}`);
  const source = parts
    .map((p) => {
      switch (p.kind) {
        case 'literal':
          return p.text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
        case 'YYYY':
          return '(?<year>\\d{4})';
        case 'YY':
          return '(?<yy>\\d{2})';
        case 'MM':
          return '(?<month>\\d{2})';
        case 'DD':
          return '(?<day>\\d{2})';
        case 'SEQ':
          return `(?<seq>\\d{${p.width},})`;
      }
    })
    .join('');
  const entry = { parts, regex: new RegExp(`^${source}$`, 'i') };
  compiled.set(pattern, entry);
  return entry;
}

/**
 * Formats a radicado. `date` is the receipt date in Colombia (it gives the year); `sequence` is the entity's counter
 * for that year, starting at 1. A sequence longer than the width is written in full, never truncated.
 * @throws RangeError when the pattern, date or sequence is invalid (a configuration or programming error).
 */
export function formatRadicado(pattern: string, input: { date: LocalDate; sequence: number }): string {
  const { parts } = compile(pattern);
  if (!isLocalDate(input.date)) throw new RangeError(`Fecha no válida: «${String(input.date)}».`);
  if (!Number.isSafeInteger(input.sequence) || input.sequence < 1) {
    throw new RangeError(`El consecutivo debe ser un entero positivo: ${input.sequence}.`);
  }
  const { year, month, day } = dateParts(input.date);
  return parts
    .map((p) => {
      switch (p.kind) {
        case 'literal':
          return p.text;
        case 'YYYY':
          return String(year).padStart(4, '0');
        case 'YY':
          return String(year % 100).padStart(2, '0');
        case 'MM':
          return String(month).padStart(2, '0');
        case 'DD':
          return String(day).padStart(2, '0');
        case 'SEQ':
          return String(input.sequence).padStart(p.width, '0');
      }
    })
    .join('');
}

/**
 * Reads a radicado typed by a citizen or official back into year and sequence, for lookups. Tolerant of case and
 * surrounding spaces ("pqrsd-2026-000123 "). {YY} is read as 20YY. Returns null when it does not match the pattern.
 */
export function parseRadicado(pattern: string, value: string): ParsedRadicado | null {
  const { regex } = compile(pattern);
  const m = regex.exec(value.trim());
  const g = m?.groups;
  if (!g) return null;
  const year = g.year !== undefined ? Number(g.year) : 2000 + Number(g.yy);
  const sequence = Number(g.seq);
  if (!Number.isSafeInteger(sequence) || sequence < 1) return null;
  const parsed: ParsedRadicado = { year, sequence };
  if (g.month !== undefined) {
    parsed.month = Number(g.month);
    if (parsed.month < 1 || parsed.month > 12) return null;
  }
  if (g.day !== undefined) {
    parsed.day = Number(g.day);
    if (parsed.day < 1 || parsed.day > 31) return null;
  }
  return parsed;
}

/**
 * The next counter value for a radicado dated `date`, given the last one issued: +1 within the same year, 1 on the
 * first radicado of a new year (AGN Acuerdo 060 de 2001). The caller stores and increments the counter atomically.
 * @throws RangeError when `date` is in a year before the last issued one.
 */
export function nextRadicadoSequence(
  last: { year: number; sequence: number } | null,
  date: LocalDate,
): { year: number; sequence: number } {
  const { year } = dateParts(date);
  if (last && year < last.year) {
    // Numbering an earlier year after the counter moved on would reuse that year's numbers.
    throw new RangeError(`El consecutivo ya está en ${last.year}; no se puede numerar un radicado de ${year}.`);
  }
  if (!last || last.year !== year) return { year, sequence: 1 };
  return { year, sequence: last.sequence + 1 };
}
