// What the server's error bodies ({ error: { code, message, details } }) become in the console, and the Spanish an
// agent reads for each. Pure (no fetch, no DOM) so the wording is unit-tested.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = undefined,
    /** Seconds from a `retry-after` header. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const NETWORK = 'No hay conexión con el servidor. Revise su conexión a internet e intente de nuevo.';

/** Builds the error from a non-2xx answer; `body` is whatever JSON (or nothing) came back. */
export function apiErrorFrom(status: number, body: unknown, retryAfter: string | null): ApiError {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const code = typeof fields.code === 'string' ? fields.code : `HTTP_${status}`;
  const message =
    typeof fields.message === 'string' && fields.message.trim() !== ''
      ? fields.message
      : status >= 500
        ? 'El servidor tuvo un problema. Intente de nuevo en unos minutos.'
        : 'No fue posible completar la acción.';
  const seconds = retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter.trim()) : null;
  return new ApiError(status, code, message, fields.details, seconds);
}

export function networkError(): ApiError {
  return new ApiError(0, 'NETWORK', NETWORK);
}

function minutesText(seconds: number): string {
  if (seconds < 60) return seconds <= 1 ? '1 segundo' : `${seconds} segundos`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minuto' : `${minutes} minutos`;
}

function clockTime(iso: string): string | null {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  return new Intl.DateTimeFormat('es-CO', {
    timeZone: 'America/Bogota',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

/** The sign-in page's message for a failed attempt. */
export function loginErrorText(error: ApiError): string {
  switch (error.code) {
    case 'INVALID_CREDENTIALS':
      return 'El correo o la contraseña no son correctos. Revíselos e intente de nuevo.';
    case 'RATE_LIMITED': {
      const wait =
        error.retryAfterSeconds !== null ? ` Espere ${minutesText(error.retryAfterSeconds)}` : ' Espere un momento';
      return `Hubo demasiados intentos de ingreso desde este equipo.${wait} y vuelva a intentarlo.`;
    }
    case 'ACCOUNT_LOCKED': {
      const until = (error.details as { until?: unknown } | undefined)?.until;
      const time = typeof until === 'string' ? clockTime(until) : null;
      const when = time ? `Podrá intentar de nuevo después de las ${time}` : 'Podrá intentar de nuevo más tarde';
      return `La cuenta quedó bloqueada por varios intentos fallidos. ${when}, o pida ayuda al administrador.`;
    }
    default:
      return error.message;
  }
}

/** Messages the task fixes in wording; every other refusal shows the server's own Spanish message. */
export function actionErrorText(error: ApiError): string {
  switch (error.code) {
    case 'ALREADY_TAKEN':
      return 'Otro asesor ya tomó esta conversación.';
    case 'NOT_ONLINE':
      return 'Para tomar conversaciones cambie su estado a «En línea».';
    case 'CASE_CHANGED':
      return 'Otra persona cambió este caso mientras usted lo veía. Recárguelo y revise antes de seguir.';
    case 'CSRF_INVALID':
      return 'Su sesión cambió en otra pestaña. Recargue la página e intente de nuevo.';
    case 'UNAUTHENTICATED':
      return 'Su sesión terminó. Ingrese de nuevo.';
    default:
      return error.message;
  }
}
