import { z } from 'zod';

/**
 * The channel-neutral message model. Every channel adapter translates its own payloads to and from these shapes at
 * the edge; nothing past the adapter knows which SDK a message came from.
 */

export const channelNames = ['web', 'telegram', 'whatsapp', 'whatsapp-cloud', 'email', 'fake'] as const;
export const ChannelName = z.enum(channelNames);
export type ChannelName = z.infer<typeof ChannelName>;

export const Attachment = z.object({
  kind: z.enum(['image', 'document', 'audio', 'video', 'location', 'other']),
  /** Where the bytes can be fetched (channel media id, URL or storage key). */
  ref: z.string().min(1).max(2048),
  mimeType: z.string().max(255).optional(),
  fileName: z.string().max(255).optional(),
  sizeBytes: z.number().int().nonnegative().optional(),
  caption: z.string().max(4096).optional(),
});
export type Attachment = z.infer<typeof Attachment>;

export const InboundMessage = z.object({
  entityId: z.string().min(1),
  channel: ChannelName,
  /** The sender as the channel knows them (phone JID, Telegram chat id, widget session id). */
  senderId: z.string().min(1).max(255),
  senderName: z.string().max(255).optional(),
  /** The channel's own id for this message; the deduplication key together with the channel. */
  channelMessageId: z.string().min(1).max(255),
  text: z.string().max(8192).optional(),
  /** Machine value of a button, quick reply or list option the citizen picked. */
  payload: z.string().max(1024).optional(),
  attachments: z.array(Attachment).max(10).default([]),
  receivedAt: z.coerce.date(),
  /**
   * The citizen asked to begin again from the greeting (Telegram's /start): the conversation restarts at the entry
   * flow, so a first contact still gets the greeting and the data-processing notice.
   */
  start: z.boolean().optional(),
});
export type InboundMessage = z.infer<typeof InboundMessage>;

export const OutboundOption = z.object({
  /** What the citizen sees. */
  label: z.string().min(1).max(200),
  /** What comes back as the inbound payload when it is picked. */
  value: z.string().min(1).max(256),
  description: z.string().max(200).optional(),
});
export type OutboundOption = z.infer<typeof OutboundOption>;

/**
 * What a message sent outside a turn is about, for channels that may only start a conversation with an approved
 * template (WhatsApp Cloud API after 24 hours): the entity maps the purpose to its template and the params to the
 * template's variables. Params are single lines.
 */
export const OutboundTemplate = z.object({
  purpose: z.enum(['aviso_caso', 'encuesta', 'respuesta_asesor']),
  params: z.record(z.string(), z.string().max(1024)),
});
export type OutboundTemplate = z.infer<typeof OutboundTemplate>;

export const OutboundMessage = z.object({
  text: z.string().max(16_384).default(''),
  options: z.array(OutboundOption).max(50).default([]),
  attachments: z.array(Attachment).max(10).default([]),
  /** Show a typing indicator before this message, where the channel has one. */
  typing: z.boolean().default(false),
  /** The kind of answer this message asks for, so a channel can offer the right control (the widget's attach button). */
  expects: z.enum(['file']).optional(),
  template: OutboundTemplate.optional(),
  /** Written by a person, not the bot: the widget marks the bubble, messaging channels put the name first. */
  author: z.object({ kind: z.literal('agent'), name: z.string().min(1).max(80) }).optional(),
});
export type OutboundMessage = z.infer<typeof OutboundMessage>;
export type OutboundMessageInput = z.input<typeof OutboundMessage>;
