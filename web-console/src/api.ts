import { fileType } from '../../web-widget/src/file-check.js';
import { ApiError, apiErrorFrom, networkError } from './api-error.js';
import { sitePath } from './site-path.js';
import type {
  AgentStatus,
  Area,
  CannedResponse,
  CaseList,
  CaseView,
  HandoffDetail,
  HandoffSummary,
  Presence,
  Session,
  TranscriptMessage,
} from './types.js';
import type { CommentRow, Dashboard } from './report-types.js';
import type { IntakeFiled, IntakeForm, OfficeItem } from './counter-types.js';

/**
 * The console's HTTP client: same origin, the session cookie goes by itself, and every state-changing request
 * carries the CSRF token the server handed out at sign-in (or on /me).
 */
export class Api {
  private csrfToken: string | null = null;

  /** Called when the session is gone (401 anywhere but the sign-in itself). */
  onSignedOut: () => void = () => {};

  async request<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken !== null) headers['x-csrf-token'] = this.csrfToken;
    let response: Response;
    try {
      response = await fetch(sitePath(path), {
        method,
        headers,
        credentials: 'same-origin',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw networkError();
    }
    const text = await response.text();
    let parsed: unknown = undefined;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    if (!response.ok) {
      const error = apiErrorFrom(response.status, parsed, response.headers.get('retry-after'));
      if (response.status === 401 && path !== '/console/api/login') {
        this.csrfToken = null;
        this.onSignedOut();
      }
      throw error;
    }
    return parsed as T;
  }

  /**
   * Sends a file to the citizen of a conversation the agent holds. The body is the file itself; its name and the
   * optional caption go URI-encoded in headers, as the widget's uploads do.
   */
  async sendFile(id: string, file: File, caption: string): Promise<TranscriptMessage> {
    const extra: Record<string, string> = caption !== '' ? { 'x-caption': encodeURIComponent(caption) } : {};
    const parsed = await this.postFile(`/console/api/handoffs/${encodeURIComponent(id)}/files`, file, extra);
    return (parsed as { message: TranscriptMessage }).message;
  }

  /** Keeps a document for a case's answer; the answer step then names it by its ref. */
  async caseFile(radicado: string, file: File): Promise<{ ref: string; fileName: string }> {
    const parsed = await this.postFile(`/api/v1/cases/${encodeURIComponent(radicado)}/files`, file, {});
    return (parsed as { attachment: { ref: string; fileName: string } }).attachment;
  }

  /** A raw-body upload: the file itself, its name URI-encoded in a header, as the widget's uploads do. */
  private async postFile(url: string, file: File, extra: Record<string, string>): Promise<unknown> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'content-type': fileType(file) || 'application/octet-stream',
      'x-file-name': encodeURIComponent(file.name),
      ...extra,
    };
    if (this.csrfToken !== null) headers['x-csrf-token'] = this.csrfToken;
    let response: Response;
    try {
      response = await fetch(sitePath(url), { method: 'POST', headers, credentials: 'same-origin', body: file });
    } catch {
      throw networkError();
    }
    const parsed: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      if (response.status === 401) {
        this.csrfToken = null;
        this.onSignedOut();
      }
      throw apiErrorFrom(response.status, parsed, response.headers.get('retry-after'));
    }
    return parsed;
  }

  /** The counter form's data: offices, case and document types, the data notice, and what this person may do. */
  intakeForm(): Promise<IntakeForm> {
    return this.request<IntakeForm>('GET', '/api/v1/intake/form');
  }

  offices(): Promise<{ items: OfficeItem[] }> {
    return this.request<{ items: OfficeItem[] }>('GET', '/api/v1/offices');
  }

  /** Files a walk-in or phone petition; `key` makes a repeated click or a retry give the same radicado. */
  fileIntake(body: unknown, key: string): Promise<IntakeFiled> {
    return this.request<IntakeFiled>('POST', '/api/v1/intake/cases', body, { 'idempotency-key': key });
  }

  logContact(body: { office?: string; channel: string; topic: string }): Promise<{ id: string }> {
    return this.request<{ id: string }>('POST', '/api/v1/intake/contacts', body);
  }

  /** Where the console opens a stored file (the session cookie authorizes it). */
  fileUrl(fileId: string): string {
    return sitePath(`/console/api/files/${encodeURIComponent(fileId)}`);
  }

  private remember(session: Session): Session {
    this.csrfToken = session.csrfToken;
    return session;
  }

  async me(): Promise<Session | null> {
    try {
      return this.remember(await this.request<Session>('GET', '/console/api/me'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  }

  async login(email: string, password: string): Promise<Session> {
    return this.remember(await this.request<Session>('POST', '/console/api/login', { email, password }));
  }

  async logout(): Promise<void> {
    try {
      await this.request('POST', '/console/api/logout');
    } finally {
      this.csrfToken = null;
    }
  }

  async handoffs(): Promise<HandoffSummary[]> {
    return (await this.request<{ handoffs: HandoffSummary[] }>('GET', '/console/api/handoffs')).handoffs;
  }

  async handoff(id: string): Promise<HandoffDetail> {
    return (await this.request<{ handoff: HandoffDetail }>('GET', `/console/api/handoffs/${encodeURIComponent(id)}`))
      .handoff;
  }

  async take(id?: string): Promise<HandoffSummary> {
    return (await this.request<{ handoff: HandoffSummary }>('POST', '/console/api/handoffs/take', id ? { id } : {}))
      .handoff;
  }

  async reply(id: string, text: string): Promise<TranscriptMessage> {
    return (
      await this.request<{ message: TranscriptMessage }>(
        'POST',
        `/console/api/handoffs/${encodeURIComponent(id)}/reply`,
        { text },
      )
    ).message;
  }

  async note(id: string, text: string): Promise<TranscriptMessage> {
    return (
      await this.request<{ message: TranscriptMessage }>(
        'POST',
        `/console/api/handoffs/${encodeURIComponent(id)}/note`,
        { text },
      )
    ).message;
  }

  async transfer(id: string, to: { agentId: string } | { area: string }): Promise<HandoffSummary> {
    return (
      await this.request<{ handoff: HandoffSummary }>(
        'POST',
        `/console/api/handoffs/${encodeURIComponent(id)}/transfer`,
        to,
      )
    ).handoff;
  }

  async close(id: string): Promise<HandoffSummary> {
    return (
      await this.request<{ handoff: HandoffSummary }>('POST', `/console/api/handoffs/${encodeURIComponent(id)}/close`)
    ).handoff;
  }

  async markRead(id: string): Promise<void> {
    await this.request('POST', `/console/api/handoffs/${encodeURIComponent(id)}/read`);
  }

  async setPresence(presence: Presence): Promise<AgentStatus> {
    return (await this.request<{ agent: AgentStatus }>('POST', '/console/api/presence', { presence })).agent;
  }

  async agents(): Promise<AgentStatus[]> {
    return (await this.request<{ agents: AgentStatus[] }>('GET', '/console/api/agents')).agents;
  }

  async cannedResponses(): Promise<CannedResponse[]> {
    return (await this.request<{ responses: CannedResponse[] }>('GET', '/console/api/canned-responses')).responses;
  }

  async areas(): Promise<Area[]> {
    return (await this.request<{ areas: Area[] }>('GET', '/console/api/areas')).areas;
  }

  async cases(query: Record<string, string>): Promise<CaseList> {
    const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== ''));
    const suffix = params.toString() ? `?${params.toString()}` : '';
    return this.request<CaseList>('GET', `/api/v1/cases${suffix}`);
  }

  async caseView(radicado: string): Promise<CaseView> {
    return this.request<CaseView>('GET', `/api/v1/cases/${encodeURIComponent(radicado)}`);
  }

  async caseStep(radicado: string, step: string, body: Record<string, unknown>): Promise<CaseView> {
    return this.request<CaseView>('POST', `/api/v1/cases/${encodeURIComponent(radicado)}/${step}`, body);
  }

  async dashboard(period: { from: string; to: string }): Promise<Dashboard> {
    const q = `from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`;
    return this.request<Dashboard>('GET', `/api/v1/reports/dashboard?${q}`);
  }

  async searchComments(period: { from: string; to: string }, text: string): Promise<CommentRow[]> {
    const q = `from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}&q=${encodeURIComponent(text)}`;
    return (await this.request<{ items: CommentRow[] }>('GET', `/api/v1/reports/comments?${q}`)).items;
  }
}
