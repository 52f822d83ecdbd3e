import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { HandoffEvent } from '../../src/handoff/handoff-api.js';
import { testProviders } from '../support/test-database.js';
import { HandoffWorld } from './handoff-runtime.js';

// bot.yaml's `safety` rules: the one thing the bot says while a person holds the conversation.
describe.each(testProviders)('safety messages on %s', (provider) => {
  let world: HandoffWorld;
  afterEach(async () => world.close());

  async function held(citizen: string) {
    await world.say(citizen, 'hola');
    await world.say(citizen, 'asesor');
    const h = await world.handoffOf(citizen);
    const ana = await world.agent('Ana Rojas');
    await world.handoff.take(ana, h.id);
    await world.settle();
    return { h, ana };
  }

  it('while an agent holds the conversation, a citizen at risk gets the help lines at once, and the agent sees them live', async () => {
    world = await HandoffWorld.open(provider);
    const { h, ana } = await held('c1');
    const events: HandoffEvent[] = [];
    world.handoff.subscribe((e) => events.push(e));

    // Ordinary messages: the bot stays silent.
    expect(await world.say('c1', 'necesito ayuda con el predial')).toEqual([]);
    const replies = await world.say('c1', 'ya no puedo más, me quiero morir');
    expect(replies).toEqual([expect.stringMatching(/Línea 123.*Línea 192, opción 4/s)]);

    const shown = events.flatMap((e) => (e.type === 'message' ? [e.message] : []));
    expect(shown.map((m) => [m.from, m.text.slice(0, 20)])).toEqual([
      ['citizen', 'necesito ayuda con e'],
      ['citizen', 'ya no puedo más, me '],
      ['bot', 'Usted no está solo. '],
    ]);
    // The transcript reads the same way: the citizen's words, then the line that answered them.
    const detail = await world.handoff.detail(ana, h.id);
    expect(detail.transcript.at(-2)).toMatchObject({ from: 'citizen', text: 'ya no puedo más, me quiero morir' });
    expect(detail.transcript.at(-1)).toMatchObject({ from: 'bot', text: expect.stringContaining('Línea 123') });

    // The conversation goes on, the agent answering within minutes (the timers run as time passes): the same danger
    // within 30 minutes is not repeated; after that it is said again.
    await world.handoff.reply(ana, h.id, { text: 'Aquí estoy, lo escucho.' });
    for (let minute = 4; minute <= 28; minute += 4) {
      await world.advance(4);
      expect(await world.say('c1', 'de verdad me quiero morir')).toEqual([]);
      await world.handoff.reply(ana, h.id, { text: 'Sigo aquí con usted.' });
    }
    await world.advance(4);
    expect(await world.say('c1', 'me quiero morir')).toEqual([expect.stringMatching(/Línea 123/)]);
    // Still held: the conversation never went back to the bot.
    expect((await world.prisma.handoff.findUniqueOrThrow({ where: { id: h.id } })).status).toBe('assigned');
  });

  it('in a bot conversation the safety line comes first and the flow still answers; whole words only', async () => {
    world = await HandoffWorld.open(provider);
    await world.say('c2', 'hola');
    const replies = await world.say('c2', 'hay un incendio en mi cuadra');
    expect(replies[0]).toMatch(/^Si hay una emergencia en este momento, llame a la Línea 123/);
    expect(replies.length).toBeGreaterThan(1);
    // "farmacia" holds "arma"-like fragments and "emergencias" is not "emergencia": whole words only.
    const other = await world.say('c3', 'horario de la farmacia municipal y de la oficina de emergencias');
    expect(other.join('\n')).not.toMatch(/Línea 123/);
  });

  it('logs which rule fired, never what the citizen wrote', async () => {
    world = await HandoffWorld.open(provider);
    const lines: string[] = [];
    await world.stop();
    world.logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    await world.start();
    await world.say('c5', 'hola');
    await world.say('c5', 'me quiero morir, vivo en la calle 8 # 12-30');
    const fired = lines
      .map((l) => JSON.parse(l) as { msg: string; rules?: string[] })
      .filter((l) => l.msg === 'safety message queued');
    expect(fired.map((l) => l.rules)).toEqual([['riesgo_vida']]);
    expect(lines.join('\n')).not.toMatch(/morir|calle 8/);
  });

  it('a citizen waiting in the queue gets the help line too, and stays in the queue', async () => {
    world = await HandoffWorld.open(provider);
    await world.say('c4', 'hola');
    await world.say('c4', 'asesor');
    const replies = await world.say('c4', 'mi esposo me golpea');
    expect(replies[0]).toMatch(/Línea 155.*Línea 141 del ICBF/s);
    expect((await world.handoffOf('c4')).status).toBe('queued');
  });
});
