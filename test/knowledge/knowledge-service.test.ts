import { Writable } from 'node:stream';
import pino from 'pino';
import type { Logger } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionContext } from '../../src/core/action-registry.js';
import type { Db } from '../../src/db/database.js';
import { kbFeedbackAction, kbLookupAction, knowledgeActions } from '../../src/actions/kb-lookup-action.js';
import type { KbEntry } from '../../src/knowledge/kb-entry.js';
import { KnowledgeService, KnowledgeValidationError } from '../../src/knowledge/knowledge-service.js';
import { openMigratedDatabase, testProviders } from '../support/test-database.js';

const KB_FILE = 'flows/knowledge/kb.json';
const SYNONYMS_FILE = 'flows/knowledge/sinonimos.yaml';

/** A logger at the most verbose level whose output the test can read: citizens' questions must never be in it. */
function memoryLogger(): { logger: Logger; logs: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, stream), logs: () => out };
}

function ctx(logger: Logger): ActionContext {
  return {
    entityId: 'e',
    conversationId: 'c',
    contactId: 'k',
    channel: 'fake',
    idempotencyKey: 'turn-1:0',
    logger,
  };
}

const small: KbEntry[] = [
  {
    id: 'predial-pago',
    title: 'Pago del impuesto predial',
    category: 'hacienda',
    questions: ['¿Cómo pago el impuesto predial?'],
    answer: 'Por PSE, en bancos o en la taquilla de Hacienda.',
    tags: ['predial', 'pago'],
    links: [{ label: 'Pagos en línea', url: 'https://example.gov.co/pagos' }],
    dependency: 'Secretaría de Hacienda',
    owner: 'equipo-web',
  },
  {
    id: 'certificado-residencia',
    title: 'Certificado de residencia',
    category: 'gobierno',
    questions: ['¿Cómo saco el certificado de residencia?'],
    answer: 'Se pide en línea y no tiene costo.',
    tags: [],
  },
];

describe.each(testProviders)('KnowledgeService on %s', (provider) => {
  let prisma: Db;
  let close: () => Promise<void>;
  let entityId: string;
  let otherEntityId: string;
  let log: ReturnType<typeof memoryLogger>;
  let service: KnowledgeService;

  beforeAll(async () => {
    const opened = await openMigratedDatabase(provider);
    prisma = opened.database.prisma;
    close = opened.close;
    entityId = (await prisma.entity.create({ data: { slug: 'demo', name: 'Alcaldía de Prueba', settings: {} } })).id;
    otherEntityId = (await prisma.entity.create({ data: { slug: 'otra', name: 'Otra Alcaldía', settings: {} } })).id;
  });
  afterAll(() => close());

  beforeEach(async () => {
    for (const id of [entityId, otherEntityId]) {
      await prisma.knowledgeEntry.deleteMany({ where: { entityId: id } });
      await prisma.knowledgeSynonym.deleteMany({ where: { entityId: id } });
      await prisma.unansweredQuestion.deleteMany({ where: { entityId: id } });
    }
    log = memoryLogger();
    service = new KnowledgeService(prisma, entityId, log.logger);
  });

  it('answers "unknown" (and records nothing) while the knowledge base is empty', async () => {
    expect(await service.lookup('¿cómo pago el impuesto predial?')).toMatchObject({ kind: 'unknown' });
    expect(await service.exportEntries()).toEqual([]);
  });

  it('seeds from kb.json and sinonimos.yaml only while the knowledge base is empty', async () => {
    expect(await service.seedFromFiles(KB_FILE, SYNONYMS_FILE)).toMatchObject({ seeded: true, entries: 60 });
    expect((await service.listSynonyms()).find((r) => r.term === 'predial')?.phrases).toContain('impuesto de la casa');
    const lookup = await service.lookup('como pago el impuesto de la casa');
    expect(lookup).toMatchObject({ kind: 'answer', entry: { id: 'predial-pago' } });

    // An editor's import is never overwritten by a restart.
    await service.importEntries(small);
    expect(await service.seedFromFiles(KB_FILE, SYNONYMS_FILE)).toEqual({ seeded: false, entries: 0, synonyms: 0 });
    expect((await service.exportEntries()).map((e) => e.id)).toEqual(['predial-pago', 'certificado-residencia']);
    // Another entity's knowledge base is its own.
    expect(await new KnowledgeService(prisma, otherEntityId, log.logger).exportEntries()).toEqual([]);
    // Missing files: nothing to seed, no error.
    const other = new KnowledgeService(prisma, otherEntityId, log.logger);
    expect(await other.seedFromFiles('flows/knowledge/no-existe.json')).toEqual({
      seeded: false,
      entries: 0,
      synonyms: 0,
    });
  });

  it('import then export round-trips every field, extra keys and the file order', async () => {
    await service.importEntries(small);
    expect(await service.exportEntries()).toEqual(small);
    const reversed = [...small].reverse();
    await service.importEntries(reversed);
    expect(await service.exportEntries()).toEqual(reversed);
  });

  it('rejects an import with a bad entry, naming it, and changes nothing', async () => {
    await service.seedFromFiles(KB_FILE, SYNONYMS_FILE);
    const before = await service.exportEntries();
    const bad = [small[0], { ...small[1], answer: '' }, { ...small[1], id: 'predial pago' }] as KbEntry[];
    const error = await service.importEntries(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KnowledgeValidationError);
    expect((error as KnowledgeValidationError).errors).toEqual([
      'Entrada 2 (id «certificado-residencia»), columna «answer (respuesta)»: falta la respuesta.',
      expect.stringMatching(/^Entrada 3 \(id «predial pago»\), columna «id»: el id solo puede tener/),
    ]);
    expect(await service.exportEntries()).toEqual(before);
    expect((await service.lookup('como pago el impuesto predial')).kind).toBe('answer');
  });

  it('keeps the previous knowledge base when the database fails halfway through an import', async () => {
    await service.importEntries(small);
    // The old entries are deleted inside the transaction, then the insert fails: the delete must roll back too.
    const failing = new Proxy(prisma, {
      get(target, prop, receiver) {
        if (prop !== '$transaction') return Reflect.get(target, prop, receiver) as unknown;
        return (fn: (tx: Db) => Promise<unknown>, options: unknown) =>
          target.$transaction(
            (tx) =>
              fn(
                new Proxy(tx, {
                  get(t, p, r) {
                    if (p !== 'knowledgeEntry') return Reflect.get(t, p, r) as unknown;
                    const model = t.knowledgeEntry;
                    return {
                      deleteMany: model.deleteMany.bind(model),
                      createMany: () => Promise.reject(new Error('disk full')),
                    };
                  },
                }) as Db,
              ),
            options as never,
          );
      },
    }) as Db;
    const broken = new KnowledgeService(failing, entityId, log.logger);
    await expect(broken.importEntries([{ ...small[1]!, id: 'nueva' }])).rejects.toThrow('disk full');
    expect(await service.exportEntries()).toEqual(small);
  });

  it('a synonym an editor adds changes the answer at once, in the same instance and in another process', async () => {
    await service.seedFromFiles(KB_FILE, SYNONYMS_FILE);
    // An entry without close siblings: for "pagar" + "predial" the matcher rightly asks which of the five predial
    // entries is meant, which is not what this test is about.
    const question = '¿Dónde saco el papel del rancho?';
    const before = await service.lookup(question);
    expect(before.kind === 'answer' ? before.entry.id : before.kind).not.toBe('certificado-residencia');

    // A second service stands for the running server while this one is the editor's `kb synonyms add`.
    const server = new KnowledgeService(prisma, entityId, log.logger, { freshnessMs: 0 });
    expect(await server.lookup(question)).toEqual(before);

    const term = 'certificado de residencia';
    expect(await service.addSynonym(term, 'papel del rancho')).toEqual({ added: true });
    expect(await service.lookup(question)).toMatchObject({ kind: 'answer', entry: { id: 'certificado-residencia' } });
    expect(await server.lookup(question)).toMatchObject({ kind: 'answer', entry: { id: 'certificado-residencia' } });

    expect(await service.addSynonym(term, 'papel del rancho')).toEqual({ added: false });
    expect(await service.removeSynonym(term, 'papel del rancho')).toEqual({ removed: true });
    expect(await service.lookup(question)).toEqual(before);
    await expect(service.addSynonym('predial', 'de la')).rejects.toBeInstanceOf(KnowledgeValidationError);
    await expect(service.addSynonym('', 'impuesto de la casa')).rejects.toBeInstanceOf(KnowledgeValidationError);
  });

  it('an import through the service applies without a restart', async () => {
    await service.seedFromFiles(KB_FILE, SYNONYMS_FILE);
    expect(await service.lookup('certificado de residencia')).toMatchObject({ kind: 'answer' });
    await service.importEntries([{ ...small[1]!, answer: 'Nueva respuesta: en la ventanilla 3.' }]);
    expect(await service.lookup('certificado de residencia')).toMatchObject({
      kind: 'answer',
      entry: { answer: 'Nueva respuesta: en la ventanilla 3.' },
    });
  });

  it('kb.lookup: an answer with alternatives, a clarify menu, and an out-of-scope question recorded as a miss', async () => {
    await service.seedFromFiles(KB_FILE, SYNONYMS_FILE);
    // Two entries nobody can tell apart from "paz y salvo" alone.
    const pazYSalvo = (id: string, title: string, q: string): KbEntry => ({
      id,
      title,
      category: 'hacienda',
      questions: [q],
      answer: `${title}: se pide en línea.`,
      tags: [],
    });
    await service.importEntries([
      ...(await service.exportEntries()).filter((e) => !e.id.includes('paz-y-salvo')),
      pazYSalvo('paz-salvo-predial', 'Paz y salvo del impuesto predial', '¿Cómo saco el paz y salvo del predial?'),
      pazYSalvo('paz-salvo-valorizacion', 'Paz y salvo de valorización', '¿Cómo saco el paz y salvo de valorización?'),
    ]);
    const lookup = kbLookupAction(service);
    expect(lookup.spec.args?.safeParse({ question: '' }).success).toBe(false);
    expect(lookup.spec.args?.safeParse({ question: 'x'.repeat(2001) }).success).toBe(false);

    const answer = await lookup.run({ question: 'como pago el impuesto predial' }, ctx(log.logger));
    expect(answer).toMatchObject({ found: true, kind: 'answer', id: 'predial-pago', title: expect.any(String) });
    const alternatives = (answer as { alternatives: { id: string; title: string }[] }).alternatives;
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives.length).toBeLessThanOrEqual(3);
    expect(alternatives.map((a) => a.id)).not.toContain('predial-pago');
    expect(alternatives[0]).toEqual({ id: expect.any(String), title: expect.any(String) });

    // The citizen picks an entry from a list: that entry, whatever the question matched first.
    const picked = await lookup.run(
      { question: 'como pago el impuesto predial', id: 'certificado-residencia' },
      ctx(log.logger),
    );
    expect(picked).toMatchObject({ found: true, kind: 'answer', id: 'certificado-residencia' });
    expect(await lookup.run({ question: 'x', id: 'ya-no-existe' }, ctx(log.logger))).toMatchObject({ found: false });

    const clarify = await lookup.run({ question: 'paz y salvo' }, ctx(log.logger));
    expect(clarify).toMatchObject({ found: true, kind: 'clarify' });
    expect((clarify as { options: unknown[] }).options).toEqual(
      expect.arrayContaining([
        { id: 'paz-salvo-predial', title: 'Paz y salvo del impuesto predial' },
        { id: 'paz-salvo-valorizacion', title: 'Paz y salvo de valorización' },
      ]),
    );

    const outOfScope = 'Receta de ajiaco santafereño';
    for (let i = 0; i < 2; i += 1) {
      expect(await lookup.run({ question: outOfScope }, ctx(log.logger))).toMatchObject({ found: false });
    }
    await lookup.run({ question: 'hola, buenas tardes' }, ctx(log.logger));
    const misses = await service.listMisses();
    expect(misses).toEqual([
      expect.objectContaining({ question: outOfScope, count: 2, reason: 'unknown', entryId: null, resolvedAt: null }),
    ]);
    expect(misses[0]?.lastAskedAt).toBeInstanceOf(Date);
    expect(log.logs()).not.toContain('ajiaco');
  });

  it('kb.lookup with previous: a follow-up gets the passage that answers it, marked followUp', async () => {
    await service.seedFromFiles(KB_FILE, SYNONYMS_FILE);
    const lookup = kbLookupAction(service);
    const first = (await lookup.run({ question: 'cuanto cuesta el paz y salvo del predial' }, ctx(log.logger))) as {
      id: string;
      answer: string;
    };
    expect(first).toMatchObject({ found: true, kind: 'answer', id: 'predial-paz-y-salvo' });
    expect(first).not.toHaveProperty('followUp');

    const followUp = await lookup.run({ question: '¿y dónde lo pido?', previous: first.id }, ctx(log.logger));
    expect(followUp).toMatchObject({
      found: true,
      kind: 'answer',
      id: 'predial-paz-y-salvo',
      title: 'Certificado de paz y salvo del impuesto predial',
      answer: expect.stringMatching(/^Sobre «Certificado de paz y salvo del impuesto predial»: .*en línea/),
      links: [],
      alternatives: [],
      followUp: true,
    });
    expect((followUp as { answer: string }).answer.length).toBeLessThan(first.answer.length);

    // The same message without context, or with '' (what a flow renders for a missing variable), is not a follow-up.
    const withoutContext: Record<string, string>[] = [
      { question: '¿y dónde lo pido?' },
      { question: '¿y dónde lo pido?', previous: '' },
    ];
    for (const args of withoutContext) {
      expect(await lookup.run(args, ctx(log.logger))).not.toMatchObject({ id: 'predial-paz-y-salvo' });
    }
    // A question with its own topic ignores the previous entry; an unknown previous id is ignored too.
    expect(await service.lookup('como funciona el pico y placa', { previous: 'predial-paz-y-salvo' })).toMatchObject({
      kind: 'answer',
      entry: { id: 'pico-y-placa' },
    });
    expect(await service.lookup('como funciona el pico y placa', { previous: 'ya-no-existe' })).toMatchObject({
      kind: 'answer',
      entry: { id: 'pico-y-placa' },
    });
    expect(lookup.spec.args?.safeParse({ question: 'x', previous: 'x'.repeat(121) }).success).toBe(false);
  });

  it('kb.feedback false records a not-helpful miss; true records nothing', async () => {
    await service.importEntries(small);
    const feedback = kbFeedbackAction(service);
    const question = 'cómo pago el predial de mi casa';
    expect(await feedback.run({ id: 'predial-pago', helpful: true, question }, ctx(log.logger))).toEqual({
      recorded: false,
    });
    expect(await service.listMisses()).toEqual([]);
    expect(await feedback.run({ id: 'predial-pago', helpful: false, question }, ctx(log.logger))).toEqual({
      recorded: true,
    });
    expect(await service.listMisses()).toEqual([
      expect.objectContaining({ question, count: 1, reason: 'not-helpful', entryId: 'predial-pago' }),
    ]);
    expect(feedback.spec.args?.safeParse({ id: 'predial-pago', helpful: 'no', question }).success).toBe(false);
    expect(log.logs()).not.toContain('de mi casa');
    expect([...knowledgeActions(service).keys()]).toEqual(['kb.lookup', 'kb.feedback']);
  });

  it('lists misses most frequent first, groups wordings, and reopens a resolved one when asked again', async () => {
    await service.recordMiss('¿Dónde queda la Casa de la Cultura?', 'unknown');
    for (let i = 0; i < 3; i += 1) await service.recordMiss('donde queda el coliseo', 'unknown');
    await service.recordMiss('DÓNDE queda el coliseo!!', 'unknown');
    expect(await service.recordMiss('  ¿¿!!  ', 'unknown')).toBe(false);
    const misses = await service.listMisses();
    expect(misses.map((m) => [m.question, m.count])).toEqual([
      ['donde queda el coliseo', 4],
      ['¿Dónde queda la Casa de la Cultura?', 1],
    ]);
    expect(await service.resolveMisses(['donde queda el coliseo'])).toBe(1);
    expect((await service.listMisses()).map((m) => m.count)).toEqual([1]);
    expect((await service.listMisses({ includeResolved: true })).length).toBe(2);
    await service.recordMiss('donde queda el coliseo', 'unknown');
    expect((await service.listMisses())[0]).toMatchObject({ count: 5, resolvedAt: null });
  });
});
