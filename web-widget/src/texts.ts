// Every string a citizen can see or hear, in one place so the wording can be reviewed as a whole: plain Spanish
// (es-CO), "usted". Several of them are also the accessible names the end-to-end tests look controls up by.

const count = new Intl.NumberFormat('es-CO');

export const texts = {
  launcher: 'Abrir chat de atención al ciudadano',
  close: 'Cerrar chat',
  advisor: 'Hablar con un asesor',
  log: 'Mensajes',
  conversation: 'Conversación',
  inputLabel: 'Escriba su mensaje',
  placeholder: 'Escriba su mensaje…',
  send: 'Enviar',
  attach: 'Adjuntar archivo',
  quickReplies: 'Respuestas sugeridas',
  citizenPrefix: 'Usted: ',
  botPrefix: (name: string) => `${name}: `,
  /** Shown on a person's messages, so the citizen knows a human is writing. */
  agentLabel: (name: string | null) => (name ? `${name} · Asesor(a) de la entidad` : 'Asesor(a) de la entidad'),
  typing: (name: string) => `${name} está escribiendo…`,
  logo: (entity: string) => `Logo de ${entity}`,
  pending: 'Pendiente de envío',
  uploading: 'Subiendo archivo…',
  notSent: 'No se envió. ',
  attachment: 'Archivo adjunto: ',
  /** The link that downloads a file kept by the server. */
  download: (name: string, size: string | null) => (size ? `Descargar ${name} (${size})` : `Descargar ${name}`),
  downloadFailed: 'No pudimos descargar el archivo. Revise su conexión e intente de nuevo.',
  downloadNeedsSession: 'Para descargar el archivo, espere a que el chat se conecte e intente de nuevo.',
  newTab: ' (se abre en otra pestaña)',
  privacy: 'Conozca cómo tratamos sus datos personales',
  offline: 'Sin conexión. Sus mensajes se enviarán cuando vuelva la conexión.',
  reconnecting: 'Reconectando…',
  unavailable: 'El chat no está disponible en este sitio.',
  sessionRenewed: 'Su sesión anterior terminó. Empezamos una conversación nueva.',
  slowDown: 'Está enviando mensajes muy rápido. Su mensaje se enviará en unos segundos.',
  somethingFailed: 'Ocurrió un problema con el chat. Intente de nuevo.',
  filesNeedConnection: 'Para adjuntar archivos necesita conexión. Intente de nuevo cuando vuelva la conexión.',
  uploadFailed: 'No pudimos subir el archivo. Revise su conexión e intente de nuevo.',
  tooManyFiles: (max: number) => `Puede adjuntar hasta ${max} archivos en un mensaje. Elija menos archivos.`,
  frameTooLarge: 'El mensaje es demasiado grande para enviarlo. Divídalo en partes más cortas.',
  charactersLeft: (left: number) => `Quedan ${count.format(left)} caracteres.`,
  tooLong: (length: number, max: number) =>
    `Su mensaje tiene ${count.format(length)} caracteres y el máximo es ${count.format(max)}. Acórtelo para poder enviarlo.`,
};
