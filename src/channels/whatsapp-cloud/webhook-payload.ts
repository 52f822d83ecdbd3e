import { z } from 'zod';

/**
 * The parts of Meta's `messages` webhook the channel reads. Objects are loose: Meta adds fields over time, and a new
 * field must not make us refuse (and Meta retry) a call we can handle. The envelope is checked here; each message and
 * status is checked apart (WebhookMessage, WebhookStatus), so one item we cannot read never costs the others.
 */

const Media = z
  .object({
    id: z.string().min(1).max(255),
    mime_type: z.string().max(255).optional(),
    caption: z.string().max(4096).optional(),
    filename: z.string().max(1024).optional(),
  })
  .loose();

export const WebhookMessage = z
  .object({
    /** The citizen's phone number; Meta leaves it out for users with a username whose number it does not share. */
    from: z.string().min(1).max(64).optional(),
    /** The business-scoped user id (BSUID), e.g. "CO.1502576394655843": present whether or not the number is. */
    from_user_id: z.string().min(1).max(255).optional(),
    id: z.string().min(1).max(255),
    timestamp: z.string().regex(/^\d+$/),
    type: z.string().min(1).max(64),
    text: z
      .object({ body: z.string().max(8192) })
      .loose()
      .optional(),
    interactive: z
      .object({
        type: z.string(),
        button_reply: z
          .object({ id: z.string().max(1024), title: z.string().max(1024) })
          .loose()
          .optional(),
        list_reply: z
          .object({ id: z.string().max(1024), title: z.string().max(1024) })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
    button: z
      .object({ payload: z.string().max(1024).optional(), text: z.string().max(1024).optional() })
      .loose()
      .optional(),
    image: Media.optional(),
    document: Media.optional(),
    audio: Media.optional(),
    video: Media.optional(),
    location: z
      .object({
        latitude: z.coerce.number().min(-90).max(90),
        longitude: z.coerce.number().min(-180).max(180),
        name: z.string().max(1024).optional(),
        address: z.string().max(1024).optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
export type WebhookMessage = z.infer<typeof WebhookMessage>;

const StatusError = z
  .object({
    code: z.number().optional(),
    title: z.string().optional(),
    message: z.string().optional(),
    error_data: z.object({ details: z.string().optional() }).loose().optional(),
  })
  .loose();

export const WebhookStatus = z
  .object({
    id: z.string().min(1).max(255),
    status: z.string().min(1).max(64),
    timestamp: z.string().regex(/^\d+$/),
    recipient_id: z.string().max(64).optional(),
    errors: z.array(StatusError).optional(),
  })
  .loose();
export type WebhookStatus = z.infer<typeof WebhookStatus>;

/** Who wrote, as Meta names them next to the messages: the phone (wa_id) when shared, the BSUID (user_id) always. */
const WebhookContact = z
  .object({
    wa_id: z.string().optional(),
    user_id: z.string().optional(),
    profile: z.object({ name: z.string().optional() }).loose().optional(),
  })
  .loose();
export type WebhookContact = z.infer<typeof WebhookContact>;

export const WebhookBody = z
  .object({
    object: z.string(),
    entry: z
      .array(
        z
          .object({
            id: z.string().optional(),
            changes: z
              .array(
                z
                  .object({
                    field: z.string(),
                    value: z
                      .object({
                        metadata: z.object({ phone_number_id: z.string() }).loose().optional(),
                        // Contacts only name senders: one we cannot read leaves its message without a name, no more.
                        contacts: z.array(z.unknown()).max(1000).optional(),
                        messages: z.array(z.unknown()).max(1000).optional(),
                        statuses: z.array(z.unknown()).max(1000).optional(),
                        errors: z.array(StatusError).optional(),
                      })
                      .loose(),
                  })
                  .loose(),
              )
              .default([]),
          })
          .loose(),
      )
      .max(1000),
  })
  .loose();
export type WebhookBody = z.infer<typeof WebhookBody>;

export function readContacts(items: unknown[] | undefined): WebhookContact[] {
  return (items ?? []).flatMap((item) => {
    const parsed = WebhookContact.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}
