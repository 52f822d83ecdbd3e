import { formatLongDateEs, localDate, toBogotaDate } from '../cases/local-date.js';
import { CASE_TYPES, type CaseType } from '../cases/terms.js';
import type { Office } from '../entities/office-settings.js';
import type { IntakeBody } from './intake-input.js';

/** The entity's contact details as entity.yaml gives them (settings.contacto), for "how to check the status". */
export interface EntityContact {
  name: string;
  telefono?: string;
  direccion?: string;
  /** Where the chat runs (PUBLIC_URL). */
  chatUrl?: string;
}

/**
 * The constancia de radicación as data: the console lays it out and prints it, so the anonymous lookup code (shown
 * once) never travels in an address. Wording for citizens, in plain Spanish.
 */
export interface IntakeReceipt {
  title: string;
  entityName: string;
  radicado: string;
  lines: { label: string; value: string }[];
  howToCheck: string[];
  notice: string;
}

export function buildIntakeReceipt(input: {
  entity: EntityContact;
  body: IntakeBody;
  office: Office | undefined;
  filed: { radicado: string; receivedAt: Date; dueDate: string; lookupCode?: string };
  registeredBy: string;
  policyVersion: string;
}): IntakeReceipt {
  const { body, filed, entity } = input;
  const petition = body.petition;
  const anonymous = petition.requesterKind === 'anonima';
  const received =
    body.channel === 'telefono'
      ? 'Por teléfono, en forma verbal'
      : body.modality === 'verbal'
        ? 'En persona, en forma verbal'
        : 'En persona, por escrito';
  const reply = anonymous
    ? 'Publicación en la página web de la entidad (petición anónima)'
    : petition.replyChannel === 'correo'
      ? `Correo electrónico: ${petition.requester.email ?? ''}`
      : `Dirección: ${petition.requester.address ?? ''}`;
  const lines: { label: string; value: string }[] = [
    { label: 'Número de radicado', value: filed.radicado },
    { label: 'Fecha y hora de radicación', value: bogotaDateTime(filed.receivedAt) },
    { label: 'Tipo de solicitud', value: CASE_TYPES[petition.type as CaseType].label },
    { label: 'Cómo se recibió', value: received },
    ...(input.office ? [{ label: 'Oficina', value: input.office.nombre }] : []),
    { label: 'Fecha máxima de respuesta', value: formatLongDateEs(localDate(filed.dueDate)) },
    { label: 'Le responderemos por', value: reply },
    ...(anonymous ? [] : [{ label: 'Nombre', value: petition.requester.name ?? 'No lo dio' }]),
    ...(filed.lookupCode
      ? [{ label: 'Código de consulta (guárdelo: no se vuelve a mostrar)', value: filed.lookupCode }]
      : []),
    ...(anonymous
      ? []
      : [
          {
            label: 'Tratamiento de datos personales',
            value:
              body.dataNotice === 'aceptado'
                ? `Aceptó el aviso de tratamiento de datos (política versión ${input.policyVersion}).`
                : 'No aceptó el aviso de tratamiento de datos. Su petición quedó radicada igual.',
          },
        ]),
    { label: 'Recibida por', value: input.registeredBy },
  ];
  const key = anonymous ? 'su radicado y su código de consulta' : 'su número de radicado';
  const howToCheck = [
    `En el chat de atención ${entity.chatUrl ?? 'de la página web de la entidad'}: escriba «consultar radicado» y luego ${key}.`,
    ...(entity.telefono ? [`Por teléfono al ${entity.telefono}, con ${key}.`] : []),
    `En persona, en ${input.office?.nombre ?? 'la ventanilla de atención'}${entity.direccion ? ` (${entity.direccion})` : ''}, con ${key}.`,
  ];
  return {
    title: 'Constancia de radicación',
    entityName: entity.name,
    radicado: filed.radicado,
    lines,
    howToCheck,
    notice:
      'La ley da a la entidad hasta la fecha máxima indicada para responder (Ley 1755 de 2015). Si necesita más tiempo, le avisaremos antes de que venza, con las razones y la nueva fecha.',
  };
}

/** "martes 14 de abril de 2026, 10:00 a. m." in Colombia's time. */
function bogotaDateTime(at: Date): string {
  const time = new Intl.DateTimeFormat('es-CO', {
    timeZone: 'America/Bogota',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
  }).format(at);
  return `${formatLongDateEs(toBogotaDate(at))}, ${time.replace(/\s+/g, ' ')}`;
}
