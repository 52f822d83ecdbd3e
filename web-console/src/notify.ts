import { h } from './dom.js';

/**
 * One place for the console's feedback: polite news (taken, sent, saved) and errors, both read aloud by screen
 * readers. Regions exist from the start so assistive technology is already listening when text arrives.
 */
export class Notifier {
  readonly element: HTMLElement;
  private readonly status: HTMLElement;
  private readonly alert: HTMLElement;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.status = h('p', { class: 'notice notice--info', role: 'status' });
    this.alert = h('p', { class: 'notice notice--error', role: 'alert' });
    this.element = h('div', { class: 'notices' }, this.status, this.alert);
  }

  info(text: string): void {
    this.alert.textContent = '';
    this.status.textContent = text;
    this.fadeLater();
  }

  error(text: string): void {
    this.status.textContent = '';
    this.alert.textContent = text;
    this.fadeLater(15_000);
  }

  private fadeLater(ms = 6000): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.status.textContent = '';
      this.alert.textContent = '';
    }, ms);
  }
}
