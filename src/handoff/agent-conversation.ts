import type { Attachment } from '../lib/messages.js';
import { can, type StaffActor } from '../staff/staff-member.js';
import { checkUpload } from '../uploads/check-upload.js';
import { cleanFileName, StoredFiles, uploadRefPrefix } from '../uploads/stored-files.js';
import { uploadProblemText } from '../uploads/upload-problems.js';
import { HandoffError, type AgentFile, type FileContent, type TranscriptMessage } from './handoff-api.js';
import { attendsArea, CALLBACK, firstName, type HandoffContext } from './handoff-context.js';
import type { HandoffTimers } from './handoff-timers.js';
import type { HandoffRow } from './handoff-views.js';

/**
 * The agent's side of a conversation they hold: replies, files (sent and opened), internal notes and read marks.
 * Each reply stops the agent's clock and starts the citizen's.
 */
export class AgentConversation {
  private readonly files: StoredFiles;

  constructor(
    private readonly ctx: HandoffContext,
    private readonly timers: HandoffTimers,
  ) {
    this.files = new StoredFiles(ctx.prisma);
  }

  async reply(
    actor: StaffActor,
    handoffId: string,
    input: { text: string; attachments?: Attachment[] },
  ): Promise<TranscriptMessage> {
    this.ctx.assertAttend(actor);
    const row = await this.heldBy(actor, handoffId);
    const text = input.text.trim();
    if (text.length === 0 || text.length > 4000)
      throw new HandoffError('INVALID', 'Escriba un mensaje de 1 a 4.000 caracteres.');
    return this.sendAsAgent(actor, row, { text, attachments: input.attachments ?? [] });
  }

  async sendFile(actor: StaffActor, handoffId: string, file: AgentFile): Promise<TranscriptMessage> {
    this.ctx.assertAttend(actor);
    // Who holds it is checked before anything is stored: a refused file leaves nothing behind.
    const row = await this.heldBy(actor, handoffId);
    const caption = file.caption?.trim() ?? '';
    if (caption.length > 4000)
      throw new HandoffError('INVALID', 'El texto que acompaña el archivo puede tener hasta 4.000 caracteres.');
    const checked = checkUpload(file.data);
    if (!checked.ok) throw new HandoffError('INVALID', uploadProblemText[checked.problem]);
    // Owned by the citizen's contact: deleting the citizen deletes it, and their widget session may download it.
    const attachment = await this.files.save({
      entityId: row.entityId,
      contactId: row.contactId,
      channel: row.channel,
      mimeType: checked.type,
      fileName: cleanFileName(file.fileName, checked.type),
      data: file.data,
    });
    this.ctx.logger.info({ handoffId: row.id, bytes: file.data.length, type: checked.type }, 'agent sent a file');
    return this.sendAsAgent(actor, row, { text: caption, attachments: [attachment] });
  }

  async file(actor: StaffActor, fileId: string): Promise<FileContent> {
    this.ctx.assertAttend(actor);
    const missing = new HandoffError(
      'NOT_FOUND',
      'No encontramos ese archivo, o está en una conversación que usted no puede ver.',
    );
    const stored = await this.files.read(this.ctx.entityId, fileId);
    if (!stored) throw missing;
    const staff = await this.ctx.staffOf(actor);
    const supervise = can(actor, 'handoff.supervise');
    const handoffs = await this.ctx.prisma.handoff.findMany({
      where: { entityId: this.ctx.entityId, contactId: stored.contactId },
      orderBy: { queuedAt: 'desc' },
    });
    const rights = this.ctx.rightsOf(actor);
    const ref = `${uploadRefPrefix}${stored.id}`;
    const checked = new Set<string>();
    for (const row of handoffs) {
      const visible =
        supervise || row.agentId === actor.id || (row.status === 'queued' && attendsArea(staff, row.area));
      if (!visible || checked.has(row.conversationId)) continue;
      checked.add(row.conversationId);
      // Through the transcript the actor would see, so a reserved denunciante's files stay hidden the same way.
      const transcript = await this.ctx.views.transcript(row.conversationId, rights);
      if (transcript.some((m) => m.attachments.some((a) => a.ref === ref))) {
        return { fileName: stored.fileName, mimeType: stored.mimeType, data: Buffer.from(stored.data) };
      }
    }
    throw missing;
  }

  async note(actor: StaffActor, handoffId: string, text: string): Promise<TranscriptMessage> {
    this.ctx.assertAttend(actor);
    const row = await this.ctx.rowFor(actor, handoffId);
    const clean = text.trim();
    if (clean.length === 0 || clean.length > 4000)
      throw new HandoffError('INVALID', 'Escriba una nota de 1 a 4.000 caracteres.');
    const note = await this.ctx.prisma.conversationNote.create({
      data: {
        entityId: row.entityId,
        conversationId: row.conversationId,
        staffId: actor.id,
        text: clean,
        createdAt: this.ctx.now(),
      },
    });
    const message: TranscriptMessage = {
      id: note.id,
      from: 'note',
      authorName: actor.name,
      text: clean,
      attachments: [],
      at: note.createdAt.toISOString(),
      status: null,
    };
    this.ctx.emitTranscript(row, message);
    return message;
  }

  async markRead(actor: StaffActor, handoffId: string): Promise<void> {
    this.ctx.assertAttend(actor);
    const row = await this.heldBy(actor, handoffId);
    await this.markInboundRead(row);
    await this.ctx.emitChanged(row.id, false);
  }

  /** Queues a message written by the agent, records the reply on the handoff and tells the console. */
  private async sendAsAgent(
    actor: StaffActor,
    row: HandoffRow,
    content: { text: string; attachments: Attachment[] },
  ): Promise<TranscriptMessage> {
    const staff = await this.ctx.staffOf(actor);
    const now = this.ctx.now();
    await this.ctx.deps.notify(
      row.conversationId,
      {
        text: content.text,
        attachments: content.attachments,
        author: { kind: 'agent', name: firstName(staff.name) },
        // After WhatsApp's 24-hour window only an approved template may go out: it tells the citizen an agent wrote.
        template: { purpose: 'respuesta_asesor', params: { asesor: firstName(staff.name) } },
      },
      { staffId: staff.id },
    );
    await this.ctx.prisma.handoff.update({
      where: { id: row.id },
      data: { firstReplyAt: row.firstReplyAt ?? now, lastAgentAt: now },
    });
    await this.markInboundRead(row);
    await this.timers.cancel('agent_silent', row.id);
    if (row.reason !== CALLBACK)
      await this.timers.scheduleCitizenSilent(row.id, 'warn', this.ctx.settings.timers.citizenSilent);
    const sent = await this.ctx.prisma.message.findFirstOrThrow({
      where: { conversationId: row.conversationId, direction: 'out', staffId: staff.id },
      orderBy: { createdAt: 'desc' },
    });
    const message = this.ctx.views.messageView(sent, new Map([[staff.id, staff.name]]), null);
    this.ctx.emitTranscript(row, message);
    await this.ctx.emitChanged(row.id, false);
    return message;
  }

  private async markInboundRead(row: HandoffRow): Promise<void> {
    await this.ctx.prisma.message.updateMany({
      where: { conversationId: row.conversationId, direction: 'in', readAt: null, createdAt: { gte: row.queuedAt } },
      data: { readAt: this.ctx.now() },
    });
  }

  /** The handoff when the actor is the agent holding it; why not otherwise. */
  private async heldBy(actor: StaffActor, handoffId: string): Promise<HandoffRow> {
    const row = await this.ctx.rowFor(actor, handoffId);
    if (row.status !== 'assigned')
      throw new HandoffError(
        row.status === 'queued' ? 'NOT_HOLDER' : 'CLOSED',
        row.status === 'queued' ? 'Tome la conversación antes de responder.' : 'Esta conversación ya terminó.',
      );
    if (row.agentId !== actor.id) throw new HandoffError('NOT_HOLDER', 'Esta conversación la atiende otra persona.');
    return row;
  }
}
