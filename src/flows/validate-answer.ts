import type { Attachment } from '../lib/messages.js';
import { validateColombianId } from '../validation/colombian-id.js';
import { validateNit } from '../validation/colombian-id.js';
import { validateDate } from '../validation/date.js';
import { validateEmail } from '../validation/email.js';
import { validateNumber } from '../validation/number.js';
import { validatePhone } from '../validation/phone.js';
import { invalid, valid, type ValidationResult } from '../validation/validation-result.js';
import type { AskNode } from './flow-node.js';
import { toJsonObject, type JsonValue } from '../lib/json-value.js';
import { matchOption } from './match-option.js';
import { normalizeText } from '../lib/normalize-text.js';

/** Replies that skip an `optional: true` question. */
export const skipWords = ['omitir', 'no tengo', 'no', 'ninguno', 'ninguna', 'saltar', 'no aplica', 'n a'];

export function isSkip(text: string | undefined): boolean {
  return text !== undefined && skipWords.includes(normalizeText(text));
}

/**
 * Checks a reply to an `ask` node and returns the value to store. Identity documents are stored as
 * `{ tipo, numero }` because editors read them in templates (`{{documento.numero}}`).
 */
export function validateAnswer(
  node: AskNode,
  reply: { text?: string; payload?: string; attachments: Attachment[] },
  now: Date,
): ValidationResult<JsonValue> {
  const text = (reply.text ?? '').trim();
  if (node.input === 'file') {
    return reply.attachments.length > 0
      ? valid(reply.attachments.map((a) => toJsonObject(a)))
      : invalid('Adjunte el archivo (foto o documento) usando el clip o el botón de adjuntar.');
  }
  if (node.input === 'option') {
    const choice = matchOption(node.options, reply.text, reply.payload);
    return choice ? valid(choice.value) : invalid('Elija una de las opciones.');
  }
  if (text === '') return invalid('Escriba su respuesta, por favor.');
  switch (node.input) {
    case 'text':
      return text.length <= node.maxLength
        ? valid(text)
        : invalid(`Su respuesta es muy larga. Escríbala en menos de ${node.maxLength} caracteres.`);
    case 'id':
    case 'cedula': {
      const allowed = node.idTypes ?? (node.input === 'cedula' ? ['CC' as const] : undefined);
      const r = validateColombianId(text, allowed ? { allowed } : {});
      return r.ok ? valid({ tipo: r.value.type, numero: r.value.number }) : r;
    }
    case 'nit':
      return validateNit(text);
    case 'email':
      return validateEmail(text);
    case 'phone': {
      const r = validatePhone(text);
      return r.ok ? valid(r.value.e164) : r;
    }
    case 'date':
      return validateDate(text, now, { notFuture: node.notFuture });
    case 'number': {
      const rules = {
        integer: node.integer,
        ...(node.min !== undefined ? { min: node.min } : {}),
        ...(node.max !== undefined ? { max: node.max } : {}),
      };
      return validateNumber(text, rules);
    }
  }
}
