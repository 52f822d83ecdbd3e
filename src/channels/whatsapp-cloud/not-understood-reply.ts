import { z } from 'zod';
import { defineJobKind } from '../../core/job-kind.js';

/** The kind reply to a message the channel cannot read, sent as a job so that Meta's webhook is answered at once. */
export const notUnderstoodJobKind = defineJobKind(
  'whatsapp-cloud.not-understood',
  z.object({ to: z.string().min(1), what: z.string().min(1) }),
);

/** What the citizen sent, as the reply names it. */
const nouns: Record<string, string> = {
  'message:sticker': 'su sticker',
  'message:contacts': 'el contacto que compartió',
  'message:order': 'su pedido',
};

/**
 * The kind answer to a message the channel cannot read (a sticker, a contact card, a type WhatsApp marks unsupported),
 * so the citizen is not left with silence and knows what to send instead.
 */
export function notUnderstoodText(what: string): string {
  return `Recibí ${nouns[what] ?? 'su mensaje'}, pero por ahora solo entiendo texto, fotos, documentos y notas de voz. Escríbame su consulta, por favor.`;
}
