import websocket from '@fastify/websocket';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { infrastructure } from './plugin-names.js';
import { socketErrorHandler } from './socket-errors.js';

const websocketPlugin: FastifyPluginAsync = async (app) => {
  // The transport's hard cap; the widget protocol refuses frames over its own, smaller limit with an error frame and
  // keeps the connection, which ws cannot do past maxPayload.
  await app.register(websocket, { options: { maxPayload: 1024 * 1024 }, errorHandler: socketErrorHandler });
};

/** WebSocket routes (`{ websocket: true }`) for the widget and the console. */
export const websockets = fp(websocketPlugin, { name: infrastructure.websocket, fastify: '5.x' });
