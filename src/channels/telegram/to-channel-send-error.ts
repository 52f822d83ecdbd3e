import { TelegramError } from 'telegraf';
import { ChannelSendError } from '../../core/channel-adapter.js';

/**
 * Says whether a failed Bot API call can succeed later, for the outbox. The message is for administrators and holds
 * Telegram's description (generic text such as "Forbidden: bot was blocked by the user"), never the call's payload,
 * which telegraf keeps on the error and which carries what the citizen was told.
 */
export function toChannelSendError(error: unknown): ChannelSendError {
  if (error instanceof ChannelSendError) return error;
  if (error instanceof TelegramError) {
    const code = error.code;
    const description = error.description;
    if (code === 429) {
      const seconds = error.parameters?.retry_after;
      return new ChannelSendError(
        `Telegram pidió esperar antes de enviar más (429: ${description}).`,
        true,
        seconds !== undefined ? seconds * 1000 : undefined,
      );
    }
    if (code >= 500) return new ChannelSendError(`Telegram no respondió bien (${code}); se reintenta.`, true);
    // Blocked by the citizen, or an account that was deleted: nothing reaches them until they write again.
    if (code === 403 || (code === 400 && /chat not found/i.test(description))) {
      return new ChannelSendError(
        `El ciudadano no se puede contactar por Telegram (${code}: ${description}).`,
        false,
        undefined,
        true,
      );
    }
    // A wrong or revoked token: every send fails until an administrator fixes TELEGRAM_BOT_TOKEN and restarts, and
    // the messages should go out then rather than be dropped.
    if (code === 401 || code === 404) {
      return new ChannelSendError(`Telegram no reconoce el token del bot (${code}). Revise TELEGRAM_BOT_TOKEN.`, true);
    }
    return new ChannelSendError(`Telegram no aceptó el mensaje (${code}: ${description}).`, false);
  }
  // Network failures (connection reset, timeout, DNS) from node-fetch or fetch: the outbox backs off and tries again.
  const reason = error instanceof Error ? ((error as { code?: string }).code ?? error.name) : 'desconocido';
  return new ChannelSendError(`No se pudo conectar con Telegram (${reason}); se reintenta.`, true);
}
