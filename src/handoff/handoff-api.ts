import type { Attachment } from '../lib/messages.js';
import type { StaffActor } from '../staff/staff-member.js';
import { DomainError } from '../lib/errors/domain-error.js';
import type { HandoffErrorCode } from '../lib/errors/handoff-errors.js';
import type {
  AgentStatus,
  CannedResponse,
  HandoffDetail,
  HandoffSummary,
  Presence,
  TranscriptMessage,
} from './handoff-wire.js';

/**
 * What the console (HTTP and WebSocket) needs from the handoff service. The service (handoff-service.ts) implements
 * it; the console routes depend only on this file, so both can be built and tested on their own.
 */

export type {
  AgentStatus,
  CitizenCase,
  HandoffDetail,
  HandoffStatus,
  HandoffSummary,
  Presence,
  TranscriptMessage,
} from './handoff-wire.js';

/** Events the console's WebSocket forwards to signed-in staff of the entity (filtered by what each may see). */
export type HandoffEvent =
  | { type: 'queue.changed'; entityId: string }
  | { type: 'handoff.updated'; entityId: string; handoff: HandoffSummary }
  | { type: 'message'; entityId: string; handoffId: string; conversationId: string; message: TranscriptMessage }
  | { type: 'agents.changed'; entityId: string };

/** A file an agent sends from the console. */
export interface AgentFile {
  data: Buffer;
  /** As the agent's computer named it; cleaned before it is stored. */
  fileName?: string;
  /** Text sent with the file (0..4000 characters). */
  caption?: string;
}

/** A stored file's bytes and what to serve them as. */
export interface FileContent {
  fileName: string;
  mimeType: string;
  data: Buffer;
}

/** A refusal of the handoff console: a catalogue code (src/lib/errors/handoff-errors.ts) and a Spanish message for the agent. */
export class HandoffError extends DomainError<HandoffErrorCode> {
  constructor(code: HandoffErrorCode, message: string) {
    super(code, { message });
    this.name = 'HandoffError';
  }
}

/** Every method checks the actor's permissions (handoff.attend / handoff.supervise) and entity. */
export interface HandoffConsole {
  /** Queued and assigned handoffs the actor may see, queued ones in serving order. */
  list(actor: StaffActor): Promise<HandoffSummary[]>;
  detail(actor: StaffActor, handoffId: string): Promise<HandoffDetail>;
  /** Takes a given queued handoff, or the next one the actor may attend when id is omitted. Exactly one agent wins. */
  take(actor: StaffActor, handoffId?: string): Promise<HandoffSummary>;
  reply(
    actor: StaffActor,
    handoffId: string,
    input: { text: string; attachments?: Attachment[] },
  ): Promise<TranscriptMessage>;
  /**
   * Holder only: keeps a file (JPG, PNG or PDF by its bytes, at most 5 MB) with the citizen's contact, so it is deleted
   * with them, and sends it to the citizen like a reply, with an optional caption.
   */
  sendFile(actor: StaffActor, handoffId: string, file: AgentFile): Promise<TranscriptMessage>;
  /** A stored file shown in a transcript the actor may open (the rule of `detail`); NOT_FOUND otherwise. */
  file(actor: StaffActor, fileId: string): Promise<FileContent>;
  note(actor: StaffActor, handoffId: string, text: string): Promise<TranscriptMessage>;
  /** To another agent (who must be online with capacity) or back to an area's queue. */
  transfer(actor: StaffActor, handoffId: string, to: { agentId: string } | { area: string }): Promise<HandoffSummary>;
  /** Ends the human part: the citizen is told, the bot resumes and the survey follows. */
  close(actor: StaffActor, handoffId: string): Promise<HandoffSummary>;
  /** Marks the citizen's messages read for the holder (unread counter). */
  markRead(actor: StaffActor, handoffId: string): Promise<void>;
  setPresence(actor: StaffActor, presence: Presence): Promise<AgentStatus>;
  /** Supervisors: every agent's status and load. */
  agents(actor: StaffActor): Promise<AgentStatus[]>;
  /** Canned responses from the entity's settings. */
  cannedResponses(actor: StaffActor): Promise<CannedResponse[]>;
  /** Live events; returns an unsubscribe function. */
  subscribe(listener: (event: HandoffEvent) => void): () => void;
}
