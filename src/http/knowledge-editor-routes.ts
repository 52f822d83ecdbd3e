import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { kbFileFormatFromName, parseKbFile, serializeKbFile } from '../knowledge/kb-file.js';
import type { EditorEntry, KnowledgeEditor } from '../knowledge/knowledge-editor.js';
import type { KnowledgeActor } from '../knowledge/knowledge-types.js';
import { DomainError } from '../lib/errors/domain-error.js';
import { can, type StaffActor } from '../staff/staff-member.js';
import { previewAnswer } from './answer-preview.js';

export interface KnowledgeEditorRoutesOptions {
  editor: KnowledgeEditor;
}

/** Entry drafts are small; a whole base to import is not (5,000 entries of CSV fit). */
const ENTRY_BODY_LIMIT = 256 * 1024;
const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

// Bodies are strict like every console body; the entry itself is checked by the import's own rules (kb-file.ts), so
// an editor gets the same Spanish messages as `ventanilla kb import`.
const Draft = z.record(z.string(), z.unknown());
const Key = z.object({ key: z.string().trim().min(1).max(120) });
const VersionParams = z.object({ number: z.coerce.number().int().min(1) });
const MissKey = z.string().trim().min(1).max(500);
const CreateBody = z.strictObject({ entry: Draft, miss: MissKey.optional() });
const UpdateBody = z.strictObject({ entry: Draft });
/** What the preview reads of a draft; links not yet valid are shown as written. */
const PreviewDraft = z.looseObject({
  answer: z.string().catch(''),
  links: z
    .array(z.object({ label: z.string(), url: z.string() }))
    .optional()
    .catch(undefined),
});
const QuestionBody = z.strictObject({
  question: z.string().trim().min(1, { error: 'Escriba la pregunta de ejemplo.' }).max(500),
  miss: MissKey.optional(),
});
const TrialBody = z.strictObject({
  question: z.string().trim().min(1, { error: 'Escriba una pregunta para probar.' }).max(2000),
  draft: Draft.optional(),
  replaces: z.string().trim().min(1).max(120).optional(),
});
const SynonymBody = z.strictObject({
  term: z.string().trim().min(1).max(120),
  phrase: z.string().trim().min(1).max(200),
});
const Format = z.enum(['json', 'csv']);
const ImportBody = z.strictObject({
  format: Format.optional(),
  /** The file's name, to tell the format when `format` is absent. */
  fileName: z.string().trim().max(255).optional(),
  text: z.string().max(IMPORT_BODY_LIMIT),
  /**
   * check: report only, nothing changes; replace: replace the base when every row is valid; replace-valid: the editor
   * confirmed replacing the base with the valid rows only (rows with errors are left out).
   */
  mode: z.enum(['check', 'replace', 'replace-valid']),
});

const Entry = z.looseObject({
  id: z.string(),
  title: z.string(),
  category: z.string(),
  questions: z.array(z.string()),
  answer: z.string(),
  tags: z.array(z.string()),
});
const EditorEntryJson = z.object({
  entry: Entry,
  retired: z.boolean(),
  updatedAt: z.string(),
  warnings: z.array(z.string()),
});
const Preview = z.array(
  z.object({
    channel: z.enum(['whatsapp', 'telegram', 'widget']),
    label: z.string(),
    bubbles: z.array(z.object({ text: z.string(), buttons: z.array(z.string()) })),
  }),
);
const Ref = z.object({ id: z.string(), title: z.string() });
const Outcome = z.object({
  decision: z.enum(['answer', 'clarify', 'unknown']),
  reason: z.string().optional(),
  redirect: z.string().optional(),
  answer: Ref.optional(),
  offered: z.array(Ref).optional(),
  ranked: z.array(z.object({ id: z.string(), title: z.string(), confidence: z.number() })),
});
const Miss = z.object({
  question: z.string(),
  normalized: z.string(),
  count: z.number(),
  reason: z.enum(['unknown', 'not-helpful']),
  entryId: z.string().nullable(),
  lastAskedAt: z.string(),
});
const Version = z.object({
  number: z.number(),
  at: z.string(),
  actor: z.object({ id: z.string().nullable(), name: z.string() }),
  action: z.string(),
  entryKey: z.string().nullable(),
  summary: z.string(),
});
const Diff = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      change: z.enum(['added', 'removed', 'changed']),
      fields: z.array(z.object({ field: z.string(), label: z.string(), before: z.string(), after: z.string() })),
    }),
  ),
  synonyms: z.object({
    added: z.array(z.object({ term: z.string(), phrase: z.string() })),
    removed: z.array(z.object({ term: z.string(), phrase: z.string() })),
  }),
});
const ImportReport = z.object({
  applied: z.boolean(),
  rows: z.number(),
  valid: z.number(),
  errors: z.array(z.string()),
  version: z.number().optional(),
});
const EntryReply = z.object({ entry: EditorEntryJson, preview: Preview });

const json = (item: EditorEntry) => ({ ...item, updatedAt: item.updatedAt.toISOString() });
const actorOf = (staff: StaffActor): KnowledgeActor => ({ id: staff.id, name: staff.name });
const withPreview = (editor: KnowledgeEditor, item: EditorEntry) => ({
  entry: json(item),
  preview: previewAnswer(item.entry, editor.facts()),
});

/**
 * The knowledge editor's API under /console/api/knowledge (docs/console-api.md), for people with `content.edit`
 * (editors and administrators). Registered inside the console's signed-in scope, so the session cookie and, for
 * changes, the CSRF token are checked before anything here runs; the permission is checked before the body is read.
 */
export const knowledgeEditorRoutes: FastifyPluginAsyncZod<KnowledgeEditorRoutesOptions> = async (app, { editor }) => {
  app.addHook('onRequest', async (request) => {
    if (!can(request.staff, 'content.edit')) throw new DomainError('FORBIDDEN');
  });
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= ENTRY_BODY_LIMIT;
  });
  const base = '/console/api/knowledge';

  app.get(
    `${base}/entries`,
    {
      schema: {
        querystring: z.object({ q: z.string().max(200).optional() }),
        response: { 200: z.object({ entries: z.array(EditorEntryJson) }) },
      },
    },
    async (request) => ({ entries: (await editor.list(request.query.q ?? '')).map(json) }),
  );

  app.get(`${base}/entries/:key`, { schema: { params: Key, response: { 200: EntryReply } } }, async (request) =>
    withPreview(editor, await editor.get(request.params.key)),
  );

  app.post(
    `${base}/entries`,
    { schema: { body: CreateBody, response: { 201: EntryReply } } },
    async (request, reply) => {
      const created = await editor.create(actorOf(request.staff), request.body.entry, request.body.miss);
      return reply.status(201).send(withPreview(editor, created));
    },
  );

  app.put(
    `${base}/entries/:key`,
    { schema: { params: Key, body: UpdateBody, response: { 200: EntryReply } } },
    async (request) =>
      withPreview(editor, await editor.update(actorOf(request.staff), request.params.key, request.body.entry)),
  );

  app.post(`${base}/entries/:key/retire`, { schema: { params: Key, response: { 200: EntryReply } } }, async (request) =>
    withPreview(editor, await editor.retire(actorOf(request.staff), request.params.key)),
  );

  app.post(
    `${base}/entries/:key/unretire`,
    { schema: { params: Key, response: { 200: EntryReply } } },
    async (request) => withPreview(editor, await editor.unretire(actorOf(request.staff), request.params.key)),
  );

  app.post(
    `${base}/entries/:key/questions`,
    { schema: { params: Key, body: QuestionBody, response: { 200: EntryReply } } },
    async (request) =>
      withPreview(
        editor,
        await editor.addQuestion(actorOf(request.staff), request.params.key, request.body.question, request.body.miss),
      ),
  );

  // The preview of an unsaved draft, so the editor sees each channel while writing.
  app.post(
    `${base}/preview`,
    { schema: { body: UpdateBody, response: { 200: z.object({ preview: Preview }) } } },
    async (request) => ({ preview: previewAnswer(PreviewDraft.parse(request.body.entry), editor.facts()) }),
  );

  app.post(
    `${base}/trial`,
    { schema: { body: TrialBody, response: { 200: z.object({ now: Outcome, draft: Outcome.optional() }) } } },
    async (request) => editor.trial(request.body.question, request.body.draft, request.body.replaces),
  );

  app.get(`${base}/misses`, { schema: { response: { 200: z.object({ misses: z.array(Miss) }) } } }, async () => ({
    misses: (await editor.misses()).map((m) => ({
      question: m.question,
      normalized: m.normalized,
      count: m.count,
      reason: m.reason,
      entryId: m.entryId,
      lastAskedAt: m.lastAskedAt.toISOString(),
    })),
  }));

  app.post(
    `${base}/misses/dismiss`,
    { schema: { body: z.strictObject({ miss: MissKey }), response: { 200: z.object({ dismissed: z.boolean() }) } } },
    async (request) => ({ dismissed: await editor.dismissMiss(request.body.miss) }),
  );

  app.get(
    `${base}/synonyms`,
    {
      schema: {
        response: {
          200: z.object({ synonyms: z.array(z.object({ term: z.string(), phrases: z.array(z.string()) })) }),
        },
      },
    },
    async () => ({ synonyms: await editor.service.listSynonyms() }),
  );

  app.post(
    `${base}/synonyms`,
    { schema: { body: SynonymBody, response: { 200: z.object({ added: z.boolean() }) } } },
    async (request) => editor.addSynonym(actorOf(request.staff), request.body.term, request.body.phrase),
  );

  app.post(
    `${base}/synonyms/remove`,
    { schema: { body: SynonymBody, response: { 200: z.object({ removed: z.boolean() }) } } },
    async (request) => editor.removeSynonym(actorOf(request.staff), request.body.term, request.body.phrase),
  );

  app.get(
    `${base}/versions`,
    { schema: { response: { 200: z.object({ versions: z.array(Version) }) } } },
    async () => ({
      versions: (await editor.listVersions()).map((v) => ({ ...v, at: v.at.toISOString() })),
    }),
  );

  app.get(
    `${base}/versions/:number/diff`,
    {
      schema: {
        params: VersionParams,
        querystring: z.object({ from: z.coerce.number().int().min(0).optional() }),
        response: { 200: Diff },
      },
    },
    async (request) => editor.diff(request.params.number, request.query.from),
  );

  app.post(
    `${base}/versions/:number/restore`,
    { schema: { params: VersionParams, response: { 200: z.object({ version: z.number() }) } } },
    async (request) => editor.restore(actorOf(request.staff), request.params.number),
  );

  app.get(
    `${base}/export`,
    { schema: { querystring: z.object({ format: Format.default('json') }), response: { 200: z.string() } } },
    async (request, reply) => {
      const { format } = request.query;
      const text = serializeKbFile(await editor.service.exportEntries(), format);
      return reply
        .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="base-de-conocimiento.${format}"`)
        .send(text);
    },
  );

  app.post(
    `${base}/import`,
    { schema: { body: ImportBody, response: { 200: ImportReport } }, bodyLimit: IMPORT_BODY_LIMIT },
    async (request) => {
      const { text, mode } = request.body;
      const format = request.body.format ?? kbFileFormatFromName(request.body.fileName ?? '');
      if (format === undefined) {
        throw new DomainError('VALIDATION_FAILED', {
          message: 'No sabemos si el archivo es JSON o CSV. Use un archivo .json o .csv.',
        });
      }
      const parsed = parseKbFile(text, format);
      const report = parsed.ok
        ? { rows: parsed.entries.length, valid: parsed.entries.length, errors: [] }
        : { rows: parsed.rows, valid: parsed.valid.length, errors: parsed.errors };
      const entries = parsed.ok ? parsed.entries : mode === 'replace-valid' ? parsed.valid : [];
      if (mode === 'check' || (!parsed.ok && mode === 'replace') || (!parsed.ok && entries.length === 0)) {
        return { applied: false, ...report };
      }
      const { version } = await editor.importEntries(actorOf(request.staff), entries);
      return { applied: true, ...report, version };
    },
  );
};
