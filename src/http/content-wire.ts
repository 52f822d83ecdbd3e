import { z } from 'zod';

/** The editors' content API on the wire (docs/console-api.md, "Contenidos"): src/http/content-routes.ts. */

/** A stored instant sent as an ISO string: the service keeps a Date, the serializer encodes it. */
const Instant = z.codec(z.iso.datetime(), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});

const Problem = z.object({
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  path: z.string(),
  message: z.string(),
});

export const ContentCheck = z.object({ errors: z.array(Problem), warnings: z.array(Problem) });

const ContentFileSummary = ContentCheck.extend({
  name: z.string(),
  kind: z.enum(['flujo', 'bot', 'encuestas', 'entidad']),
  version: z.number().int(),
  /** Settings saved but applied only after a restart (src/content/restart-settings.ts). */
  restartPending: z.array(z.string()),
});

export const ContentFileList = z.object({ files: z.array(ContentFileSummary) });

export const ContentFileSaved = z.object({ file: ContentFileSummary });

export const ContentFileOpened = z.object({
  file: ContentFileSummary.extend({
    content: z.string(),
    versions: z.array(
      z.object({
        number: z.number().int(),
        authorName: z.string(),
        createdAt: Instant,
        restoredFrom: z.number().int().nullable(),
      }),
    ),
  }),
});

const DiffLine = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('same'), text: z.string(), before: z.number().int(), after: z.number().int() }),
  z.object({ kind: z.literal('removed'), text: z.string(), before: z.number().int() }),
  z.object({ kind: z.literal('added'), text: z.string(), after: z.number().int() }),
  z.object({ kind: z.literal('gap'), count: z.number().int() }),
]);

/** A saved version against the one in use, line by line (src/content/line-diff.ts). */
export const ContentVersionDiffBody = z.object({
  diff: z.object({
    name: z.string(),
    from: z.number().int(),
    to: z.number().int(),
    added: z.number().int(),
    removed: z.number().int(),
    lines: z.array(DiffLine),
  }),
});
