import type { FastifyInstance, RouteOptions } from 'fastify';

/** One route as registered: enough to check its declared contract without reaching into Fastify's internals. */
export interface CatalogedRoute {
  method: string;
  url: string;
  websocket: boolean;
  /** The status codes (or ranges such as '2xx') its response schema covers; empty when it declares none. */
  responseStatuses: string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route of the application, in registration order (test/http/response-schemas.test.ts reads it). */
    routeCatalog: readonly CatalogedRoute[];
  }
}

/**
 * Records every route through Fastify's onRoute hook. Installed on the root before any route plugin, so routes of
 * encapsulated plugins are recorded too; Fastify's automatic HEAD twins of GET routes are left out.
 */
export function installRouteCatalog(app: FastifyInstance): void {
  const routes: CatalogedRoute[] = [];
  app.decorate('routeCatalog', routes);
  app.addHook('onRoute', (route: RouteOptions) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      const response = (route.schema?.response ?? {}) as Record<string, unknown>;
      routes.push({
        method,
        url: route.url,
        websocket: (route as { websocket?: boolean }).websocket === true,
        responseStatuses: Object.keys(response),
      });
    }
  });
}
