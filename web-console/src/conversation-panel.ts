import { checkFile, formatBytes } from '../../web-widget/src/file-check.js';
import { actionErrorText, ApiError } from './api-error.js';
import type { Api } from './api.js';
import { h, present } from './dom.js';
import { channelName, formatDate, formatMessageTime } from './format.js';
import type { CannedResponse, HandoffDetail, ShownAttachment, TranscriptMessage } from './types.js';

/** What an agent may send: the server's rules (JPG, PNG or PDF, at most 5 MB), checked here first to say it sooner. */
const AGENT_UPLOAD = { maxBytes: 5 * 1024 * 1024, types: ['image/jpeg', 'image/png', 'application/pdf'] };
const UPLOAD_PREFIX = 'upload:';

export interface PanelActions {
  transfer(detail: HandoffDetail): void;
  close(detail: HandoffDetail): void;
  take(id: string): void;
  /** The agent's own message, to show at once (the live frame with the same id is then ignored). */
  sent(handoffId: string, message: TranscriptMessage): void;
  error(text: string): void;
  areaName(id: string): string;
  canReadCases: boolean;
}

const AUTHOR: Record<TranscriptMessage['from'], string> = {
  citizen: 'Ciudadano',
  bot: 'A.V.A (asistente virtual)',
  agent: 'Asesor',
  note: 'Nota interna',
};

/**
 * A file the server keeps is a link the agent can open (images in a new tab, PDFs downloaded) or, for audio, a player;
 * others are named.
 */
function renderAttachment(attachment: ShownAttachment, fileUrl: (id: string) => string): HTMLElement {
  const name = attachment.fileName ?? attachment.mimeType ?? attachment.kind;
  const size = attachment.sizeBytes !== undefined ? ` (${formatBytes(attachment.sizeBytes)})` : '';
  if (!attachment.ref.startsWith(UPLOAD_PREFIX)) return h('li', null, `Adjunto: ${name}${size}`);
  const href = fileUrl(attachment.ref.slice(UPLOAD_PREFIX.length));
  // Voice notes play in place (the file route serves them with their audio type); the link keeps a copy.
  if (attachment.kind === 'audio') {
    return h(
      'li',
      null,
      'Nota de voz: ',
      h('audio', { controls: true, preload: 'none', src: href, 'aria-label': `Nota de voz ${name}` }),
      ' ',
      h('a', { href, download: name }, `Descargar${size}`),
    );
  }
  const image = attachment.kind === 'image';
  const link = image
    ? h(
        'a',
        { href, target: '_blank', rel: 'noopener' },
        `${name}${size}`,
        h('span', { class: 'sr-only' }, ' (se abre en otra pestaña)'),
      )
    : h('a', { href, download: name }, `${name}${size}`);
  return h('li', null, 'Adjunto: ', link);
}

function renderMessage(message: TranscriptMessage, now: Date, fileUrl: (id: string) => string): HTMLElement {
  let author = AUTHOR[message.from];
  if (message.from === 'agent' && message.authorName) author = message.authorName;
  if (message.from === 'note')
    author = `Nota interna${message.authorName ? ` de ${message.authorName}` : ''} (el ciudadano no la ve)`;
  const failed = message.status === 'failed';
  return h(
    'li',
    { class: `msg msg--${message.from}`, 'data-id': message.id },
    h('p', { class: 'msg__author' }, author),
    h('p', { class: 'msg__text' }, message.text),
    message.attachments.length > 0 &&
      h('ul', { class: 'msg__files' }, ...message.attachments.map((a) => renderAttachment(a, fileUrl))),
    h(
      'p',
      { class: 'msg__meta' },
      h('time', { datetime: message.at }, formatMessageTime(message.at, now)),
      failed && h('span', { class: 'msg__failed' }, ' · No se pudo entregar'),
    ),
  );
}

/**
 * The open conversation: header with the actions, the citizen's open cases, the whole transcript and the reply box.
 * The reply box is built once per conversation, so live updates never wipe what the agent is typing.
 */
export class ConversationPanel {
  readonly element: HTMLElement;
  private detail: HandoffDetail | null = null;
  private readonly shown = new Set<string>();
  private header = h('div');
  private cases = h('div');
  private transcript = h('div', { class: 'transcript' });
  private list = h('ol', { class: 'transcript__list' });
  private composer = h('div');
  private textarea: HTMLTextAreaElement | null = null;
  private canned: CannedResponse[] = [];

  constructor(
    private readonly api: Api,
    private readonly myId: string,
    private readonly actions: PanelActions,
  ) {
    this.element = h(
      'section',
      { class: 'panel', 'aria-labelledby': 'panel-title', tabindex: '-1' },
      h('h2', { id: 'panel-title', class: 'sr-only' }, 'Conversación'),
      h('p', { class: 'panel__empty' }, 'Elija una conversación de la fila o de «Mis conversaciones» para verla aquí.'),
    );
  }

  setCanned(responses: CannedResponse[]): void {
    this.canned = responses;
  }

  get openId(): string | null {
    return this.detail?.id ?? null;
  }

  /** Shows another conversation (or the same one reloaded) from scratch. */
  show(detail: HandoffDetail): void {
    const same = this.detail?.id === detail.id;
    const draft = same ? (this.textarea?.value ?? '') : '';
    this.detail = detail;
    this.shown.clear();
    this.header = h('div', { class: 'panel__header' });
    this.cases = h('div', { class: 'panel__cases' });
    // role=log: new messages are read out politely; the list inside keeps its list semantics for screen readers.
    this.list = h('ol', { class: 'transcript__list' });
    this.transcript = h(
      'div',
      {
        class: 'transcript',
        role: 'log',
        'aria-live': 'polite',
        'aria-label': 'Mensajes de la conversación',
        tabindex: '0',
      },
      this.list,
    );
    this.composer = h('div', { class: 'panel__composer' });
    this.element.replaceChildren(this.header, this.cases, this.transcript, this.composer);
    this.update(detail);
    if (this.textarea && draft) this.textarea.value = draft;
    this.transcript.scrollTop = this.transcript.scrollHeight;
  }

  clear(): void {
    this.detail = null;
    this.textarea = null;
    this.element.replaceChildren(
      h('h2', { id: 'panel-title', class: 'sr-only' }, 'Conversación'),
      h('p', { class: 'panel__empty' }, 'Elija una conversación de la fila o de «Mis conversaciones» para verla aquí.'),
    );
  }

  focusReply(): void {
    if (this.textarea && !this.textarea.disabled) this.textarea.focus();
    else this.element.focus();
  }

  /** Applies a newer state of the same conversation: header, new messages, whether the agent may still write. */
  update(detail: HandoffDetail): void {
    const wasHolding = this.detail ? this.holding(this.detail) : false;
    const firstRender = this.composer.childElementCount === 0;
    this.detail = detail;
    this.renderHeader(detail);
    this.renderCases(detail);
    const now = new Date();
    const atBottom = this.transcript.scrollHeight - this.transcript.scrollTop - this.transcript.clientHeight < 40;
    for (const message of detail.transcript) {
      if (this.shown.has(message.id)) continue;
      this.shown.add(message.id);
      this.list.append(renderMessage(message, now, (id) => this.api.fileUrl(id)));
    }
    if (atBottom) this.transcript.scrollTop = this.transcript.scrollHeight;
    if (firstRender || wasHolding !== this.holding(detail)) this.renderComposer(detail);
  }

  private holding(detail: HandoffDetail): boolean {
    return detail.status === 'assigned' && detail.agent?.id === this.myId;
  }

  private renderHeader(detail: HandoffDetail): void {
    const meta = [channelName(detail.channel), this.actions.areaName(detail.area)];
    const buttons: HTMLElement[] = [];
    if (this.holding(detail)) {
      const transfer = h('button', { type: 'button', class: 'button' }, 'Transferir');
      transfer.addEventListener('click', () => this.actions.transfer(detail));
      const close = h('button', { type: 'button', class: 'button button--danger' }, 'Cerrar conversación');
      close.addEventListener('click', () => this.actions.close(detail));
      buttons.push(transfer, close);
    } else if (detail.status === 'queued') {
      const take = h('button', { type: 'button', class: 'button button--primary' }, 'Tomar');
      take.addEventListener('click', () => this.actions.take(detail.id));
      buttons.push(take);
    }
    let state: string;
    if (detail.status === 'queued') state = `En la fila, turno ${detail.position ?? '—'}`;
    else if (detail.status === 'assigned')
      state = detail.agent?.id === this.myId ? 'La atiende usted' : `La atiende ${detail.agent?.name ?? 'otro asesor'}`;
    else state = 'Conversación cerrada: el asistente virtual volvió a atender al ciudadano';
    this.header.replaceChildren(
      ...present(
        h(
          'div',
          { class: 'panel__title' },
          h('h2', { id: 'panel-title' }, detail.citizenLabel),
          detail.priorityLabel &&
            h('span', { class: `badge badge--priority-${detail.priority}` }, detail.priorityLabel),
        ),
        h('p', { class: 'panel__meta' }, meta.join(' · '), detail.reason ? ` · Motivo: ${detail.reason}` : ''),
        h('p', { class: `panel__state panel__state--${detail.status}` }, state),
        buttons.length > 0 && h('div', { class: 'panel__actions' }, ...buttons),
      ),
    );
  }

  private renderCases(detail: HandoffDetail): void {
    if (detail.cases.length === 0) {
      this.cases.replaceChildren(h('p', { class: 'panel__nocases' }, 'El ciudadano no tiene casos abiertos.'));
      return;
    }
    const items = detail.cases.map((c) => {
      const label = `${c.radicado} · ${c.type} · ${c.status} · vence ${formatDate(c.dueDate)}`;
      return h(
        'li',
        null,
        this.actions.canReadCases ? h('a', { href: `#/casos/${encodeURIComponent(c.radicado)}` }, label) : label,
      );
    });
    this.cases.replaceChildren(
      h(
        'details',
        { class: 'cases-box' },
        h('summary', null, `Casos abiertos del ciudadano (${detail.cases.length})`),
        h('ul', null, ...items),
      ),
    );
  }

  private renderComposer(detail: HandoffDetail): void {
    if (!this.holding(detail)) {
      this.textarea = null;
      const why =
        detail.status === 'queued'
          ? 'Tome la conversación para responder.'
          : detail.status === 'assigned'
            ? 'Solo quien atiende la conversación puede responder.'
            : 'La conversación terminó.';
      this.composer.replaceChildren(h('p', { class: 'composer__off' }, why));
      return;
    }
    const textarea = h('textarea', { rows: '3', maxlength: '4000', 'aria-describedby': 'reply-hint' });
    textarea.id = 'reply-text';
    this.textarea = textarea;
    const send = h('button', { type: 'submit', class: 'button button--primary' }, 'Enviar');
    const note = h('button', { type: 'button', class: 'button button--note' }, 'Guardar como nota interna');
    const cannedSelect = h(
      'select',
      { id: 'canned' },
      h('option', { value: '' }, 'Insertar una respuesta predefinida…'),
    );
    for (const r of this.canned) cannedSelect.append(h('option', { value: r.id }, r.title));
    cannedSelect.addEventListener('change', () => {
      const chosen = this.canned.find((r) => r.id === cannedSelect.value);
      cannedSelect.value = '';
      if (!chosen) return;
      textarea.value = textarea.value.trim() ? `${textarea.value.trimEnd()}\n${chosen.text}` : chosen.text;
      textarea.focus();
    });
    // A real file input behind its label: Tab reaches it, Enter or Space opens the file picker.
    const fileInput = h('input', {
      type: 'file',
      id: 'reply-file',
      class: 'file-input',
      accept: '.pdf,.jpg,.jpeg,.png',
      'aria-describedby': 'reply-file-chosen',
    });
    const fileLabel = h('label', { for: 'reply-file', class: 'button file-label' }, 'Adjuntar archivo');
    const chosenText = h('span');
    const removeFile = h('button', { type: 'button', class: 'button' }, 'Quitar archivo');
    const chosen = h('div', { class: 'composer__file', id: 'reply-file-chosen', 'aria-live': 'polite' });
    let pendingFile: File | null = null;
    const setFile = (file: File | null) => {
      pendingFile = file;
      if (!file) {
        fileInput.value = '';
        chosen.replaceChildren();
        return;
      }
      chosenText.textContent = `Archivo para enviar: ${file.name} (${formatBytes(file.size)}). Se envía al pulsar «Enviar», con el texto de la respuesta si escribe uno.`;
      chosen.replaceChildren(chosenText, removeFile);
    };
    fileInput.addEventListener('change', () => {
      const file = fileInput.files?.[0] ?? null;
      if (!file) return setFile(null);
      const problem = checkFile(file, AGENT_UPLOAD);
      if (problem !== null) {
        setFile(null);
        this.actions.error(problem);
        return;
      }
      setFile(file);
    });
    removeFile.addEventListener('click', () => {
      setFile(null);
      fileInput.focus();
    });
    const form = h(
      'form',
      { class: 'composer', 'aria-label': 'Responder' },
      h('label', { for: 'reply-text' }, 'Respuesta al ciudadano'),
      textarea,
      h('p', { class: 'hint', id: 'reply-hint' }, 'Enter envía. Mayúscula + Enter agrega una línea.'),
      chosen,
      h(
        'div',
        { class: 'composer__row' },
        fileInput,
        fileLabel,
        this.canned.length > 0 && h('label', { for: 'canned', class: 'sr-only' }, 'Respuestas predefinidas'),
        this.canned.length > 0 && cannedSelect,
        h('span', { class: 'composer__spacer' }),
        note,
        send,
      ),
    );
    const submit = async (kind: 'reply' | 'note') => {
      const text = textarea.value.trim();
      const current = this.detail;
      if (!current) return;
      const file = kind === 'reply' ? pendingFile : null;
      if (text === '' && !file) {
        this.actions.error(
          kind === 'reply' ? 'Escriba la respuesta antes de enviarla.' : 'Escriba la nota antes de guardarla.',
        );
        textarea.focus();
        return;
      }
      send.disabled = note.disabled = true;
      try {
        const message = file
          ? await this.api.sendFile(current.id, file, text)
          : kind === 'reply'
            ? await this.api.reply(current.id, text)
            : await this.api.note(current.id, text);
        textarea.value = '';
        if (file) setFile(null);
        this.actions.sent(current.id, message);
      } catch (error) {
        this.actions.error(error instanceof ApiError ? actionErrorText(error) : 'No se pudo enviar. Intente de nuevo.');
      } finally {
        send.disabled = note.disabled = false;
        textarea.focus();
      }
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void submit('reply');
    });
    note.addEventListener('click', () => void submit('note'));
    textarea.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    this.composer.replaceChildren(form);
  }
}
