import type { WebSocket } from 'ws';
import { widgetErrors, type ServerFrame, type WidgetErrorCode } from './widget-wire.js';

/** The protocol's frames live in widget-wire.ts, the contract the browser widget compiles against. */
export {
  ClientFrame,
  clientIdPattern,
  HelloFrame,
  MessageFrame,
  PingFrame,
  protocolVersion,
  ServerFrame,
  WidgetLimits,
  WidgetMessage,
  widgetErrors,
  type WidgetErrorCode,
} from './widget-wire.js';

/** Back-pressure: the message is stored but its answer will wait behind other conversations' turns. */
export const busyMessage =
  'Estamos atendiendo a muchas personas en este momento. Ya recibimos su mensaje y le responderemos en unos segundos.';

export const closeCodes = { idle: 4000, goingAway: 1001 } as const;

/** Sends an error frame; a fatal one then closes the socket with its code (docs/widget-protocol.md). */
export function sendWidgetError(
  socket: WebSocket,
  code: WidgetErrorCode,
  extra: { ref?: string; retryAfterMs?: number } = {},
): void {
  const spec = widgetErrors[code];
  if (socket.readyState === socket.OPEN) {
    socket.send(
      JSON.stringify({ type: 'error', code, message: spec.message, fatal: spec.fatal, ...extra } satisfies ServerFrame),
    );
  }
  if ('close' in spec) socket.close(spec.close, code);
}
