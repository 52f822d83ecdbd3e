/**
 * A problem found while loading flows, pointing at the place to fix. `message` is plain Spanish for editors.
 * Warnings use the same shape.
 */
export interface FlowError {
  file: string;
  /** 1-based; 0 when the problem has no place in a file (e.g. a missing file). */
  line: number;
  /** 1-based; 0 when unknown. */
  column: number;
  /** Where in the document, e.g. `nodes.3.next`; empty for the whole file. */
  path: string;
  message: string;
}

/** One line: `flows/pqrsd.yaml:14:7 — mensaje`. */
export function formatFlowError(e: FlowError): string {
  const place = e.line > 0 ? `${e.file}:${e.line}:${e.column}` : e.file;
  return `${place} — ${e.message}`;
}
