import type { ActionContext } from '../core/action-registry.js';
import type { HeldConversation, HeldConversations } from '../core/conversation-engine.js';
import type { Attachment, OutboundMessageInput } from '../lib/messages.js';
import type { StaffActor } from '../staff/staff-member.js';
import { AgentConversation } from './agent-conversation.js';
import { ConsoleQueue, type AfterCloseHook } from './console-queue.js';
import type {
  AgentFile,
  AgentStatus,
  FileContent,
  HandoffConsole,
  HandoffDetail,
  HandoffEvent,
  HandoffSummary,
  Presence,
  TranscriptMessage,
} from './handoff-api.js';
import { HandoffContext, type HandoffServiceDeps } from './handoff-context.js';
import { HandoffQueue, type HandoffRequestResult } from './handoff-queue.js';
import { HandoffRequests } from './handoff-requests.js';
import { HandoffTimerJobs } from './handoff-timer-jobs.js';
import { HandoffTimers, type HandoffTimerPayload } from './handoff-timers.js';
import { HeldConversationRouter } from './held-conversations.js';
import { OfficeHours } from './office-hours.js';

export type { AfterCloseHook } from './console-queue.js';
export type { HandoffServiceDeps } from './handoff-context.js';
export type { HandoffRequestResult } from './handoff-queue.js';
export { handoffJobKind, timerKey } from './handoff-timers.js';

/**
 * The human side of conversations, one object per entity with three faces: the flow actions (handoff-requests.ts),
 * the engine's held conversations (held-conversations.ts) and the console (HandoffConsole: console-queue.ts and
 * agent-conversation.ts), plus the timer jobs (handoff-timer-jobs.ts). This class only wires those parts together
 * around one shared HandoffContext; the console routes depend on the HandoffConsole interface, not on it.
 */
export class HandoffService implements HandoffConsole, HeldConversations {
  readonly afterClose: AfterCloseHook[] = [];
  readonly hours: OfficeHours;
  private readonly ctx: HandoffContext;
  private readonly requests: HandoffRequests;
  private readonly held: HeldConversationRouter;
  private readonly consoleQueue: ConsoleQueue;
  private readonly conversation: AgentConversation;
  private readonly timerJobs: HandoffTimerJobs;

  constructor(deps: HandoffServiceDeps) {
    this.ctx = new HandoffContext(deps);
    this.hours = new OfficeHours(deps.settings);
    const timers = new HandoffTimers(this.ctx, this.hours);
    const queue = new HandoffQueue(this.ctx, timers);
    this.requests = new HandoffRequests(this.ctx, this.hours, timers, queue);
    this.held = new HeldConversationRouter(this.ctx, timers, queue);
    this.consoleQueue = new ConsoleQueue(this.ctx, queue, this.afterClose);
    this.conversation = new AgentConversation(this.ctx, timers);
    this.timerJobs = new HandoffTimerJobs(this.ctx, this.hours, timers, queue);
  }

  /** Resolves when the notices and offers started in the background have finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.ctx.idle();
  }

  // ---------------------------------------------------------------- from the flows

  /** The `handoff.request` action: queue the conversation, or say when agents return. */
  request(
    args: { reason?: string; area?: string; prioridad?: string },
    ctx: ActionContext,
  ): Promise<HandoffRequestResult> {
    return this.requests.request(args, ctx);
  }

  /** The `handoff.callback` action: out of hours, a request to be called back that waits in the queue for the morning. */
  requestCallback(
    args: { telefono: string; area?: string; prioridad?: string },
    ctx: ActionContext,
  ): Promise<{ estado: 'registrada'; vuelven: string }> {
    return this.requests.requestCallback(args, ctx);
  }

  // ---------------------------------------------------------------- from the engine (held conversations)

  onCitizenMessage(
    conversation: HeldConversation,
    message: { id: string; text?: string; payload?: string; attachments: Attachment[] },
  ): Promise<OutboundMessageInput[]> {
    return this.held.onCitizenMessage(conversation, message);
  }

  onBotMessages(conversation: HeldConversation, messageIds: string[]): void {
    this.held.onBotMessages(conversation, messageIds);
  }

  // ---------------------------------------------------------------- the console (HandoffConsole)

  list(actor: StaffActor): Promise<HandoffSummary[]> {
    return this.consoleQueue.list(actor);
  }

  detail(actor: StaffActor, handoffId: string): Promise<HandoffDetail> {
    return this.consoleQueue.detail(actor, handoffId);
  }

  take(actor: StaffActor, handoffId?: string): Promise<HandoffSummary> {
    return this.consoleQueue.take(actor, handoffId);
  }

  reply(
    actor: StaffActor,
    handoffId: string,
    input: { text: string; attachments?: Attachment[] },
  ): Promise<TranscriptMessage> {
    return this.conversation.reply(actor, handoffId, input);
  }

  sendFile(actor: StaffActor, handoffId: string, file: AgentFile): Promise<TranscriptMessage> {
    return this.conversation.sendFile(actor, handoffId, file);
  }

  file(actor: StaffActor, fileId: string): Promise<FileContent> {
    return this.conversation.file(actor, fileId);
  }

  note(actor: StaffActor, handoffId: string, text: string): Promise<TranscriptMessage> {
    return this.conversation.note(actor, handoffId, text);
  }

  transfer(actor: StaffActor, handoffId: string, to: { agentId: string } | { area: string }): Promise<HandoffSummary> {
    return this.consoleQueue.transfer(actor, handoffId, to);
  }

  close(actor: StaffActor, handoffId: string): Promise<HandoffSummary> {
    return this.consoleQueue.close(actor, handoffId);
  }

  markRead(actor: StaffActor, handoffId: string): Promise<void> {
    return this.conversation.markRead(actor, handoffId);
  }

  setPresence(actor: StaffActor, presence: Presence): Promise<AgentStatus> {
    return this.consoleQueue.setPresence(actor, presence);
  }

  agents(actor: StaffActor): Promise<AgentStatus[]> {
    return this.consoleQueue.agents(actor);
  }

  cannedResponses(actor: StaffActor): Promise<{ id: string; title: string; text: string }[]> {
    return this.consoleQueue.cannedResponses(actor);
  }

  /** The areas agents attend, for the console's transfer menu. */
  areas(): { id: string; name: string }[] {
    return this.ctx.settings.areas.map((a) => ({ ...a }));
  }

  subscribe(listener: (event: HandoffEvent) => void): () => void {
    return this.ctx.subscribe(listener);
  }

  // ---------------------------------------------------------------- timers

  /** The job handler for every handoff timer (registered as `handoff.timer` on the runtime's scheduler). */
  runTimer(payload: HandoffTimerPayload): Promise<void> {
    return this.timerJobs.run(payload);
  }
}
