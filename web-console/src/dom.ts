import { h, type Child } from '../../web-widget/src/dom.js';

// One element builder for both browser apps: text children are text nodes, never markup.
export { h, srOnly } from '../../web-widget/src/dom.js';

/**
 * Replaces a container's children without losing the keyboard focus: the focused element's `data-key` is looked up
 * again in the new content. Live updates re-render lists while agents tab through them.
 */
export function replaceKeepingFocus(container: HTMLElement, ...children: Node[]): void {
  const active = document.activeElement;
  const key = active instanceof HTMLElement && container.contains(active) ? active.dataset.key : undefined;
  container.replaceChildren(...children);
  if (key === undefined) return;
  const again = [...container.querySelectorAll<HTMLElement>('[data-key]')].find((el) => el.dataset.key === key);
  if (again) again.focus();
  else container.closest<HTMLElement>('[tabindex="-1"]')?.focus();
}

/** A labelled form control with an optional hint tied to it by aria-describedby. */
export function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  control.id = id;
  if (hint) control.setAttribute('aria-describedby', `${id}-hint`);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
  );
}

/** Children for replaceChildren/append with the conditional ones (null, false, '') left out. */
export function present(...items: Child[]): (Node | string)[] {
  return items.filter(
    (item): item is Node | string => item !== null && item !== undefined && item !== false && item !== '',
  );
}
