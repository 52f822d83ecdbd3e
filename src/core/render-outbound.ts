import type { ChannelCapabilities } from './channel-adapter.js';
import { OutboundMessage, type OutboundMessageInput } from '../lib/messages.js';

/**
 * Fits one neutral message to a channel: options become buttons where the channel has enough of them, numbered
 * text otherwise (the citizen answers "2"), and long texts are split at paragraph, then sentence, then word
 * boundaries. Options travel with the last part so they sit under the text they answer.
 */
export function renderForChannel(input: OutboundMessageInput, caps: ChannelCapabilities): OutboundMessage[] {
  const message = OutboundMessage.parse(input);
  let text =
    message.author && !caps.showsAuthor
      ? signed(message.author.name, message.text, message.attachments.length)
      : message.text;
  let options = message.options;
  if (options.length > 0 && options.length > caps.maxButtons) {
    const list = options.map((o, i) => `${i + 1}. ${o.label}`).join('\n');
    text = `${text}${text ? '\n\n' : ''}${list}\n\nResponda con el número de la opción.`;
    options = [];
  }
  const parts = splitText(text, caps.maxTextLength);
  return parts.map((part, i) => {
    const last = i === parts.length - 1;
    return {
      text: part,
      options: last ? options : [],
      attachments: last ? message.attachments : [],
      typing: i === 0 ? message.typing : false,
      ...(last && message.expects ? { expects: message.expects } : {}),
      // The template stands for the whole notice where only a template may go out; notices are one part in practice.
      ...(i === 0 && message.template ? { template: message.template } : {}),
      ...(message.author ? { author: message.author } : {}),
    };
  });
}

/** Who writes, where the channel cannot show it; a file sent alone says so instead of leaving a dangling colon. */
function signed(name: string, text: string, files: number): string {
  if (text !== '') return `${name}, asesor(a) de la entidad:\n${text}`;
  if (files > 0)
    return `${name}, asesor(a) de la entidad, le envió ${files === 1 ? 'un archivo' : `${files} archivos`}.`;
  return `${name}, asesor(a) de la entidad:`;
}

export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    const cut =
      lastBreak(window, /\n\s*\n/g, max) ??
      lastBreak(window, /[.!?¿¡]\s/g, max) ??
      lastBreak(window, /\s/g, max) ??
      max;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

/** Index just after the last match that still fits, unless it would leave a sliver (under a third of the limit). */
function lastBreak(window: string, pattern: RegExp, max: number): number | undefined {
  let best: number | undefined;
  for (const m of window.matchAll(pattern)) {
    const end = m.index + m[0].length;
    if (end <= max && end > max / 3) best = m[0].trim() === '' ? end : m.index + 1;
  }
  return best;
}

/**
 * One turn's rendered messages as one, for channels that send one message per turn (ChannelCapabilities.onePerTurn):
 * texts joined by a blank line, files together. A turn too long for one message is split like any long text.
 */
export function joinTurn(messages: OutboundMessage[], caps: ChannelCapabilities): OutboundMessage[] {
  if (messages.length < 2) return messages;
  const text = messages
    .map((m) => m.text)
    .filter((t) => t !== '')
    .join('\n\n');
  const attachments = messages.flatMap((m) => m.attachments).slice(0, 10);
  const options = messages.flatMap((m) => m.options).slice(0, 50);
  const first = messages[0]!;
  const template = messages.find((m) => m.template)?.template;
  const expects = messages.findLast((m) => m.expects)?.expects;
  return splitText(text, caps.maxTextLength).map((part, i, parts) => {
    const last = i === parts.length - 1;
    return {
      text: part,
      options: last ? options : [],
      attachments: last ? attachments : [],
      typing: i === 0 ? first.typing : false,
      ...(last && expects ? { expects } : {}),
      ...(i === 0 && template ? { template } : {}),
      ...(first.author ? { author: first.author } : {}),
    };
  });
}
