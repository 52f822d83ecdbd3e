import type { Api } from './api.js';
import { sitePath } from './site-path.js';

// The knowledge editor's side of the console API (/console/api/knowledge, src/http/knowledge-editor-routes.ts).

export interface KbLink {
  label: string;
  url: string;
}

export interface KbEntry {
  id: string;
  title: string;
  category: string;
  questions: string[];
  answer: string;
  tags: string[];
  links?: KbLink[];
  dependency?: string;
  [extra: string]: unknown;
}

export interface EditorEntry {
  entry: KbEntry;
  retired: boolean;
  updatedAt: string;
  warnings: string[];
}

export interface ChannelPreview {
  channel: 'whatsapp' | 'telegram' | 'widget';
  label: string;
  bubbles: { text: string; buttons: string[] }[];
}

export interface EntryReply {
  entry: EditorEntry;
  preview: ChannelPreview[];
}

export interface TrialOutcome {
  decision: 'answer' | 'clarify' | 'unknown';
  reason?: string;
  redirect?: string;
  answer?: { id: string; title: string };
  offered?: { id: string; title: string }[];
  ranked: { id: string; title: string; confidence: number }[];
}

export interface Miss {
  question: string;
  normalized: string;
  count: number;
  reason: 'unknown' | 'not-helpful';
  entryId: string | null;
  lastAskedAt: string;
}

export interface Version {
  number: number;
  at: string;
  actor: { id: string | null; name: string };
  action: string;
  entryKey: string | null;
  summary: string;
}

export interface VersionDiff {
  entries: {
    id: string;
    title: string;
    change: 'added' | 'removed' | 'changed';
    fields: { field: string; label: string; before: string; after: string }[];
  }[];
  synonyms: { added: { term: string; phrase: string }[]; removed: { term: string; phrase: string }[] };
}

export interface ImportReport {
  applied: boolean;
  rows: number;
  valid: number;
  errors: string[];
  version?: number;
}

const BASE = '/console/api/knowledge';
const key = (id: string) => encodeURIComponent(id);

export class KnowledgeApi {
  constructor(private readonly api: Api) {}

  async entries(query = ''): Promise<EditorEntry[]> {
    const q = query.trim() === '' ? '' : `?q=${encodeURIComponent(query.trim())}`;
    return (await this.api.request<{ entries: EditorEntry[] }>('GET', `${BASE}/entries${q}`)).entries;
  }

  entry(id: string): Promise<EntryReply> {
    return this.api.request('GET', `${BASE}/entries/${key(id)}`);
  }

  create(entry: KbEntry, miss?: string): Promise<EntryReply> {
    return this.api.request('POST', `${BASE}/entries`, { entry, ...(miss ? { miss } : {}) });
  }

  update(id: string, entry: KbEntry): Promise<EntryReply> {
    return this.api.request('PUT', `${BASE}/entries/${key(id)}`, { entry });
  }

  retire(id: string, retired: boolean): Promise<EntryReply> {
    return this.api.request('POST', `${BASE}/entries/${key(id)}/${retired ? 'retire' : 'unretire'}`);
  }

  addQuestion(id: string, question: string, miss?: string): Promise<EntryReply> {
    return this.api.request('POST', `${BASE}/entries/${key(id)}/questions`, { question, ...(miss ? { miss } : {}) });
  }

  async preview(entry: Partial<KbEntry>): Promise<ChannelPreview[]> {
    return (await this.api.request<{ preview: ChannelPreview[] }>('POST', `${BASE}/preview`, { entry })).preview;
  }

  trial(question: string, draft?: KbEntry, replaces?: string): Promise<{ now: TrialOutcome; draft?: TrialOutcome }> {
    return this.api.request('POST', `${BASE}/trial`, {
      question,
      ...(draft ? { draft } : {}),
      ...(replaces ? { replaces } : {}),
    });
  }

  async misses(): Promise<Miss[]> {
    return (await this.api.request<{ misses: Miss[] }>('GET', `${BASE}/misses`)).misses;
  }

  dismiss(miss: string): Promise<{ dismissed: boolean }> {
    return this.api.request('POST', `${BASE}/misses/dismiss`, { miss });
  }

  async synonyms(): Promise<{ term: string; phrases: string[] }[]> {
    return (await this.api.request<{ synonyms: { term: string; phrases: string[] }[] }>('GET', `${BASE}/synonyms`))
      .synonyms;
  }

  addSynonym(term: string, phrase: string): Promise<{ added: boolean }> {
    return this.api.request('POST', `${BASE}/synonyms`, { term, phrase });
  }

  removeSynonym(term: string, phrase: string): Promise<{ removed: boolean }> {
    return this.api.request('POST', `${BASE}/synonyms/remove`, { term, phrase });
  }

  async versions(): Promise<Version[]> {
    return (await this.api.request<{ versions: Version[] }>('GET', `${BASE}/versions`)).versions;
  }

  diff(number: number): Promise<VersionDiff> {
    return this.api.request('GET', `${BASE}/versions/${number}/diff`);
  }

  restore(number: number): Promise<{ version: number }> {
    return this.api.request('POST', `${BASE}/versions/${number}/restore`);
  }

  importFile(text: string, fileName: string, mode: 'check' | 'replace' | 'replace-valid'): Promise<ImportReport> {
    return this.api.request('POST', `${BASE}/import`, { text, fileName, mode });
  }

  exportUrl(format: 'json' | 'csv'): string {
    return sitePath(`${BASE}/export?format=${format}`);
  }
}
