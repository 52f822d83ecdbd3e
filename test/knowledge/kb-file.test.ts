import { describe, expect, it } from 'vitest';
import type { KbEntry } from '../../src/knowledge/kb-entry.js';
import { parseKbFile, serializeKbFile } from '../../src/knowledge/kb-file.js';
import { parseCsv } from '../../src/knowledge/csv.js';

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

describe('kb file', () => {
  it('round-trips JSON', () => {
    const result = parseKbFile(serializeKbFile(entries, 'json'), 'json');
    expect(result).toEqual({ ok: true, entries });
  });

  it('round-trips CSV with quotes, commas, newlines and lists', () => {
    const csv = serializeKbFile(entries, 'csv');
    expect(csv.split('\r\n')[0]).toBe('id,title,category,questions,answer,tags,links,dependency');
    const result = parseKbFile(csv, 'csv');
    expect(result).toEqual({ ok: true, entries });
  });

  it('reads Excel-style CSV with BOM and semicolons', () => {
    const csv = '\uFEFFid;title;category;questions;answer;tags\na;Título;c;¿Uno?|¿Dos?;Respuesta;x|y\n';
    const result = parseKbFile(csv, 'csv');
    expect(result.ok && result.entries[0]?.questions).toEqual(['¿Uno?', '¿Dos?']);
  });

  it('rejects the whole file when one row is bad, naming row and column', () => {
    const csv = [
      'id,title,category,questions,answer,tags',
      'uno,Uno,c,¿Uno?,Respuesta uno,a',
      'dos,,c,¿Dos?,Respuesta dos,b',
      'tres,Tres,c,¿Tres?,Respuesta tres,c',
    ].join('\n');
    const result = parseKbFile(csv, 'csv');
    expect(result.ok).toBe(false);
    expect(result).not.toHaveProperty('entries');
    if (!result.ok) {
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatch(/Fila 3 \(línea 3 del archivo\)/);
      expect(result.errors[0]).toMatch(/title/);
      expect(result.errors[0]).toMatch(/falta el título/);
    }
  });

  it('rejects duplicate ids and entries without questions in JSON', () => {
    const bad = [entries[0], { ...entries[1], id: 'predial-pago' }, { ...entries[1], id: 'otra', questions: [] }];
    const result = parseKbFile(JSON.stringify(bad), 'json');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.some((e) => /Entrada 2.*ya se usó en entrada 1/.test(e))).toBe(true);
      expect(result.errors.some((e) => /Entrada 3.*al menos una pregunta/.test(e))).toBe(true);
    }
  });

  it('reports missing columns and unclosed quotes in Spanish', () => {
    const noTags = parseKbFile('id,title,category,questions,answer\na,b,c,d,e\n', 'csv');
    expect(noTags.ok || noTags.errors[0]).toMatch(/columna «tags»/);
    const unclosed = parseKbFile('id,title,category,questions,answer,tags\na,"b,c,d,e,f\n', 'csv');
    expect(unclosed.ok || unclosed.errors[0]).toMatch(/Línea 2: unas comillas/);
    expect(parseKbFile('{"id": 1}', 'json').ok).toBe(false);
  });

  it('parses RFC 4180 quoting', () => {
    const parsed = parseCsv('a,"b ""c""",d\r\n"x\ny",,z\r\n', ',');
    expect(parsed).toEqual({
      ok: true,
      records: [
        { line: 1, cells: ['a', 'b "c"', 'd'] },
        { line: 2, cells: ['x\ny', '', 'z'] },
      ],
    });
  });
});
