import { z } from 'zod';
import { flowIdPattern, nodeIdPattern } from './names.js';

const Target = z.strictObject({
  flow: z.string().regex(flowIdPattern),
  node: z.string().regex(nodeIdPattern).optional(),
});

const CommandSchema = z.strictObject({
  /** Whole messages that trigger it; compared without accents, case or surrounding punctuation. */
  words: z.array(z.string().trim().min(1)).min(1),
  /** Said first. */
  say: z.string().trim().min(1).optional(),
  /** Where to go; without it the bot says `say` and repeats the pending question. */
  goto: Target.optional(),
});

const SafetySchema = z.strictObject({
  /** Words or phrases that, anywhere in a message, trigger it; compared without accents or case, whole words only. */
  contains: z.array(z.string().trim().min(2)).min(1),
  /** What the citizen is told: where to get help now. */
  say: z.string().trim().min(1),
});

/**
 * A value of an intent's slot, taken from the citizen's message:
 * - `values`: the first value whose words appear in the message ("queja" when it says "quejarme");
 * - `pattern`: what a regular expression finds (its first group, or the whole match); with `trigger`, a message with
 *   that pattern is this intent even if it reads like nothing else ("PQRSD-2026-000123");
 * - `text`: the whole message, when it says more than the intent's own words (at least `minWords` other meaningful
 *   words): "quiero poner una queja porque no hay alumbrado en mi barrio" keeps the description, "quiero poner una
 *   queja" does not.
 */
const SlotSchema = z.union([
  z.strictObject({ values: z.record(z.string().trim().min(1), z.array(z.string().trim().min(1)).min(1)) }),
  z.strictObject({ pattern: z.string().min(1), trigger: z.boolean().optional() }),
  z.strictObject({ text: z.literal(true), minWords: z.number().int().min(1).max(20).optional() }),
]);

const IntentSchema = z.strictObject({
  /** How citizens say it; the more varied, the better it is recognised. */
  examples: z.array(z.string().trim().min(2)).min(3),
  /** Where the conversation goes. */
  goto: Target,
  /** Variables filled from the message before going there; an `ask` with `prefill` takes them as its answer. */
  slots: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), SlotSchema).default({}),
});

/** `flows/bot.yaml`: settings that apply to every flow. */
export const BotConfigSchema = z.strictObject({
  version: z.literal(1),
  /** Flow started for a new conversation. */
  entry: z.string().regex(flowIdPattern),
  idleMinutes: z.number().int().min(1).max(1440).default(15),
  texts: z.strictObject({
    idle: z.string().trim().min(1),
    fallback: z.string().trim().min(1),
    apology: z.string().trim().min(1),
    busy: z.string().trim().min(1).default('Un momento, por favor. Estoy terminando su solicitud anterior.'),
    /** Before asking the pending question again after answering something else the citizen asked. */
    resume: z.string().trim().min(1).default('Sigamos:'),
    /** When a question matches several knowledge-base entries about equally. */
    clarify: z.string().trim().min(1).default('Encontré varias respuestas parecidas. ¿Cuál de estas busca?'),
    /** The option that rejects every entry offered by `clarify`. */
    noneOfThese: z.string().trim().min(1).default('Ninguna de estas'),
    /** A question another entity handles; `{{redirect}}` is who. */
    redirect: z.string().trim().min(1).default('No tengo esa información: eso lo atiende {{redirect}}.'),
    /** A question the knowledge base cannot answer, asked as the first message of a conversation. */
    unknown: z
      .string()
      .trim()
      .min(1)
      .default('No encontré información sobre eso y no quiero darle una respuesta equivocada.'),
  }),
  commands: z.record(z.string().regex(/^[a-z0-9_-]+$/), CommandSchema).default({}),
  /**
   * Safety messages: said whenever a citizen's message mentions a risk to life or safety, on top of what the flow
   * does, and also while a person holds the conversation (the only thing the bot says then).
   */
  safety: z.record(z.string().regex(/^[a-z0-9_-]+$/), SafetySchema).default({}),
  /**
   * What citizens may ask for in their own words at any menu or option question, or as their first message: each
   * intent is recognised from its examples and goes where `goto` says, with `slots` filled from the message.
   */
  intents: z.record(z.string().regex(/^[a-z0-9_-]+$/), IntentSchema).default({}),
});
export type BotConfig = z.infer<typeof BotConfigSchema>;
export type BotCommand = BotConfig['commands'][string];
export type SafetyRule = BotConfig['safety'][string];
export type BotIntent = BotConfig['intents'][string];
export type IntentSlot = BotIntent['slots'][string];
