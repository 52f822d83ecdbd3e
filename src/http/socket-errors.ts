import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';

/**
 * What @fastify/websocket does with an error on an open socket. A frame the client broke at the protocol level
 * (invalid UTF-8, a bad opcode, unmasked or oversized) is the client's mistake, not a failure of ours: ws has
 * already answered with the protocol's close frame (1002, 1007, 1009), so one warn line with the code is enough, and
 * no stack trace fills the log each time a bot or a broken network sends garbage. Anything else is ours: logged in
 * full and the socket dropped, as the plugin's default does.
 */
export function socketErrorHandler(
  error: Error & { code?: unknown },
  socket: WebSocket,
  request: FastifyRequest,
): void {
  if (typeof error.code === 'string' && error.code.startsWith('WS_ERR_')) {
    request.log.warn({ code: error.code, route: request.routeOptions.url }, 'malformed websocket frame refused');
    return;
  }
  request.log.error({ err: error }, 'websocket failed');
  socket.terminate();
}
