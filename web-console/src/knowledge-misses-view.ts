import { field, h } from './dom.js';
import type { EditorEntry, KnowledgeApi, Miss } from './knowledge-api.js';
import { errorText } from './knowledge-entry-form.js';
import type { Notifier } from './notify.js';

const dateTime = new Intl.DateTimeFormat('es-CO', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'America/Bogota',
});

/**
 * The questions the assistant could not answer, most asked first. Each becomes, in one step, an example question of
 * an existing entry (it applies at once) or the start of a new entry.
 */
export class MissesView {
  readonly element = h('section', { class: 'misses', 'aria-labelledby': 'misses-title' });

  constructor(
    private readonly api: KnowledgeApi,
    private readonly notify: Notifier,
    private readonly newEntry: (miss: Miss) => void,
  ) {}

  async show(): Promise<void> {
    try {
      const [misses, entries] = await Promise.all([this.api.misses(), this.api.entries()]);
      this.render(
        misses,
        entries.filter((e) => !e.retired),
      );
    } catch (error) {
      this.notify.error(errorText(error));
    }
  }

  private render(misses: Miss[], entries: EditorEntry[]): void {
    const title = h('h2', { id: 'misses-title' }, 'Preguntas sin respuesta');
    if (misses.length === 0) {
      this.element.replaceChildren(title, h('p', { class: 'empty' }, 'No hay preguntas sin respuesta. ¡Buen trabajo!'));
      return;
    }
    const items = misses.map((miss, index) => {
      const select = h('select', null, h('option', { value: '' }, 'Elija la entrada que la responde'));
      for (const e of entries) select.append(h('option', { value: e.entry.id }, `${e.entry.title} (${e.entry.id})`));
      if (miss.entryId) select.value = miss.entryId;
      const add = h('button', { type: 'button', class: 'button button--primary' }, 'Agregar como pregunta de ejemplo');
      add.addEventListener('click', () => {
        if (select.value === '') {
          this.notify.error('Elija primero la entrada que responde esta pregunta.');
          select.focus();
          return;
        }
        void this.api
          .addQuestion(select.value, miss.question, miss.normalized)
          .then((reply) => {
            this.notify.info(`Listo: «${reply.entry.entry.title}» ya responde esta pregunta.`);
            return this.show();
          })
          .catch((error: unknown) => this.notify.error(errorText(error)));
      });
      const create = h('button', { type: 'button', class: 'button' }, 'Crear entrada nueva');
      create.addEventListener('click', () => this.newEntry(miss));
      const dismiss = h('button', { type: 'button', class: 'button button--ghost' }, 'Descartar');
      dismiss.addEventListener('click', () => {
        void this.api
          .dismiss(miss.normalized)
          .then(() => this.show())
          .catch((error: unknown) => this.notify.error(errorText(error)));
      });
      const reason =
        miss.reason === 'not-helpful' ? `no le sirvió la respuesta «${miss.entryId ?? ''}»` : 'sin respuesta';
      return h(
        'li',
        { class: 'miss' },
        h('p', { class: 'miss__question' }, miss.question),
        h(
          'p',
          { class: 'hint' },
          `${miss.count} ${miss.count === 1 ? 'vez' : 'veces'} · ${reason} · última: ${dateTime.format(new Date(miss.lastAskedAt))}`,
        ),
        field(`miss-entry-${index}`, 'Entrada', select),
        h('div', { class: 'actions' }, add, create, dismiss),
      );
    });
    this.element.replaceChildren(title, h('ul', { class: 'miss-list' }, ...items));
  }
}
