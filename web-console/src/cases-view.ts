import { actionErrorText, ApiError } from './api-error.js';
import type { Api } from './api.js';
import { availableSteps, stepBody, type CaseStep } from './case-steps.js';
import { field, h, present } from './dom.js';
import { formatDate, formatMessageTime } from './format.js';
import type { Notifier } from './notify.js';
import { caseSurveyLink, counterCase, mayRespond } from './case-survey-link.js';
import { LIGHT_FILTERS, lightBadge } from './traffic-light.js';
import type { CaseView, Me } from './types.js';

const STATUSES: { value: string; label: string }[] = [
  { value: 'radicado', label: 'Radicado (sin asignar)' },
  { value: 'en_tramite', label: 'En trámite' },
  { value: 'esperando_ciudadano', label: 'Esperando al ciudadano' },
  { value: 'trasladado', label: 'Trasladado' },
  { value: 'respondido', label: 'Respondido' },
  { value: 'cerrado', label: 'Cerrado' },
  { value: 'desistido', label: 'Desistido' },
  { value: 'en_reposicion', label: 'Reposición por decidir' },
  { value: 'retirado', label: 'Retirado por el ciudadano' },
  { value: 'por_aclarar', label: 'Devuelto para aclarar' },
  { value: 'archivado', label: 'Archivado sin aclarar' },
  { value: 'rechazado', label: 'Rechazado por irrespetuoso' },
];

const HISTORY: Record<string, string> = {
  filed: 'Radicado',
  assigned: 'Asignado',
  completion_requested: 'Se pidió completar',
  completion_received: 'El ciudadano completó',
  extended: 'Plazo ampliado',
  transferred: 'Trasladado',
  answered: 'Respondido',
  closed: 'Cerrado',
  desisted: 'Desistido',
  desistimiento_notified: 'Desistimiento notificado',
  reposicion_filed: 'Recurso de reposición',
  reposicion_resolved: 'Reposición decidida',
  withdrawn: 'Retirado por el ciudadano',
  continued_public_interest: 'Continúa por interés público',
  extended_void: 'Ampliación sin efecto: el ciudadano no fue informado',
  clarification_requested: 'Devuelto para aclarar',
  clarification_received: 'El ciudadano aclaró',
  archived_unclarified: 'Archivado sin aclarar',
  rejected_disrespectful: 'Rechazado por irrespetuoso',
  prioritized: 'Prioridad (art. 20)',
  priority_alert: 'Alerta de petición prioritaria',
  reminder: 'Recordatorio',
  desistimiento_due: 'Venció el plazo para completar',
  citizen_notified: 'Aviso entregado al ciudadano',
  citizen_not_notified: 'El aviso no llegó al ciudadano',
  intake: 'Recibido en ventanilla o por teléfono',
  data_notice_sent: 'Aviso de datos enviado por correo',
  requester_completed: 'El ciudadano completó sus datos',
  topic_set: 'Tema asignado',
  referred_to_control_body: 'Remitido a un organismo disciplinario o de control',
};

const PAGE = 50;

function badge(c: CaseView): HTMLElement {
  const b = lightBadge(c.trafficLight);
  return h(
    'span',
    { class: b.className },
    h('span', { class: 'light__symbol', 'aria-hidden': 'true' }, b.symbol),
    ` ${b.text}`,
  );
}

/** The officials' PQRSD inbox: the list with its due-date lights, and one case with the workflow steps. */
export class CasesView {
  readonly element: HTMLElement;
  private readonly body = h('div', { class: 'cases' });
  private offset = 0;
  private filters = { light: '', status: '' };

  constructor(
    private readonly api: Api,
    private readonly me: Me,
    private readonly notify: Notifier,
  ) {
    this.element = h('div', { class: 'cases-page' }, this.body);
  }

  async showList(): Promise<void> {
    let list;
    try {
      list = await this.api.cases({ ...this.filters, limit: String(PAGE), offset: String(this.offset) });
    } catch (error) {
      this.body.replaceChildren(
        h(
          'p',
          { class: 'empty', role: 'alert' },
          error instanceof ApiError ? actionErrorText(error) : 'No se pudo cargar la bandeja.',
        ),
      );
      return;
    }
    const light = h(
      'select',
      { id: 'filter-light' },
      h('option', { value: '' }, 'Todos'),
      ...LIGHT_FILTERS.map((f) => h('option', { value: f.value }, f.label)),
    );
    light.value = this.filters.light;
    const status = h(
      'select',
      { id: 'filter-status' },
      h('option', { value: '' }, 'Todos'),
      ...STATUSES.map((s) => h('option', { value: s.value }, s.label)),
    );
    status.value = this.filters.status;
    const filterForm = h(
      'form',
      { class: 'filters', 'aria-label': 'Filtrar casos' },
      field('filter-light', 'Semáforo', light),
      field('filter-status', 'Estado', status),
      h('button', { type: 'submit', class: 'button' }, 'Filtrar'),
    );
    filterForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.filters = { light: light.value, status: status.value };
      this.offset = 0;
      void this.showList();
    });
    const rows = list.items.map((c) =>
      h(
        'tr',
        null,
        h('th', { scope: 'row' }, h('a', { href: `#/casos/${encodeURIComponent(c.radicado)}` }, c.radicado)),
        h('td', null, c.typeLabel),
        h('td', null, c.statusLabel),
        h('td', null, c.dependency ?? 'Sin asignar'),
        h('td', null, formatDate(c.dueDate)),
        h('td', null, badge(c)),
      ),
    );
    const pager = h('div', { class: 'pager' });
    if (this.offset > 0) {
      const prev = h('button', { type: 'button', class: 'button' }, 'Anteriores');
      prev.addEventListener('click', () => {
        this.offset = Math.max(0, this.offset - PAGE);
        void this.showList();
      });
      pager.append(prev);
    }
    pager.append(
      h(
        'span',
        null,
        list.total === 0 ? '' : `Casos ${this.offset + 1} a ${this.offset + list.items.length} de ${list.total}`,
      ),
    );
    if (this.offset + list.items.length < list.total) {
      const next = h('button', { type: 'button', class: 'button' }, 'Siguientes');
      next.addEventListener('click', () => {
        this.offset += PAGE;
        void this.showList();
      });
      pager.append(next);
    }
    this.body.replaceChildren(
      h('h2', null, 'Bandeja de casos PQRSD'),
      filterForm,
      rows.length === 0
        ? h('p', { class: 'empty' }, 'No hay casos con estos filtros.')
        : h(
            'table',
            { class: 'table' },
            h('caption', { class: 'sr-only' }, 'Casos, el que vence primero arriba'),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ...['Radicado', 'Tipo', 'Estado', 'Dependencia', 'Vence', 'Semáforo'].map((t) =>
                  h('th', { scope: 'col' }, t),
                ),
              ),
            ),
            h('tbody', null, ...rows),
          ),
      pager,
    );
  }

  async showCase(radicado: string): Promise<void> {
    try {
      this.renderCase(await this.api.caseView(radicado));
    } catch (error) {
      this.body.replaceChildren(
        h('p', null, h('a', { href: '#/casos' }, 'Volver a la bandeja')),
        h(
          'p',
          { class: 'empty', role: 'alert' },
          error instanceof ApiError ? actionErrorText(error) : 'No se pudo abrir el caso.',
        ),
      );
    }
  }

  private renderCase(c: CaseView): void {
    const requester =
      c.requester === null
        ? 'Anónimo'
        : 'reservada' in c.requester
          ? 'Identidad reservada'
          : [
              c.requester.name,
              c.requester.documentType && c.requester.documentNumber
                ? `${c.requester.documentType} ${c.requester.documentNumber}`
                : null,
              c.requester.email,
              c.requester.phone,
              c.requester.address,
            ]
              .filter((v) => v)
              .join(' · ') || 'Sin datos';
    const facts: [string, Node | string][] = [
      ['Tipo', c.typeLabel],
      ['Estado', c.statusLabel],
      ['Semáforo', badge(c)],
      ['Vence', formatDate(c.dueDate)],
      ['Dependencia', c.dependency ?? 'Sin asignar'],
      ['Tema', c.topic ?? 'Sin clasificar'],
      ['Solicitante', requester],
      ...(c.represented
        ? [
            [
              'En representación de',
              'reservada' in c.represented
                ? 'Datos reservados'
                : [
                    c.represented.name,
                    c.represented.documentType && c.represented.documentNumber
                      ? `${c.represented.documentType} ${c.represented.documentNumber}`
                      : null,
                  ]
                    .filter((x) => x)
                    .join(' · '),
            ] as [string, string],
          ]
        : []),
      ['Recibido', formatMessageTime(c.receivedAt, new Date())],
    ];
    if (c.subject) facts.push(['Asunto', c.subject]);
    if (c.referral) {
      facts.push([
        'Remitido a',
        `${c.referral.body}${c.referral.at ? ` (${formatMessageTime(c.referral.at, new Date())})` : ''}`,
      ]);
    }
    // Sent only to those handling the case; sensitive data the citizen chose to give, shown without comment.
    if (c.populationLabels) {
      facts.push([
        'Grupos de población',
        c.populationLabels.length > 0
          ? c.populationLabels.map((p) => `${p.field}: ${p.value}`).join(' · ')
          : 'No los contó (son opcionales)',
      ]);
    }
    const history = (c.history ?? []).map((e) =>
      h(
        'li',
        null,
        h('time', { datetime: e.at }, formatMessageTime(e.at, new Date())),
        ` · ${HISTORY[e.kind] ?? e.kind}${e.actor ? ` · ${e.actor}` : ''}`,
      ),
    );
    const steps = availableSteps(c.allowedActions).map((step) => this.stepForm(c, step));
    this.body.replaceChildren(
      ...present(
        h('p', null, h('a', { href: '#/casos' }, 'Volver a la bandeja')),
        h('h2', { tabindex: '-1', id: 'case-title' }, `Caso ${c.radicado}`),
        h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
        h('h3', null, 'Descripción'),
        h('p', { class: 'case__text' }, c.description),
        c.answer && h('h3', null, 'Respuesta enviada'),
        c.answer && h('p', { class: 'case__text' }, c.answer),
        c.answer &&
          counterCase(c) &&
          mayRespond(this.me.permissions) &&
          caseSurveyLink(this.api, c.radicado, this.notify),
        steps.length > 0 && h('h3', null, 'Acciones'),
        ...steps,
        history.length > 0 && h('h3', null, 'Historial'),
        history.length > 0 && h('ol', { class: 'history' }, ...history),
      ),
    );
  }

  private stepForm(c: CaseView, step: CaseStep): HTMLElement {
    const controls = new Map<string, HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>();
    const uploads = new Map<string, HTMLInputElement>();
    const error = h('p', { class: 'field-error', role: 'alert' });
    const fields = step.fields.map((f) => {
      const id = `${step.step}-${f.name}`;
      if (f.kind === 'files') {
        const input = h('input', { type: 'file', multiple: '', accept: 'application/pdf,image/jpeg,image/png' });
        uploads.set(f.name, input);
        return field(id, f.label, input, f.hint);
      }
      if (f.kind === 'checkbox') {
        const input = h('input', { type: 'checkbox', id });
        controls.set(f.name, input);
        return h('div', { class: 'field field--check' }, input, h('label', { for: id }, f.label));
      }
      if (f.kind === 'select') {
        const select = h(
          'select',
          { 'aria-required': f.required ? 'true' : undefined },
          h('option', { value: '' }, f.required ? 'Elija una opción' : 'No aplica'),
          ...(f.options ?? []).map((o) => h('option', { value: o.value }, o.label)),
        );
        controls.set(f.name, select);
        return field(id, f.label, select, f.hint);
      }
      const control =
        f.kind === 'textarea'
          ? h('textarea', { rows: '3', 'aria-required': f.required ? 'true' : undefined })
          : h('input', { type: f.kind === 'date' ? 'date' : 'text', 'aria-required': f.required ? 'true' : undefined });
      controls.set(f.name, control);
      return field(id, f.label, control, f.hint);
    });
    const form = h(
      'form',
      { class: 'step' },
      ...fields,
      error,
      h('button', { type: 'submit', class: 'button button--primary' }, step.button),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const values: Record<string, string | boolean> = {};
      for (const [name, control] of controls)
        values[name] =
          control instanceof HTMLInputElement && control.type === 'checkbox' ? control.checked : control.value;
      const built = stepBody(step, values, c.version);
      if ('missing' in built) {
        error.textContent = built.missing;
        return;
      }
      void this.uploadThenRun(c, step, built.body, uploads, error);
    });
    return h('details', { class: 'step-box' }, h('summary', null, step.title), form);
  }

  /** Documents first (each checked by the server as it arrives), then the step that names them. */
  private async uploadThenRun(
    c: CaseView,
    step: CaseStep,
    body: Record<string, unknown>,
    uploads: Map<string, HTMLInputElement>,
    error: HTMLElement,
  ): Promise<void> {
    for (const [name, input] of uploads) {
      const files = [...(input.files ?? [])];
      if (files.length === 0) continue;
      if (files.length > 5) {
        error.textContent = 'Adjunte hasta 5 archivos.';
        return;
      }
      const refs: string[] = [];
      for (const file of files) {
        try {
          refs.push((await this.api.caseFile(c.radicado, file)).ref);
        } catch (e) {
          error.textContent = `«${file.name}»: ${e instanceof ApiError ? e.message : 'no se pudo adjuntar.'}`;
          return;
        }
      }
      body[name] = refs;
    }
    await this.runStep(c, step, body, error);
  }

  private async runStep(c: CaseView, step: CaseStep, body: Record<string, unknown>, error: HTMLElement): Promise<void> {
    try {
      const updated = await this.api.caseStep(c.radicado, step.step, body);
      this.renderCase(updated);
      this.notify.info(`Listo: ${step.title.toLowerCase()} (caso ${c.radicado}).`);
      document.getElementById('case-title')?.focus();
    } catch (e) {
      const text = e instanceof ApiError ? actionErrorText(e) : 'No se pudo completar la acción.';
      error.replaceChildren(text);
      if (e instanceof ApiError && e.code === 'CASE_CHANGED') {
        const reload = h('button', { type: 'button', class: 'button' }, 'Recargar caso');
        reload.addEventListener('click', () => void this.showCase(c.radicado));
        error.append(' ', reload);
      }
    }
  }
}
