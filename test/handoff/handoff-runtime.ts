import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { join } from 'node:path';
import { FakeAdapter } from '../../src/channels/fake/fake-adapter.js';
import type { CaseService } from '../../src/cases/service/case-service.js';
import type { Runtime } from '../../src/core/runtime.js';
import type { DatabaseProvider } from '../../src/db/provider.js';
import type { HandoffService } from '../../src/handoff/handoff-service.js';
import { startEntityRuntime } from '../../src/runtime-for-entity.js';
import { staffActor, type StaffActor } from '../../src/staff/staff-member.js';
import type { StaffRole } from '../../src/staff/staff-roles.js';
import type { SurveyService } from '../../src/surveys/survey-service.js';
import { silentLogger } from '../core/harness.js';
import { TestClock } from '../support/test-clock.js';
import { repoRoot } from '../support/cli-process.js';
import { openMigratedDatabase } from '../support/test-database.js';

/** Friday 27 March 2026, 9:00 in Bogotá: within the demo entity's office hours (Mon-Fri 7:30-16:30). */
export const FRIDAY_9AM = new Date('2026-03-27T14:00:00Z').getTime();
/** Saturday 28 March 2026, 9:00 in Bogotá: no agents. */
export const SATURDAY_9AM = new Date('2026-03-28T14:00:00Z').getTime();

/** The real runtime with the demo flows and entity.yaml, the fake channel as the citizen's, and a movable clock. */
export class HandoffWorld {
  readonly clock = new TestClock(FRIDAY_9AM);
  private detach: (() => void) | undefined;
  /** What the runtime logs to; a test that reads the logs sets its own and restarts. */
  logger: Logger = silentLogger;
  adapter!: FakeAdapter;
  runtime!: Runtime;
  handoff!: HandoffService;
  cases!: CaseService;
  surveys!: SurveyService;
  entityId!: string;
  private opened!: Awaited<ReturnType<typeof openMigratedDatabase>>;

  /** Opens a world of this class (the survey tests' subclass too) on a fresh database; `t` moves its start. */
  static async open<W extends HandoffWorld>(this: new () => W, provider: DatabaseProvider, t?: number): Promise<W> {
    const world = new this();
    if (t !== undefined) world.t = t;
    world.opened = await openMigratedDatabase(provider);
    await world.start();
    return world;
  }

  /** The world's time in epoch milliseconds; setting it jumps there without running the timers in between. */
  get t(): number {
    return this.clock.now().getTime();
  }

  set t(value: number) {
    this.clock.skip(value - this.t);
  }

  get prisma() {
    return this.opened.database.prisma;
  }

  /** Starts (or, after stop(), restarts) the runtime on the same database, as a new process would. */
  async start(): Promise<void> {
    const started = await startEntityRuntime({
      database: this.opened.database,
      logger: this.logger,
      flowsDir: join(repoRoot, 'flows'),
      adapters: (entity) => [(this.adapter = this.channelFor(entity.id))],
      pollMs: 0,
      now: this.clock.now,
    });
    this.runtime = started.runtime;
    this.detach = this.clock.pollRuntime(this.runtime, () => this.settle());
    this.handoff = started.handoff;
    this.cases = started.cases;
    this.surveys = started.surveys;
    this.entityId = started.entity.id;
  }

  /** The citizen's channel at each start; a subclass may keep one across restarts or give it more buttons. */
  protected channelFor(entityId: string): FakeAdapter {
    return new FakeAdapter(entityId);
  }

  async stop(): Promise<void> {
    this.detach?.();
    await this.settle();
    await this.runtime.stop();
  }

  async close(): Promise<void> {
    await this.stop();
    await this.opened.close();
  }

  /** Moves time on and runs the timers and retries due by then, as the server's pollers would. */
  advance(minutes: number): Promise<void> {
    return this.clock.advance(minutes * 60_000);
  }

  async settle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await this.handoff.idle();
      await this.runtime.engine.idle();
      await this.runtime.outbox.idle();
    }
  }

  /** Runs the timers due now, as the poller would (a timer scheduled for the present moment). */
  runTimers(): Promise<void> {
    return this.clock.advance(0);
  }

  async say(citizen: string, text: string): Promise<string[]> {
    const before = this.adapter.sentTo(citizen).length;
    await this.adapter.receive(citizen, { text });
    await this.settle();
    return this.adapter
      .sentTo(citizen)
      .slice(before)
      .map((m) => m.text);
  }

  texts(citizen: string): string[] {
    return this.adapter.sentTo(citizen).map((m) => m.text);
  }

  async agent(
    name: string,
    roles: StaffRole[] = ['agente'],
    options: { online?: boolean; areas?: string[]; max?: number } = {},
  ): Promise<StaffActor> {
    const row = await this.prisma.staffMember.create({
      data: {
        entityId: this.entityId,
        name,
        email: `${randomUUID()}@sanisidro.test`,
        roles,
        tokenHash: randomUUID(),
        areas: options.areas ?? [],
        maxConversations: options.max ?? 3,
      },
    });
    const actor = staffActor({ id: row.id, entityId: this.entityId, name, roles, dependency: null });
    if (options.online ?? true) await this.handoff.setPresence(actor, 'online');
    await this.settle();
    return actor;
  }

  async handoffOf(citizen: string) {
    const identity = await this.prisma.contactIdentity.findFirstOrThrow({ where: { externalId: citizen } });
    return this.prisma.handoff.findFirstOrThrow({
      where: { contactId: identity.contactId },
      orderBy: { queuedAt: 'desc' },
    });
  }
}
