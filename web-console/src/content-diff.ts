import { h } from './dom.js';

// A saved version of a flow or settings file against the one in use, as lines added and removed, so an editor sees
// what restoring it would change without reading two whole files.

export type DiffLine =
  | { kind: 'same'; text: string; before: number; after: number }
  | { kind: 'removed'; text: string; before: number }
  | { kind: 'added'; text: string; after: number }
  | { kind: 'gap'; count: number };

export interface ContentDiff {
  name: string;
  from: number;
  to: number;
  added: number;
  removed: number;
  lines: DiffLine[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function row(line: DiffLine): HTMLElement {
  switch (line.kind) {
    case 'gap':
      return h('li', { class: 'line-diff__gap' }, `… ${plural(line.count, 'línea igual', 'líneas iguales')} …`);
    case 'removed':
      return h('li', { class: 'line-diff__removed' }, h('del', null, `− ${line.before}: ${line.text}`));
    case 'added':
      return h('li', { class: 'line-diff__added' }, h('ins', null, `+ ${line.after}: ${line.text}`));
    case 'same':
      return h('li', { class: 'line-diff__same' }, `  ${line.after}: ${line.text}`);
  }
}

/** The diff with a sentence first: the colours and signs repeat what it says, for screen readers and for print. */
export function contentDiffBox(diff: ContentDiff): HTMLElement {
  const title = `Cambios de la versión ${diff.from} a la versión en uso${diff.to > 0 ? ` (${diff.to})` : ''}`;
  if (diff.lines.length === 0) {
    return h('div', { class: 'line-diff', 'data-diff': '' }, h('p', null, `${title}: el contenido es el mismo.`));
  }
  return h(
    'div',
    { class: 'line-diff', 'data-diff': '' },
    h(
      'p',
      null,
      `${title}: ${plural(diff.added, 'línea agregada', 'líneas agregadas')} (+) y ${plural(diff.removed, 'línea quitada', 'líneas quitadas')} (−).`,
    ),
    h('ol', { class: 'line-diff__lines' }, ...diff.lines.map(row)),
  );
}
