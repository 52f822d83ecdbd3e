import { KnowledgeMatcher } from '../knowledge/matcher.js';
import { normalizeText } from '../knowledge/normalize.js';
import { INTENT_OUT_OF_SCOPE } from '../knowledge/out-of-scope-examples.js';
import { isStopword, splitWords } from '../knowledge/spanish-terms.js';
import type { BotIntent, IntentSlot } from './bot-config.js';
import type { JsonValue } from '../lib/json-value.js';

/** An intent recognised in a message, with the slot values the message gave. */
export interface RecognisedIntent {
  name: string;
  intent: BotIntent;
  slots: Record<string, JsonValue>;
}

/**
 * An intent takes the citizen somewhere else (a form, the queue), so taking a message for one it is not costs twice
 * what a wrong knowledge answer does; a missed intent costs little, since the message still reaches the knowledge base.
 * With these costs the matcher accepts an intent only with a clear lead, and "¿a qué horas atienden en la alcaldía?"
 * is left to the knowledge base instead of being read as "hablar con alguien que me atienda".
 */
const intentCosts = { wrongAnswer: 2, engagedOutOfScope: 2 };

/** Meaningful words beyond the intent's own for a `text` slot to keep the message, unless the editor says otherwise. */
const DEFAULT_TEXT_MIN_WORDS = 2;

function contentWords(text: string): string[] {
  return splitWords(normalizeText(text)).filter((w) => w.length > 2 && !isStopword(w) && !/^\d+$/.test(w));
}

function hasPhrase(normalizedMessage: string, phrase: string): boolean {
  const p = normalizeText(phrase);
  return p !== '' && ` ${normalizedMessage} `.includes(` ${p} `);
}

/**
 * bot.yaml `intents`, ready to recognise: the same matcher as the knowledge base, trained on the intents' examples,
 * so an intent is accepted only when the matcher would confidently answer with it (a question about a trámite or a
 * greeting is not "radicar una queja"). Built once per flow bundle; recognising is synchronous.
 */
export class IntentSet {
  /** Trained on first use: most bundles compiled (`flows check`, a reload that is never asked anything) need none. */
  private trained: KnowledgeMatcher | null | undefined;
  private readonly names: string[];
  /** Per intent: every word its examples and slot values use, which a `text` slot does not count as news. */
  private readonly vocabulary = new Map<string, Set<string>>();
  private readonly patterns = new Map<string, RegExp>();

  constructor(private readonly intents: Readonly<Record<string, BotIntent>>) {
    this.names = Object.keys(intents);
    for (const [name, intent] of Object.entries(intents)) {
      const words = new Set<string>();
      const phrases = [...intent.examples];
      for (const [slotName, slot] of Object.entries(intent.slots)) {
        if ('values' in slot) for (const list of Object.values(slot.values)) phrases.push(...list);
        if ('pattern' in slot) this.patterns.set(`${name}.${slotName}`, new RegExp(slot.pattern, 'iu'));
      }
      for (const phrase of phrases) for (const w of contentWords(phrase)) words.add(w);
      this.vocabulary.set(name, words);
    }
  }

  /** Trains now rather than on the first message: a server does it before it listens (a few hundred ms of CPU). */
  warm(): void {
    void this.matcher;
  }

  private get matcher(): KnowledgeMatcher | null {
    this.trained ??=
      this.names.length === 0
        ? null
        : new KnowledgeMatcher(
            Object.entries(this.intents).map(([name, intent]) => ({
              id: name,
              title: intent.examples[0] as string,
              category: 'intencion',
              questions: intent.examples,
              answer: intent.examples[0] as string,
              tags: [],
            })),
            [],
            { costs: intentCosts, outOfScope: INTENT_OUT_OF_SCOPE },
          );
    return this.trained;
  }

  /** Every variable an intent may fill: cleared before an intent fills its own, so nothing stale is prefilled. */
  slotNames(): string[] {
    return [...new Set(Object.values(this.intents).flatMap((i) => Object.keys(i.slots)))];
  }

  /** The intent whose trigger pattern the message has (an editor's explicit rule), if any. */
  triggeredBy(text: string): string | undefined {
    return this.names.find((name) =>
      Object.entries((this.intents[name] as BotIntent).slots).some(
        ([slotName, slot]) =>
          'pattern' in slot && slot.trigger === true && this.patterns.get(`${name}.${slotName}`)?.test(text),
      ),
    );
  }

  /** The intent a message expresses, or null. A trigger pattern decides on its own; otherwise the matcher does. */
  recognise(text: string | undefined): RecognisedIntent | null {
    if (this.names.length === 0 || text === undefined || text.trim() === '') return null;
    let name = this.triggeredBy(text);
    if (name === undefined) {
      const result = this.matcher?.match(text);
      if (result === undefined) return null;
      if (result.kind !== 'answer') return null;
      name = result.best.id;
    }
    const intent = this.intents[name];
    if (intent === undefined) return null;
    return { name, intent, slots: this.extractSlots(name, intent, text) };
  }

  private extractSlots(name: string, intent: BotIntent, text: string): Record<string, JsonValue> {
    const slots: Record<string, JsonValue> = {};
    const normalized = normalizeText(text);
    for (const [slotName, slot] of Object.entries(intent.slots)) {
      const value = this.slotValue(name, slotName, slot, text, normalized);
      if (value !== null) slots[slotName] = value;
    }
    return slots;
  }

  private slotValue(name: string, slotName: string, slot: IntentSlot, text: string, normalized: string): string | null {
    if ('values' in slot) {
      const found = Object.entries(slot.values).find(([, phrases]) => phrases.some((p) => hasPhrase(normalized, p)));
      return found ? found[0] : null;
    }
    if ('pattern' in slot) {
      const m = this.patterns.get(`${name}.${slotName}`)?.exec(text);
      return m ? (m[1] ?? m[0]).trim() : null;
    }
    const known = this.vocabulary.get(name) ?? new Set<string>();
    const news = contentWords(text).filter((w) => !known.has(w));
    return news.length >= (slot.minWords ?? DEFAULT_TEXT_MIN_WORDS) ? text.trim() : null;
  }
}
