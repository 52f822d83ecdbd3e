import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.js';
import { HandoffWorld } from './handoff-runtime.js';

/** Every line the runtime logs, to prove the population answers never reach them. */
const logLines: string[] = [];
class LoggedWorld extends HandoffWorld {
  override logger = pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) });
}

// The demo flows and entity.yaml through the real pipeline: a citizen files a petition, states the optional
// population groups after the radicado, and later asks for an agent.
describe.each(testProviders)('population groups in the chat on %s', (provider) => {
  let world: HandoffWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
    logLines.length = 0;
  });

  async function fileUpToTheOffer(
    w: HandoffWorld,
    citizen: string,
    notice: 'Sí, acepto' | 'No acepto',
  ): Promise<string[]> {
    await w.say(citizen, 'hola');
    await w.say(citizen, '2');
    await w.say(citizen, 'peticion');
    await w.say(citizen, notice);
    await w.say(citizen, 'A mi nombre');
    await w.say(citizen, 'Luis Gómez');
    await w.say(citizen, '79.123.456');
    await w.say(citizen, notice === 'Sí, acepto' ? 'omitir' : 'Calle 10 # 3-40');
    await w.say(citizen, 'no tengo');
    if (notice === 'Sí, acepto') {
      await w.say(citizen, 'omitir');
      await w.say(citizen, 'no');
    }
    await w.say(citizen, 'Agua en la vereda');
    await w.say(citizen, 'Hace ocho días no llega el agua a la vereda La Palma. Pido que revisen el acueducto.');
    const afterFiles = await w.say(citizen, 'no');
    if (afterFiles.some((t) => /¿Por dónde quiere recibir la respuesta\?/.test(t)))
      await w.say(citizen, 'Por este chat');
    return w.say(citizen, 'Sí, radicar');
  }

  it('after the radicado, asks the optional groups with a skip at each; the answers go on the case and a victim is served first', async () => {
    world = await LoggedWorld.open(provider);
    const filed = await fileUpToTheOffer(world, 'c1', 'Sí, acepto');
    expect(filed.join('\n')).toMatch(/con el número PQRSD-2026-\d{6}/);
    expect(filed.at(-1)).toMatch(
      /¿Quiere contarnos si pertenece a alguno de estos grupos.*Es opcional y no cambia la respuesta a su solicitud/s,
    );
    expect(
      world.adapter
        .sentTo('c1')
        .at(-1)
        ?.options.map((o) => o.label),
    ).toEqual(['Sí, responder', 'Omitir']);

    // Every question offers "Prefiero no responder": as buttons, or numbered when there are many options.
    const asked = (_replies: string[]) => {
      const last = world!.adapter.sentTo('c1').at(-1);
      return [last?.text ?? '', ...(last?.options ?? []).map((o) => o.label)].join('\n');
    };
    const disability = asked(await world.say('c1', 'Sí, responder'));
    expect(disability).toMatch(/^¿Tiene alguna discapacidad\?/);
    expect(disability).toMatch(/9\. Prefiero no responder/);
    const ethnic = asked(await world.say('c1', 'Visual'));
    expect(ethnic).toMatch(
      /grupos étnicos\?\s+1\. Indígena\s+2\. Negro o afro\s+3\. Raizal\s+4\. Palenquero\s+5\. Rrom o gitano\s+6\. Ninguno\s+7\. Prefiero no responder/,
    );
    expect(asked(await world.say('c1', 'Prefiero no responder'))).toMatch(
      /víctima del conflicto armado\?[\s\S]*Prefiero no responder/,
    );
    expect(asked(await world.say('c1', 'Sí'))).toMatch(/rango de edad[\s\S]*Prefiero no responder/);
    expect(asked(await world.say('c1', '29 a 59 años'))).toMatch(/sexo al nacer[\s\S]*Prefiero no responder/);
    expect(asked(await world.say('c1', 'Mujer'))).toMatch(
      /identidad de género[\s\S]*Persona no binaria[\s\S]*Prefiero no responder/,
    );
    const done = await world.say('c1', 'Omitir');
    expect(done.join('\n')).toMatch(/Gracias por contarnos\. Sus respuestas no cambian el trámite de su solicitud\./);

    const stated = {
      disability: 'visual',
      ethnicGroup: 'prefiere_no_decir',
      armedConflictVictim: 'si',
      ageGroup: '29_a_59',
      sex: 'mujer',
      genderIdentity: 'prefiere_no_decir',
    };
    const kase = await world.prisma.pqrsdCase.findFirstOrThrow({ select: { id: true, conversationId: true } });
    expect(await world.prisma.populationProfile.findUniqueOrThrow({ where: { caseId: kase.id } })).toMatchObject(
      stated,
    );
    expect(
      await world.prisma.populationProfile.findUniqueOrThrow({ where: { conversationId: kase.conversationId! } }),
    ).toMatchObject(stated);

    // Stored where they belong, they are not left in the conversation's saved session.
    const session = await world.prisma.conversation.findUniqueOrThrow({ where: { id: kase.conversationId! } });
    expect(JSON.stringify(session.session)).not.toMatch(/"pob_[a-z]+":"[a-z0-9_]+"/);

    // Ley 1448 de 2011: a victim is a group of special protection, served before the citizens who came earlier.
    await world.say('c2', 'hola');
    await world.say('c2', 'asesor');
    await world.say('c1', 'asesor');
    const victim = await world.handoffOf('c1');
    expect(victim).toMatchObject({ status: 'queued', priority: 2 });
    expect(victim.reason).toContain('Prioridad: Víctima del conflicto armado.');
    const agent = await world.agent('Ana Rojas');
    const queue = await world.handoff.list(agent);
    expect(queue.map((h) => [h.position, h.priorityLabel])).toEqual([
      [1, 'Víctima del conflicto armado'],
      [2, null],
    ]);

    // Sensitive data never reaches the logs: not the stated values, and not the questions' variables.
    const logs = logLines.join('\n');
    expect(logs).toContain('population profile stored');
    for (const value of ['visual', 'prefiere_no_decir', '29_a_59', 'pob_victima', 'pob_discapacidad'])
      expect(logs).not.toContain(value);
  });

  it('"Omitir" at the start asks nothing and keeps nothing; a declined data notice is never followed by the questions', async () => {
    world = await HandoffWorld.open(provider);
    await fileUpToTheOffer(world, 'c1', 'Sí, acepto');
    const skipped = await world.say('c1', 'Omitir');
    expect(skipped.join('\n')).not.toMatch(/¿Tiene alguna discapacidad/);
    expect(skipped.join('\n')).toMatch(/escriba "radicado"/);

    const declined = await fileUpToTheOffer(world, 'c3', 'No acepto');
    expect(declined.join('\n')).toMatch(/con el número PQRSD-2026-\d{6}/);
    expect(world.texts('c3').some((t) => /Quiere contarnos si pertenece|¿Tiene alguna discapacidad/.test(t))).toBe(
      false,
    );
    expect(await world.prisma.populationProfile.count()).toBe(0);
  });
});
