import type { BotCommand, BotConfig } from './bot-config.js';
import { normalizeText } from '../lib/normalize-text.js';

/**
 * Finds the global command a message is, or null.
 *
 * The rule: the WHOLE message must be one of the command's words, after folding case, accents and punctuation
 * ("¡Menú!" and "/menu" count), optionally followed or preceded by "por favor". A command word inside a sentence
 * ("el menú del comedor escolar no llegó") is not a command: it is most likely an answer to the pending question,
 * and jumping away would lose what the citizen was telling us. Commands win over a pending question, so editors
 * should not expect a command word as a valid answer.
 */
export function matchCommand(bot: BotConfig, text: string | undefined): { name: string; command: BotCommand } | null {
  if (text === undefined) return null;
  const reply = normalizeText(text)
    .replace(/^(por favor|porfa|porfavor)\s+/, '')
    .replace(/\s+(por favor|porfa|porfavor)$/, '');
  if (reply === '') return null;
  for (const [name, command] of Object.entries(bot.commands)) {
    if (command.words.some((w) => normalizeText(w) === reply)) return { name, command };
  }
  return null;
}
