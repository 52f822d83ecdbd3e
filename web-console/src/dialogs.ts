import { field, h } from './dom.js';
import type { AgentStatus, Area } from './types.js';

// Modal questions on the native <dialog>: it traps focus, closes with Escape and gives focus back to the button that
// opened it, which is what keyboard and screen-reader users expect.

function modal(title: string, ...content: Node[]): HTMLDialogElement {
  const titleId = `dialog-${Math.random().toString(36).slice(2)}`;
  const dialog = h(
    'dialog',
    { class: 'dialog', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, title),
    ...content,
  );
  document.body.append(dialog);
  dialog.addEventListener('close', () => dialog.remove());
  return dialog;
}

/** Resolves true only when the person confirms. */
export function confirmDialog(title: string, text: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const yes = h('button', { type: 'button', class: 'button button--danger' }, confirmLabel);
    const no = h('button', { type: 'button', class: 'button' }, 'Cancelar');
    const dialog = modal(title, h('p', null, text), h('div', { class: 'dialog__actions' }, no, yes));
    let answer = false;
    yes.addEventListener('click', () => {
      answer = true;
      dialog.close();
    });
    no.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => resolve(answer));
    dialog.showModal();
    // The safe choice has the focus: Enter on an unread question must not close a citizen's conversation.
    no.focus();
  });
}

export type TransferTarget = { agentId: string } | { area: string };

/** Asks where to transfer; agents are offered only when the list is known (supervisors) and online with room. */
export function transferDialog(
  citizenLabel: string,
  areas: Area[],
  agents: AgentStatus[],
  excludeAgentId: string | null,
): Promise<TransferTarget | null> {
  return new Promise((resolve) => {
    const select = h('select', { 'aria-required': 'true' });
    select.append(h('option', { value: '' }, 'Elija un destino'));
    const areaGroup = h('optgroup', { label: 'Devolver a la fila de un área' });
    for (const area of areas) areaGroup.append(h('option', { value: `area:${area.id}` }, area.name));
    select.append(areaGroup);
    const available = agents.filter(
      (a) => a.id !== excludeAgentId && a.presence === 'online' && a.holding < a.maxConversations,
    );
    if (available.length > 0) {
      const agentGroup = h('optgroup', { label: 'Pasar a un asesor en línea' });
      for (const agent of available)
        agentGroup.append(
          h('option', { value: `agent:${agent.id}` }, `${agent.name} (${agent.holding} de ${agent.maxConversations})`),
        );
      select.append(agentGroup);
    }
    const error = h('p', { class: 'field-error', role: 'alert' });
    const ok = h('button', { type: 'submit', class: 'button button--primary' }, 'Transferir');
    const cancel = h('button', { type: 'button', class: 'button' }, 'Cancelar');
    const form = h(
      'form',
      { method: 'dialog' },
      field(
        'transfer-target',
        'Destino',
        select,
        'La conversación sale de su lista y el ciudadano sigue esperando sin perder su lugar.',
      ),
      error,
      h('div', { class: 'dialog__actions' }, cancel, ok),
    );
    const dialog = modal(`Transferir la conversación de ${citizenLabel}`, form);
    let answer: TransferTarget | null = null;
    form.addEventListener('submit', (event) => {
      const value = select.value;
      if (value === '') {
        event.preventDefault();
        error.textContent = 'Elija a dónde transferir la conversación.';
        select.focus();
        return;
      }
      answer = value.startsWith('agent:') ? { agentId: value.slice(6) } : { area: value.slice(5) };
    });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => resolve(answer));
    dialog.showModal();
    select.focus();
  });
}
