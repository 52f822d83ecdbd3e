// The console's view of the server's JSON (.tmp/console-contract.md, src/handoff/handoff-api.ts, docs/api.md).
// Mirrored rather than imported so the browser bundle never reaches into server code; test/console-ui/types.test.ts
// fails to compile when the server's shapes drift away from these.

export type Presence = 'online' | 'away' | 'offline';
export type HandoffStatus = 'queued' | 'assigned' | 'closed' | 'left';

export interface Me {
  id: string;
  name: string;
  email: string;
  roles: string[];
  permissions: string[];
  presence: Presence;
  dependency: string | null;
}

export interface Session {
  me: Me;
  csrfToken: string;
}

export interface HandoffSummary {
  id: string;
  conversationId: string;
  channel: string;
  area: string;
  priority: number;
  priorityLabel: string | null;
  reason: string;
  status: HandoffStatus;
  position: number | null;
  agent: { id: string; name: string } | null;
  citizenLabel: string;
  queuedAt: string;
  assignedAt: string | null;
  unread: number;
  waitingSeconds: number;
  lastCitizenText: string | null;
}

export interface ShownAttachment {
  kind: string;
  ref: string;
  mimeType?: string;
  fileName?: string;
  sizeBytes?: number;
  caption?: string;
}

export interface TranscriptMessage {
  id: string;
  from: 'citizen' | 'bot' | 'agent' | 'note';
  authorName: string | null;
  text: string;
  attachments: ShownAttachment[];
  at: string;
  status: string | null;
}

export interface CitizenCase {
  radicado: string;
  type: string;
  status: string;
  dueDate: string;
}

export interface HandoffDetail extends HandoffSummary {
  transcript: TranscriptMessage[];
  cases: CitizenCase[];
}

export interface AgentStatus {
  id: string;
  name: string;
  presence: Presence;
  presenceAt: string | null;
  areas: string[];
  maxConversations: number;
  holding: number;
}

export interface CannedResponse {
  id: string;
  title: string;
  text: string;
}

export interface Area {
  id: string;
  name: string;
}

export type LiveFrame =
  | { type: 'queue.changed' }
  | { type: 'handoff.updated'; handoff: HandoffSummary }
  | { type: 'message'; handoffId: string; conversationId: string; message: TranscriptMessage }
  | { type: 'agents.changed' }
  | { type: 'ping' };

export type TrafficLightColour = 'green' | 'yellow' | 'red' | 'expired' | 'paused' | 'closed';

export interface TrafficLight {
  light: TrafficLightColour;
  businessDaysRemaining: number | null;
  label: string;
}

export interface CaseHistoryEntry {
  at: string;
  actor: string | null;
  actorKind: string;
  kind: string;
  data: Record<string, unknown>;
}

/** docs/api.md "The case view"; only the fields the console shows are spelled out. */
export interface CaseView {
  id: string;
  radicado: string;
  type: string;
  typeLabel: string;
  status: string;
  statusLabel: string;
  channel: string;
  requesterKind: string;
  identityReserved: boolean;
  requester:
    | null
    | { reservada: true }
    | {
        name: string | null;
        documentType: string | null;
        documentNumber: string | null;
        email: string | null;
        phone: string | null;
        address: string | null;
      };
  /** The party a representative or apoderado files for; reserved for readers who do not handle the case. */
  represented?:
    null | { reservada: true } | { name: string; documentType: string | null; documentNumber: string | null };
  subject: string | null;
  description: string;
  dependency: string | null;
  /** The subject category (settings.pqrsd.temas); null: sin clasificar. */
  topic: string | null;
  /** A queja or denuncia referred to a disciplinary or control body. */
  referral: { body: string; at: string | null } | null;
  receivedAt: string;
  dueDate: string;
  trafficLight: TrafficLight;
  answer: string | null;
  version: number;
  /** The workflow steps this person may take on the case today, decided by the server (case-transitions.ts). */
  allowedActions: string[];
  history?: CaseHistoryEntry[];
  /** The population groups the citizen stated, in Spanish; only for officials handling the case (never supervisors). */
  populationLabels?: { field: string; value: string }[];
}

export interface CaseList {
  total: number;
  items: CaseView[];
}
