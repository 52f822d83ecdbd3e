import { actionErrorText, ApiError } from './api-error.js';
import type { Api } from './api.js';
import { ConversationPanel } from './conversation-panel.js';
import { confirmDialog, transferDialog } from './dialogs.js';
import { canReadCases } from './case-steps.js';
import { h, replaceKeepingFocus } from './dom.js';
import { channelName, describeWaiting, formatWaiting, waitingLevel, waitingNow } from './format.js';
import { initialHandoffState, queueView, reduce, type HandoffAction, type HandoffState } from './handoff-state.js';
import type { Notifier } from './notify.js';
import type { AgentStatus, Area, HandoffDetail, HandoffSummary, LiveFrame, Me, Presence } from './types.js';

const PRESENCE: { value: Presence; label: string }[] = [
  { value: 'online', label: 'En línea' },
  { value: 'away', label: 'Ausente' },
  { value: 'offline', label: 'Desconectado' },
];

/** A counter that the page-wide ticker moves every second (main.ts), from the server's figure and when it came. */
export function waitingClock(fromServer: number, loadedAtMs: number, prefix: string): HTMLElement {
  const seconds = waitingNow(fromServer, loadedAtMs, Date.now());
  const level = waitingLevel(seconds);
  return h(
    'span',
    {
      class: `wait wait--${level}`,
      'data-waiting': String(fromServer),
      'data-loaded-at': String(loadedAtMs),
      'data-prefix': prefix,
      title: `${prefix} ${describeWaiting(seconds)}`.trim(),
    },
    `${prefix} ${formatWaiting(seconds)}`.trim(),
  );
}

/** The agent's desk: presence, the live queue by area, their own conversations, and the open conversation. */
export class AgentView {
  readonly element: HTMLElement;
  private state: HandoffState = initialHandoffState;
  private readonly queueList = h('div', { class: 'queue__areas' });
  private readonly mineList = h('div', { class: 'mine__list' });
  private readonly queueCount = h('span', { class: 'count' });
  private readonly mineCount = h('span', { class: 'count' });
  private readonly panel: ConversationPanel;
  private areas: Area[] = [];
  private agents: AgentStatus[] = [];
  private readonly presenceInputs = new Map<Presence, HTMLInputElement>();

  constructor(
    private readonly api: Api,
    private readonly me: Me,
    private readonly notify: Notifier,
  ) {
    this.panel = new ConversationPanel(api, me.id, {
      transfer: (detail) => void this.transfer(detail),
      close: (detail) => void this.close(detail),
      take: (id) => void this.take(id),
      sent: (handoffId, message) => this.dispatch({ type: 'message', handoffId, message }),
      error: (text) => notify.error(text),
      areaName: (id) => this.areaName(id),
      canReadCases: canReadCases(me.permissions),
    });
    const takeNext = h(
      'button',
      { type: 'button', class: 'button button--primary button--wide', 'data-key': 'take-next' },
      'Tomar siguiente',
    );
    takeNext.addEventListener('click', () => void this.take());
    this.element = h(
      'div',
      { class: 'desk' },
      h(
        'div',
        { class: 'desk__side' },
        this.presenceSwitch(),
        takeNext,
        h(
          'section',
          { class: 'queue', 'aria-labelledby': 'queue-title' },
          h('h2', { id: 'queue-title' }, 'Fila de espera ', this.queueCount),
          this.queueList,
        ),
        h(
          'section',
          { class: 'mine', 'aria-labelledby': 'mine-title' },
          h('h2', { id: 'mine-title' }, 'Mis conversaciones ', this.mineCount),
          this.mineList,
        ),
      ),
      this.panel.element,
    );
  }

  async start(): Promise<void> {
    const [areas, canned] = await Promise.all([
      this.api.areas().catch(() => []),
      this.api.cannedResponses().catch(() => []),
    ]);
    this.areas = areas;
    this.panel.setCanned(canned);
    await this.reload();
  }

  /** Everything again: after a reconnect events may have been missed. */
  async reload(): Promise<void> {
    try {
      const handoffs = await this.api.handoffs();
      this.dispatch({ type: 'list.loaded', handoffs, atMs: Date.now() });
      const open = this.panel.openId;
      if (open) await this.openConversation(open, false);
    } catch (error) {
      if (error instanceof ApiError && error.status !== 401) this.notify.error(actionErrorText(error));
    }
    if (this.me.permissions.includes('handoff.supervise'))
      this.agents = await this.api.agents().catch(() => this.agents);
  }

  onFrame(frame: Exclude<LiveFrame, { type: 'ping' }>): void {
    switch (frame.type) {
      case 'message':
        this.dispatch({ type: 'message', handoffId: frame.handoffId, message: frame.message });
        // The agent is looking at it: the citizen's message is read.
        if (
          frame.message.from === 'citizen' &&
          this.panel.openId === frame.handoffId &&
          document.visibilityState === 'visible'
        )
          void this.api.markRead(frame.handoffId).catch(() => undefined);
        break;
      case 'handoff.updated':
        this.dispatch({ type: 'handoff.updated', handoff: frame.handoff, atMs: Date.now() });
        void this.reloadList();
        break;
      case 'queue.changed':
        void this.reloadList();
        break;
      case 'agents.changed':
        if (this.me.permissions.includes('handoff.supervise'))
          void this.api
            .agents()
            .then((a) => (this.agents = a))
            .catch(() => undefined);
        break;
    }
  }

  private async reloadList(): Promise<void> {
    try {
      this.dispatch({ type: 'list.loaded', handoffs: await this.api.handoffs(), atMs: Date.now() });
    } catch {
      // The next event or reconnect reloads it.
    }
  }

  private dispatch(action: HandoffAction): void {
    const before = this.state;
    this.state = reduce(this.state, action);
    this.renderLists();
    if (this.state.open && this.state.open !== before.open) {
      if (before.open?.id === this.state.open.id) this.panel.update(this.state.open);
      else this.panel.show(this.state.open);
    }
  }

  private areaName(id: string): string {
    return this.areas.find((a) => a.id === id)?.name ?? id;
  }

  private presenceSwitch(): HTMLElement {
    const fieldset = h('fieldset', { class: 'presence' }, h('legend', null, 'Mi estado'));
    for (const option of PRESENCE) {
      const input = h('input', {
        type: 'radio',
        name: 'presence',
        value: option.value,
        id: `presence-${option.value}`,
      });
      input.checked = this.me.presence === option.value;
      input.addEventListener('change', () => void this.setPresence(option.value));
      this.presenceInputs.set(option.value, input);
      fieldset.append(
        h(
          'span',
          { class: `presence__option presence__option--${option.value}` },
          input,
          h('label', { for: input.id }, option.label),
        ),
      );
    }
    return fieldset;
  }

  private async setPresence(presence: Presence): Promise<void> {
    const previous = this.me.presence;
    try {
      await this.api.setPresence(presence);
      this.me.presence = presence;
      this.notify.info(`Su estado ahora es «${PRESENCE.find((p) => p.value === presence)?.label}».`);
      await this.reloadList();
    } catch (error) {
      const input = this.presenceInputs.get(previous);
      if (input) input.checked = true;
      this.notify.error(error instanceof ApiError ? actionErrorText(error) : 'No se pudo cambiar su estado.');
    }
  }

  private async take(id?: string): Promise<void> {
    try {
      const taken = await this.api.take(id);
      this.notify.info(`Tomó la conversación de ${taken.citizenLabel}.`);
      await this.openConversation(taken.id, true);
      await this.reloadList();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'NOT_FOUND' && id === undefined)
        this.notify.info('No hay conversaciones esperando en sus áreas.');
      else this.notify.error(error instanceof ApiError ? actionErrorText(error) : 'No se pudo tomar la conversación.');
      await this.reloadList();
    }
  }

  async openConversation(id: string, focusReply: boolean): Promise<void> {
    let detail: HandoffDetail;
    try {
      detail = await this.api.handoff(id);
    } catch (error) {
      this.notify.error(error instanceof ApiError ? actionErrorText(error) : 'No se pudo abrir la conversación.');
      return;
    }
    this.dispatch({ type: 'detail.loaded', detail, atMs: Date.now() });
    if (focusReply) this.panel.focusReply();
    if (detail.status === 'assigned' && detail.agent?.id === this.me.id && detail.unread > 0) {
      await this.api.markRead(id).catch(() => undefined);
      this.dispatch({ type: 'read', handoffId: id });
    }
  }

  private async transfer(detail: HandoffDetail | HandoffSummary): Promise<void> {
    if (this.me.permissions.includes('handoff.supervise'))
      this.agents = await this.api.agents().catch(() => this.agents);
    const target = await transferDialog(detail.citizenLabel, this.areas, this.agents, detail.agent?.id ?? null);
    if (!target) return;
    try {
      await this.api.transfer(detail.id, target);
      this.notify.info(`Transfirió la conversación de ${detail.citizenLabel}.`);
      if (this.panel.openId === detail.id) await this.openConversation(detail.id, false);
      await this.reloadList();
    } catch (error) {
      this.notify.error(error instanceof ApiError ? actionErrorText(error) : 'No se pudo transferir.');
    }
  }

  private async close(detail: HandoffDetail): Promise<void> {
    const sure = await confirmDialog(
      '¿Cerrar la conversación?',
      `${detail.citizenLabel} recibirá un mensaje de cierre y la encuesta de satisfacción, y el asistente virtual volverá a atenderle.`,
      'Sí, cerrar conversación',
    );
    if (!sure) return;
    try {
      const closed = await this.api.close(detail.id);
      this.dispatch({ type: 'handoff.updated', handoff: closed, atMs: Date.now() });
      this.notify.info(`Cerró la conversación de ${detail.citizenLabel}.`);
      await this.reloadList();
    } catch (error) {
      this.notify.error(error instanceof ApiError ? actionErrorText(error) : 'No se pudo cerrar la conversación.');
    }
  }

  private renderLists(): void {
    const view = queueView(this.state.handoffs, this.me.id);
    const at = this.state.loadedAtMs;
    this.queueCount.textContent = `(${view.queuedTotal})`;
    this.mineCount.textContent = `(${view.mine.length})`;
    const areas = view.areas.map((group) =>
      h(
        'section',
        { class: 'queue__area', 'aria-label': `Área ${this.areaName(group.area)}` },
        h('h3', null, `${this.areaName(group.area)} (${group.items.length})`),
        h('ol', { class: 'rows' }, ...group.items.map((item) => this.queueRow(item, at))),
      ),
    );
    replaceKeepingFocus(
      this.queueList,
      ...(areas.length > 0 ? areas : [h('p', { class: 'empty' }, 'Nadie está esperando.')]),
    );
    const mine = view.mine.map((item) => this.mineRow(item, at));
    replaceKeepingFocus(
      this.mineList,
      mine.length > 0
        ? h('ul', { class: 'rows' }, ...mine)
        : h('p', { class: 'empty' }, 'No tiene conversaciones abiertas.'),
    );
  }

  private badges(item: HandoffSummary): (HTMLElement | null)[] {
    return [
      item.priorityLabel ? h('span', { class: `badge badge--priority-${item.priority}` }, item.priorityLabel) : null,
    ];
  }

  private queueRow(item: HandoffSummary, at: number): HTMLElement {
    const take = h(
      'button',
      {
        type: 'button',
        class: 'button button--small',
        'data-key': `take-${item.id}`,
        'aria-label': `Tomar la conversación de ${item.citizenLabel}`,
      },
      'Tomar',
    );
    take.addEventListener('click', () => void this.take(item.id));
    const view = h(
      'button',
      { type: 'button', class: 'link-button', 'data-key': `view-${item.id}` },
      item.citizenLabel,
    );
    view.addEventListener('click', () => void this.openConversation(item.id, false));
    return h(
      'li',
      { class: `row${this.panel.openId === item.id ? ' row--open' : ''}` },
      h(
        'div',
        { class: 'row__main' },
        h('span', { class: 'row__position' }, `Turno ${item.position ?? '—'}`),
        view,
        ...this.badges(item),
      ),
      h(
        'p',
        { class: 'row__meta' },
        `${channelName(item.channel)} · `,
        waitingClock(item.waitingSeconds, at, 'espera'),
      ),
      item.lastCitizenText && h('p', { class: 'row__text' }, item.lastCitizenText),
      take,
    );
  }

  private mineRow(item: HandoffSummary, at: number): HTMLElement {
    const unread = item.unread > 0 ? `${item.unread} sin leer` : null;
    const open = h(
      'button',
      {
        type: 'button',
        class: 'row__open',
        'data-key': `open-${item.id}`,
        'aria-current': this.panel.openId === item.id ? 'true' : undefined,
      },
      h('span', { class: 'row__name' }, item.citizenLabel),
      unread && h('span', { class: 'badge badge--unread' }, unread),
    );
    open.addEventListener('click', () => void this.openConversation(item.id, true));
    return h(
      'li',
      { class: `row${this.panel.openId === item.id ? ' row--open' : ''}` },
      open,
      ...this.badges(item),
      h(
        'p',
        { class: 'row__meta' },
        `${channelName(item.channel)} · `,
        item.unread > 0 ? waitingClock(item.waitingSeconds, at, 'sin respuesta hace') : 'al día',
      ),
      item.lastCitizenText && h('p', { class: 'row__text' }, item.lastCitizenText),
    );
  }
}
