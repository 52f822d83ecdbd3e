import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { FakeAdapter } from '../../src/channels/fake/fake-adapter.js';
import type { CaseService } from '../../src/cases/service/case-service.js';
import type { OutboundMessage } from '../../src/core/messages.js';
import type { Runtime } from '../../src/core/runtime.js';
import type { DatabaseProvider } from '../../src/db/provider.js';
import type { HandoffService } from '../../src/handoff/handoff-service.js';
import { startEntityRuntime } from '../../src/runtime-for-entity.js';
import { staffActor, type StaffActor } from '../../src/staff/staff-member.js';
import type { SurveyService } from '../../src/surveys/survey-service.js';
import { silentLogger } from '../core/harness.js';
import { repoRoot } from '../support/cli-process.js';
import { openMigratedDatabase } from '../support/test-database.js';

/**
 * The real runtime on the demo flows, flows/encuestas.yaml and entity.yaml, with the fake channel as the citizen's,
 * a movable clock and timers run by hand (as the poller would), on a real migrated database.
 */
/** Tuesday 14 April 2026, 9:00 in Bogotá: office hours, and a week later is a working Tuesday too (no Holy Week). */
export const TUESDAY_9AM = new Date('2026-04-14T14:00:00Z').getTime();

export class SurveyWorld {
  t = TUESDAY_9AM;
  adapter!: FakeAdapter;
  runtime!: Runtime;
  handoff!: HandoffService;
  cases!: CaseService;
  surveys!: SurveyService;
  entityId!: string;
  private opened!: Awaited<ReturnType<typeof openMigratedDatabase>>;

  static async open(provider: DatabaseProvider): Promise<SurveyWorld> {
    const world = new SurveyWorld();
    world.opened = await openMigratedDatabase(provider);
    await world.start();
    return world;
  }

  get prisma() {
    return this.opened.database.prisma;
  }

  /** Starts (or, after stop(), restarts) the runtime on the same database, as a new process would. */
  async start(): Promise<void> {
    const started = await startEntityRuntime({
      database: this.opened.database,
      logger: silentLogger,
      flowsDir: join(repoRoot, 'flows'),
      // Ten buttons, like the widget, Telegram and WhatsApp's Cloud API (as a list). The same channel across restarts:
      // its message ids go on from where they were, as a real channel's do.
      adapters: (entity) => [(this.adapter ??= new FakeAdapter(entity.id, { maxButtons: 10, maxTextLength: 4096, typingIndicator: true, attachments: true }))],
      pollMs: 0,
      now: () => new Date(this.t),
    });
    this.runtime = started.runtime;
    this.handoff = started.handoff;
    this.cases = started.cases;
    this.surveys = started.surveys;
    this.entityId = started.entity.id;
  }

  async stop(): Promise<void> {
    await this.settle();
    await this.runtime.stop();
  }

  async close(): Promise<void> {
    await this.stop();
    await this.opened.close();
  }

  advance(minutes: number): void {
    this.t += minutes * 60_000;
  }

  async settle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await this.handoff.idle();
      await this.runtime.engine.idle();
      await this.runtime.outbox.idle();
    }
  }

  async runTimers(): Promise<void> {
    await this.runtime.jobs.runDue(new Date(this.t));
    await this.settle();
  }

  async say(citizen: string, text: string): Promise<string[]> {
    const before = this.adapter.sentTo(citizen).length;
    await this.adapter.receive(citizen, { text });
    await this.settle();
    return this.adapter.sentTo(citizen).slice(before).map((m) => m.text);
  }

  /** Taps the option with this label on the last message, as a button would. */
  async tap(citizen: string, label: string): Promise<string[]> {
    const option = this.last(citizen).options.find((o) => o.label === label);
    if (!option) throw new Error(`no option «${label}» in ${JSON.stringify(this.last(citizen).options.map((o) => o.label))}`);
    const before = this.adapter.sentTo(citizen).length;
    await this.adapter.receive(citizen, { text: option.label, payload: option.value });
    await this.settle();
    return this.adapter.sentTo(citizen).slice(before).map((m) => m.text);
  }

  sent(citizen: string): OutboundMessage[] {
    return this.adapter.sentTo(citizen);
  }

  last(citizen: string): OutboundMessage {
    const m = this.adapter.sentTo(citizen).at(-1);
    if (!m) throw new Error(`nothing sent to ${citizen}`);
    return m;
  }

  async agent(name: string): Promise<StaffActor> {
    const row = await this.prisma.staffMember.create({
      data: { entityId: this.entityId, name, email: `${randomUUID()}@sanisidro.test`, roles: ['agente'], tokenHash: randomUUID(), areas: [], maxConversations: 3 },
    });
    const actor = staffActor({ id: row.id, entityId: this.entityId, name, roles: ['agente'], dependency: null });
    await this.handoff.setPresence(actor, 'online');
    await this.settle();
    return actor;
  }

  /** The citizen asks for a person, `agent` takes and closes the conversation; returns the handoff. */
  async attendedAndClosed(citizen: string, agent: StaffActor) {
    await this.say(citizen, 'hola');
    await this.say(citizen, 'asesor');
    const identity = await this.prisma.contactIdentity.findFirstOrThrow({ where: { externalId: citizen } });
    const handoff = await this.prisma.handoff.findFirstOrThrow({ where: { contactId: identity.contactId }, orderBy: { queuedAt: 'desc' } });
    await this.handoff.take(agent, handoff.id);
    await this.handoff.reply(agent, handoff.id, { text: 'Con gusto le ayudo.' });
    await this.settle();
    await this.handoff.close(agent, handoff.id);
    await this.settle();
    return handoff;
  }

  async runs() {
    return this.prisma.surveyRun.findMany({ orderBy: { sentAt: 'asc' }, include: { answers: { orderBy: { createdAt: 'asc' } } } });
  }
}
