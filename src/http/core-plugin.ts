import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { consoleCookieName } from '../console/console-cookie.js';
import { infrastructure } from './plugin-names.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: Database;
  }
}

export interface CorePluginOptions {
  config: Config;
  database: Database;
  /** The console's cookie name (src/console/console-cookie.ts); the first entity's by default. */
  consoleCookie?: string;
}

/**
 * What every route may rely on: the configuration, the database, and zod for bodies in and answers out (a route's
 * response schema is enforced by the serializer).
 */
const corePlugin: FastifyPluginAsync<CorePluginOptions> = async (app, { config, database, consoleCookie }) => {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('config', config);
  app.decorate('database', database);
  app.decorate('consoleCookie', consoleCookie ?? consoleCookieName());
};

export const core = fp(corePlugin, { name: infrastructure.core, fastify: '5.x' });
