import { confirmDialog } from './dialogs.js';
import { h } from './dom.js';
import type { KnowledgeApi, Version, VersionDiff } from './knowledge-api.js';
import { errorText } from './knowledge-entry-form.js';
import type { Notifier } from './notify.js';

const dateTime = new Intl.DateTimeFormat('es-CO', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'America/Bogota',
});
const CHANGE: Record<VersionDiff['entries'][number]['change'], string> = {
  added: 'Nueva',
  removed: 'Eliminada',
  changed: 'Cambiada',
};

function diffBox(diff: VersionDiff): HTMLElement {
  const entries = diff.entries.map((e) =>
    h(
      'li',
      null,
      h('strong', null, `${CHANGE[e.change]}: ${e.title} (${e.id})`),
      ...e.fields.map((f) =>
        h(
          'div',
          { class: 'diff' },
          h('p', { class: 'diff__label' }, f.label),
          h('del', { class: 'diff__before' }, f.before || '(vacío)'),
          h('ins', { class: 'diff__after' }, f.after || '(vacío)'),
        ),
      ),
    ),
  );
  const synonyms = [
    ...diff.synonyms.added.map((s) => h('li', null, `Sinónimo agregado: «${s.phrase}» → «${s.term}»`)),
    ...diff.synonyms.removed.map((s) => h('li', null, `Sinónimo quitado: «${s.phrase}» → «${s.term}»`)),
  ];
  if (entries.length + synonyms.length === 0) return h('p', { class: 'empty' }, 'Sin cambios de contenido.');
  return h('ul', { class: 'diff-list' }, ...entries, ...synonyms);
}

/** Every saved change (who, when, what), what each one changed, and a restore of any earlier version. */
export class VersionsView {
  readonly element = h('section', { class: 'versions', 'aria-labelledby': 'versions-title' });

  constructor(
    private readonly api: KnowledgeApi,
    private readonly notify: Notifier,
  ) {}

  async show(): Promise<void> {
    try {
      this.render(await this.api.versions());
    } catch (error) {
      this.notify.error(errorText(error));
    }
  }

  private render(versions: Version[]): void {
    const rows = versions.map((v, index) => {
      const details = h('div', { class: 'version__diff' });
      const view = h('button', { type: 'button', class: 'button button--small' }, 'Ver cambios');
      view.addEventListener('click', () => {
        void this.api
          .diff(v.number)
          .then((diff) => details.replaceChildren(diffBox(diff)))
          .catch((error: unknown) => this.notify.error(errorText(error)));
      });
      const restore =
        index === 0
          ? null
          : h(
              'button',
              { type: 'button', class: 'button button--small', 'aria-label': `Restaurar la versión ${v.number}` },
              'Restaurar esta versión',
            );
      restore?.addEventListener('click', () => void this.restore(v.number));
      return h(
        'li',
        { class: 'version', 'data-version': String(v.number) },
        h(
          'p',
          null,
          h('strong', null, `Versión ${v.number}`),
          ` · ${dateTime.format(new Date(v.at))} · ${v.actor.name}`,
        ),
        h('p', { class: 'version__summary' }, v.summary),
        h('div', { class: 'actions' }, view, restore),
        details,
      );
    });
    this.element.replaceChildren(
      h('h2', { id: 'versions-title' }, 'Versiones'),
      h(
        'p',
        { class: 'hint' },
        'Cada cambio queda guardado con quién lo hizo y cuándo. Restaurar crea una versión nueva.',
      ),
      rows.length === 0
        ? h('p', { class: 'empty' }, 'Todavía no hay versiones.')
        : h('ol', { class: 'version-list' }, ...rows),
    );
  }

  private async restore(number: number): Promise<void> {
    const ok = await confirmDialog(
      `¿Restaurar la versión ${number}?`,
      'Toda la base de conocimiento vuelve a como estaba en esa versión, y se aplica de inmediato en las conversaciones. El estado actual queda guardado en el historial.',
      'Sí, restaurar',
    );
    if (!ok) return;
    try {
      const { version } = await this.api.restore(number);
      this.notify.info(`Se restauró la versión ${number} (guardada como versión ${version}).`);
      await this.show();
    } catch (error) {
      this.notify.error(errorText(error));
    }
  }
}
