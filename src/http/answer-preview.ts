import type { ChannelCapabilities } from '../core/channel-adapter.js';
import { renderForChannel } from '../core/render-outbound.js';
import { maxTelegramText, optionsOnlyText, outboundToTelegram } from '../channels/telegram/outbound-to-telegram.js';
import { toOutboundParts } from '../channels/whatsapp/whatsapp-outbound.js';
import { defaultWidgetLimits } from '../channels/web/widget-channel.js';
import { outboundToWidget } from '../channels/web/widget-history.js';
import { answerWithSteps } from '../knowledge/answer-with-steps.js';
import { stepsOf } from '../knowledge/entry-steps.js';
import type { KbLink } from '../knowledge/kb-entry.js';
import { renderTemplate } from '../flows/render-template.js';
import type { JsonValue } from '../lib/json-value.js';
import type { OutboundMessageInput } from '../lib/messages.js';

/** One message as the citizen sees it: its text and the buttons under it (none where the channel has none). */
export interface PreviewBubble {
  text: string;
  buttons: string[];
}

export interface ChannelPreview {
  channel: 'whatsapp' | 'telegram' | 'widget';
  label: string;
  bubbles: PreviewBubble[];
}

// The adapters' own capabilities (whatsapp-adapter.ts, telegram-adapter.ts, widget-channel.ts); those classes need a
// live connection to exist, so their numbers are restated here.
const WHATSAPP: ChannelCapabilities = { maxButtons: 0, maxTextLength: 4096, typingIndicator: true, attachments: true };
const TELEGRAM: ChannelCapabilities = {
  maxButtons: 10,
  maxTextLength: maxTelegramText,
  typingIndicator: true,
  attachments: true,
};
const WIDGET: ChannelCapabilities = {
  maxButtons: 10,
  maxTextLength: defaultWidgetLimits.maxTextLength,
  typingIndicator: true,
  attachments: true,
  showsAuthor: true,
};

/** What a preview needs of an entry (a saved one, or a draft being written). */
export interface PreviewSource {
  answer: string;
  links?: KbLink[] | undefined;
}

/**
 * The answer's text as the flows send it: the answer, its steps as a numbered list, then its links, with the
 * entity's facts filled in by the same template the flows show it with ("{{respuesta.answer}}", flows/tramites.yaml).
 */
function answerText(entry: PreviewSource, facts: Record<string, JsonValue> | undefined): string {
  const parts = [answerWithSteps(entry.answer, stepsOf(entry))];
  if (entry.links && entry.links.length > 0) parts.push(entry.links.map((l) => `${l.label}: ${l.url}`).join('\n'));
  const respuesta = { answer: parts.join('\n\n') };
  return renderTemplate(
    '{{respuesta.answer}}',
    { respuesta },
    {
      now: new Date(0),
      channel: 'preview',
      contact: {},
      ...(facts ? { facts } : {}),
    },
  );
}

/** What a flow says after an answer (flows/tramites.yaml, node "sirvio"): shows how each channel draws choices. */
const FOLLOW_UP: OutboundMessageInput = {
  text: '¿Le sirvió esta respuesta?',
  options: [
    { label: 'Sí', value: 'si' },
    { label: 'No', value: 'no' },
  ],
};

/**
 * How an entry's answer reaches a citizen on each channel, through the same rendering the outbox uses: splitting of
 * long texts, options as buttons or as numbered text, and each channel's own conversion of the result.
 */
export function previewAnswer(entry: PreviewSource, facts?: Record<string, JsonValue>): ChannelPreview[] {
  const messages: OutboundMessageInput[] = [{ text: answerText(entry, facts) }, FOLLOW_UP];
  const whatsapp = messages
    .flatMap((m) => renderForChannel(m, WHATSAPP))
    .flatMap((m) => toOutboundParts(m).parts)
    .flatMap((p) => (p.type === 'text' ? [{ text: p.text, buttons: [] }] : []));
  const telegram = messages
    .flatMap((m) => renderForChannel(m, TELEGRAM))
    .flatMap((m) => outboundToTelegram(m))
    .flatMap((call) =>
      call.method === 'sendMessage'
        ? [
            {
              text: call.text === optionsOnlyText && call.replyMarkup ? '' : call.text,
              buttons: (call.replyMarkup?.inline_keyboard ?? []).flat().map((b) => b.text),
            },
          ]
        : [],
    );
  const widget = messages
    .flatMap((m) => renderForChannel(m, WIDGET))
    .map((m) => outboundToWidget('preview', m, new Date(0)))
    .map((m) => ({ text: m.text, buttons: m.options.map((o) => o.label) }));
  return [
    { channel: 'whatsapp', label: 'WhatsApp', bubbles: whatsapp },
    { channel: 'telegram', label: 'Telegram', bubbles: telegram },
    { channel: 'widget', label: 'Chat de la página web', bubbles: widget },
  ];
}
