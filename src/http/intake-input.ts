import { z } from 'zod';
import { checkIdentityDocument } from '../validation/identity-document.js';
import { FileCaseInput } from '../cases/service/file-case-input.js';
import { PopulationProfile } from '../population/population-profile.js';
import type { Office } from '../entities/office-settings.js';
import { validateEmail } from '../validation/email.js';
import { validatePhone } from '../validation/phone.js';

/**
 * A petition an official files at the counter or on the phone (Ley 1755 de 2015 art. 15; Decreto 1166 de 2016). The
 * petition itself is the chat's FileCaseInput; around it, how it was received and what the citizen chose about the
 * data notice. `modalidad` is explicit: only a petition the citizen spoke (not one handed over on paper) is verbal.
 */
export const IntakeBody = z.strictObject({
  office: z.string().trim().min(1).max(64).optional(),
  channel: z.enum(['presencial', 'telefono']),
  modality: z.enum(['verbal', 'escrita']),
  /** Required unless the petition is anonymous: the notice was read to or shown to the citizen, who chose. */
  dataNotice: z.enum(['aceptado', 'rechazado']).optional(),
  petition: FileCaseInput,
  /** Optional groups the citizen chose to state (sensitive data): only with dataNotice "aceptado". */
  population: PopulationProfile.optional(),
});
export type IntakeBody = z.output<typeof IntakeBody>;

export const ServiceContactBody = z.strictObject({
  office: z.string().trim().min(1).max(64).optional(),
  channel: z.enum(['presencial', 'telefono']),
  topic: z.enum(['tramite', 'consulta', 'orientacion', 'otro']),
});

export interface Problem {
  path: string;
  message: string;
}

/**
 * The checks the chat makes on each answer (e-mail, phone, ID document), plus what only a counter needs: a way to
 * send the answer that works without a chat, and the office. Returns the petition normalised, or the problems in
 * Spanish with the path of the form field, as the error handler's VALIDATION_FAILED details.
 */
export function checkIntake(
  body: IntakeBody,
  offices: readonly Office[],
): { ok: true; body: IntakeBody } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const petition = { ...body.petition, requester: { ...body.petition.requester } };
  const anonymous = petition.requesterKind === 'anonima';
  if (offices.length > 0 && !offices.some((o) => o.id === body.office)) {
    problems.push({ path: '/office', message: 'Elija la oficina o ventanilla donde recibió la petición.' });
  }
  if (body.channel === 'telefono' && body.modality === 'escrita') {
    problems.push({ path: '/modality', message: 'Una petición recibida por teléfono es verbal.' });
  }
  if (!anonymous && body.dataNotice === undefined) {
    problems.push({
      path: '/dataNotice',
      message: 'Muestre o lea el aviso de tratamiento de datos e indique si el ciudadano lo acepta.',
    });
  }
  if (body.population && (anonymous || body.dataNotice !== 'aceptado')) {
    problems.push({
      path: '/population',
      message:
        'Los grupos de población son datos sensibles y opcionales: solo se registran si el ciudadano aceptó el aviso de datos.',
    });
  }
  const requester = petition.requester;
  if (requester.email !== undefined) {
    const email = validateEmail(requester.email);
    if (email.ok) requester.email = email.value;
    else problems.push({ path: '/petition/requester/email', message: email.message });
  }
  if (requester.phone !== undefined) {
    const phone = validatePhone(requester.phone);
    if (phone.ok) requester.phone = phone.value.e164;
    else problems.push({ path: '/petition/requester/phone', message: phone.message });
  }
  if (requester.document !== undefined) {
    const checked = checkIdentityDocument(requester.document.type, requester.document.number);
    if (checked.ok) requester.document = { type: checked.document.type, number: checked.document.number };
    else problems.push({ path: '/petition/requester/document/number', message: checked.message });
  }
  if (petition.requesterKind === 'representante' && !petition.represented) {
    problems.push({
      path: '/petition/represented/name',
      message: 'Escriba el nombre de la persona a quien representa (representante o apoderado).',
    });
  }
  if (petition.represented && petition.requesterKind !== 'representante') {
    problems.push({
      path: '/petition/represented',
      message: 'Los datos de la persona representada solo van cuando la presenta un representante o apoderado.',
    });
  }
  const represented = petition.represented?.document;
  if (represented !== undefined) {
    const checked = checkIdentityDocument(represented.type, represented.number);
    if (!checked.ok) problems.push({ path: '/petition/represented/document/number', message: checked.message });
  }
  if (!anonymous) {
    // Without a chat there is nothing to answer "on the channel": the answer goes by e-mail or to an address.
    const reply = petition.replyChannel;
    if (reply === undefined || reply === 'canal' || reply === 'publicacion') {
      problems.push({
        path: '/petition/replyChannel',
        message: 'Elija cómo recibirá la respuesta: por correo electrónico o en una dirección física.',
      });
    } else if (reply === 'correo' && requester.email === undefined) {
      problems.push({
        path: '/petition/requester/email',
        message: 'Escriba el correo al que enviaremos la respuesta.',
      });
    } else if (reply === 'direccion' && requester.address === undefined) {
      problems.push({
        path: '/petition/requester/address',
        message: 'Escriba la dirección a la que enviaremos la respuesta.',
      });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, body: { ...body, petition } };
}
