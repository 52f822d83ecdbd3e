import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { infrastructure } from './plugin-names.js';
import { FailedAuthLimiter } from './staff-auth.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** One count of failed sign-ins per address across the case API (tokens), the console (passwords) and admin pages. */
    authLimiter: FailedAuthLimiter;
  }
}

export interface AuthLimiterOptions {
  /** A limiter of the caller's (tests move its clock); a new one by default. */
  limiter?: FailedAuthLimiter;
}

const authLimiterPlugin: FastifyPluginAsync<AuthLimiterOptions> = async (app, options) => {
  app.decorate('authLimiter', options.limiter ?? new FailedAuthLimiter());
};

export const authLimiter = fp(authLimiterPlugin, { name: infrastructure.authLimiter, fastify: '5.x' });
