// The console's view of the server's JSON (docs/console-api.md, docs/api.md). The handoff console's shapes are the
// server's response schemas (src/handoff/handoff-wire.ts), imported type-only so the browser bundle never holds server
// code or zod: a server change the console does not follow fails its type check inside `npm test`
// (test/contracts/browser-contract.test.ts). The case view and reports are still mirrored by hand and checked by
// test/console-ui/types.test.ts.
import type * as Wire from '../../src/handoff/handoff-wire.js';

export type Presence = Wire.Presence;
export type HandoffStatus = Wire.HandoffStatus;
export type Me = Wire.Me;
/** The console signs in with its cookie, so it always gets a CSRF token (null only for bearer tokens). */
export type Session = Omit<Wire.SessionResponse, 'csrfToken'> & { csrfToken: string };
export type HandoffSummary = Wire.HandoffSummary;
export type ShownAttachment = Wire.TranscriptMessage['attachments'][number];
export type TranscriptMessage = Wire.TranscriptMessage;
export type CitizenCase = Wire.CitizenCase;
export type HandoffDetail = Wire.HandoffDetail;
export type AgentStatus = Wire.AgentStatus;
export type CannedResponse = Wire.CannedResponse;
export type Area = Wire.Area;

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
