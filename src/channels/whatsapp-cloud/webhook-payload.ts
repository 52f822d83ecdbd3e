import { z } from 'zod';

/**
 * The parts of Meta's `messages` webhook the channel reads. Objects are loose: Meta adds fields over time, and a new
 * field must not make us refuse (and Meta retry) a call we can handle.
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
    from: z.string().min(1).max(64),
    id: z.string().min(1).max(255),
    timestamp: z.string().regex(/^\d+$/),
    type: z.string().min(1).max(64),
    text: z.object({ body: z.string().max(8192) }).loose().optional(),
    interactive: z
      .object({
        type: z.string(),
        button_reply: z.object({ id: z.string().max(1024), title: z.string().max(1024) }).loose().optional(),
        list_reply: z.object({ id: z.string().max(1024), title: z.string().max(1024) }).loose().optional(),
      })
      .loose()
      .optional(),
    button: z.object({ payload: z.string().max(1024).optional(), text: z.string().max(1024).optional() }).loose().optional(),
    image: Media.optional(),
    document: Media.optional(),
    audio: Media.optional(),
    video: Media.optional(),
    location: z
      .object({
        latitude: z.number().min(-90).max(90),
        longitude: z.number().min(-180).max(180),
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
                        contacts: z
                          .array(z.object({ wa_id: z.string().optional(), profile: z.object({ name: z.string().optional() }).loose().optional() }).loose())
                          .optional(),
                        messages: z.array(WebhookMessage).max(1000).optional(),
                        statuses: z.array(WebhookStatus).max(1000).optional(),
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
