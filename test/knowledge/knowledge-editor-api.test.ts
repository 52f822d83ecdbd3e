import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeEditor } from '../../src/knowledge/knowledge-editor.js';
import { followKnowledgeChanges } from '../../src/knowledge/knowledge-reload.js';
import { KnowledgeService } from '../../src/knowledge/knowledge-service.js';
import { LocalEventBus } from '../../src/lib/event-bus.js';
import { silentLogger } from '../core/harness.js';
import { startConsoleApp, type ConsoleApp, type SignedInClient } from '../console/console-app.js';
import { testProviders } from '../support/test-database.js';

const BASE = '/console/api/knowledge';
/** Nothing in the demo base is about dogs: the assistant does not answer it until an editor teaches it. */
// A census the demo base has no entry for (its neighbours are the dangerous-dog register and the rabies vaccination).
const DOG_QUESTION = '¿Dónde me inscribo en el censo canino y felino?';

const dogEntry = {
  id: 'censo-canino',
  title: 'Censo canino',
  category: 'salud',
  questions: ['¿Cómo registro mi perro en el censo canino?', '¿Dónde inscribo a mi mascota en el censo de perros?'],
  answer: 'Inscriba a su perro en la Secretaría de Salud con la cédula del dueño y el carné de vacunas.',
  tags: ['perro', 'censo canino', 'mascota'],
};

interface EntryReply {
  entry: { entry: Record<string, unknown>; retired: boolean; warnings: string[] };
  preview: { channel: string; bubbles: { text: string; buttons: string[] }[] }[];
}

describe.each(testProviders)('knowledge editor API on %s', { timeout: 90_000 }, (provider) => {
  let c: ConsoleApp;
  let editor: SignedInClient;
  let agent: SignedInClient;
  let admin: SignedInClient;

  beforeAll(async () => {
    c = await startConsoleApp(provider);
    await c.addStaff('eva@sanisidro.gov.co', ['editor'], { name: 'Eva Editora' });
    await c.addStaff('ana@sanisidro.gov.co', ['agente'], { name: 'Ana Asesora' });
    await c.addStaff('adan@sanisidro.gov.co', ['admin'], { name: 'Adán Admin' });
    editor = await c.signIn('eva@sanisidro.gov.co');
    agent = await c.signIn('ana@sanisidro.gov.co');
    admin = await c.signIn('adan@sanisidro.gov.co');
  }, 120_000);
  afterAll(() => c?.close());

  const lookup = async (question: string) => {
    return c.knowledge.service.lookup(question);
  };

  it('refuses an agent every editor route (403), and lets an administrator in', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', `${BASE}/entries`],
      ['GET', `${BASE}/entries/predial-pago`],
      ['POST', `${BASE}/entries`, { entry: dogEntry }],
      ['PUT', `${BASE}/entries/x`, { entry: dogEntry }],
      ['POST', `${BASE}/entries/x/retire`],
      ['POST', `${BASE}/entries/x/unretire`],
      ['POST', `${BASE}/entries/x/questions`, { question: 'hola' }],
      ['POST', `${BASE}/preview`, { entry: dogEntry }],
      ['POST', `${BASE}/trial`, { question: 'hola' }],
      ['GET', `${BASE}/misses`],
      ['POST', `${BASE}/misses/dismiss`, { miss: 'hola' }],
      ['GET', `${BASE}/synonyms`],
      ['POST', `${BASE}/synonyms`, { term: 'predial', phrase: 'impuesto de la casa' }],
      ['POST', `${BASE}/synonyms/remove`, { term: 'predial', phrase: 'impuesto de la casa' }],
      ['GET', `${BASE}/versions`],
      ['GET', `${BASE}/versions/1/diff`],
      ['POST', `${BASE}/versions/1/restore`],
      ['GET', `${BASE}/export?format=csv`],
      ['POST', `${BASE}/import`, { format: 'json', text: '[]', mode: 'replace' }],
    ];
    for (const [method, url, body] of routes) {
      const response = await c.call(agent, method as 'GET', url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('FORBIDDEN');
    }
    expect((await c.call(admin, 'GET', `${BASE}/entries`)).statusCode).toBe(200);
    // A change with the cookie but without the CSRF token is refused like every console change.
    const noCsrf = await c.call(editor, 'POST', `${BASE}/entries`, { entry: dogEntry }, null);
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json<{ error: { code: string } }>().error.code).toBe('CSRF_INVALID');
  });

  it("fills the entity's facts in the preview, as the chat does, for a saved entry and for a draft", async () => {
    const saved = await c.call(editor, 'GET', `${BASE}/entries/canales-atencion`);
    expect(saved.statusCode).toBe(200);
    const reply = saved.json<EntryReply>();
    expect(String(reply.entry.entry.answer)).toContain('{{entidad.telefono}}');
    for (const channel of reply.preview) {
      const text = channel.bubbles.map((b) => b.text).join('\n');
      expect(text, channel.channel).toContain('(601) 555 0100');
      expect(text, channel.channel).toContain('contactenos@sanisidrodelrio.gov.co');
      expect(text, channel.channel).not.toContain('{{');
    }

    const draft = await c.call(editor, 'POST', `${BASE}/preview`, {
      entry: { ...dogEntry, answer: 'Llame al {{entidad.telefono}} o escriba a {{entidad.correo}}.' },
    });
    expect(draft.statusCode).toBe(200);
    const widget = draft.json<Pick<EntryReply, 'preview'>>().preview.find((p) => p.channel === 'widget')!;
    expect(widget.bubbles[0]!.text).toBe('Llame al (601) 555 0100 o escriba a contactenos@sanisidrodelrio.gov.co.');
  });

  it('creates, finds, edits, retires and brings back an entry; citizens get each change without a restart', async () => {
    expect((await lookup(DOG_QUESTION)).kind).not.toBe('answer');

    const bad = await c.call(editor, 'POST', `${BASE}/entries`, {
      entry: { ...dogEntry, id: 'censo canino', questions: [] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/el id solo puede tener letras/);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/al menos una pregunta de ejemplo/);

    const created = await c.call(editor, 'POST', `${BASE}/entries`, { entry: dogEntry });
    expect(created.statusCode, created.body).toBe(201);
    const reply = created.json<EntryReply>();
    expect(reply.entry.retired).toBe(false);
    // WhatsApp (Baileys) has no buttons: the follow-up's choices become numbered text; Telegram and the widget show buttons.
    const whatsapp = reply.preview.find((p) => p.channel === 'whatsapp')!;
    expect(whatsapp.bubbles[0]!.text).toContain('Secretaría de Salud');
    expect(whatsapp.bubbles[1]!.text).toMatch(/1\. Sí\n2\. No/);
    expect(reply.preview.find((p) => p.channel === 'telegram')!.bubbles[1]!.buttons).toEqual(['Sí', 'No']);
    expect(reply.preview.find((p) => p.channel === 'widget')!.bubbles[1]!.buttons).toEqual(['Sí', 'No']);

    const again = await c.call(editor, 'POST', `${BASE}/entries`, { entry: dogEntry });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { message: string } }>().error.message).toContain(
      'Ya existe una entrada con el id «censo-canino»',
    );

    const answered = await lookup(DOG_QUESTION);
    expect(answered.kind === 'answer' && answered.entry.id).toBe('censo-canino');

    const found = await c.call(editor, 'GET', `${BASE}/entries?q=${encodeURIComponent('CANINO')}`);
    expect(found.json<{ entries: { entry: { id: string } }[] }>().entries.map((e) => e.entry.id)).toEqual([
      'censo-canino',
    ]);

    const edited = await c.call(editor, 'PUT', `${BASE}/entries/censo-canino`, {
      entry: { ...dogEntry, answer: 'Inscríbalo en línea en la página de la Alcaldía; no tiene costo.' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const afterEdit = await lookup(DOG_QUESTION);
    expect(afterEdit.kind === 'answer' && afterEdit.entry.answer).toBe(
      'Inscríbalo en línea en la página de la Alcaldía; no tiene costo.',
    );

    const retired = await c.call(editor, 'POST', `${BASE}/entries/censo-canino/retire`);
    expect(retired.json<EntryReply>().entry.retired).toBe(true);
    expect((await lookup(DOG_QUESTION)).kind).not.toBe('answer');
    // Still listed for editors, marked retired, and left out of the export.
    const list = await c.call(editor, 'GET', `${BASE}/entries?q=canino`);
    expect(list.json<{ entries: { retired: boolean }[] }>().entries).toEqual([
      expect.objectContaining({ retired: true }),
    ]);
    expect((await c.call(editor, 'GET', `${BASE}/export?format=csv`)).body).not.toContain('censo-canino');

    await c.call(editor, 'POST', `${BASE}/entries/censo-canino/unretire`);
    const back = await lookup(DOG_QUESTION);
    expect(back.kind === 'answer' && back.entry.id).toBe('censo-canino');

    const missing = await c.call(editor, 'PUT', `${BASE}/entries/no-existe`, { entry: dogEntry });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ error: { message: string } }>().error.message).toBe('No existe la entrada «no-existe».');
  });

  it('saves every change as a version with who and when, shows the diff, and restores an earlier answer', async () => {
    const versions = (await c.call(editor, 'GET', `${BASE}/versions`)).json<{
      versions: { number: number; action: string; actor: { name: string }; summary: string }[];
    }>().versions;
    const update = versions.find((v) => v.action === 'update')!;
    expect(update.actor.name).toBe('Eva Editora');
    expect(update.summary).toBe('Editó la entrada «Censo canino»');
    // The first load from the demo files is the oldest version.
    expect(versions.at(-1)).toMatchObject({ number: 1, action: 'seed' });

    const diff = (await c.call(editor, 'GET', `${BASE}/versions/${update.number}/diff`)).json<{
      entries: { id: string; change: string; fields: { field: string; before: string; after: string }[] }[];
    }>();
    expect(diff.entries).toEqual([
      {
        id: 'censo-canino',
        title: 'Censo canino',
        change: 'changed',
        fields: [
          { field: 'answer', label: 'Respuesta', before: dogEntry.answer, after: expect.stringContaining('en línea') },
        ],
      },
    ]);

    const restored = await c.call(editor, 'POST', `${BASE}/versions/${update.number - 1}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    const answer = await lookup(DOG_QUESTION);
    expect(answer.kind === 'answer' && answer.entry.answer).toBe(dogEntry.answer);
    const latest = (await c.call(editor, 'GET', `${BASE}/versions`)).json<{
      versions: { action: string; summary: string }[];
    }>().versions[0];
    expect(latest).toMatchObject({ action: 'restore', summary: `Restauró la versión ${update.number - 1}` });

    expect((await c.call(editor, 'POST', `${BASE}/versions/9999/restore`)).statusCode).toBe(404);
  });

  it('turns an unanswered question into an example question in one step, and "Probar" shows the draft before saving', async () => {
    const service = c.knowledge.service;
    const question = '¿Cuánto cuesta vacunar al perro contra la rabia?';
    await service.recordMiss(question, 'unknown');
    const misses = (await c.call(editor, 'GET', `${BASE}/misses`)).json<{
      misses: { question: string; normalized: string }[];
    }>().misses;
    const miss = misses.find((m) => m.question === question)!;
    expect(miss).toBeDefined();

    const draft = { ...dogEntry, questions: [...dogEntry.questions, question] };
    const trial = await c.call(editor, 'POST', `${BASE}/trial`, { question, draft, replaces: 'censo-canino' });
    const outcome = trial.json<{
      now: { decision: string };
      draft: { decision: string; ranked: { id: string; confidence: number }[] };
    }>();
    expect(outcome.draft.decision).toBe('answer');
    expect(outcome.draft.ranked[0]!.id).toBe('censo-canino');
    expect(outcome.draft.ranked[0]!.confidence).toBeGreaterThan(0.5);
    // Nothing was saved by trying.
    expect(
      (await c.call(editor, 'GET', `${BASE}/entries/censo-canino`)).json<EntryReply>().entry.entry.questions,
    ).toEqual(dogEntry.questions);

    const added = await c.call(editor, 'POST', `${BASE}/entries/censo-canino/questions`, {
      question,
      miss: miss.normalized,
    });
    expect(added.statusCode, added.body).toBe(200);
    const answer = await lookup(question);
    expect(answer.kind === 'answer' && answer.entry.id).toBe('censo-canino');
    const left = (await c.call(editor, 'GET', `${BASE}/misses`)).json<{ misses: { question: string }[] }>().misses;
    expect(left.map((m) => m.question)).not.toContain(question);

    const empty = await c.call(editor, 'POST', `${BASE}/trial`, { question: '   ' });
    expect(empty.statusCode).toBe(400);
  });

  it('imports a CSV with a bad row only when the editor confirms the valid rows, with a report per row', async () => {
    const exported = (await c.call(editor, 'GET', `${BASE}/export?format=csv`)).body;
    const [header, ...rows] = exported.trimEnd().split('\n');
    // Two valid rows from the export and one without a title and with a link that is not a URL.
    const bad = 'roto,,general,¿pregunta?,Respuesta.,,enlace <no es url>,';
    const text = [header, rows[0], bad, rows[1]].join('\n') + '\n';
    const before = (await c.call(editor, 'GET', `${BASE}/entries`)).json<{ entries: unknown[] }>().entries.length;

    for (const mode of ['check', 'replace']) {
      const report = (await c.call(editor, 'POST', `${BASE}/import`, { format: 'csv', text, mode })).json<{
        applied: boolean;
        rows: number;
        valid: number;
        errors: string[];
      }>();
      expect(report).toMatchObject({ applied: false, rows: 3, valid: 2 });
      expect(report.errors.join('\n')).toMatch(/^Fila 3 \(línea 3 del archivo\), columna «title \(título\)»/m);
      expect(report.errors.join('\n')).toMatch(/Fila 3 .*columna «links \(enlaces\)»/);
      expect((await c.call(editor, 'GET', `${BASE}/entries`)).json<{ entries: unknown[] }>().entries.length).toBe(
        before,
      );
    }

    const confirmed = await c.call(editor, 'POST', `${BASE}/import`, { format: 'csv', text, mode: 'replace-valid' });
    expect(confirmed.json()).toMatchObject({ applied: true, rows: 3, valid: 2 });
    expect((await c.call(editor, 'GET', `${BASE}/entries`)).json<{ entries: unknown[] }>().entries).toHaveLength(2);
    const versions = (await c.call(editor, 'GET', `${BASE}/versions`)).json<{
      versions: { action: string; actor: { name: string } }[];
    }>().versions;
    expect(versions[0]).toMatchObject({ action: 'import', actor: { name: 'Eva Editora' } });

    const notJson = await c.call(editor, 'POST', `${BASE}/import`, {
      format: 'json',
      text: '{',
      mode: 'replace-valid',
    });
    expect(notJson.json()).toMatchObject({ applied: false, valid: 0 });
    expect(notJson.json<{ errors: string[] }>().errors[0]).toMatch(/^El archivo no es un JSON válido/);
  });

  it('rebuilds the matcher of another instance at once when an editor changes the base', async () => {
    const bus = new LocalEventBus();
    const prisma = c.database.prisma;
    const here = new KnowledgeService(prisma, c.entity.id, silentLogger, { freshnessMs: 1e9 });
    const there = new KnowledgeService(prisma, c.entity.id, silentLogger, { freshnessMs: 1e9 });
    const editorHere = new KnowledgeEditor({ prisma, service: here, logger: silentLogger, bus, instanceId: 'here' });
    followKnowledgeChanges(bus, there, silentLogger, 'there');
    expect((await there.lookup(DOG_QUESTION)).kind).toBe('unknown');
    await editorHere.create({ id: null, name: 'Prueba' }, { ...dogEntry, id: 'censo-canino-2' });
    await expect
      .poll(async () => {
        const found = await there.lookup(DOG_QUESTION);
        return found.kind === 'answer' ? found.entry.id : found.kind;
      })
      .toBe('censo-canino-2');
  });
});
