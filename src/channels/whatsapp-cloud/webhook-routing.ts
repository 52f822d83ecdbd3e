import type { WebhookBody } from './webhook-payload.js';

/** One webhook call split by the number each change is for; changes for numbers nobody here serves are counted apart. */
export interface SplitWebhook<T> {
  /** Per target, the call as if Meta had sent only its changes: same envelope, same entries, order kept. */
  parts: Map<T, WebhookBody>;
  /** The phone_number_id of each change no target took, in order (Meta's id for a business number, not a person's). */
  unrouted: string[];
}

/**
 * Splits a webhook call by `value.metadata.phone_number_id`. `target` names who takes a change for a number, or
 * undefined for a number nobody serves; a change without metadata (fields other than messages) goes to `target`
 * called with undefined, which is the entity whose address Meta called.
 */
export function splitByNumber<T>(
  body: WebhookBody,
  target: (phoneNumberId: string | undefined) => T | undefined,
): SplitWebhook<T> {
  const parts = new Map<T, WebhookBody>();
  const unrouted: string[] = [];
  for (const entry of body.entry) {
    const entries = new Map<T, WebhookBody['entry'][number]>();
    for (const change of entry.changes) {
      const id = change.value.metadata?.phone_number_id;
      const to = target(id);
      if (to === undefined) {
        unrouted.push(id ?? '');
        continue;
      }
      let own = entries.get(to);
      if (!own) {
        own = { ...entry, changes: [] };
        entries.set(to, own);
        let part = parts.get(to);
        if (!part) {
          part = { ...body, entry: [] };
          parts.set(to, part);
        }
        part.entry.push(own);
      }
      own.changes.push(change);
    }
  }
  return { parts, unrouted };
}
