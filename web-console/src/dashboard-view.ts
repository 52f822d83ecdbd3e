import { actionErrorText, ApiError } from './api-error.js';
import type { Api } from './api.js';
import { field, h, present } from './dom.js';
import { channelName } from './format.js';
import type { Notifier } from './notify.js';
import {
  formatDay,
  formatDecimal,
  formatDuration,
  formatShare,
  periodPresets,
  recentSemesters,
  type Period,
} from './report-format.js';
import type { CountRow, Dashboard, ReportTable } from './report-types.js';
import { sitePath } from './site-path.js';

/** Symbols for the due-date colours: the bars never rely on colour alone (WCAG 1.4.1). */
const LIGHT_SYMBOLS: Record<string, string> = { expired: '✖', red: '◆', yellow: '▲', green: '●', paused: '‖' };
/** The unanswered questions are the editors' to-do list: they get their own section instead of sitting among tables. */
const UNANSWERED_TABLE = 'preguntas-sin-respuesta';

interface Bar {
  label: string;
  value: number;
  /** What is read next to the bar (the number, maybe with a share). */
  text: string;
  className?: string;
  symbol?: string;
}

/**
 * The supervisor's dashboard: for a chosen period, the key figures as numbers, charts where a shape says more than
 * a list, every table with its CSV download, and the printable legal reports. Everything comes from one request
 * (/api/v1/reports/dashboard), so the page shows one consistent moment.
 */
export class DashboardView {
  readonly element: HTMLElement;
  private readonly from = h('input', { type: 'date', required: true });
  private readonly to = h('input', { type: 'date', required: true });
  private readonly status = h('p', { class: 'hint', role: 'status' });
  private readonly body = h('div', { class: 'dashboard__body' });
  private readonly semester = h('select');
  private readonly semesterLink = h(
    'a',
    { class: 'button', target: '_blank', rel: 'noopener' },
    'Abrir informe semestral',
  );
  private readonly transparencyLink = h(
    'a',
    { class: 'button', target: '_blank', rel: 'noopener' },
    'Abrir informe de transparencia',
  );
  private period: Period | null = null;
  /** Only the newest request may render: an earlier, slower one must not overwrite the period the person chose. */
  private loading = 0;

  constructor(
    private readonly api: Api,
    private readonly notify: Notifier,
    private readonly today: () => string,
  ) {
    const form = h(
      'form',
      { class: 'filters dashboard__period', 'aria-label': 'Periodo del informe' },
      field('report-from', 'Desde', this.from),
      field('report-to', 'Hasta (incluido)', this.to),
      h('button', { type: 'submit', class: 'button button--primary' }, 'Ver informe'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.go({ from: this.from.value, to: this.to.value });
    });
    const presets = h('div', { class: 'dashboard__presets', role: 'group', 'aria-label': 'Periodos rápidos' });
    for (const preset of periodPresets(this.today())) {
      const button = h('button', { type: 'button', class: 'button button--small' }, preset.label);
      button.addEventListener('click', () => this.go(preset.period));
      presets.append(button);
    }
    for (const s of recentSemesters(this.today())) this.semester.append(h('option', { value: s.value }, s.label));
    this.semester.addEventListener('change', () => this.updateLinks());
    this.element = h(
      'div',
      { class: 'dashboard' },
      h('h2', null, 'Informes de atención, satisfacción y PQRSD'),
      form,
      presets,
      h(
        'section',
        { class: 'dashboard__legal', 'aria-labelledby': 'legal-title' },
        h('h3', { id: 'legal-title' }, 'Informes para imprimir'),
        h(
          'div',
          { class: 'dashboard__legal-row' },
          field('report-semester', 'Informe semestral de PQRSD (Ley 1474 de 2011, art. 76)', this.semester),
          this.semesterLink,
        ),
        h(
          'div',
          { class: 'dashboard__legal-row' },
          h('p', null, 'Informe de solicitudes de información (Ley 1712 de 2014, art. 11 h) del periodo elegido.'),
          this.transparencyLink,
        ),
        h(
          'p',
          { class: 'hint' },
          'Se abren en otra pestaña. Para guardarlos en PDF, use Imprimir y elija «Guardar como PDF».',
        ),
      ),
      this.status,
      this.body,
    );
  }

  /** Shows the period in the address (#/informes/<from>/<to>), so a reload or a shared link keeps it. */
  private go(period: Period): void {
    if (!period.from || !period.to) return;
    location.hash = `#/informes/${period.from}/${period.to}`;
  }

  async show(from?: string, to?: string): Promise<void> {
    const fallback = periodPresets(this.today())[0]!.period;
    const period = from && to ? { from, to } : fallback;
    this.period = period;
    this.from.value = period.from;
    this.to.value = period.to;
    this.updateLinks();
    if (period.from > period.to) {
      this.status.textContent = 'La fecha «Desde» es posterior a «Hasta». Corrija el periodo.';
      this.body.replaceChildren();
      return;
    }
    this.status.textContent = 'Cargando el informe…';
    const ticket = ++this.loading;
    try {
      const dashboard = await this.api.dashboard(period);
      if (ticket !== this.loading) return;
      this.status.textContent = `Periodo: ${formatDay(period.from)} a ${formatDay(period.to)}. Casos abiertos al ${formatDay(dashboard.today)}.`;
      this.render(dashboard);
    } catch (error) {
      if (ticket !== this.loading) return;
      this.status.textContent = '';
      if (error instanceof ApiError && error.status !== 401) this.notify.error(actionErrorText(error));
    }
  }

  /** Free comments of the period, searched without caring for case or accents ("sisben" finds "SISBÉN"). */
  private commentSearch(period: Period): HTMLElement {
    const input = h('input', { type: 'search', minlength: '2', maxlength: '100' });
    const results = h('div', { 'aria-live': 'polite' });
    const form = h(
      'form',
      { class: 'filters', role: 'search', 'aria-label': 'Buscar en los comentarios' },
      field('comment-search', 'Palabra o frase', input, 'Por ejemplo: fila, trato, SISBÉN.'),
      h('button', { type: 'submit', class: 'button' }, 'Buscar'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (text.length < 2) {
        results.replaceChildren(h('p', { class: 'empty' }, 'Escriba al menos 2 letras para buscar.'));
        return;
      }
      void this.api
        .searchComments(period, text)
        .then((items) =>
          results.replaceChildren(
            h('p', null, items.length === 1 ? '1 comentario encontrado.' : `${items.length} comentarios encontrados.`),
            h(
              'ul',
              { class: 'comments' },
              ...items.map((c) =>
                h(
                  'li',
                  { class: 'comment' },
                  h(
                    'p',
                    { class: 'comment__meta' },
                    `${when.format(new Date(c.answeredAt))} · ${c.surveyTitle} · ${channelName(c.channel)}`,
                  ),
                  h('p', { class: 'comment__text' }, c.text),
                ),
              ),
            ),
          ),
        )
        .catch((error: unknown) => {
          if (error instanceof ApiError && error.status !== 401) this.notify.error(actionErrorText(error));
        });
    });
    return h(
      'section',
      { 'aria-labelledby': 'comments-title' },
      h('h3', { id: 'comments-title' }, 'Comentarios de los ciudadanos'),
      form,
      results,
    );
  }

  private updateLinks(): void {
    this.semesterLink.href = sitePath(`/api/v1/reports/ley-1474?semestre=${encodeURIComponent(this.semester.value)}`);
    if (this.period) this.transparencyLink.href = sitePath(`/api/v1/reports/ley-1712?${query(this.period)}`);
  }

  private render(d: Dashboard): void {
    const { conversations, handoffs } = d.service;
    const { runs, csat } = d.satisfaction;
    const outcome = (key: string) => d.pqrsd.byOutcome.find((r) => r.key === key)?.count ?? 0;
    const onTime = outcome('a_tiempo');
    const late = outcome('tarde');
    const expired = d.openCases.find((r) => r.key === 'expired')?.count ?? 0;

    const figures = h(
      'section',
      { 'aria-labelledby': 'figures-title' },
      h('h3', { id: 'figures-title' }, 'Cifras del periodo'),
      h(
        'dl',
        { class: 'kpis' },
        kpi('Conversaciones', String(conversations.total), 'iniciadas por ciudadanos'),
        kpi(
          'Resueltas por el bot',
          formatShare(conversations.botResolvedShare),
          `${conversations.botOnly} sin pasar a un asesor`,
        ),
        kpi(
          'Pasaron a un asesor',
          formatShare(conversations.handoffRate),
          `${handoffs.requested} solicitudes, ${handoffs.abandoned} dejaron la fila`,
        ),
        kpi(
          'Espera hasta un asesor',
          formatDuration(handoffs.waitToAgent.medianSeconds),
          `mediana; 9 de cada 10 esperaron ${formatDuration(handoffs.waitToAgent.p90Seconds)} o menos`,
        ),
        kpi(
          'Primera respuesta del asesor',
          formatDuration(handoffs.firstResponse.medianSeconds),
          `mediana; percentil 90: ${formatDuration(handoffs.firstResponse.p90Seconds)}`,
        ),
        kpi(
          'Satisfacción (CSAT)',
          formatShare(csat.share),
          `${csat.satisfied} de ${csat.responses} respuestas con 4 o 5`,
        ),
        kpi('Encuestas respondidas', formatShare(runs.responseRate), `${runs.answered} de ${runs.sent} enviadas`),
        kpi('PQRSD recibidas', String(d.pqrsd.totals.received), `${onTime} respondidas a tiempo, ${late} tarde`),
        kpi('Casos abiertos vencidos', String(expired), 'hoy, según su fecha límite'),
      ),
    );

    const questions = d.satisfaction.questions.filter((q) => q.type === 'escala' && q.averageScore !== null);
    const charts = h(
      'section',
      { 'aria-labelledby': 'charts-title' },
      h('h3', { id: 'charts-title' }, 'Gráficas'),
      h(
        'div',
        { class: 'charts' },
        barChart('chart-canales', 'Conversaciones por canal', counted(d.service.conversations.byChannel)),
        barChart('chart-bot', 'Bot o asesor', [
          {
            label: 'Resueltas por el bot',
            value: conversations.botOnly,
            text: withShare(conversations.botOnly, conversations.total),
          },
          {
            label: 'Pasaron a un asesor',
            value: conversations.withHandoff,
            text: withShare(conversations.withHandoff, conversations.total),
          },
        ]),
        barChart(
          'chart-tipos',
          'PQRSD recibidas por tipo',
          d.pqrsd.byType
            .filter((t) => t.received > 0)
            .map((t) => ({ label: t.label, value: t.received, text: String(t.received) })),
        ),
        barChart(
          'chart-oportunidad',
          'PQRSD: oportunidad de la respuesta',
          d.pqrsd.byOutcome.map((r) => ({
            label: r.label,
            value: r.count,
            text: withShare(r.count, d.pqrsd.totals.received),
          })),
        ),
        barChart(
          'chart-semaforo',
          'Casos abiertos según su fecha límite (hoy)',
          d.openCases.map((r) => ({
            label: r.label,
            value: r.count,
            text: String(r.count),
            className: `bar__fill--${r.key}`,
            ...(LIGHT_SYMBOLS[r.key] ? { symbol: LIGHT_SYMBOLS[r.key] } : {}),
          })),
        ),
        barChart(
          'chart-preguntas',
          'Satisfacción por pregunta (promedio de 1 a 5)',
          questions.map((q) => ({
            label: `${q.text} (${q.surveyTitle})`,
            value: q.averageScore ?? 0,
            text: `${formatDecimal(q.averageScore)} · ${q.responses} resp.`,
          })),
          5,
        ),
      ),
    );

    const unanswered = d.tables.find((t) => t.id === UNANSWERED_TABLE);
    const others = d.tables.filter((t) => t.id !== UNANSWERED_TABLE);
    const period = this.period!;
    this.body.replaceChildren(
      ...present(
        figures,
        charts,
        unanswered
          ? h(
              'section',
              { 'aria-labelledby': 'unanswered-title' },
              h('h3', { id: 'unanswered-title' }, 'Preguntas sin respuesta (para los editores de contenido)'),
              h(
                'p',
                { class: 'hint' },
                'Lo que los ciudadanos preguntaron y la base de conocimiento no supo responder, o cuya respuesta no les sirvió. Las más repetidas primero.',
              ),
              tableBlock(unanswered, period, false),
            )
          : null,
        this.commentSearch(period),
        h(
          'section',
          { 'aria-labelledby': 'tables-title' },
          h('h3', { id: 'tables-title' }, 'Tablas y descargas'),
          h('p', { class: 'hint' }, 'Cada tabla se puede descargar en CSV para abrirla en una hoja de cálculo.'),
          ...others.map((t) => tableBlock(t, period, true)),
        ),
      ),
    );
  }
}

const when = new Intl.DateTimeFormat('es-CO', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/Bogota' });

function query(period: Period): string {
  return `from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`;
}

function kpi(label: string, value: string, detail: string): HTMLElement {
  return h(
    'div',
    { class: 'kpi' },
    h('dt', null, label),
    h('dd', { class: 'kpi__value' }, value),
    h('dd', { class: 'kpi__detail' }, detail),
  );
}

function withShare(n: number, total: number): string {
  return total === 0 ? String(n) : `${n} (${formatShare(n / total)})`;
}

function counted(rows: CountRow[]): Bar[] {
  return rows.map((r) => ({ label: r.label, value: r.count, text: String(r.count) }));
}

/**
 * A horizontal bar chart as a list: each bar has its label and number in text next to it, so the chart reads the same
 * to a screen reader and printed in black and white. Bar lengths are set through the CSSOM, which the console's
 * content security policy allows (style attributes would not be).
 */
function barChart(id: string, title: string, bars: Bar[], max?: number): HTMLElement {
  const top = max ?? Math.max(0, ...bars.map((b) => b.value));
  const list =
    bars.length === 0
      ? h('p', { class: 'empty' }, 'Sin datos en el periodo.')
      : h(
          'ul',
          { class: 'bars' },
          ...bars.map((bar) => {
            const fill = h('span', { class: `bar__fill ${bar.className ?? ''}`.trim() });
            fill.style.width = top > 0 ? `${Math.max(0, Math.min(100, (bar.value / top) * 100))}%` : '0%';
            return h(
              'li',
              { class: 'bar' },
              h('span', { class: 'bar__label' }, bar.symbol ? `${bar.symbol} ${bar.label}` : bar.label),
              h('span', { class: 'bar__track', 'aria-hidden': 'true' }, fill),
              h('span', { class: 'bar__value' }, bar.text),
            );
          }),
        );
  return h(
    'figure',
    { class: 'chart', id, 'aria-labelledby': `${id}-title` },
    h('figcaption', { id: `${id}-title` }, title),
    list,
  );
}

function tableBlock(table: ReportTable, period: Period, collapsible: boolean): HTMLElement {
  const download = h(
    'a',
    {
      class: 'button button--small',
      href: sitePath(`/api/v1/reports/csv/${encodeURIComponent(table.id)}?${query(period)}`),
      download: `${table.id}-${period.from}-${period.to}.csv`,
    },
    'Descargar CSV',
  );
  download.setAttribute('aria-label', `Descargar CSV: ${table.title}`);
  const grid =
    table.rows.length === 0
      ? h('p', { class: 'empty' }, 'Sin datos en el periodo.')
      : h(
          'div',
          { class: 'table-scroll' },
          h(
            'table',
            { class: 'table', 'data-table': table.id },
            h('thead', null, h('tr', null, ...table.columns.map((c) => h('th', { scope: 'col' }, c.label)))),
            h(
              'tbody',
              null,
              ...table.rows.map((row) => h('tr', null, ...row.map((cell) => h('td', null, cellText(cell))))),
            ),
          ),
        );
  if (!collapsible) return h('div', { class: 'report-table' }, download, grid);
  return h(
    'details',
    { class: 'report-table' },
    h('summary', null, `${table.title} (${table.rows.length} ${table.rows.length === 1 ? 'fila' : 'filas'})`),
    download,
    grid,
  );
}

function cellText(value: string | number | null): string {
  if (value === null) return '—';
  return typeof value === 'number' ? formatDecimal(value) : value;
}
