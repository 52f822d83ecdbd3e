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
  }),
  commands: z.record(z.string().regex(/^[a-z0-9_-]+$/), CommandSchema).default({}),
  /**
   * Safety messages: said whenever a citizen's message mentions a risk to life or safety, on top of what the flow
   * does, and also while a person holds the conversation (the only thing the bot says then).
   */
  safety: z.record(z.string().regex(/^[a-z0-9_-]+$/), SafetySchema).default({}),
});
export type BotConfig = z.infer<typeof BotConfigSchema>;
export type BotCommand = BotConfig['commands'][string];
export type SafetyRule = BotConfig['safety'][string];
