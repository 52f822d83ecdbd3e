import type { Api } from './api.js';
import { ApiError } from './api-error.js';
import { contentDiffBox, type ContentDiff } from './content-diff.js';
import { field, h, present } from './dom.js';
import type { Notifier } from './notify.js';

// Flows and entity settings for editors: each file with its check, an editor with "Revisar" and "Guardar", upload, and
// the versions with restore. Saving is refused with the errors (file, line) and nothing changes.

export interface ContentProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

interface Summary {
  name: string;
  kind: 'flujo' | 'bot' | 'encuestas' | 'entidad';
  version: number;
  errors: ContentProblem[];
  warnings: ContentProblem[];
  /** Saved settings the channels use only after the server restarts. */
  restartPending: string[];
}

interface Detail extends Summary {
  content: string;
  versions: { number: number; authorName: string; createdAt: string; restoredFrom: number | null }[];
}

const KIND_NAMES: Record<Summary['kind'], string> = {
  flujo: 'Flujo de conversación',
  bot: 'Configuración del asistente',
  encuestas: 'Encuestas de satisfacción',
  entidad: 'Datos y configuración de la entidad',
};

const base = '/console/api/content/files';

/** What an administrator must know before changing entity.yaml: not every setting applies at once. */
const RESTART_HINT =
  'Todo lo de este archivo se aplica al guardar. Si cambia el correo electrónico como canal (correo), las plantillas de WhatsApp (whatsappCloud) o las variables de los canales (variables), los canales de esta entidad se reconectan solos: tarda unos segundos y las conversaciones siguen donde iban. Las claves de Telegram, WhatsApp y correo no están aquí: son variables de entorno del servidor.';

// A saved channel setting makes the server reconnect this entity's channels at once (src/host/entity-hosts.ts).
const reconnectingSentence = (pending: string[]) =>
  `Los canales se están reconectando para usar lo nuevo en: ${pending.join('; ')}.`;
const appliedSentence = (pending: string[]) =>
  `Se aplicó: los canales se reconectaron y ya usan lo guardado en: ${pending.join('; ')}.`;
const stillPendingSentence = (pending: string[]) =>
  `Lo guardado en: ${pending.join('; ')} todavía no se usa, porque los canales no se han reconectado. Recargue en unos segundos; si este aviso sigue, avise al equipo técnico.`;

/** "Línea 14, columna 7: mensaje" (or the file alone when the problem has no line). */
export function describeProblem(p: ContentProblem): string {
  return p.line > 0 ? `${p.file}, línea ${p.line}, columna ${p.column}: ${p.message}` : `${p.file}: ${p.message}`;
}

const when = (iso: string) =>
  new Intl.DateTimeFormat('es-CO', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/Bogota' }).format(
    new Date(iso),
  );

export class ContentView {
  readonly element = h('div', { class: 'content-editor' });

  constructor(
    private readonly api: Api,
    private readonly permissions: readonly string[],
    private readonly notify: Notifier,
  ) {}

  private mayEdit(name: string): boolean {
    return this.permissions.includes(name === 'entity.yaml' ? 'settings.edit' : 'content.edit');
  }

  async showList(): Promise<void> {
    try {
      const { files } = await this.api.request<{ files: Summary[] }>('GET', base);
      const rows = files.map((f) =>
        h(
          'tr',
          { 'data-file': f.name },
          h('td', null, h('a', { href: `#/contenidos/${encodeURIComponent(f.name)}` }, f.name)),
          h('td', null, KIND_NAMES[f.kind]),
          h('td', null, f.version === 0 ? 'Archivo del servidor' : `Versión ${f.version}`),
          h(
            'td',
            { class: f.errors.length > 0 ? 'status status--error' : 'status status--ok' },
            f.errors.length > 0 ? `${f.errors.length} error(es)` : 'Sin errores',
          ),
        ),
      );
      this.element.replaceChildren(
        h('h2', null, 'Flujos y configuración'),
        h(
          'p',
          { class: 'hint' },
          'Cada cambio se revisa antes de aplicarse: si tiene errores, no se cambia nada. Lo guardado se aplica de inmediato, sin reiniciar, salvo los ajustes de conexión de los canales en entity.yaml (se indica en ese archivo).',
        ),
        h(
          'table',
          { class: 'table' },
          h(
            'thead',
            null,
            h('tr', null, ...['Archivo', 'Tipo', 'Versión en uso', 'Estado'].map((t) => h('th', null, t))),
          ),
          h('tbody', null, ...rows),
        ),
      );
    } catch (error) {
      this.fail(error);
    }
  }

  /** Shows the file; resolves to what the server said about it, or undefined when it could not be read. */
  async showFile(name: string): Promise<Detail | undefined> {
    let file: Detail;
    try {
      file = (await this.api.request<{ file: Detail }>('GET', `${base}/${encodeURIComponent(name)}`)).file;
    } catch (error) {
      this.fail(error);
      return undefined;
    }
    const editable = this.mayEdit(name);
    const text = h('textarea', {
      rows: '24',
      spellcheck: 'false',
      class: 'content-editor__text',
    }) as HTMLTextAreaElement;
    text.value = file.content;
    text.readOnly = !editable;
    const problems = h('div', { class: 'form-errors', role: 'alert', tabindex: '-1', 'data-problems': '' });
    const showProblems = (list: ContentProblem[], intro: string) => {
      problems.replaceChildren(
        ...(list.length === 0
          ? []
          : [
              h('p', null, intro),
              h('ul', null, ...list.map((p) => h('li', { 'data-line': String(p.line) }, describeProblem(p)))),
            ]),
      );
      if (list.length > 0) problems.focus();
    };
    showProblems(file.errors, 'La versión en uso tiene errores:');

    const upload = h('input', { type: 'file', accept: '.yaml,.yml,text/yaml' }) as HTMLInputElement;
    upload.addEventListener('change', () => {
      const chosen = upload.files?.[0];
      if (!chosen) return;
      void chosen.text().then((content) => {
        text.value = content;
        this.notify.info(`Se cargó "${chosen.name}". Revíselo y pulse "Guardar nueva versión".`);
      });
    });
    const check = h('button', { type: 'button', class: 'button' }, 'Revisar');
    check.addEventListener('click', () => {
      void this.api
        .request<{ errors: ContentProblem[] }>('POST', `${base}/${encodeURIComponent(name)}/check`, {
          content: text.value,
        })
        .then((r) => {
          showProblems(r.errors, 'Corrija estos errores antes de guardar:');
          if (r.errors.length === 0) this.notify.info('No se encontraron errores.');
        })
        .catch((error: unknown) => this.fail(error));
    });
    const save = h('button', { type: 'button', class: 'button button--primary' }, 'Guardar nueva versión');
    save.addEventListener('click', () => {
      void this.api
        .request<{ file: Summary }>('POST', `${base}/${encodeURIComponent(name)}`, {
          content: text.value,
          base: file.version,
        })
        .then((r) =>
          this.afterSave(name, r.file, `Se guardó la versión ${r.file.version} de ${name}.`, 'Ya está en uso.'),
        )
        .catch((error: unknown) => {
          const details = error instanceof ApiError ? (error.details as { errors?: ContentProblem[] }) : undefined;
          if (details?.errors) showProblems(details.errors, 'No se guardó: corrija estos errores y vuelva a intentar.');
          else this.fail(error);
        });
    });

    const diffArea = h('div', { class: 'version__diff', 'aria-live': 'polite' });
    const versions = file.versions.map((v) =>
      h(
        'li',
        { 'data-version': String(v.number) },
        `Versión ${v.number}, ${when(v.createdAt)}, por ${v.authorName}`,
        v.restoredFrom ? ` (restaura la versión ${v.restoredFrom})` : '',
        v.number !== file.version ? this.diffButton(name, v.number, diffArea) : null,
        v.number !== file.version && editable ? this.restoreButton(name, v.number, file.version) : null,
        v.number === file.version ? h('strong', null, ' · en uso') : null,
      ),
    );
    this.element.replaceChildren(
      ...present(
        h('p', null, h('a', { href: '#/contenidos' }, '← Todos los archivos')),
        h('h2', null, name),
        h(
          'p',
          { class: 'hint' },
          KIND_NAMES[file.kind],
          ' · ',
          file.version === 0 ? 'archivo del servidor' : `versión ${file.version} en uso`,
        ),
        editable ? null : h('p', { class: 'hint' }, 'Solo el administrador puede cambiar este archivo.'),
        file.kind === 'entidad' ? h('p', { class: 'hint' }, RESTART_HINT) : null,
        file.restartPending.length > 0
          ? h('p', { class: 'status status--error', 'data-restart': '' }, stillPendingSentence(file.restartPending))
          : null,
        problems,
        field(`content-${name.replace(/\W/g, '-')}`, `Contenido de ${name}`, text),
        editable ? field('content-upload', 'Subir un archivo en lugar de escribir', upload) : null,
        editable ? h('div', { class: 'actions' }, check, save) : null,
        h('h3', null, 'Versiones guardadas'),
        versions.length > 0
          ? h('ul', { class: 'versions' }, ...versions)
          : h('p', { class: 'hint' }, 'Todavía no hay versiones guardadas desde la consola.'),
        diffArea,
      ),
    );
    return file;
  }

  private diffButton(name: string, version: number, area: HTMLElement): HTMLElement {
    const button = h(
      'button',
      { type: 'button', class: 'button button--ghost', 'aria-label': `Ver cambios de la versión ${version}` },
      'Ver cambios',
    );
    button.addEventListener('click', () => {
      void this.api
        .request<{ diff: ContentDiff }>('GET', `${base}/${encodeURIComponent(name)}/versions/${version}/diff`)
        .then((r) => area.replaceChildren(contentDiffBox(r.diff)))
        .catch((error: unknown) => this.fail(error));
    });
    return button;
  }

  private restoreButton(name: string, version: number, current: number): HTMLElement {
    const button = h('button', { type: 'button', class: 'button button--ghost' }, `Restaurar versión ${version}`);
    button.addEventListener('click', () => {
      void this.api
        .request<{ file: Summary }>('POST', `${base}/${encodeURIComponent(name)}/restore`, { version, base: current })
        .then((r) =>
          this.afterSave(
            name,
            r.file,
            `Se restauró la versión ${version} como versión ${r.file.version}.`,
            'Ya está en uso.',
          ),
        )
        .catch((error: unknown) => this.fail(error));
    });
    return button;
  }

  /**
   * Says what a save did. A channel setting first says the channels are reconnecting; the server holds the file's
   * next reading until they have, so an empty restartPending there means it applied.
   */
  private async afterSave(name: string, saved: Summary, done: string, inUse: string): Promise<void> {
    const pending = saved.restartPending;
    this.notify.info(`${done} ${pending.length > 0 ? reconnectingSentence(pending) : inUse}`);
    const shown = await this.showFile(name);
    if (pending.length > 0 && shown?.restartPending.length === 0)
      this.notify.info(`${done} ${appliedSentence(pending)}`);
  }

  private fail(error: unknown): void {
    if (error instanceof ApiError && error.status === 401) return;
    this.notify.error(error instanceof Error ? error.message : 'No se pudo completar la acción.');
  }
}
