import type { CrossValidationReport, FoldReport, MessageSource, SourceMetrics } from './cross-validate.js';
import type { EvalMetrics } from './evaluate.js';

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

/** The figures of one evaluation, in Spanish, one per line. */
export function describeMetrics(metrics: EvalMetrics): string {
  return [
    `Preguntas: ${metrics.n}`,
    `Acierto en primera opción (dentro del alcance): ${pct(metrics.inScopeTop1)}`,
    `Acierto entre las tres primeras: ${pct(metrics.top3)}`,
    `Rechazo correcto de preguntas fuera del alcance: ${pct(metrics.oosRejection)}`,
    `Acierto total: ${pct(metrics.overall)}`,
    `Latencia: p50 ${metrics.p50Ms} ms, p99 ${metrics.p99Ms} ms`,
  ].join('\n');
}

const SOURCES: Readonly<Record<string, string>> = {
  kb: 'preguntas de ejemplo de la base',
  questions: 'archivo de preguntas',
  outOfScope: 'ejemplos fuera de alcance',
};

/** The figures that apply to a set: ranking for its in-scope messages, rejection for its out-of-scope ones. */
function figures(m: SourceMetrics): string {
  const parts: string[] = [];
  if (m.inScope > 0) parts.push(`1.ª opción ${pct(m.inScopeTop1)}, entre 3 ${pct(m.top3)}`);
  if (m.outOfScope > 0) parts.push(`rechazo correcto ${pct(m.oosRejection)}`);
  return parts.join(', ');
}

function row(label: string, m: Omit<FoldReport, 'fold'>): string {
  return [
    label.padEnd(10),
    String(m.n).padStart(9),
    pct(m.inScopeTop1).padStart(11),
    pct(m.top3).padStart(9),
    pct(m.oosRejection).padStart(13),
    pct(m.overall).padStart(7),
    m.calibrationError.toFixed(3).padStart(12),
  ].join(' ');
}

/** A cross-validation report in Spanish: one line per fold, the mean, and the mean per source of the messages. */
export function describeCrossValidation(report: CrossValidationReport): string {
  const lines = [
    `Validación cruzada en ${report.folds.length} particiones (semilla ${report.seed}); ` +
      (report.wholeTopics
        ? 'cada tema fuera de alcance se evalúa completo, sin ningún ejemplo suyo en el entrenamiento.'
        : 'las preguntas de cada entrada y los ejemplos de cada tema fuera de alcance se reparten entre las particiones.'),
    'Partición  Preguntas  1.ª opción  Entre 3  Rechazo f.a.  Total  Calibración',
    ...report.folds.map((f) => row(String(f.fold), f)),
    row('Media', report.mean),
    'Media por origen de las preguntas:',
  ];
  const names: MessageSource[] = Object.keys(report.mean.sources);
  for (const source of names) {
    const m = report.mean.sources[source];
    if (m === undefined) continue;
    lines.push(
      `  ${SOURCES[source] ?? source}, por partición: ${m.inScope} dentro del alcance, ${m.outOfScope} fuera; ${figures(m)}`,
    );
  }
  lines.push('Por origen y partición:');
  for (const source of names) {
    const perFold = report.folds.map((f) => {
      const m = f.sources[source];
      return m === undefined ? `${f.fold}: —` : `${f.fold}: ${figures(m)}`;
    });
    lines.push(`  ${SOURCES[source] ?? source}`, ...perFold.map((p) => `    ${p}`));
  }
  lines.push('Calibración: error medio entre la probabilidad de la primera opción y su acierto real (0 = perfecta).');
  return lines.join('\n');
}
