import type { Attachment, OutboundMessage, OutboundOption, OutboundTemplate } from '../../lib/messages.js';
import { recipientFields } from './recipient-fields.js';
import type { ApprovedTemplate } from './whatsapp-cloud-settings.js';

/**
 * Pure converters from the neutral outbound message to Graph API `/messages` bodies, within WhatsApp's limits
 * (https://developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-reply-buttons-messages and
 * …/interactive-list-messages): a body Meta would reject must never leave here.
 */
export const limits = {
  text: 4096,
  interactiveBody: 1024,
  buttons: 3,
  buttonTitle: 20,
  listRows: 10,
  rowTitle: 24,
  rowDescription: 72,
  listButton: 20,
  sectionTitle: 24,
  caption: 1024,
  /** A reply button's id. */
  replyId: 256,
  /** A list row's id: Meta refuses the whole message when one is longer. */
  rowId: 200,
} as const;

export const listButtonText = 'Ver opciones';
export const listSectionTitle = 'Opciones';
const emptyBodyText = 'Elija una opción:';

type Body = Record<string, unknown>;

/** One call to make for a message: a ready body, or a file to upload (or point at) first. */
export type GraphPart = { kind: 'body'; body: Body } | { kind: 'media'; attachment: Attachment; caption?: string };

function envelope(to: string, type: string, content: Record<string, unknown>): Body {
  return { messaging_product: 'whatsapp', recipient_type: 'individual', ...recipientFields(to), type, ...content };
}

/** The calls that deliver a message inside the 24-hour window, in the order the citizen should see them. */
export function graphPartsFor(to: string, message: OutboundMessage): GraphPart[] {
  const text = message.text.trim();
  const media = message.attachments;
  const parts: GraphPart[] = [];
  if (message.options.length > 0) {
    // Files first, so the buttons sit at the bottom under the question they answer.
    for (const a of media) parts.push({ kind: 'media', attachment: a });
    parts.push({ kind: 'body', body: optionsBody(to, text, message.options) });
    return parts;
  }
  // One file and a short text travel together, as a caption.
  const first = media[0];
  if (media.length === 1 && first && first.kind !== 'location' && text && text.length <= limits.caption) {
    return [{ kind: 'media', attachment: first, caption: text }];
  }
  if (text) parts.push({ kind: 'body', body: textBody(to, text) });
  for (const a of media) parts.push({ kind: 'media', attachment: a });
  return parts;
}

export function textBody(to: string, text: string): Body {
  return envelope(to, 'text', { text: { body: cut(text, limits.text) } });
}

/**
 * Up to 3 short options as reply buttons, up to 10 as a list; anything that cannot fit becomes numbered text. The
 * option's value travels as the id and comes back as the payload, so it is never shortened: a value Meta would refuse
 * as an id (over 256 characters for a button, 200 for a list row) makes the options numbered text, where the citizen
 * answers with the number and the flow maps it back to the same value.
 */
export function optionsBody(to: string, text: string, options: OutboundOption[]): Body {
  const ids = options.map((o) => o.value);
  const fitsInteractive =
    text.length <= limits.interactiveBody &&
    options.length <= limits.listRows &&
    new Set(ids).size === ids.length &&
    ids.every((id) => id.length <= limits.replyId);
  if (!fitsInteractive) return textBody(to, numbered(text, options));
  const body = { text: text || emptyBodyText };
  const buttonTitles = options.map((o) => o.label.trim());
  if (
    options.length <= limits.buttons &&
    buttonTitles.every((t) => t.length >= 1 && t.length <= limits.buttonTitle) &&
    new Set(buttonTitles).size === buttonTitles.length &&
    options.every((o) => !o.description)
  ) {
    return envelope(to, 'interactive', {
      interactive: {
        type: 'button',
        body,
        action: {
          buttons: options.map((o, i) => ({ type: 'reply', reply: { id: o.value, title: buttonTitles[i]! } })),
        },
      },
    });
  }
  const rows = options.map((o) => listRow(o));
  if (new Set(rows.map((r) => r.title)).size !== rows.length || ids.some((id) => id.length > limits.rowId))
    return textBody(to, numbered(text, options));
  return envelope(to, 'interactive', {
    interactive: {
      type: 'list',
      body,
      action: { button: listButtonText, sections: [{ title: listSectionTitle, rows }] },
    },
  });
}

/**
 * A list row within 24/72 characters: a label too long for the title is shortened there and given whole in the
 * description (with the option's own description after it, as far as it fits), so the citizen can still read it.
 */
export function listRow(option: OutboundOption): { id: string; title: string; description?: string } {
  const label = option.label.trim();
  const desc = option.description?.trim();
  if (label.length <= limits.rowTitle) {
    return { id: option.value, title: label, ...(desc ? { description: cut(desc, limits.rowDescription) } : {}) };
  }
  const description = cut(desc ? `${label}: ${desc}` : label, limits.rowDescription);
  return { id: option.value, title: cut(label, limits.rowTitle), description };
}

/** The same numbered text other channels without buttons get; the citizen answers with the number. */
function numbered(text: string, options: OutboundOption[]): string {
  const list = options.map((o, i) => `${i + 1}. ${o.label}`).join('\n');
  return `${text}${text ? '\n\n' : ''}${list}\n\nResponda con el número de la opción.`;
}

/** A file message, by the media id we uploaded (or Meta's own id) or by a public link. */
export function mediaBody(
  to: string,
  attachment: Attachment,
  source: { id: string } | { link: string },
  caption?: string,
): Body {
  if (attachment.kind === 'location') {
    const [lat, lng] = attachment.ref.replace(/^geo:/, '').split(',').map(Number);
    return envelope(to, 'location', {
      location: {
        latitude: lat,
        longitude: lng,
        ...(attachment.caption ? { name: cut(attachment.caption, 100) } : {}),
      },
    });
  }
  const type = attachment.kind === 'other' ? 'document' : attachment.kind;
  const captionText = caption ?? attachment.caption;
  const content: Record<string, unknown> = { ...source };
  // WhatsApp shows no caption on audio.
  if (captionText && type !== 'audio') content.caption = cut(captionText, limits.caption);
  if (type === 'document' && attachment.fileName) content.filename = attachment.fileName;
  return envelope(to, type, { [type]: content });
}

export function isLocationRef(ref: string): boolean {
  return /^geo:-?\d+(\.\d+)?,-?\d+(\.\d+)?$/.test(ref);
}

/** The approved template carrying a notice, or why it cannot be sent. */
export function templateBody(
  to: string,
  template: OutboundTemplate,
  approved: ApprovedTemplate,
): { ok: true; body: Body } | { ok: false; reason: string } {
  const missing = approved.params.filter((p) => !template.params[p]?.trim());
  if (missing.length > 0) {
    return {
      ok: false,
      reason: `La plantilla «${approved.name}» pide ${missing.map((p) => `«${p}»`).join(', ')} y el aviso «${template.purpose}» no lo trae.`,
    };
  }
  const parameters = approved.params.map((p) => ({ type: 'text', text: templateParam(template.params[p]!) }));
  return {
    ok: true,
    body: envelope(to, 'template', {
      template: {
        name: approved.name,
        language: { code: approved.language },
        ...(parameters.length > 0 ? { components: [{ type: 'body', parameters }] } : {}),
      },
    }),
  };
}

/** Meta refuses template params with new lines, tabs or more than four spaces in a row: one line, single spaces. */
export function templateParam(value: string): string {
  return cut(value.replace(/\s+/g, ' ').trim(), limits.interactiveBody) || '-';
}

/** Shortens to `max` characters with an ellipsis, at a word boundary when one is near. */
export function cut(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = chars.slice(0, max - 1).join('');
  const space = head.lastIndexOf(' ');
  return `${(space >= max * 0.6 ? head.slice(0, space) : head).trimEnd()}…`;
}
