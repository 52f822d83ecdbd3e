import { confirmDialog } from './dialogs.js';
import { field, h, present } from './dom.js';
import type { ImportReport, KnowledgeApi } from './knowledge-api.js';
import { errorText } from './knowledge-entry-form.js';
import type { Notifier } from './notify.js';

/**
 * Export and import of the whole base (CSV or JSON, the command line's format). An import is checked first and the
 * report lists every row with a problem; nothing changes until the editor confirms, and a file with errors is imported
 * only when the editor chooses to import its valid rows alone.
 */
export class ImportView {
  readonly element: HTMLElement;
  private readonly file = h('input', { type: 'file', accept: '.csv,.json,text/csv,application/json' });
  private readonly report = h('div', { 'aria-live': 'polite' });

  constructor(
    private readonly api: KnowledgeApi,
    private readonly notify: Notifier,
  ) {
    const check = h('button', { type: 'button', class: 'button button--primary' }, 'Revisar archivo');
    check.addEventListener('click', () => void this.check());
    this.element = h(
      'section',
      { class: 'import', 'aria-labelledby': 'export-title' },
      h('h2', { id: 'export-title' }, 'Exportar'),
      h(
        'p',
        null,
        h('a', { class: 'button', href: api.exportUrl('csv'), download: 'base-de-conocimiento.csv' }, 'Descargar CSV'),
        ' ',
        h(
          'a',
          { class: 'button', href: api.exportUrl('json'), download: 'base-de-conocimiento.json' },
          'Descargar JSON',
        ),
      ),
      h('h2', null, 'Importar'),
      h(
        'p',
        { class: 'hint' },
        'El archivo reemplaza toda la base de conocimiento. Primero se revisa fila por fila; nada cambia hasta que usted confirme.',
      ),
      field('kb-import-file', 'Archivo (.csv o .json)', this.file),
      h('div', { class: 'actions' }, check),
      this.report,
    );
  }

  private async read(): Promise<{ text: string; name: string } | null> {
    const file = this.file.files?.[0];
    if (!file) {
      this.notify.error('Elija primero un archivo .csv o .json.');
      return null;
    }
    return { text: await file.text(), name: file.name };
  }

  private async check(): Promise<void> {
    const file = await this.read();
    if (!file) return;
    try {
      this.render(await this.api.importFile(file.text, file.name, 'check'), file);
    } catch (error) {
      this.report.replaceChildren(h('p', { class: 'field-error', role: 'alert' }, errorText(error)));
    }
  }

  private render(report: ImportReport, file: { text: string; name: string }): void {
    const ok = report.errors.length === 0;
    const summary = ok
      ? `${report.rows} filas, todas válidas.`
      : `${report.rows} filas: ${report.valid} válidas y ${report.errors.length} ${report.errors.length === 1 ? 'problema' : 'problemas'}.`;
    const apply = h(
      'button',
      { type: 'button', class: ok ? 'button button--primary' : 'button button--danger' },
      ok ? 'Importar y reemplazar la base' : `Importar solo las ${report.valid} filas válidas`,
    );
    apply.addEventListener('click', () => void this.apply(file, ok ? 'replace' : 'replace-valid', report));
    this.report.replaceChildren(
      ...present(
        h('p', { class: ok ? 'notice notice--info' : 'field-error' }, summary),
        ok ? null : h('ul', { class: 'import-errors' }, ...report.errors.map((e) => h('li', null, e))),
        report.valid > 0 ? h('div', { class: 'actions' }, apply) : null,
      ),
    );
  }

  private async apply(
    file: { text: string; name: string },
    mode: 'replace' | 'replace-valid',
    report: ImportReport,
  ): Promise<void> {
    const text =
      mode === 'replace'
        ? `La base actual se reemplaza por las ${report.valid} entradas del archivo. Queda guardada en el historial de versiones.`
        : `Las filas con problemas NO se importan: la base quedará con ${report.valid} entradas. La base actual queda guardada en el historial de versiones.`;
    if (!(await confirmDialog('¿Reemplazar la base de conocimiento?', text, 'Sí, importar'))) return;
    try {
      const result = await this.api.importFile(file.text, file.name, mode);
      if (result.applied) this.notify.info(`Se importaron ${result.valid} entradas (versión ${result.version ?? ''}).`);
      else this.render(result, file);
      if (result.applied) this.report.replaceChildren();
    } catch (error) {
      this.notify.error(errorText(error));
    }
  }
}
