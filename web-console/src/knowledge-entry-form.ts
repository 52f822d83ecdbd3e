import { actionErrorText, ApiError } from './api-error.js';
import { confirmDialog } from './dialogs.js';
import { field, h } from './dom.js';
import type { ChannelPreview, EditorEntry, KbEntry, KnowledgeApi } from './knowledge-api.js';
import { describeOutcome } from './knowledge-trial-view.js';
import type { Notifier } from './notify.js';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** Links are written one per line as «texto <https://…>», like the CSV's links column. */
function parseLinks(text: string): { label: string; url: string }[] {
  return lines(text).map((line) => {
    const match = /^(.*?)\s*<([^>]*)>$/.exec(line);
    return match ? { label: match[1] ?? '', url: match[2] ?? '' } : { label: line, url: line };
  });
}

export function errorText(error: unknown): string {
  return error instanceof ApiError ? actionErrorText(error) : 'Ocurrió un error inesperado. Intente de nuevo.';
}

export function previewBox(previews: ChannelPreview[]): HTMLElement {
  return h(
    'div',
    { class: 'previews' },
    ...previews.map((p) =>
      h(
        'section',
        { class: `preview preview--${p.channel}`, 'aria-label': `Vista previa en ${p.label}` },
        h('h4', null, p.label),
        ...p.bubbles.map((b) =>
          h(
            'div',
            { class: 'bubble' },
            h('p', { class: 'bubble__text' }, b.text),
            b.buttons.length > 0
              ? h('div', { class: 'bubble__buttons' }, ...b.buttons.map((label) => h('span', { class: 'chip' }, label)))
              : null,
          ),
        ),
      ),
    ),
  );
}

/**
 * Creates or edits one entry: every field, the warnings on the answer, how it looks on each channel and "Probar"
 * against the unsaved draft. `miss` is the unanswered question a new entry comes from (it is marked as dealt with).
 */
export class EntryForm {
  readonly element: HTMLElement;
  private readonly inputs = {
    id: h('input', { type: 'text', required: 'true', autocomplete: 'off' }),
    title: h('input', { type: 'text', required: 'true' }),
    category: h('input', { type: 'text', required: 'true' }),
    questions: h('textarea', { rows: '5', required: 'true' }),
    answer: h('textarea', { rows: '6', required: 'true' }),
    tags: h('input', { type: 'text' }),
    links: h('textarea', { rows: '2' }),
    dependency: h('input', { type: 'text' }),
  };
  private readonly previewArea = h('div', { 'aria-live': 'polite' });
  private readonly warningsArea = h('ul', { class: 'warnings' });
  private readonly trialQuestion = h('input', { type: 'text' });
  private readonly trialArea = h('div', { class: 'trial-pair', 'aria-live': 'polite' });
  private readonly problem = h('p', { class: 'field-error', role: 'alert' });
  private previewTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly api: KnowledgeApi,
    private readonly notify: Notifier,
    private readonly current: EditorEntry | null,
    private readonly done: (id: string | null) => void,
    private readonly extras: { miss?: string; question?: string } = {},
  ) {
    const i = this.inputs;
    const entry = current?.entry;
    i.id.value = entry?.id ?? '';
    i.title.value = entry?.title ?? '';
    i.category.value = entry?.category ?? '';
    i.questions.value = [...(entry?.questions ?? []), ...(extras.question ? [extras.question] : [])].join('\n');
    i.answer.value = entry?.answer ?? '';
    i.tags.value = (entry?.tags ?? []).join(', ');
    i.links.value = (entry?.links ?? []).map((l) => `${l.label} <${l.url}>`).join('\n');
    i.dependency.value = entry?.dependency ?? '';
    this.trialQuestion.value = extras.question ?? entry?.questions[0] ?? '';
    this.warningsArea.replaceChildren(...(current?.warnings ?? []).map((w) => h('li', null, w)));

    const save = h(
      'button',
      { type: 'submit', class: 'button button--primary' },
      current ? 'Guardar cambios' : 'Crear entrada',
    );
    const cancel = h('button', { type: 'button', class: 'button' }, 'Volver a la lista');
    cancel.addEventListener('click', () => this.done(null));
    const retire = current
      ? h(
          'button',
          { type: 'button', class: current.retired ? 'button' : 'button button--danger' },
          current.retired ? 'Volver a activar' : 'Retirar entrada',
        )
      : null;
    retire?.addEventListener('click', () => void this.toggleRetired());
    const tryButton = h('button', { type: 'button', class: 'button' }, 'Probar');
    tryButton.addEventListener('click', () => void this.runTrial());

    const form = h(
      'form',
      { class: 'entry-form', novalidate: 'true' },
      h('h2', null, current ? `Editar «${current.entry.title}»` : 'Nueva entrada'),
      current?.retired
        ? h('p', { class: 'badge badge--retired' }, 'Retirada: los ciudadanos no reciben esta respuesta.')
        : null,
      field(
        'kb-id',
        'Id (sin espacios ni tildes)',
        i.id,
        'Ejemplo: predial-pago. Los flujos y los informes usan este id.',
      ),
      field('kb-title', 'Título', i.title),
      field('kb-category', 'Categoría', i.category),
      field(
        'kb-questions',
        'Preguntas de ejemplo (una por línea)',
        i.questions,
        'Escríbalas como las escribe la gente.',
      ),
      field('kb-answer', 'Respuesta', i.answer),
      this.warningsArea,
      field('kb-tags', 'Etiquetas (separadas por comas)', i.tags),
      field('kb-links', 'Enlaces (uno por línea: texto <https://…>)', i.links),
      field('kb-dependency', 'Dependencia responsable', i.dependency),
      this.problem,
      h('div', { class: 'actions' }, save, cancel, retire),
      h('h3', null, 'Vista previa'),
      this.previewArea,
      h('h3', null, 'Probar con este borrador'),
      h(
        'div',
        { class: 'trial-form' },
        field('kb-trial-question', 'Pregunta de prueba', this.trialQuestion),
        tryButton,
      ),
      this.trialArea,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
    form.addEventListener('input', () => this.previewLater());
    this.element = form;
    this.previewLater(0);
  }

  private draft(): KbEntry {
    const i = this.inputs;
    const links = parseLinks(i.links.value);
    const dependency = i.dependency.value.trim();
    return {
      // Keys the console has no field for (an entity's own metadata) ride along unchanged.
      ...(this.current?.entry ?? {}),
      id: i.id.value.trim(),
      title: i.title.value.trim(),
      category: i.category.value.trim(),
      questions: lines(i.questions.value),
      answer: i.answer.value.trim(),
      tags: i.tags.value
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== ''),
      ...(links.length > 0 ? { links } : { links: undefined }),
      ...(dependency !== '' ? { dependency } : { dependency: undefined }),
    };
  }

  private previewLater(ms = 400): void {
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => {
      const draft = this.draft();
      void this.api
        .preview({ answer: draft.answer, ...(draft.links ? { links: draft.links } : {}) })
        .then((p) => this.previewArea.replaceChildren(previewBox(p)))
        .catch(() => undefined);
    }, ms);
  }

  private async save(): Promise<void> {
    this.problem.textContent = '';
    const draft = this.draft();
    try {
      const reply = this.current
        ? await this.api.update(this.current.entry.id, draft)
        : await this.api.create(draft, this.extras.miss);
      this.notify.info(
        this.current
          ? 'Cambios guardados. Ya se aplican en las conversaciones.'
          : 'Entrada creada. Ya se aplica en las conversaciones.',
      );
      this.done(reply.entry.entry.id);
    } catch (error) {
      this.problem.textContent = errorText(error);
    }
  }

  private async toggleRetired(): Promise<void> {
    if (!this.current) return;
    const retiring = !this.current.retired;
    if (
      retiring &&
      !(await confirmDialog(
        '¿Retirar esta entrada?',
        'Los ciudadanos dejarán de recibir esta respuesta. Podrá volver a activarla cuando quiera.',
        'Sí, retirar',
      ))
    )
      return;
    try {
      await this.api.retire(this.current.entry.id, retiring);
      this.notify.info(retiring ? 'Entrada retirada.' : 'Entrada activa de nuevo.');
      this.done(this.current.entry.id);
    } catch (error) {
      this.notify.error(errorText(error));
    }
  }

  private async runTrial(): Promise<void> {
    const question = this.trialQuestion.value.trim();
    if (question === '') {
      this.trialArea.replaceChildren(h('p', { class: 'field-error' }, 'Escriba una pregunta para probar.'));
      return;
    }
    try {
      const result = await this.api.trial(question, this.draft(), this.current?.entry.id);
      this.trialArea.replaceChildren(
        describeOutcome(result.now, 'Hoy (lo guardado)'),
        ...(result.draft ? [describeOutcome(result.draft, 'Con este borrador (sin guardar)')] : []),
      );
    } catch (error) {
      this.trialArea.replaceChildren(h('p', { class: 'field-error', role: 'alert' }, errorText(error)));
    }
  }
}
