import { newClientId } from './client-id.js';
import { fetchConfig, type WidgetConfig } from './config.js';
import { Connection, type ConnectionState, type TokenStore } from './connection.js';
import { h } from './dom.js';
import { downloadFile, saveBlob } from './download.js';
import { checkFile, fileType } from './file-check.js';
import { OfflineQueue } from './offline-queue.js';
import { Panel } from './panel.js';
import { messageFrame, type QueuedMessage, type ServerFrame, type UploadedAttachment } from './protocol.js';
import { fileEndpoint, socketUrl, type ScriptOptions } from './script-options.js';
import { safeLocalStorage } from './storage.js';
import { texts } from './texts.js';
import { uploadFile } from './upload.js';

export interface WidgetApi {
  open(): void;
  close(): void;
}

/** Refusals the server cannot tie to a message id (it could not read one), yet only a message frame can cause. */
const REFUSALS_OF_THE_FRAME_IN_FLIGHT = new Set([
  'FRAME_TOO_LARGE',
  'INVALID_FRAME',
  'TEXT_TOO_LONG',
  'MALFORMED_FRAME',
]);

/** The server's schema accepts at most this many attachments in one message. */
const MAX_FILES_PER_MESSAGE = 5;

function statusText(state: ConnectionState, attempts: number, lostOnce: boolean): string {
  if (state === 'dormant' || state === 'idle' || state === 'stopped') return '';
  if (!navigator.onLine) return texts.offline;
  if (state === 'open' || !lostOnce) return '';
  // Short trouble is "reconnecting"; after a few failed attempts the citizen should know messages will wait.
  return attempts > 2 ? texts.offline : texts.reconnecting;
}

/**
 * Wires the pieces together: what the citizen does goes to the offline queue and the connection, what the server
 * says goes to the panel. The socket is opened only when needed (the panel is opened, or messages are waiting), so
 * visitors who never use the chat do not create sessions on the server.
 */
export function createWidget(options: ScriptOptions, config: WidgetConfig, configLoaded: boolean): WidgetApi {
  const local = safeLocalStorage();
  const key = (name: string): string => `ava:${options.entity}:${name}`;
  let limits = config.limits;
  let brandingPending = !configLoaded;
  let firstWelcome = true;
  /** The server's busy notice on show, cleared by the next bot message. */
  let busyNotice: string | null = null;

  const tokens: TokenStore = {
    get: () => local.getItem(key('token')),
    set: (token) => local.setItem(key('token'), token),
    clear: () => local.removeItem(key('token')),
  };

  const host = h('div', { id: 'ava-widget', lang: 'es' });
  document.body.append(host);

  const panel = new Panel(host, config.branding, {
    opened() {
      connection.wake();
    },
    send(text) {
      const trimmed = text.trim();
      return trimmed !== '' && enqueue({ text: trimmed });
    },
    pick(option) {
      enqueue({ text: option.label, payload: option.value });
      panel.focusInput();
    },
    advisor() {
      // "asesor" is the bot's global command for a human handover, valid in any flow step.
      enqueue({ text: texts.advisor, payload: 'asesor' });
    },
    files(files) {
      void sendFiles(files);
    },
    typing() {
      connection.wake();
    },
    fileLinks: {
      href: (fileId) => fileEndpoint(options.server, options.entity, fileId),
      download(file) {
        void download(file);
      },
    },
  });

  const queue = new OfflineQueue({
    store: local,
    key: key('outbox'),
    send: (message) => connection.send(messageFrame(message)),
  });

  const connection = new Connection(socketUrl(options.server, options.entity), tokens, () => panel.log.afterId, {
    frame: onFrame,
    state(state, { attempts, lostOnce }) {
      if (state !== 'open') queue.onDisconnected();
      if (state === 'stopped') panel.setUnavailable();
      else panel.setConnectionStatus(statusText(state, attempts, lostOnce));
    },
    sessionReset() {
      panel.log.clearServerMessages();
      panel.setAttachVisible(false);
      panel.showNotice(texts.sessionRenewed);
      firstWelcome = true;
    },
  });

  function onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome': {
        if (frame.limits) limits = frame.limits;
        panel.setLimits(limits.maxTextLength, limits.upload.types);
        panel.setLogBusy(true);
        for (const message of frame.history) panel.log.addServer(message);
        panel.setLogBusy(false);
        if (firstWelcome) panel.setIntroVisible(panel.log.serverCount === 0);
        firstWelcome = false;
        panel.setAttachVisible(panel.log.expectsFile);
        panel.scrollToEnd(frame.history.length > 0);
        queue.onConnected();
        if (brandingPending) refreshBranding();
        break;
      }
      case 'message':
        if (frame.message.from !== 'citizen') {
          panel.setTyping(false);
          if (busyNotice !== null) panel.clearNotice(busyNotice);
          busyNotice = null;
        }
        if (panel.log.addServer(frame.message)) {
          panel.setAttachVisible(panel.log.expectsFile);
          panel.scrollToEnd();
        }
        break;
      case 'ack':
        panel.log.markStored(frame.id, frame.messageId);
        queue.onAck(frame.id);
        panel.clearNotice(texts.slowDown);
        break;
      case 'typing':
        panel.setTyping(frame.active);
        break;
      case 'busy':
        busyNotice = frame.message;
        panel.showNotice(frame.message);
        break;
      case 'error':
        onError(frame);
        break;
      case 'pong':
        break;
    }
  }

  function onError(frame: Extract<ServerFrame, { type: 'error' }>): void {
    // Fatal errors are followed by a close whose code says what to do (new session, or stop).
    if (frame.fatal) return;
    const ref = frame.ref ?? (REFUSALS_OF_THE_FRAME_IN_FLIGHT.has(frame.code) ? queue.inFlightId : null);
    if (ref === null) {
      panel.showNotice(frame.message || texts.somethingFailed);
      return;
    }
    if (queue.onRefused(ref, frame.code, frame.retryAfterMs) === 'dropped') {
      panel.log.markRefused(ref, frame.message || texts.somethingFailed);
    } else {
      panel.showNotice(frame.code === 'RATE_LIMITED' ? texts.slowDown : frame.message || texts.somethingFailed);
    }
  }

  function enqueue(fields: Omit<QueuedMessage, 'id' | 'createdAt'>): boolean {
    const message: QueuedMessage = { id: newClientId(), createdAt: new Date().toISOString(), ...fields };
    if (new TextEncoder().encode(JSON.stringify(messageFrame(message))).length > limits.maxFrameBytes) {
      panel.showNotice(texts.frameTooLarge);
      return false;
    }
    panel.log.addPending(message);
    panel.scrollToEnd(true);
    queue.add(message);
    connection.wake();
    return true;
  }

  /**
   * All files chosen together go in one message, as the bot asks ("todos en un mismo mensaje"). The bubble shows
   * their names at once; uploads run one after another, and the ones that fail are named in a notice.
   */
  async function sendFiles(chosen: File[]): Promise<void> {
    const files: File[] = [];
    for (const file of chosen) {
      const problem = checkFile(file, limits.upload);
      if (problem !== null) panel.showNotice(problem);
      else files.push(file);
    }
    if (files.length === 0) return;
    if (files.length > MAX_FILES_PER_MESSAGE) {
      panel.showNotice(texts.tooManyFiles(MAX_FILES_PER_MESSAGE));
      return;
    }
    const token = tokens.get();
    if (connection.state !== 'open' || token === null) {
      panel.showNotice(texts.filesNeedConnection);
      return;
    }
    const id = newClientId();
    const createdAt = new Date().toISOString();
    // Shown while uploading; never sent: the server's own attachments replace them.
    const drafts = files.map((file) => ({
      kind: 'other' as const,
      ref: '',
      mimeType: fileType(file),
      fileName: file.name,
      sizeBytes: file.size,
    }));
    panel.log.addPending({ id, createdAt, attachments: drafts }, { kind: 'uploading' });
    panel.scrollToEnd(true);
    const attachments: UploadedAttachment[] = [];
    let failure = '';
    for (const file of files) {
      const result = await uploadFile(options.server, options.entity, token, file);
      if (result.ok) attachments.push(result.attachment);
      else failure = `«${file.name}»: ${result.reason}`;
    }
    if (attachments.length === 0) {
      panel.log.markRefused(id, failure);
      return;
    }
    if (failure !== '') panel.showNotice(failure);
    panel.log.setPendingState(id, { kind: 'pending' });
    queue.add({ id, createdAt, attachments });
    connection.wake();
  }

  /** Only this session's files are served, so the download needs the token; failures are told in words. */
  async function download(file: { fileId: string; fileName: string }): Promise<void> {
    const token = tokens.get();
    if (token === null) {
      panel.showNotice(texts.downloadNeedsSession);
      return;
    }
    const result = await downloadFile(options.server, options.entity, token, file.fileId);
    if (result.ok) saveBlob(result.blob, file.fileName);
    else panel.showNotice(result.reason);
  }

  /** The first config request failed (network): the widget started with default branding and tries again now. */
  function refreshBranding(): void {
    brandingPending = false;
    void fetchConfig(options.server, options.entity).then((result) => {
      if (result.ok) panel.applyBranding(result.config.branding);
      else brandingPending = true;
    });
  }

  panel.setLimits(limits.maxTextLength, limits.upload.types);
  // A returning citizen's history arrives with `welcome`; showing the greeting before it would flash.
  panel.setIntroVisible(tokens.get() === null);
  const waiting = queue.list();
  for (const message of waiting) panel.log.addPending(message);
  if (waiting.length > 0) connection.wake();
  if (options.open) panel.open(false);

  return {
    open: () => panel.open(true),
    close: () => panel.close(),
  };
}
