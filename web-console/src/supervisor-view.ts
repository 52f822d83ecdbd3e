import { actionErrorText, ApiError } from './api-error.js';
import type { Api } from './api.js';
import { transferDialog } from './dialogs.js';
import { h, replaceKeepingFocus } from './dom.js';
import { channelName } from './format.js';
import { waitingClock } from './agent-view.js';
import type { Notifier } from './notify.js';
import type { AgentStatus, Area, HandoffSummary } from './types.js';

const PRESENCE_TEXT: Record<AgentStatus['presence'], string> = {
  online: 'En línea',
  away: 'Ausente',
  offline: 'Desconectado',
};

/** Supervisors: every agent's status and load, and every conversation being attended, with reassignment. */
export class SupervisorView {
  readonly element: HTMLElement;
  private readonly agentsBox = h('div');
  private readonly handoffsBox = h('div');
  private areas: Area[] = [];
  private agents: AgentStatus[] = [];

  constructor(
    private readonly api: Api,
    private readonly notify: Notifier,
  ) {
    this.element = h(
      'div',
      { class: 'supervision' },
      h('section', { 'aria-labelledby': 'agents-title' }, h('h2', { id: 'agents-title' }, 'Asesores'), this.agentsBox),
      h(
        'section',
        { 'aria-labelledby': 'attending-title' },
        h('h2', { id: 'attending-title' }, 'Conversaciones en curso y en fila'),
        this.handoffsBox,
      ),
    );
  }

  async reload(): Promise<void> {
    try {
      if (this.areas.length === 0) this.areas = await this.api.areas().catch(() => []);
      const [agents, handoffs] = await Promise.all([this.api.agents(), this.api.handoffs()]);
      this.agents = agents;
      this.render(handoffs, Date.now());
    } catch (error) {
      if (error instanceof ApiError && error.status !== 401) this.notify.error(actionErrorText(error));
    }
  }

  private areaName(id: string): string {
    return this.areas.find((a) => a.id === id)?.name ?? id;
  }

  private render(handoffs: HandoffSummary[], at: number): void {
    const agentRows = this.agents.map((a) =>
      h(
        'tr',
        null,
        h('th', { scope: 'row' }, a.name),
        h('td', null, h('span', { class: `presence-tag presence-tag--${a.presence}` }, PRESENCE_TEXT[a.presence])),
        h('td', null, `${a.holding} de ${a.maxConversations}`),
        h('td', null, a.areas.map((id) => this.areaName(id)).join(', ') || 'Todas'),
      ),
    );
    replaceKeepingFocus(
      this.agentsBox,
      agentRows.length === 0
        ? h('p', { class: 'empty' }, 'No hay asesores registrados.')
        : h(
            'table',
            { class: 'table' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { scope: 'col' }, 'Asesor'),
                h('th', { scope: 'col' }, 'Estado'),
                h('th', { scope: 'col' }, 'Conversaciones'),
                h('th', { scope: 'col' }, 'Áreas'),
              ),
            ),
            h('tbody', null, ...agentRows),
          ),
    );
    const rows = handoffs.map((item) => {
      const reassign = h(
        'button',
        {
          type: 'button',
          class: 'button button--small',
          'data-key': `reassign-${item.id}`,
          'aria-label': `Reasignar la conversación de ${item.citizenLabel}`,
        },
        'Reasignar',
      );
      reassign.addEventListener('click', () => void this.reassign(item));
      return h(
        'tr',
        null,
        h(
          'th',
          { scope: 'row' },
          item.citizenLabel,
          item.priorityLabel
            ? h('span', { class: `badge badge--priority-${item.priority}` }, item.priorityLabel)
            : null,
        ),
        h('td', null, `${channelName(item.channel)} · ${this.areaName(item.area)}`),
        h('td', null, item.status === 'queued' ? `En fila (turno ${item.position ?? '—'})` : (item.agent?.name ?? '—')),
        h('td', null, waitingClock(item.waitingSeconds, at, '')),
        h('td', null, reassign),
      );
    });
    replaceKeepingFocus(
      this.handoffsBox,
      rows.length === 0
        ? h('p', { class: 'empty' }, 'No hay conversaciones en curso.')
        : h(
            'table',
            { class: 'table' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { scope: 'col' }, 'Ciudadano'),
                h('th', { scope: 'col' }, 'Canal y área'),
                h('th', { scope: 'col' }, 'Atiende'),
                h('th', { scope: 'col' }, 'Espera'),
                h('th', { scope: 'col' }, 'Acción'),
              ),
            ),
            h('tbody', null, ...rows),
          ),
    );
  }

  private async reassign(item: HandoffSummary): Promise<void> {
    const target = await transferDialog(item.citizenLabel, this.areas, this.agents, item.agent?.id ?? null);
    if (!target) return;
    try {
      await this.api.transfer(item.id, target);
      this.notify.info(`Reasignó la conversación de ${item.citizenLabel}.`);
    } catch (error) {
      this.notify.error(error instanceof ApiError ? actionErrorText(error) : 'No se pudo reasignar.');
    }
    await this.reload();
  }
}
