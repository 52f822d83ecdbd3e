import { ChannelSendError } from '../../core/channel-adapter.js';

/** An error as the Graph API reports it, in a failed call's body or a failed status webhook. */
export interface GraphError {
  code?: number;
  title?: string;
  message?: string;
  details?: string;
}

/** Throttling: Meta asks us to slow down; the same message goes through later. */
export const throttlingCodes = new Set([4, 80007, 130429, 131048, 131056]);
/** Meta's side failed for a moment. */
const transientCodes = new Set([1, 2, 131000, 131016, 133004]);
/** The number cannot get WhatsApp messages from us (no WhatsApp, or not a test number of a development app). */
export const recipientCodes = new Set([131026, 131030]);
/** The access token expired or was revoked. */
export const tokenCodes = new Set([190]);

const reasons: Record<number, string> = {
  131047:
    'Pasaron más de 24 horas desde el último mensaje del ciudadano: WhatsApp solo deja enviar plantillas aprobadas. Configure una plantilla para este tipo de aviso.',
  131026:
    'WhatsApp no pudo entregar el mensaje: el número no tiene WhatsApp, no ha aceptado las condiciones recientes o usa una versión muy antigua de la aplicación.',
  131030:
    'El número del ciudadano no está en la lista de números de prueba de la aplicación de Meta (la aplicación sigue en modo de desarrollo).',
  131049:
    'Meta decidió no entregar este mensaje para cuidar la experiencia del ciudadano (recibió muchos mensajes de empresas). Intente más tarde.',
  131050: 'El ciudadano pidió no recibir mensajes de marketing de esta cuenta.',
  131051: 'WhatsApp no admite este tipo de mensaje.',
  131052: 'No se pudo descargar el archivo que envió el ciudadano.',
  131053: 'WhatsApp no aceptó el archivo que se intentó enviar (tipo o tamaño no admitido).',
  131031:
    'La cuenta de WhatsApp Business está bloqueada. Revise el estado de la cuenta en el Administrador de WhatsApp de Meta.',
  131042: 'Hay un problema con el método de pago de la cuenta de WhatsApp Business.',
  368: 'Meta bloqueó temporalmente la cuenta por incumplir sus políticas.',
  132000:
    'La cantidad de datos enviados no coincide con las variables de la plantilla aprobada. Revise «parametros» en entity.yaml.',
  132001: 'La plantilla no existe o no está aprobada en ese idioma. Revise «nombre» e «idioma» en entity.yaml.',
  132005: 'El texto de la plantilla quedó demasiado largo con los datos del aviso.',
  132007: 'El contenido de la plantilla incumple las políticas de WhatsApp.',
  132012: 'Los datos del aviso no tienen el formato que espera la plantilla.',
  132015: 'La plantilla está en pausa por baja calidad. Revísela en el Administrador de WhatsApp de Meta.',
  132016: 'La plantilla fue desactivada por baja calidad. Cree y apruebe una nueva.',
  190: 'El token de acceso de WhatsApp venció o no es válido: renueve WHATSAPP_CLOUD_ACCESS_TOKEN.',
};
for (const code of throttlingCodes)
  reasons[code] ??= 'WhatsApp pidió enviar más despacio (límite de envío). El mensaje se reintenta.';

/** What went wrong, in words the entity's administrator can act on. */
export function graphErrorReason(error: GraphError | undefined): string {
  if (error?.code !== undefined && reasons[error.code]) return reasons[error.code]!;
  const said = error?.details ?? error?.title ?? error?.message;
  return `WhatsApp no pudo entregar el mensaje${error?.code !== undefined ? ` (código ${error.code})` : ''}${said ? `: ${said}` : '.'}`;
}

/**
 * Turns a failed Graph call into a send error the outbox acts on: throttling and Meta's own failures are retried
 * (after Retry-After when given), an unknown recipient stops sends to them, other refusals are final. An expired
 * token is retried too: once the administrator renews it, what waited goes out.
 */
export function sendErrorFor(
  httpStatus: number,
  error: GraphError | undefined,
  retryAfter: string | null,
): ChannelSendError {
  const code = error?.code;
  const reason = graphErrorReason(error ?? { message: `respuesta HTTP ${httpStatus}` });
  const retryAfterMs = retryAfterMsOf(retryAfter);
  if (httpStatus === 429 || (code !== undefined && throttlingCodes.has(code)))
    return new ChannelSendError(reason, true, retryAfterMs);
  if (httpStatus === 401 || (code !== undefined && tokenCodes.has(code)))
    return new ChannelSendError(reasons[190]!, true, retryAfterMs);
  if (code !== undefined && recipientCodes.has(code)) return new ChannelSendError(reason, false, undefined, true);
  if (httpStatus >= 500 || (code !== undefined && transientCodes.has(code)))
    return new ChannelSendError(reason, true, retryAfterMs);
  return new ChannelSendError(reason, false);
}

export function isTokenProblem(httpStatus: number, error: GraphError | undefined): boolean {
  return httpStatus === 401 || (error?.code !== undefined && tokenCodes.has(error.code));
}

function retryAfterMsOf(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 3600) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.min(at - Date.now(), 3_600_000));
}
