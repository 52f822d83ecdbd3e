type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | boolean | undefined>;

/**
 * Creates an element. Children that are strings become text nodes, which is what keeps server text from ever being
 * parsed as HTML: there is no code path here that takes markup.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/** Hidden on screen, read by screen readers. */
export function srOnly(text: string): HTMLSpanElement {
  return h('span', { class: 'sr-only' }, text);
}

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
