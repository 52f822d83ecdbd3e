import { h, srOnly } from './dom.js';
import { formatBytes } from './file-check.js';
import { formatMessageTime } from './format-time.js';
import { icon } from './icons.js';
import { isHttpUrl, linkify } from './linkify.js';
import type { QuickReply, ShownAttachment } from './protocol.js';
import { texts } from './texts.js';

export interface Bubble {
  from: 'citizen' | 'bot' | 'agent';
  authorName?: string | null;
  text: string;
  attachments: ShownAttachment[];
  at: string;
}

/** How bubbles reach the files the server keeps (the widget wires it to the session token). */
export interface FileLinks {
  href(fileId: string): string;
  download(file: { fileId: string; fileName: string }): void;
}

export type BubbleState = { kind: 'sent' } | { kind: 'pending' | 'uploading' } | { kind: 'failed'; reason: string };

/** Message text as text nodes and links; never parsed as HTML. */
export function renderText(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const segment of linkify(text)) {
    if (segment.kind === 'text') {
      fragment.append(segment.text);
    } else if (segment.external) {
      fragment.append(
        h(
          'a',
          { href: segment.href, target: '_blank', rel: 'noopener noreferrer' },
          segment.text,
          srOnly(texts.newTab),
        ),
      );
    } else {
      fragment.append(h('a', { href: segment.href }, segment.text));
    }
  }
  return fragment;
}

function renderAttachment(attachment: ShownAttachment, files: FileLinks | undefined): HTMLLIElement {
  const name = attachment.fileName ?? 'archivo';
  let label: HTMLElement;
  if (attachment.fileId !== null && files) {
    const fileId = attachment.fileId;
    // A real link (focusable, announced as one, Enter opens it) whose click fetches the file with the session token.
    label = h(
      'a',
      { href: files.href(fileId), download: name, class: 'msg__download' },
      texts.download(name, attachment.sizeBytes !== null ? formatBytes(attachment.sizeBytes) : null),
    );
    label.addEventListener('click', (event) => {
      event.preventDefault();
      files.download({ fileId, fileName: name });
    });
  } else if (attachment.url !== null && isHttpUrl(attachment.url)) {
    label = h('a', { href: attachment.url, target: '_blank', rel: 'noopener noreferrer' }, name, srOnly(texts.newTab));
  } else {
    label = h('span', null, name);
  }
  return h('li', { class: 'msg__file' }, icon('file'), srOnly(texts.attachment), label);
}

/**
 * One bubble. Who wrote it is said by position and by a prefix only screen readers hear ("Usted:"), not by colour
 * alone; the time is in Bogotá.
 */
export function renderMessage(bubble: Bubble, botName: string, files?: FileLinks): HTMLDivElement {
  const element = h(
    'div',
    { class: `msg msg--${bubble.from}` },
    bubble.from === 'agent'
      ? h('span', { class: 'msg__author' }, texts.agentLabel(bubble.authorName ?? null))
      : srOnly(bubble.from === 'citizen' ? texts.citizenPrefix : texts.botPrefix(botName)),
    bubble.text !== '' && h('span', { class: 'msg__text' }, renderText(bubble.text)),
    bubble.attachments.length > 0 &&
      h('ul', { class: 'msg__files' }, ...bubble.attachments.map((a) => renderAttachment(a, files))),
    h('span', { class: 'msg__meta' }, renderTime(bubble.at)),
  );
  return element;
}

function renderTime(at: string): HTMLTimeElement {
  return h('time', { datetime: at }, formatMessageTime(new Date(at)));
}

/** Pending, uploading and refused bubbles say so in words next to the time, so colour is never the only cue. */
export function setBubbleState(element: HTMLElement, state: BubbleState, at?: string): void {
  element.classList.toggle('msg--pending', state.kind === 'pending' || state.kind === 'uploading');
  element.classList.toggle('msg--failed', state.kind === 'failed');
  const meta = element.querySelector('.msg__meta');
  if (!meta) return;
  if (at !== undefined) meta.replaceChildren(renderTime(at));
  meta.querySelector('.msg__state')?.remove();
  const note =
    state.kind === 'pending'
      ? texts.pending
      : state.kind === 'uploading'
        ? texts.uploading
        : state.kind === 'failed'
          ? texts.notSent + state.reason
          : null;
  if (note !== null) meta.append(h('span', { class: 'msg__state' }, note));
}

export function renderQuickReplies(options: QuickReply[], onPick: (option: QuickReply) => void): HTMLDivElement {
  return h(
    'div',
    { class: 'options', role: 'group', 'aria-label': texts.quickReplies },
    ...options.map((option) => {
      const button = h('button', { type: 'button', class: 'option' }, option.label);
      button.addEventListener('click', () => onPick(option));
      return button;
    }),
  );
}
