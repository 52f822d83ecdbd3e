import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SignedInClient } from '../console/console-app.js';
import { silentLogger } from '../core/harness.js';
import { testProviders } from '../support/test-database.js';
import { startContentApp, type ContentApp } from './content-app.js';

const files = '/console/api/content/files';
const greeting = '¡Hola! Soy A.V.A, la asistente virtual de la Alcaldía de San Isidro del Río.';

/** 1-based line of the first line containing `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

interface Line {
  kind: 'same' | 'added' | 'removed' | 'gap';
  text?: string;
  before?: number;
  after?: number;
  count?: number;
}

interface Summary {
  name: string;
  kind: string;
  version: number;
  errors: { file: string; line: number; message: string }[];
}

describe.each(testProviders)('content files from the console on %s', (provider) => {
  let c: ContentApp;
  let editor: SignedInClient;
  let principal: string;

  beforeEach(async () => {
    c = await startContentApp(provider);
    editor = await c.signInAs('editora@sanisidro.gov.co', ['editor']);
    principal = await readFile('flows/principal.yaml', 'utf8');
  });
  afterEach(async () => c.close());

  const save = (who: SignedInClient, name: string, content: string, base = 0) =>
    c.call(who, 'POST', `${files}/${name}`, { content, base });

  it('lists every flow and entity.yaml as valid, and a valid upload applies at once to citizens', async () => {
    const list = await c.call(editor, 'GET', files);
    expect(list.statusCode).toBe(200);
    const summaries = list.json<{ files: Summary[] }>().files;
    expect(summaries.map((f) => f.name)).toEqual(expect.arrayContaining(['principal.yaml', 'bot.yaml', 'entity.yaml']));
    expect(summaries.find((f) => f.name === 'entity.yaml')?.kind).toBe('entidad');
    expect(summaries.every((f) => f.errors.length === 0 && f.version === 0)).toBe(true);

    await c.chat('antes').send('hola');
    expect(c.chat('antes').replies()[0]?.text).toBe(greeting);

    const saved = await save(editor, 'principal.yaml', principal.replace(greeting, '¡Buenos días! Le saluda A.V.A.'));
    expect(saved.statusCode).toBe(200);
    expect(saved.json<{ file: Summary }>().file).toMatchObject({ name: 'principal.yaml', version: 1, errors: [] });

    await c.chat('despues').send('hola');
    expect(c.chat('despues').replies()[0]?.text).toBe('¡Buenos días! Le saluda A.V.A.');
    const detail = await c.call(editor, 'GET', `${files}/principal.yaml`);
    const file = detail.json<{ file: { content: string; versions: { number: number; authorName: string }[] } }>().file;
    expect(file.content).toContain('¡Buenos días! Le saluda A.V.A.');
    expect(file.versions).toEqual([expect.objectContaining({ number: 1, authorName: 'Persona editor' })]);
  });

  it('refuses an invalid upload with the file and line, and changes nothing', async () => {
    // A broken reference: the flow check's own error, placed on the line of the bad "next".
    const badRef = principal.replace('next: aviso_datos', 'next: aviso_dato');
    const refused = await save(editor, 'principal.yaml', badRef);
    expect(refused.statusCode).toBe(422);
    const errors = refused.json<{ error: { details: { errors: Summary['errors'] } } }>().error.details.errors;
    expect(errors[0]).toMatchObject({ file: 'principal.yaml', line: lineOf(badRef, 'next: aviso_dato') });
    expect(errors[0]!.message).toContain('aviso_dato');

    // A YAML syntax error (a quote never closed).
    const badYaml = principal.replace(`text: ${greeting}`, `text: "${greeting}\n  - id: x\n    type: [`);
    const syntax = await save(editor, 'principal.yaml', badYaml);
    expect(syntax.statusCode).toBe(422);
    const yamlErrors = syntax.json<{ error: { details: { errors: Summary['errors'] } } }>().error.details.errors;
    expect(yamlErrors[0]?.file).toBe('principal.yaml');
    expect(yamlErrors[0]?.line).toBeGreaterThanOrEqual(lineOf(badYaml, `text: "${greeting}`));

    // An entity setting: an office hour that is not one, placed on its line.
    const admin = await c.signInAs('admin@sanisidro.gov.co', ['admin']);
    const entity = await readFile('flows/entity.yaml', 'utf8');
    const badHours = entity.replace('\n      lunes: "07:30-16:30"', '\n      lunes: "7 a 4"');
    const hours = await save(admin, 'entity.yaml', badHours);
    expect(hours.statusCode).toBe(422);
    const hourErrors = hours.json<{ error: { message: string; details: { errors: Summary['errors'] } } }>().error;
    expect(hourErrors.details.errors[0]).toMatchObject({
      file: 'entity.yaml',
      line: lineOf(badHours, 'lunes: "7 a 4"'),
    });
    expect(hourErrors.message).toContain('no es un horario válido');

    const list = (await c.call(editor, 'GET', files)).json<{ files: Summary[] }>().files;
    expect(list.every((f) => f.version === 0 && f.errors.length === 0)).toBe(true);
    await c.chat('ciudadano').send('hola');
    expect(c.chat('ciudadano').replies()[0]?.text).toBe(greeting);
    expect(await c.database.prisma.contentFileVersion.count()).toBe(0);
  });

  it('restores an earlier version as a new one, and refuses a save made on a stale version', async () => {
    expect((await save(editor, 'principal.yaml', principal.replace(greeting, 'Versión uno.'))).statusCode).toBe(200);
    expect((await save(editor, 'principal.yaml', principal.replace(greeting, 'Versión dos.'), 1)).statusCode).toBe(200);
    // Someone who opened version 1 and saves now would undo version 2 without knowing it.
    expect((await save(editor, 'principal.yaml', principal, 1)).statusCode).toBe(409);

    await c.chat('a').send('hola');
    expect(c.chat('a').replies()[0]?.text).toBe('Versión dos.');
    const restored = await c.call(editor, 'POST', `${files}/principal.yaml/restore`, { version: 1, base: 2 });
    expect(restored.statusCode).toBe(200);
    expect(restored.json<{ file: Summary }>().file.version).toBe(3);
    await c.chat('b').send('hola');
    expect(c.chat('b').replies()[0]?.text).toBe('Versión uno.');
    const versions = (await c.call(editor, 'GET', `${files}/principal.yaml`)).json<{
      file: { versions: { number: number; restoredFrom: number | null }[] };
    }>().file.versions;
    expect(versions.map((v) => [v.number, v.restoredFrom])).toEqual([
      [3, 1],
      [2, null],
      [1, null],
    ]);
  });

  it('shows, line by line, what changed between a saved version and the one in use', async () => {
    expect((await save(editor, 'principal.yaml', principal.replace(greeting, 'Versión uno.'))).statusCode).toBe(200);
    expect((await save(editor, 'principal.yaml', principal.replace(greeting, 'Versión dos.'), 1)).statusCode).toBe(200);
    const line = lineOf(principal, greeting);

    const response = await c.call(editor, 'GET', `${files}/principal.yaml/versions/1/diff`);
    expect(response.statusCode).toBe(200);
    const { diff } = response.json<{
      diff: { from: number; to: number; added: number; removed: number; lines: Line[] };
    }>();
    expect(diff).toMatchObject({ from: 1, to: 2, added: 1, removed: 1 });
    const changed = diff.lines.filter((l) => l.kind === 'added' || l.kind === 'removed');
    expect(changed).toEqual([
      { kind: 'removed', text: expect.stringContaining('Versión uno.') as string, before: line },
      { kind: 'added', text: expect.stringContaining('Versión dos.') as string, after: line },
    ]);
    // The rest of the flow is counted, not repeated: three lines of context around the change.
    expect(diff.lines.filter((l) => l.kind === 'same')).toHaveLength(Math.min(3, line - 1) + 3);
    expect(diff.lines.some((l) => l.kind === 'gap' && (l.count ?? 0) > 10)).toBe(true);

    const same = await c.call(editor, 'GET', `${files}/principal.yaml/versions/2/diff`);
    expect(same.json<{ diff: { lines: Line[]; added: number } }>().diff).toMatchObject({ lines: [], added: 0 });

    const missing = await c.call(editor, 'GET', `${files}/principal.yaml/versions/9/diff`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ error: { message: string } }>().error.message).toBe(
      'No hay una versión 9 de "principal.yaml".',
    );
    expect((await c.call(editor, 'GET', `${files}/principal.yaml/versions/uno/diff`)).statusCode).toBe(400);
    const agent = await c.signInAs('agente@sanisidro.gov.co', ['agente']);
    expect((await c.call(agent, 'GET', `${files}/principal.yaml/versions/1/diff`)).statusCode).toBe(403);
  });

  it('an agent gets 403; an editor may not change entity.yaml, an administrator may', async () => {
    const agent = await c.signInAs('agente@sanisidro.gov.co', ['agente']);
    expect((await c.call(agent, 'GET', files)).statusCode).toBe(403);
    expect((await save(agent, 'principal.yaml', principal)).statusCode).toBe(403);
    const entity = await readFile('flows/entity.yaml', 'utf8');
    expect((await save(editor, 'entity.yaml', entity)).statusCode).toBe(403);
    const admin = await c.signInAs('admin@sanisidro.gov.co', ['admin']);
    expect((await save(admin, 'entity.yaml', entity)).statusCode).toBe(200);
    expect(await c.database.prisma.contentFileVersion.count()).toBe(1);
  });

  it('says which saved settings wait for a restart, and the restart puts them in use', async () => {
    const admin = await c.signInAs('admin@sanisidro.gov.co', ['admin']);
    const templateOf = (settings: Record<string, unknown>) =>
      (settings.whatsappCloud as { plantillas: { aviso_caso: { nombre: string } } }).plantillas.aviso_caso.nombre;
    const entity = await readFile('flows/entity.yaml', 'utf8');
    const edited = entity.replace('nombre: aviso_pqrsd\n', 'nombre: aviso_pqrsd_nueva\n');
    expect(edited).not.toBe(entity);

    const saved = await save(admin, 'entity.yaml', edited);
    expect(saved.statusCode, saved.body).toBe(200);
    const pending = ['las plantillas de WhatsApp (whatsappCloud)'];
    expect(saved.json<{ file: { restartPending: string[] } }>().file.restartPending).toEqual(pending);
    // Still pending after a later save that changes something else: the channel has not reconnected.
    const later = await save(admin, 'entity.yaml', edited.replace('lunes: "07:30-16:30"', 'lunes: "08:00-16:30"'), 1);
    expect(later.json<{ file: { restartPending: string[] } }>().file.restartPending).toEqual(pending);
    expect(templateOf(c.channelSettings())).toBe('aviso_pqrsd');

    await c.restart();
    expect(templateOf(c.channelSettings())).toBe('aviso_pqrsd_nueva');
    const again = await c.signInAs('admin2@sanisidro.gov.co', ['admin']);
    const detail = await c.call(again, 'GET', `${files}/entity.yaml`);
    expect(detail.json<{ file: { version: number; restartPending: string[] } }>().file).toMatchObject({
      version: 2,
      restartPending: [],
    });
  });

  it('a changed office hour applies at once to whether a citizen is queued for a person', async () => {
    const admin = await c.signInAs('admin@sanisidro.gov.co', ['admin']);
    const ask = async (id: string) => {
      const prisma = c.database.prisma;
      const entityId = c.started.entity.id;
      const contact = await prisma.contact.create({ data: { entityId, displayName: id } });
      const conversation = await prisma.conversation.create({
        data: { entityId, contactId: contact.id, channel: 'fake' },
      });
      const result = await c.started.handoff.request(
        { reason: 'Quiere hablar con una persona.' },
        {
          entityId,
          conversationId: conversation.id,
          contactId: contact.id,
          channel: 'fake',
          idempotencyKey: `k-${id}`,
          logger: silentLogger,
        },
      );
      await c.started.handoff.idle();
      return result.estado;
    };
    // Monday 09:00 in Bogotá, inside 07:30-16:30.
    expect(await ask('antes')).toBe('en_fila');
    const entity = await readFile('flows/entity.yaml', 'utf8');
    const saved = await save(
      admin,
      'entity.yaml',
      entity.replace('\n      lunes: "07:30-16:30"', '\n      lunes: "13:00-17:00"'),
    );
    expect(saved.statusCode).toBe(200);
    expect(saved.json<{ file: { restartPending: string[] } }>().file.restartPending).toEqual([]);
    expect(await ask('despues')).toBe('fuera_de_horario');
    expect(c.started.handoff.hours.describeHours()).toContain('1:00');
  });
});
