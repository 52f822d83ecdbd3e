/** Codes any route or module may answer with; the message is always the catalogue's. */
export const generalErrors = {
  VALIDATION_FAILED: { status: 400, message: 'La solicitud tiene datos que no son válidos.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'El contenido enviado es demasiado grande.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'El formato del contenido no es compatible.' },
  UNAUTHENTICATED: {
    status: 401,
    message: 'Inicie sesión para continuar: el token de acceso falta, no es válido o ya fue revocado.',
  },
  INVALID_CREDENTIALS: { status: 401, message: 'El correo o la contraseña no son correctos.' },
  ACCOUNT_LOCKED: {
    status: 423,
    message:
      'La cuenta quedó bloqueada por varios intentos fallidos. Espere y vuelva a intentar, o pida ayuda al administrador.',
  },
  CSRF_INVALID: {
    status: 403,
    message: 'No pudimos verificar que la solicitud venga de la consola. Recargue la página e intente de nuevo.',
  },
  FORBIDDEN: { status: 403, message: 'Su rol no le permite hacer esto.' },
  NOT_FOUND: { status: 404, message: 'No encontramos lo que busca.' },
  CONFLICT: {
    status: 409,
    message: 'Otra persona cambió estos datos al mismo tiempo. Recargue y revise antes de seguir.',
  },
  UNPROCESSABLE: { status: 422, message: 'La solicitud se entendió, pero no se puede hacer en el estado actual.' },
  RATE_LIMITED: { status: 429, message: 'Está enviando demasiadas solicitudes. Espere un momento e intente de nuevo.' },
  INVALID_SESSION: {
    status: 401,
    message: 'Su sesión de chat no es válida o venció. Recargue la página para empezar de nuevo.',
  },
  ORIGIN_NOT_ALLOWED: { status: 403, message: 'El chat no está habilitado en este sitio web.' },
  ENTITY_NOT_FOUND: { status: 404, message: 'El chat de esta entidad no existe o no está disponible.' },
  FILE_TOO_LARGE: { status: 413, message: 'El archivo es demasiado grande. Envíe uno de máximo 5 MB.' },
  FILE_TYPE_NOT_ALLOWED: { status: 415, message: 'Solo se pueden enviar fotos (JPG o PNG) y documentos PDF.' },
  NOT_READY: { status: 503, message: 'El servicio todavía no está listo. Intente de nuevo en unos segundos.' },
  INTERNAL: { status: 500, message: 'Ocurrió un error inesperado. Ya quedó registrado; intente de nuevo.' },
} as const satisfies Record<string, { status: number; message: string }>;
