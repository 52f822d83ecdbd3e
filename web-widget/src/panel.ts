import type { Branding } from './config.js';
import { h, srOnly } from './dom.js';
import { icon } from './icons.js';
import { isHttpUrl } from './linkify.js';
import { MessageLog } from './message-log.js';
import type { QuickReply } from './protocol.js';
import { renderText, type FileLinks } from './render-message.js';
import { STYLES } from './styles.js';
import { texts } from './texts.js';

export interface PanelHandlers {
  opened(): void;
  /** The citizen pressed Enviar or Enter; returns true when the text was accepted (the composer is then cleared). */
  send(text: string): boolean;
  pick(option: QuickReply): void;
  advisor(): void;
  files(files: File[]): void;
  typing(): void;
  /** Links to the files the server keeps (agents' files, the citizen's own uploads). */
  fileLinks: FileLinks;
}

const COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const NOTICE_MS = 10_000;

/**
 * Everything on screen, inside an open shadow root so the portal's CSS and ours cannot reach each other. The panel
 * is a non-modal dialog: the page behind it stays usable, and Escape or "Cerrar chat" give focus back to the launcher.
 */
export class Panel {
  readonly log: MessageLog;
  private readonly root: HTMLDivElement;
  private readonly launcher: HTMLButtonElement;
  private readonly dialog: HTMLDivElement;
  private readonly logo: HTMLImageElement;
  private readonly title: HTMLHeadingElement;
  private readonly subtitle: HTMLParagraphElement;
  private readonly scroller: HTMLDivElement;
  private readonly intro: HTMLDivElement;
  private readonly unavailable: HTMLParagraphElement;
  private readonly typingStatus: HTMLDivElement;
  private readonly connectionStatus: HTMLDivElement;
  private readonly notice: HTMLDivElement;
  private readonly composer: HTMLFormElement;
  private readonly input: HTMLTextAreaElement;
  private readonly attachButton: HTMLButtonElement;
  private readonly fileInput: HTMLInputElement;
  private readonly counter: HTMLParagraphElement;
  private readonly advisorButton: HTMLButtonElement;
  private branding: Branding;
  private maxTextLength = 4000;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private atEnd = true;

  constructor(
    host: HTMLElement,
    branding: Branding,
    private readonly handlers: PanelHandlers,
  ) {
    this.branding = branding;
    // Through the CSSOM rather than a style attribute, which a strict Content-Security-Policy would block.
    host.style.setProperty('all', 'initial', 'important');
    const shadow = host.attachShadow({ mode: 'open' });

    this.launcher = h(
      'button',
      {
        type: 'button',
        class: 'launcher',
        'aria-label': texts.launcher,
        'aria-expanded': 'false',
        'aria-controls': 'ava-panel',
      },
      icon('chat'),
      icon('down'),
    );
    this.logo = h('img', { class: 'logo', alt: '', hidden: true });
    this.title = h('h2', { class: 'title' });
    this.subtitle = h('p', { class: 'subtitle' });
    const closeButton = h('button', { type: 'button', class: 'icon-button', 'aria-label': texts.close }, icon('close'));
    this.advisorButton = h('button', { type: 'button', class: 'advisor' }, texts.advisor);
    this.intro = h('div', { class: 'intro' });
    this.log = new MessageLog(
      h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': texts.log }),
      () => this.branding.title,
      (option) => handlers.pick(option),
      () => this.input.focus(),
      handlers.fileLinks,
    );
    // Present and empty from the start: a status region that appears together with its text may not be announced.
    this.unavailable = h('p', { class: 'unavailable', role: 'status' });
    // Focusable so keyboard users can scroll a long conversation that has no links or buttons to tab to.
    this.scroller = h(
      'div',
      { class: 'scroller', role: 'region', 'aria-label': texts.conversation, tabindex: '0' },
      this.intro,
      this.log.element,
      this.unavailable,
    );
    this.typingStatus = h('div', { class: 'typing', role: 'status' });
    this.connectionStatus = h('div', { class: 'connection', role: 'status' });
    this.notice = h('div', { class: 'notice', role: 'alert' });
    this.input = h('textarea', {
      id: 'ava-input',
      class: 'input',
      rows: '1',
      placeholder: texts.placeholder,
      'aria-describedby': 'ava-counter',
      enterkeyhint: 'send',
    });
    this.fileInput = h('input', { type: 'file', class: 'file', hidden: true, tabindex: '-1', multiple: true });
    this.attachButton = h(
      'button',
      { type: 'button', class: 'icon-button attach', 'aria-label': texts.attach, hidden: true },
      icon('clip'),
    );
    this.counter = h('p', { class: 'counter', id: 'ava-counter' });
    this.composer = h(
      'form',
      { class: 'composer' },
      h('label', { class: 'sr-only', for: 'ava-input' }, texts.inputLabel),
      this.attachButton,
      this.fileInput,
      this.input,
      h('button', { type: 'submit', class: 'send' }, texts.send),
    );
    this.dialog = h(
      'div',
      { class: 'panel', id: 'ava-panel', role: 'dialog', hidden: true },
      h(
        'div',
        { class: 'header' },
        h(
          'div',
          { class: 'header__row' },
          this.logo,
          h('div', { class: 'titles' }, this.title, this.subtitle),
          closeButton,
        ),
        this.advisorButton,
      ),
      this.scroller,
      this.typingStatus,
      this.connectionStatus,
      this.notice,
      this.composer,
      this.counter,
    );
    this.root = h('div', { class: 'root' }, this.launcher, this.dialog);
    adoptStyles(shadow);
    shadow.append(this.root);

    this.launcher.addEventListener('click', () => (this.isOpen ? this.close() : this.open(true)));
    closeButton.addEventListener('click', () => this.close());
    this.root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.isOpen) {
        event.stopPropagation();
        this.close();
      }
    });
    this.scroller.addEventListener(
      'scroll',
      () => (this.atEnd = this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight < 48),
      { passive: true },
    );
    this.advisorButton.addEventListener('click', () => handlers.advisor());
    this.composer.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (event) => {
      // Enter while an input method is composing a word belongs to the IME, not to us.
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => {
      this.updateComposer();
      handlers.typing();
    });
    this.attachButton.addEventListener('click', () => this.fileInput.click());
    this.fileInput.addEventListener('change', () => {
      const files = [...(this.fileInput.files ?? [])];
      this.fileInput.value = '';
      if (files.length > 0) handlers.files(files);
    });

    this.applyBranding(branding);
  }

  get isOpen(): boolean {
    return !this.dialog.hidden;
  }

  /** `focus` is false when opening on page load (data-open): loading a page must not move the focus. */
  open(focus: boolean): void {
    if (!this.isOpen) {
      this.dialog.hidden = false;
      this.launcher.setAttribute('aria-expanded', 'true');
      this.root.classList.add('is-open');
      this.scrollToEnd(true);
      this.handlers.opened();
    }
    if (focus) (this.composer.hidden ? this.dialog.querySelector<HTMLElement>('.icon-button') : this.input)?.focus();
  }

  /** Focus inside the panel goes back to the launcher, so keyboard users are not dropped at the top of the page. */
  close(): void {
    if (!this.isOpen) return;
    const hadFocus = this.dialog.matches(':focus-within');
    this.dialog.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.root.classList.remove('is-open');
    if (hadFocus) this.launcher.focus();
  }

  applyBranding(branding: Branding): void {
    this.branding = branding;
    const style = this.root.style;
    if (COLOR.test(branding.primaryColor)) style.setProperty('--ava-primary', branding.primaryColor);
    if (COLOR.test(branding.primaryTextColor)) style.setProperty('--ava-on-primary', branding.primaryTextColor);
    this.dialog.setAttribute('aria-label', branding.title);
    this.title.textContent = branding.title;
    this.subtitle.textContent = branding.subtitle;
    this.subtitle.hidden = branding.subtitle === '';
    if (branding.logoUrl !== null && isHttpUrl(branding.logoUrl)) {
      this.logo.src = branding.logoUrl;
      this.logo.alt = texts.logo(branding.entityName);
      this.logo.hidden = false;
    } else {
      this.logo.hidden = true;
    }
    const intro: Node[] = [h('p', { class: 'intro__text' }, renderText(branding.welcome))];
    if (branding.privacyUrl !== null && isHttpUrl(branding.privacyUrl)) {
      const link = h('a', { href: branding.privacyUrl, target: '_blank', rel: 'noopener noreferrer' }, texts.privacy);
      intro.push(h('p', null, link, srOnly(texts.newTab)));
    }
    this.intro.replaceChildren(...intro);
  }

  setLimits(maxTextLength: number, uploadTypes: string[]): void {
    this.maxTextLength = maxTextLength;
    this.fileInput.accept = uploadTypes.join(',');
    this.updateComposer();
  }

  setIntroVisible(visible: boolean): void {
    this.intro.hidden = !visible;
  }

  setAttachVisible(visible: boolean): void {
    if (!visible && this.attachButton.matches(':focus')) this.input.focus();
    this.attachButton.hidden = !visible;
  }

  /** Text changes only, so the status region is announced once per change rather than on every reconnect attempt. */
  setConnectionStatus(text: string): void {
    if (this.connectionStatus.textContent !== text) this.connectionStatus.textContent = text;
  }

  setTyping(active: boolean): void {
    clearTimeout(this.typingTimer);
    const text = active ? texts.typing(this.branding.title) : '';
    if (this.typingStatus.textContent !== text) this.typingStatus.textContent = text;
    this.scrollToEnd();
    // The server may never say it stopped (a crash, a lost frame): the protocol caps the indicator at 15 s.
    if (active) this.typingTimer = setTimeout(() => this.setTyping(false), 15_000);
  }

  showNotice(text: string): void {
    clearTimeout(this.noticeTimer);
    this.notice.textContent = text;
    this.scrollToEnd();
    this.noticeTimer = setTimeout(() => (this.notice.textContent = ''), NOTICE_MS);
  }

  /** Takes a notice down early once it no longer holds (the rate-limited message went through after all). */
  clearNotice(text: string): void {
    if (this.notice.textContent === text) this.notice.textContent = '';
  }

  /** The chat cannot work on this site: say so instead of offering a composer that would never deliver. */
  setUnavailable(): void {
    this.unavailable.textContent = texts.unavailable;
    this.composer.hidden = true;
    this.counter.hidden = true;
    this.advisorButton.hidden = true;
    this.intro.hidden = true;
    this.log.element.hidden = true;
    this.setTyping(false);
    this.setConnectionStatus('');
  }

  focusInput(): void {
    this.input.focus();
  }

  /**
   * Follows new messages only while the citizen is at the bottom, so reading older ones is not interrupted. Where
   * they are is tracked on scroll, not measured now: a tall new message would already have moved the bottom away.
   */
  scrollToEnd(force = false): void {
    if (force || this.atEnd) this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  /** While a batch of history is added, screen readers that honour aria-busy wait and do not read all of it. */
  setLogBusy(busy: boolean): void {
    if (busy) this.log.element.setAttribute('aria-busy', 'true');
    else this.log.element.removeAttribute('aria-busy');
  }

  private submit(): void {
    const length = this.input.value.trim().length;
    if (length > this.maxTextLength) {
      this.showNotice(texts.tooLong(length, this.maxTextLength));
      return;
    }
    if (this.handlers.send(this.input.value)) {
      this.input.value = '';
      this.updateComposer();
    }
  }

  private updateComposer(): void {
    const length = this.input.value.length;
    const max = this.maxTextLength;
    const over = length > max;
    this.counter.textContent = over
      ? texts.tooLong(length, max)
      : length > max * 0.9
        ? texts.charactersLeft(max - length)
        : '';
    this.counter.classList.toggle('is-over', over);
    if (over) this.input.setAttribute('aria-invalid', 'true');
    else this.input.removeAttribute('aria-invalid');
    // Grows with the text up to the CSS max-height, then scrolls.
    this.input.style.height = 'auto';
    this.input.style.height = `${this.input.scrollHeight + 4}px`;
  }
}

/**
 * A constructed style sheet is not inline CSS, so portals whose Content-Security-Policy forbids 'unsafe-inline'
 * styles still render the widget; browsers without constructable sheets get a <style> element.
 */
function adoptStyles(shadow: ShadowRoot): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
    shadow.adoptedStyleSheets = [sheet];
  } catch {
    shadow.append(h('style', null, STYLES));
  }
}
