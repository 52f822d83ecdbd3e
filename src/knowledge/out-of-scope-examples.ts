import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/**
 * Messages an alcaldía's assistant receives that its knowledge base does not answer, grouped by topic: the
 * "out of scope" class the matcher trains on at load time (as Rasa's out_of_scope intent), so that "no sé" is learnt
 * from examples instead of guessed from thresholds. Topics that another entity handles name it, so the assistant can
 * say who does. The built-in list is product content in Spanish, kept in `flows/knowledge/fuera-de-alcance.yaml` next
 * to the demo base and its synonyms; an entity can replace or extend it (matcher options).
 */
export interface OutOfScopeTopic {
  /** Short name, for reports and `kb ask`. */
  topic: string;
  /** Who handles it instead, in the words a citizen reads; absent for chit-chat and personal matters. */
  entity?: string;
  examples: string[];
  /**
   * `false` keeps the topic out of the bot.yaml intents' training: a dump of long citizen messages dilutes the short
   * near misses ("me pueden atender hoy") that teach an intent matcher where its intents end.
   */
  forIntents?: false;
  /**
   * `true` for a heap of unrelated messages (the spent held-out sets): it teaches what is out of scope but says nothing
   * about who handles a message, so it never decides the redirect (matcher.ts, redirectFor).
   */
  mixed?: true;
}

const text = z.string().trim().min(1);
const TopicSchema = z
  .object({
    topic: text,
    entity: text.optional(),
    examples: z.array(text).min(1),
    forIntents: z.literal(false).optional(),
    mixed: z.literal(true).optional(),
  })
  .strict()
  .transform(({ topic, entity, examples, forIntents, mixed }): OutOfScopeTopic => ({
    topic,
    ...(entity === undefined ? {} : { entity }),
    examples,
    ...(forIntents === undefined ? {} : { forIntents }),
    ...(mixed === undefined ? {} : { mixed }),
  }));
const FileSchema = z.array(TopicSchema).min(1);

export type OutOfScopeParseResult = { ok: true; topics: OutOfScopeTopic[] } | { ok: false; errors: string[] };

/** Parses an out-of-scope file (YAML: a list of `{ topic, entity?, examples }`), with errors in Spanish. */
export function parseOutOfScopeYaml(source: string): OutOfScopeParseResult {
  let data: unknown;
  try {
    data = parseYaml(source);
  } catch (error) {
    return { ok: false, errors: [`El archivo no es YAML válido: ${(error as Error).message}`] };
  }
  const parsed = FileSchema.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => {
        const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
        return (
          `${where}debe ser una lista de temas, cada uno con "topic" (texto), "entity" opcional (texto) y ` +
          `"examples" (lista de textos, al menos uno), "forIntents" opcional (solo false) y "mixed" opcional (solo true).`
        );
      }),
    };
  }
  const seen = new Set<string>();
  for (const topic of parsed.data) {
    if (seen.has(topic.topic)) return { ok: false, errors: [`El tema «${topic.topic}» aparece dos veces.`] };
    seen.add(topic.topic);
  }
  return { ok: true, topics: parsed.data };
}

/**
 * The repository's flows/knowledge/ folder, found from this file both in src/ (tsx, tests) and in dist/ (built): the
 * built-in list belongs to the application, not to an entity's FLOWS_DIR.
 */
export const BUILT_IN_OUT_OF_SCOPE_FILE = fileURLToPath(
  new URL('../../flows/knowledge/fuera-de-alcance.yaml', import.meta.url),
);

function loadBuiltIn(): readonly OutOfScopeTopic[] {
  const result = parseOutOfScopeYaml(readFileSync(BUILT_IN_OUT_OF_SCOPE_FILE, 'utf8'));
  // A broken built-in file is a packaging error, not an editor's: fail at start rather than train without it.
  if (!result.ok) throw new Error(`${BUILT_IN_OUT_OF_SCOPE_FILE}: ${result.errors.join(' ')}`);
  return result.topics;
}

/** The built-in out-of-scope topics, read once when the matcher is first imported. */
export const DEFAULT_OUT_OF_SCOPE: readonly OutOfScopeTopic[] = loadBuiltIn();

/** The built-in topics the bot.yaml intents' matcher trains on. */
export const INTENT_OUT_OF_SCOPE: readonly OutOfScopeTopic[] = DEFAULT_OUT_OF_SCOPE.filter(
  (t) => t.forIntents !== false,
);
