import { FakeAdapter } from '../../src/channels/fake/fake-adapter.js';
import type { OutboundMessage } from '../../src/lib/messages.js';
import type { StaffActor } from '../../src/staff/staff-member.js';
import { HandoffWorld } from '../handoff/handoff-runtime.js';

/** Tuesday 14 April 2026, 9:00 in Bogotá: office hours, and a week later is a working Tuesday too (no Holy Week). */
export const TUESDAY_9AM = new Date('2026-04-14T14:00:00Z').getTime();

/**
 * The handoff tests' world (real runtime on the demo flows, flows/encuestas.yaml and entity.yaml, movable clock,
 * timers run by hand) with what survey tests add: tapping options, and the runs stored.
 */
export class SurveyWorld extends HandoffWorld {
  constructor() {
    super();
    this.t = TUESDAY_9AM;
  }

  // Ten buttons, like the widget, Telegram and WhatsApp's Cloud API (as a list). The same channel across restarts:
  // its message ids go on from where they were, as a real channel's do.
  protected override channelFor(entityId: string): FakeAdapter {
    return (
      this.adapter ??
      new FakeAdapter(entityId, { maxButtons: 10, maxTextLength: 4096, typingIndicator: true, attachments: true })
    );
  }

  /** Taps the option with this label on the last message, as a button would. */
  async tap(citizen: string, label: string): Promise<string[]> {
    const option = this.last(citizen).options.find((o) => o.label === label);
    if (!option)
      throw new Error(`no option «${label}» in ${JSON.stringify(this.last(citizen).options.map((o) => o.label))}`);
    const before = this.adapter.sentTo(citizen).length;
    await this.adapter.receive(citizen, { text: option.label, payload: option.value });
    await this.settle();
    return this.adapter
      .sentTo(citizen)
      .slice(before)
      .map((m) => m.text);
  }

  sent(citizen: string): OutboundMessage[] {
    return this.adapter.sentTo(citizen);
  }

  last(citizen: string): OutboundMessage {
    const m = this.adapter.sentTo(citizen).at(-1);
    if (!m) throw new Error(`nothing sent to ${citizen}`);
    return m;
  }

  /** The citizen asks for a person, `agent` takes and closes the conversation; returns the handoff. */
  async attendedAndClosed(citizen: string, agent: StaffActor) {
    await this.say(citizen, 'hola');
    await this.say(citizen, 'asesor');
    const handoff = await this.handoffOf(citizen);
    await this.handoff.take(agent, handoff.id);
    await this.handoff.reply(agent, handoff.id, { text: 'Con gusto le ayudo.' });
    await this.settle();
    await this.handoff.close(agent, handoff.id);
    await this.settle();
    return handoff;
  }

  async runs() {
    return this.prisma.surveyRun.findMany({
      orderBy: { sentAt: 'asc' },
      include: { answers: { orderBy: { createdAt: 'asc' } } },
    });
  }
}
