import type { FastifyPluginAsync } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { consoleCookie } from '../console/console-cookie.js';
import { isSameOrigin } from '../console/same-origin.js';
import type { HandoffConsole, HandoffEvent } from '../handoff/handoff-api.js';
import type { StaffDirectory } from '../staff/staff-directory.js';
import { can, type StaffActor } from '../staff/staff-member.js';

export interface ConsoleSocketOptions {
  directory: StaffDirectory;
  handoffs: HandoffConsole;
  /** How often the server pings and re-checks the session (30 s). */
  pingMs?: number;
}

/** Close codes the console UI acts on: 4001 sign in again; 4003 the page is not ours. */
export const CLOSE_UNAUTHENTICATED = 4001;
export const CLOSE_FORBIDDEN_ORIGIN = 4003;

const ClientFrame = z.object({ type: z.literal('pong') });

/** Whether a signed-in person may get an event: their own entity, and only what their permissions show. */
export function mayReceive(actor: StaffActor, event: HandoffEvent): boolean {
  if (event.entityId !== actor.entityId) return false;
  if (event.type === 'agents.changed') return can(actor, 'handoff.supervise');
  return can(actor, 'handoff.attend');
}

/** The event as the console receives it: without the entity id, which the console has no use for. */
function frameOf(event: HandoffEvent): string {
  const { entityId: _entityId, ...frame } = event;
  return JSON.stringify(frame);
}

/**
 * GET /console/ws: live handoff events for signed-in staff, authenticated by the session cookie. Every ping also
 * re-checks the session, so a sign-out, an expiry or a disabled account closes the socket within one interval; a
 * client that stops answering pings is dropped after two and a half.
 */
export const consoleSocket: FastifyPluginAsync<ConsoleSocketOptions> = async (app, options) => {
  const pingMs = options.pingMs ?? 30_000;
  const { sessions } = options.directory;

  app.get('/console/ws', { websocket: true }, async (socket: WebSocket, request) => {
    // Buffer what the client says before the session check is done (async), or the first frames would be lost.
    let lastPongAt = Date.now();
    // The console only ever sends pongs; anything else is ignored, as the protocol says, with one warn line (no
    // content, no stack): a broken client is not a server failure.
    const refused = (reason: string) => request.log.warn({ reason }, 'console socket frame refused');
    socket.on('message', (data, isBinary) => {
      if (isBinary) return refused('binary');
      const raw = data.toString();
      if (raw.length > 1000) return refused('too large');
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        return refused('not JSON');
      }
      if (!ClientFrame.safeParse(parsed).success) return refused('unknown frame');
      lastPongAt = Date.now();
    });

    if (!isSameOrigin(request)) {
      request.log.warn('console socket from another origin refused');
      socket.close(CLOSE_FORBIDDEN_ORIGIN, 'origen no permitido');
      return;
    }
    const token = consoleCookie(request);
    const signedIn = token === undefined ? null : await sessions.authenticate(token);
    if (token === undefined || !signedIn) {
      socket.close(CLOSE_UNAUTHENTICATED, 'inicie sesión');
      return;
    }
    let actor = signedIn.actor;
    const send = (text: string) => {
      if (socket.readyState === socket.OPEN) socket.send(text);
    };
    const unsubscribe = options.handoffs.subscribe((event) => {
      if (mayReceive(actor, event)) send(frameOf(event));
    });
    let checking = false;
    const timer = setInterval(() => {
      if (checking) return;
      if (Date.now() - lastPongAt > pingMs * 2.5) {
        socket.terminate();
        return;
      }
      checking = true;
      sessions
        .authenticate(token, false)
        .then((still) => {
          if (!still) {
            socket.close(CLOSE_UNAUTHENTICATED, 'sesión terminada');
            return;
          }
          // Roles may have changed since the socket opened: filter with the current ones.
          actor = still.actor;
          send(JSON.stringify({ type: 'ping' }));
        })
        .catch((error: unknown) => request.log.warn({ err: error }, 'console socket session check failed'))
        .finally(() => {
          checking = false;
        });
    }, pingMs);
    socket.on('close', () => {
      clearInterval(timer);
      unsubscribe();
    });
    request.log.debug({ staffId: actor.id }, 'console socket open');
  });
};
