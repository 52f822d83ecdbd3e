import { field, h } from './dom.js';
import type { KnowledgeApi } from './knowledge-api.js';
import { errorText } from './knowledge-entry-form.js';
import type { Notifier } from './notify.js';

/** How citizens say the base's terms ("impuesto de la casa" → predial); each change applies at once. */
export class SynonymsView {
  readonly element = h('section', { class: 'synonyms', 'aria-labelledby': 'synonyms-title' });
  private readonly term = h('input', { type: 'text' });
  private readonly phrase = h('input', { type: 'text' });

  constructor(
    private readonly api: KnowledgeApi,
    private readonly notify: Notifier,
  ) {}

  async show(): Promise<void> {
    try {
      const list = await this.api.synonyms();
      const add = h('button', { type: 'submit', class: 'button button--primary' }, 'Agregar sinónimo');
      const form = h(
        'form',
        { class: 'synonym-form' },
        field('syn-phrase', 'Como lo dice la gente', this.phrase, 'Ejemplo: impuesto de la casa'),
        field('syn-term', 'Término de la base', this.term, 'Ejemplo: predial'),
        add,
      );
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        void this.api
          .addSynonym(this.term.value, this.phrase.value)
          .then((r) => {
            this.notify.info(r.added ? 'Sinónimo agregado.' : 'Ese sinónimo ya existía.');
            this.phrase.value = '';
            return this.show();
          })
          .catch((error: unknown) => this.notify.error(errorText(error)));
      });
      const rows = list.flatMap((rule) =>
        rule.phrases.map((phrase) => {
          const remove = h(
            'button',
            { type: 'button', class: 'button button--small', 'aria-label': `Quitar «${phrase}» → «${rule.term}»` },
            'Quitar',
          );
          remove.addEventListener('click', () => {
            void this.api
              .removeSynonym(rule.term, phrase)
              .then(() => this.show())
              .catch((error: unknown) => this.notify.error(errorText(error)));
          });
          return h('tr', null, h('td', null, phrase), h('td', null, rule.term), h('td', null, remove));
        }),
      );
      this.element.replaceChildren(
        h('h2', { id: 'synonyms-title' }, 'Sinónimos'),
        form,
        h(
          'table',
          { class: 'table' },
          h(
            'thead',
            null,
            h('tr', null, h('th', null, 'Como lo dice la gente'), h('th', null, 'Término'), h('th', null, '')),
          ),
          h('tbody', null, ...rows),
        ),
      );
    } catch (error) {
      this.notify.error(errorText(error));
    }
  }
}
