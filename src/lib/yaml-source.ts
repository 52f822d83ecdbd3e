import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { FlowError } from './flow-error.js';
import { describeYamlError } from './yaml-syntax-message.js';

/** A parsed YAML file that can point back at the text for any path in it. */
export interface YamlSource {
  file: string;
  doc: Document;
  lines: LineCounter;
  data: unknown;
}

export type PathPart = string | number;

export function parseYamlSource(file: string, text: string): { source: YamlSource; errors: FlowError[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const errors: FlowError[] = doc.errors.map((e) => {
    const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
    return { file, line: pos.line, column: pos.col, path: '', message: describeYamlError(e.code, e.message) };
  });
  const data = errors.length === 0 ? (doc.toJS({ maxAliasCount: 1000 }) as unknown) : undefined;
  return { source: { file, doc, lines, data }, errors };
}

/**
 * The line and column of the closest thing to `path` that exists in the file. With `key`, the position of that key
 * inside the map at `path` (for "this field should not be here").
 */
export function positionOf(
  source: YamlSource,
  path: readonly PathPart[],
  key?: string,
): { line: number; column: number } {
  let node: unknown = source.doc.contents;
  let found: Node | null = isNodeWithRange(node) ? node : null;
  for (const part of path) {
    const child: unknown =
      isMap(node) || isSeq(node) ? (node as { get(k: unknown, keep: true): unknown }).get(part, true) : undefined;
    if (!isNodeWithRange(child)) break;
    node = child;
    found = child;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
    if (pair && isNodeWithRange(pair.key)) found = pair.key;
  }
  const offset = found?.range?.[0] ?? 0;
  const pos = source.lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function isNodeWithRange(node: unknown): node is Node {
  return typeof node === 'object' && node !== null && 'range' in node && Array.isArray((node as Node).range);
}

/** Builds a FlowError at `path` in this file. */
export function errorAt(source: YamlSource, path: readonly PathPart[], message: string, key?: string): FlowError {
  const { line, column } = positionOf(source, path, key);
  return { file: source.file, line, column, path: [...path, ...(key !== undefined ? [key] : [])].join('.'), message };
}
