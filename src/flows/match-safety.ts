import type { BotConfig, SafetyRule } from './bot-config.js';
import { normalizeText } from '../lib/normalize-text.js';

/**
 * The safety rules a message triggers, in the order bot.yaml lists them. Unlike commands, a phrase counts anywhere
 * in the message ("mi vecino me quiere matar, ayuda"), but only as whole words: "arma" must not fire on "farmacia".
 */
export function matchSafety(bot: BotConfig, text: string | undefined): { name: string; rule: SafetyRule }[] {
  if (text === undefined) return [];
  const message = ` ${normalizeText(text)} `;
  if (message.trim() === '') return [];
  return Object.entries(bot.safety)
    .filter(([, rule]) => rule.contains.some((phrase) => message.includes(` ${normalizeText(phrase)} `)))
    .map(([name, rule]) => ({ name, rule }));
}
