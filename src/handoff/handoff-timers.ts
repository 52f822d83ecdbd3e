import { z } from 'zod';
import { defineJobKind } from '../core/job-kind.js';
import type { HandoffContext } from './handoff-context.js';
import type { OfficeHours } from './office-hours.js';

const timerNames = ['agent_silent', 'citizen_silent', 'out_of_hours', 'position'] as const;
export type TimerName = (typeof timerNames)[number];
export const timerKey = (timer: TimerName, handoffId: string) => `handoff.${timer}:${handoffId}`;

/** What a `handoff.timer` job carries; handoff-timer-jobs.ts runs it. */
export const HandoffTimerPayload = z.object({
  handoffId: z.string().min(1),
  timer: z.enum(timerNames),
  stage: z.enum(['warn', 'close']).optional(),
  agentId: z.string().min(1).optional(),
});
export type HandoffTimerPayload = z.output<typeof HandoffTimerPayload>;
export const handoffJobKind = defineJobKind('handoff.timer', HandoffTimerPayload);

/**
 * The handoff's clocks, kept as scheduled jobs so they survive restarts: the queue outliving office hours, an agent
 * who does not answer, a citizen who stops answering, and the next allowed notice of a better place in line.
 */
export class HandoffTimers {
  constructor(
    private readonly ctx: HandoffContext,
    private readonly hours: OfficeHours,
  ) {}

  async scheduleOutOfHours(handoffId: string): Promise<void> {
    const now = this.ctx.now();
    const range = this.hours.currentRange(now);
    const grace = this.ctx.settings.timers.queueOutOfHours * 60_000;
    await this.schedule(handoffId, 'out_of_hours', new Date((range ? range.closes.getTime() : now.getTime()) + grace));
  }

  async scheduleAgentSilent(handoffId: string, agentId: string): Promise<void> {
    const runAt = new Date(this.ctx.now().getTime() + this.ctx.settings.timers.agentSilent * 60_000);
    await this.schedule(handoffId, 'agent_silent', runAt, { agentId });
  }

  async scheduleCitizenSilent(handoffId: string, stage: 'warn' | 'close', minutes: number): Promise<void> {
    await this.schedule(handoffId, 'citizen_silent', new Date(this.ctx.now().getTime() + minutes * 60_000), { stage });
  }

  async schedulePosition(handoffId: string, runAt: Date): Promise<void> {
    await this.schedule(handoffId, 'position', runAt);
  }

  /** True when the timer is still waiting to run. */
  async isPending(timer: TimerName, handoffId: string): Promise<boolean> {
    const job = await this.ctx.prisma.scheduledJob.findUnique({
      where: { key: timerKey(timer, handoffId) },
      select: { id: true },
    });
    return job !== null;
  }

  async cancel(timer: TimerName, handoffId: string): Promise<void> {
    await this.ctx.deps.timers.cancel(timerKey(timer, handoffId));
  }

  async cancelAll(handoffId: string): Promise<void> {
    for (const timer of timerNames) await this.cancel(timer, handoffId);
  }

  private async schedule(
    handoffId: string,
    timer: TimerName,
    runAt: Date,
    extra: Partial<HandoffTimerPayload> = {},
  ): Promise<void> {
    await this.ctx.deps.timers.schedule({
      entityId: this.ctx.entityId,
      kind: handoffJobKind,
      key: timerKey(timer, handoffId),
      runAt,
      payload: { handoffId, timer, ...extra },
    });
  }
}
