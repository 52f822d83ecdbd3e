import { ACTIVE, CALLBACK, type HandoffContext } from './handoff-context.js';
import type { HandoffQueue } from './handoff-queue.js';
import type { HandoffTimerPayload, HandoffTimers } from './handoff-timers.js';
import type { OfficeHours } from './office-hours.js';

/**
 * What happens when a handoff timer fires (the `handoff.timer` job): an agent who did not answer loses the
 * conversation to the queue, a silent citizen is warned and then closed, a queue that outlived office hours is
 * closed with when agents return, and a delayed "you moved up" notice goes out. Each checks the row first: the
 * situation may have changed since the job was scheduled.
 */
export class HandoffTimerJobs {
  constructor(
    private readonly ctx: HandoffContext,
    private readonly hours: OfficeHours,
    private readonly timers: HandoffTimers,
    private readonly queue: HandoffQueue,
  ) {}

  async run(payload: HandoffTimerPayload): Promise<void> {
    const row = await this.ctx.prisma.handoff.findUnique({ where: { id: payload.handoffId } });
    if (!row || !ACTIVE.includes(row.status)) return;
    const now = this.ctx.now();
    switch (payload.timer) {
      case 'agent_silent': {
        const answered =
          row.lastAgentAt &&
          (!row.lastCitizenAt || row.lastAgentAt >= row.lastCitizenAt) &&
          row.assignedAt &&
          row.lastAgentAt >= row.assignedAt;
        if (row.status !== 'assigned' || row.agentId !== payload.agentId || answered) return;
        const back = await this.ctx.prisma.handoff.updateMany({
          where: { id: row.id, version: row.version, status: 'assigned' },
          data: { status: 'queued', agentId: null, assignedAt: null, version: { increment: 1 } },
        });
        if (back.count !== 1) return;
        // Supervisors see it through the event; the log line is for operators.
        this.ctx.logger.warn(
          { handoffId: row.id, staffId: payload.agentId },
          'agent did not answer in time: handoff requeued',
        );
        await this.queue.afterRequeue(row.id, 'Disculpe la espera. Le pasamos con el siguiente asesor disponible.');
        this.ctx.emit({ type: 'agents.changed', entityId: row.entityId });
        return;
      }
      case 'citizen_silent': {
        const answered = row.lastCitizenAt && row.lastAgentAt && row.lastCitizenAt > row.lastAgentAt;
        if (row.status !== 'assigned' || answered) return;
        if (payload.stage !== 'close') {
          const minutes = this.ctx.settings.timers.closeAfterWarning;
          await this.ctx.deps.notify(
            row.conversationId,
            { text: `¿Sigue ahí? Si no recibimos su respuesta en ${minutes} minutos, cerraremos esta conversación.` },
            {},
          );
          await this.timers.scheduleCitizenSilent(row.id, 'close', minutes);
          return;
        }
        await this.queue.finish(
          row,
          'citizen_silent',
          'Cerramos esta conversación porque no recibimos respuesta. Si necesita algo más, escríbanos de nuevo.',
        );
        return;
      }
      case 'out_of_hours': {
        if (row.status !== 'queued' || row.reason === CALLBACK) return;
        if (this.hours.isOpen(now)) {
          await this.timers.scheduleOutOfHours(row.id);
          return;
        }
        await this.queue.finish(
          row,
          'out_of_hours',
          `Nuestro horario de atención terminó y ningún asesor pudo atenderle. Los asesores vuelven ${this.hours.describeReturn(now)}. ` +
            'Si quiere, escriba «menú» para radicar una PQRSD y le responderemos por escrito.',
        );
        return;
      }
      case 'position':
        if (row.status === 'queued') await this.queue.announcePositions(row.area);
        return;
    }
  }
}
