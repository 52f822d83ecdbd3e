import { z } from 'zod';
import { Attachment } from '../lib/messages.js';

/**
 * The handoff console's JSON on the wire (docs/console-api.md): the routes declare these as their response schemas,
 * the handoff service's types are inferred from them (handoff-api.ts), and web-console/src/types.ts imports the
 * inferred types (type-only, so no zod in the bundle). A change here the console does not follow fails its type
 * check inside `npm test` (test/contracts/browser-contract.test.ts).
 *
 * This file must stay free of Node-only imports: the console's compiler reads it with the DOM library only.
 */

export const HandoffStatus = z.enum(['queued', 'assigned', 'closed', 'left']);
export type HandoffStatus = z.output<typeof HandoffStatus>;
export const Presence = z.enum(['online', 'away', 'offline']);
export type Presence = z.output<typeof Presence>;

/** One line of the live queue and of an agent's own list. Times are ISO strings (JSON). */
export const HandoffSummary = z.object({
  id: z.string(),
  conversationId: z.string(),
  channel: z.string(),
  area: z.string(),
  /** 2 special constitutional protection, 1 urgent, 0 normal. */
  priority: z.number().int(),
  /** Why it is a priority, in Spanish ("Adulto mayor", "Urgente"), or null. */
  priorityLabel: z.string().nullable(),
  reason: z.string(),
  status: HandoffStatus,
  /** Place in its area's queue (1 = next), only while queued. */
  position: z.number().int().nullable(),
  agent: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The citizen's display name if they gave one, else a neutral label ("Ciudadano por WhatsApp"). Never a phone number. */
  citizenLabel: z.string(),
  queuedAt: z.string(),
  assignedAt: z.string().nullable(),
  /** Citizen messages the holding agent has not answered yet (0 while queued: see waitingSeconds). */
  unread: z.number().int(),
  /** Seconds since queued (while queued) or since the citizen's last unanswered message (while assigned). */
  waitingSeconds: z.number(),
  lastCitizenText: z.string().nullable(),
});
export type HandoffSummary = z.output<typeof HandoffSummary>;

/** A message of the transcript as the console shows it: the whole bot conversation, then the agent's. */
export const TranscriptMessage = z.object({
  id: z.string(),
  from: z.enum(['citizen', 'bot', 'agent', 'note']),
  /** The agent's name for agent messages and notes. */
  authorName: z.string().nullable(),
  text: z.string(),
  attachments: z.array(Attachment),
  at: z.string(),
  /** Outbound delivery: queued | sent | delivered | read | failed. */
  status: z.string().nullable(),
});
export type TranscriptMessage = z.output<typeof TranscriptMessage>;

/** The citizen's open PQRSD cases, as the agent may see them (a reserved denuncia shows no identity). */
export const CitizenCase = z.object({
  radicado: z.string(),
  type: z.string(),
  status: z.string(),
  dueDate: z.string(),
});
export type CitizenCase = z.output<typeof CitizenCase>;

export const HandoffDetail = HandoffSummary.extend({
  transcript: z.array(TranscriptMessage),
  cases: z.array(CitizenCase),
});
export type HandoffDetail = z.output<typeof HandoffDetail>;

export const AgentStatus = z.object({
  id: z.string(),
  name: z.string(),
  presence: Presence,
  presenceAt: z.string().nullable(),
  areas: z.array(z.string()),
  maxConversations: z.number().int(),
  holding: z.number().int(),
});
export type AgentStatus = z.output<typeof AgentStatus>;

export const CannedResponse = z.object({ id: z.string(), title: z.string(), text: z.string() });
export type CannedResponse = z.output<typeof CannedResponse>;

export const Area = z.object({ id: z.string(), name: z.string() });
export type Area = z.output<typeof Area>;

/** The signed-in person as the console shows them. */
export const Me = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  presence: Presence,
  dependency: z.string().nullable(),
});
export type Me = z.output<typeof Me>;

/** POST /console/api/login and GET /console/api/me; no CSRF token when signed in with a bearer token. */
export const SessionResponse = z.object({ me: Me, csrfToken: z.string().nullable() });
export const HandoffsResponse = z.object({ handoffs: z.array(HandoffSummary) });
export const HandoffDetailResponse = z.object({ handoff: HandoffDetail });
export const HandoffResponse = z.object({ handoff: HandoffSummary });
export const MessageResponse = z.object({ message: TranscriptMessage });
export const AgentResponse = z.object({ agent: AgentStatus });
export const AgentsResponse = z.object({ agents: z.array(AgentStatus) });
export const CannedResponsesResponse = z.object({ responses: z.array(CannedResponse) });
export const AreasResponse = z.object({ areas: z.array(Area) });
export type SessionResponse = z.output<typeof SessionResponse>;
