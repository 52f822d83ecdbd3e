import type { QueuedMessage, QuickReply, WidgetMessage } from './protocol.js';
import {
  renderMessage,
  renderQuickReplies,
  setBubbleState,
  type BubbleState,
  type FileLinks,
} from './render-message.js';

/**
 * The conversation as shown: server messages in server order, then the citizen's messages still waiting for the
 * server, always last. Knows which ids are on screen (replays overlap live sends) and which bot message is the
 * newest, because only that one's quick replies and file request are live.
 */
export class MessageLog {
  private readonly shown = new Set<string>();
  private readonly pending = new Map<string, HTMLElement>();
  private lastReceivedId: string | null = null;
  private newestBot: WidgetMessage | null = null;
  private options: HTMLElement | null = null;

  constructor(
    readonly element: HTMLElement,
    private readonly botName: () => string,
    private readonly onPick: (option: QuickReply) => void,
    private readonly onOptionsFocusLost: () => void,
    private readonly files?: FileLinks,
  ) {}

  /** The id for `hello.after`: the newest message this page received from the server. */
  get afterId(): string | null {
    return this.lastReceivedId;
  }

  get serverCount(): number {
    return this.shown.size;
  }

  get expectsFile(): boolean {
    return this.newestBot?.expectsFile === true;
  }

  /** Adds a server message; false when it is already on screen. */
  addServer(message: WidgetMessage): boolean {
    if (this.shown.has(message.id)) return false;
    this.shown.add(message.id);
    this.lastReceivedId = message.id;
    this.dropOptions();

    const echoed = message.clientId !== null ? this.pending.get(message.clientId) : undefined;
    let element: HTMLElement;
    if (echoed) {
      // Updated in place rather than replaced, so screen readers do not read the citizen's own words twice.
      this.pending.delete(message.clientId ?? '');
      setBubbleState(echoed, { kind: 'sent' }, message.at);
      element = echoed;
    } else {
      element = renderMessage(message, this.botName(), this.files);
    }
    element.dataset.id = message.id;
    this.place(element);

    if (message.from !== 'citizen') {
      this.newestBot = message;
      if (message.options.length > 0 && this.pending.size === 0) {
        this.options = renderQuickReplies(message.options, this.onPick);
        element.after(this.options);
      }
    }
    return true;
  }

  addPending(message: QueuedMessage, state: BubbleState = { kind: 'pending' }): void {
    if (this.pending.has(message.id)) return;
    this.dropOptions();
    const element = renderMessage(
      {
        from: 'citizen',
        text: message.text ?? '',
        attachments: (message.attachments ?? []).map((a) => ({
          fileName: a.fileName,
          url: null,
          fileId: null,
          sizeBytes: null,
        })),
        at: message.createdAt,
      },
      this.botName(),
    );
    setBubbleState(element, state);
    this.pending.set(message.id, element);
    this.element.append(element);
  }

  setPendingState(clientId: string, state: BubbleState): void {
    const element = this.pending.get(clientId);
    if (element) setBubbleState(element, state);
  }

  /** The server stored the message (ack) before its echo arrived: it is no longer pending. */
  markStored(clientId: string, messageId: string): void {
    const element = this.pending.get(clientId);
    if (!element) return;
    this.pending.delete(clientId);
    setBubbleState(element, { kind: 'sent' });
    if (messageId !== '') {
      this.shown.add(messageId);
      element.dataset.id = messageId;
    }
    this.place(element);
  }

  /** The message will never be sent: it stays on screen, marked, with the server's reason. */
  markRefused(clientId: string, reason: string): void {
    const element = this.pending.get(clientId);
    if (!element) return;
    this.pending.delete(clientId);
    setBubbleState(element, { kind: 'failed', reason });
    this.place(element);
  }

  /** A new session started (the old token was refused): its messages no longer belong here; pending ones do. */
  clearServerMessages(): void {
    const keep = new Set(this.pending.values());
    for (const child of [...this.element.children]) if (!keep.has(child as HTMLElement)) child.remove();
    this.shown.clear();
    this.lastReceivedId = null;
    this.newestBot = null;
    this.options = null;
  }

  /**
   * Puts a message that is no longer pending after the server's messages and before the pending ones. A bubble that
   * is already there is not moved: a moved node counts as new text for the live region and would be read again.
   */
  private place(element: HTMLElement): void {
    let anchor: HTMLElement | null = null;
    for (const candidate of this.pending.values()) {
      if (candidate.parentNode === this.element) {
        anchor = candidate;
        break;
      }
    }
    if (element.parentNode !== this.element) this.element.insertBefore(element, anchor);
    else if (anchor && anchor.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING) {
      this.element.insertBefore(element, anchor);
    }
  }

  /** Older quick replies must not be tappable; if one had focus, the caller moves focus to the composer. */
  private dropOptions(): void {
    if (!this.options) return;
    const hadFocus = this.options.matches(':focus-within');
    this.options.remove();
    this.options = null;
    if (hadFocus) this.onOptionsFocusLost();
  }
}
