import type { OutboundMessageInput, OutboundOption } from '../lib/messages.js';

/** What citizens read about their voice notes (Spanish, es-CO). Kept here rather than in bot.yaml: no flow uses them. */
export const voiceTexts = {
  heard: (transcript: string) => `Entendí: «${transcript}»`,
  noService: 'Disculpe, todavía no puedo escuchar notas de voz.',
  failed: 'Disculpe, no pude escuchar su nota de voz en este momento.',
  askToWrite: 'Por favor escríbame su mensaje, o elija «Hablar con un asesor» para que lo atienda una persona.',
  agentOption: { label: 'Hablar con un asesor', value: 'asesor' } satisfies OutboundOption,
};

/** Shows the citizen what was understood, so a misheard word can be corrected before it is acted on. */
export function heardMessage(transcript: string): OutboundMessageInput {
  return { text: voiceTexts.heard(transcript) };
}

/**
 * Asks the citizen to write. The options of the question still waiting for an answer are offered again (on
 * Telegram, the new buttons replace the old ones), with the way to a person.
 */
export function unheardMessage(reason: 'no-service' | 'failed', pending: OutboundOption[]): OutboundMessageInput {
  const agent = voiceTexts.agentOption;
  const options = [...pending.filter((o) => o.value !== agent.value && o.label !== agent.label), agent];
  const opening = reason === 'no-service' ? voiceTexts.noService : voiceTexts.failed;
  return { text: `${opening} ${voiceTexts.askToWrite}`, options };
}
