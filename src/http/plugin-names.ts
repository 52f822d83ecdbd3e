/**
 * The names of the infrastructure plugins, as route plugins list them in their fastify-plugin `dependencies`: Fastify
 * refuses at boot to register a route plugin before what it needs (FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED).
 */
export const infrastructure = {
  /** `app.config`, `app.database` and the zod compilers (src/http/core-plugin.ts). */
  core: 'ventanilla-core',
  /** `app.authLimiter`, the failed sign-in count shared by every staff sign-in (src/http/auth-limiter-plugin.ts). */
  authLimiter: 'ventanilla-auth-limiter',
  /** WebSocket routes (src/http/websocket-plugin.ts). */
  websocket: 'ventanilla-websocket',
} as const;
