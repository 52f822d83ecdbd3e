import { ChannelSendError } from '../../core/channel-adapter.js';

/**
 * Nodemailer's failure as the outbox needs it: the server refusing the recipient or the message for good (5xx) will
 * not change on a retry and is recorded (on the case, for a notice); a connection, login or 4xx problem is retried.
 */
export function toChannelSendError(error: unknown): ChannelSendError {
  const e = error as { responseCode?: number; code?: string; message?: string };
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  if (code !== undefined && code >= 500 && code < 600 && e.code !== 'EAUTH') {
    return new ChannelSendError(
      `El servidor de correo rechazó el mensaje (SMTP ${code}): revise la dirección del ciudadano.`,
      false,
    );
  }
  if (e.code === 'EAUTH')
    return new ChannelSendError(
      'El servidor de correo no aceptó el usuario o la clave de aplicación (EMAIL_SMTP_*).',
      true,
    );
  return new ChannelSendError(`No se pudo enviar el correo${code ? ` (SMTP ${code})` : ''}; se reintentará.`, true);
}
