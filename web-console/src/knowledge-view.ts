import type { Api } from './api.js';
import { field, h } from './dom.js';
import { KnowledgeApi, type EditorEntry, type Miss } from './knowledge-api.js';
import { EntryForm, errorText } from './knowledge-entry-form.js';
import { ImportView } from './knowledge-import-view.js';
import { MissesView } from './knowledge-misses-view.js';
import { SynonymsView } from './knowledge-synonyms-view.js';
import { describeOutcome } from './knowledge-trial-view.js';
import { VersionsView } from './knowledge-versions-view.js';
import type { Notifier } from './notify.js';

const TABS = [
  { id: 'entradas', label: 'Entradas' },
  { id: 'sin-respuesta', label: 'Preguntas sin respuesta' },
  { id: 'probar', label: 'Probar' },
  { id: 'sinonimos', label: 'Sinónimos' },
  { id: 'versiones', label: 'Versiones' },
  { id: 'importar', label: 'Importar y exportar' },
] as const;

/**
 * The editors' section (#/conocimiento/<pestaña>[/<id>]): the knowledge base's entries, the questions it could not
 * answer, "Probar", synonyms, versions and import/export. Every change applies to running conversations at once.
 */
export class KnowledgeView {
  readonly element: HTMLElement;
  private readonly api: KnowledgeApi;
  private readonly body = h('div', { class: 'kb__body' });
  private readonly tabs: HTMLAnchorElement[];
  private readonly misses: MissesView;
  private readonly versions: VersionsView;
  private readonly synonyms: SynonymsView;
  private readonly importer: ImportView;
  private pendingMiss: Miss | null = null;

  constructor(
    api: Api,
    private readonly notify: Notifier,
  ) {
    this.api = new KnowledgeApi(api);
    this.tabs = TABS.map((t) => h('a', { href: `#/conocimiento/${t.id}`, class: 'tab', 'data-tab': t.id }, t.label));
    this.misses = new MissesView(this.api, notify, (miss) => {
      this.pendingMiss = miss;
      location.hash = '#/conocimiento/nueva';
    });
    this.versions = new VersionsView(this.api, notify);
    this.synonyms = new SynonymsView(this.api, notify);
    this.importer = new ImportView(this.api, notify);
    this.element = h(
      'div',
      { class: 'kb' },
      h('h2', { class: 'sr-only' }, 'Base de conocimiento'),
      h('nav', { class: 'tabs', 'aria-label': 'Base de conocimiento' }, ...this.tabs),
      this.body,
    );
  }

  async show(tab = 'entradas', id?: string): Promise<void> {
    const current = tab === 'nueva' ? 'entradas' : tab;
    for (const link of this.tabs) {
      if (link.dataset.tab === current) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    if (tab === 'nueva') return this.showForm(null);
    if (tab === 'entradas' && id) {
      try {
        const reply = await this.api.entry(id);
        return this.showForm(reply.entry);
      } catch (error) {
        this.notify.error(errorText(error));
        return;
      }
    }
    if (tab === 'sin-respuesta') {
      this.body.replaceChildren(this.misses.element);
      return this.misses.show();
    }
    if (tab === 'versiones') {
      this.body.replaceChildren(this.versions.element);
      return this.versions.show();
    }
    if (tab === 'sinonimos') {
      this.body.replaceChildren(this.synonyms.element);
      return this.synonyms.show();
    }
    if (tab === 'importar') {
      this.body.replaceChildren(this.importer.element);
      return;
    }
    if (tab === 'probar') return this.showTrial();
    return this.showList();
  }

  private showForm(entry: EditorEntry | null): void {
    const miss = entry === null ? this.pendingMiss : null;
    this.pendingMiss = null;
    const form = new EntryForm(
      this.api,
      this.notify,
      entry,
      (id) => {
        location.hash = id ? `#/conocimiento/entradas/${encodeURIComponent(id)}` : '#/conocimiento/entradas';
        // The same hash does not fire hashchange: show the saved entry again.
        if (id && entry?.entry.id === id) void this.show('entradas', id);
      },
      miss ? { miss: miss.normalized, question: miss.question } : {},
    );
    this.body.replaceChildren(form.element);
  }

  private async showList(query = ''): Promise<void> {
    const search = h('input', { type: 'search', value: query });
    const create = h('a', { class: 'button button--primary', href: '#/conocimiento/nueva' }, 'Nueva entrada');
    const results = h('div', { 'aria-live': 'polite' });
    const render = async () => {
      try {
        const entries = await this.api.entries(search.value);
        results.replaceChildren(this.table(entries));
      } catch (error) {
        this.notify.error(errorText(error));
      }
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => void render(), 250);
    });
    this.body.replaceChildren(
      h('div', { class: 'kb__toolbar' }, field('kb-search', 'Buscar en la base', search), create),
      results,
    );
    await render();
  }

  private table(entries: EditorEntry[]): HTMLElement {
    if (entries.length === 0) return h('p', { class: 'empty' }, 'No hay entradas que coincidan.');
    const rows = entries.map((e) =>
      h(
        'tr',
        { class: e.retired ? 'row--retired' : '' },
        h(
          'td',
          null,
          h('a', { href: `#/conocimiento/entradas/${encodeURIComponent(e.entry.id)}` }, e.entry.title),
          e.retired ? h('span', { class: 'badge' }, ' Retirada') : null,
        ),
        h('td', null, e.entry.category),
        h('td', { class: 'num' }, String(e.entry.questions.length)),
        h('td', null, e.warnings.length > 0 ? `⚠ ${e.warnings.join(' ')}` : ''),
      ),
    );
    return h(
      'table',
      { class: 'table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, 'Entrada'),
          h('th', null, 'Categoría'),
          h('th', null, 'Preguntas'),
          h('th', null, 'Avisos'),
        ),
      ),
      h('tbody', null, ...rows),
    );
  }

  private showTrial(): void {
    const question = h('input', { type: 'text' });
    const out = h('div', { 'aria-live': 'polite' });
    const go = h('button', { type: 'submit', class: 'button button--primary' }, 'Probar');
    const form = h(
      'form',
      { class: 'trial-form' },
      field('kb-try', 'Escriba una pregunta como la haría un ciudadano', question),
      go,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.api
        .trial(question.value)
        .then((r) => out.replaceChildren(describeOutcome(r.now, 'Lo que haría el asistente')))
        .catch((error: unknown) =>
          out.replaceChildren(h('p', { class: 'field-error', role: 'alert' }, errorText(error))),
        );
    });
    this.body.replaceChildren(h('h2', null, 'Probar'), form, out);
  }
}
