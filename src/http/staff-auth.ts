import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import type { StaffDirectory } from '../staff/staff-directory.js';
import type { StaffActor } from '../staff/staff-member.js';
import { clearConsoleCookie, consoleCookie } from '../console/console-cookie.js';
import { csrfTokenMatches, isUnsafeMethod } from '../console/csrf-token.js';
import { errorBody } from '../lib/errors/domain-error.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The signed-in official. Set by {@link staffAuth} on the routes of the scope that registers it; routes outside
     * such a scope must not read it.
     */
    staff: StaffActor;
    /**
     * The console session token when the request was signed in with the console cookie (null with a bearer token).
     * Set by {@link staffAuth} like `staff`.
     */
    consoleSession: string | null;
  }
}

export interface FailedAuthLimiterOptions {
  /** Failed attempts allowed per address and window; the next request is refused. */
  maxFailures?: number;
  windowMs?: number;
  /** Addresses tracked at most, so a flood from many addresses cannot exhaust memory. */
  maxTracked?: number;
  now?: () => number;
}

/**
 * Counts failed sign-ins per client address in fixed one-minute windows: after 10 failures the address gets 429 until
 * the window ends, whatever token it sends (letting a valid token through would tell a guesser it had hit one).
 *
 * It lives in memory, per process, on purpose: tokens carry 256 random bits, so guessing one is hopeless anyway; the
 * limit is there to keep a scanner from hammering the database and to make it noisy, and that needs no shared store.
 * With several instances each counts on its own, which only multiplies the allowance. Behind a reverse proxy every
 * client shares the proxy's address unless Fastify's `trustProxy` is set, so one clumsy user could then slow the
 * others for a minute.
 */
export class FailedAuthLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxTracked: number;
  private readonly now: () => number;

  constructor(options: FailedAuthLimiterOptions = {}) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxTracked = options.maxTracked ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds until this address may try again, or 0 when it is not blocked. */
  blockedFor(address: string): number {
    const entry = this.failures.get(address);
    if (!entry) return 0;
    const left = entry.resetAt - this.now();
    if (left <= 0) {
      this.failures.delete(address);
      return 0;
    }
    return entry.count >= this.maxFailures ? left : 0;
  }

  recordFailure(address: string): void {
    const now = this.now();
    const entry = this.failures.get(address);
    if (entry && entry.resetAt > now) {
      entry.count += 1;
      return;
    }
    if (!entry && this.failures.size >= this.maxTracked) this.evict(now);
    this.failures.set(address, { count: 1, resetAt: now + this.windowMs });
  }

  private evict(now: number): void {
    for (const [address, entry] of this.failures) if (entry.resetAt <= now) this.failures.delete(address);
    // Still full: drop the oldest windows (a Map iterates in insertion order).
    for (const address of this.failures.keys()) {
      if (this.failures.size < this.maxTracked) break;
      this.failures.delete(address);
    }
  }
}

export interface StaffAuthOptions {
  directory: StaffDirectory;
  limiter?: FailedAuthLimiter;
  /** Mark the console cookie Secure when clearing it (production). */
  secureCookie?: boolean;
}

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

function unauthenticated(reply: FastifyReply, challenge: string): FastifyReply {
  return reply.status(401).header('www-authenticate', challenge).send(errorBody('UNAUTHENTICATED'));
}

/**
 * `Authorization: Bearer <token>` or the console's session cookie → `request.staff`, for every route of the scope that registers this plugin (it is
 * wrapped with fastify-plugin so the hook reaches the registering scope, not a child of its own). It runs on
 * onRequest, before the body is read, so nothing a stranger sends is parsed. The token itself is never logged:
 * Fastify's request logging is off (app.ts) and the lines here carry only a reason.
 */
const staffAuthPlugin: FastifyPluginAsync<StaffAuthOptions> = async (app, options) => {
  const limiter = options.limiter ?? new FailedAuthLimiter();
  // Stays: Fastify declares a request decoration with its initial value; the hook below sets it before any handler.
  if (!app.hasRequestDecorator('staff')) app.decorateRequest('staff', null as unknown as StaffActor);
  if (!app.hasRequestDecorator('consoleSession')) app.decorateRequest('consoleSession', null);
  const secureCookie = options.secureCookie ?? app.config?.NODE_ENV === 'production';

  app.addHook('onRequest', async (request, reply) => {
    // Answers carry case data and personal data: no browser or proxy may keep a copy.
    reply.header('cache-control', 'no-store');
    const blocked = limiter.blockedFor(request.ip);
    if (blocked > 0) {
      request.log.warn('staff authentication: too many failures from one address');
      return reply
        .status(429)
        .header('retry-after', String(Math.ceil(blocked / 1000)))
        .send(errorBody('RATE_LIMITED'));
    }
    const header = request.headers.authorization;
    // A bearer token wins over the cookie: another site can make a browser send the cookie, never this header.
    if (header === undefined || header.trim() === '') {
      const cookie = consoleCookie(request);
      if (cookie === undefined) return unauthenticated(reply, 'Bearer');
      // Not counted as a failure: a stale cookie is a person whose session ended, and guessing 256 bits is hopeless.
      const signedIn = await options.directory.sessions.authenticate(cookie);
      if (!signedIn) {
        request.log.info({ reason: 'console_session_ended' }, 'staff authentication failed');
        clearConsoleCookie(reply, secureCookie);
        return unauthenticated(reply, 'Bearer');
      }
      if (isUnsafeMethod(request.method) && !csrfTokenMatches(cookie, request.headers['x-csrf-token'])) {
        request.log.warn({ staffId: signedIn.actor.id }, 'console request without a valid CSRF token');
        return reply.status(403).send(errorBody('CSRF_INVALID'));
      }
      request.staff = signedIn.actor;
      request.consoleSession = cookie;
      request.log = request.log.child({ staffId: signedIn.actor.id });
      return;
    }
    const token = BEARER.exec(header)?.[1];
    const actor = token === undefined ? null : await options.directory.authenticate(token);
    if (!actor) {
      limiter.recordFailure(request.ip);
      request.log.info(
        { reason: token === undefined ? 'not_bearer' : 'unknown_or_revoked' },
        'staff authentication failed',
      );
      return unauthenticated(reply, 'Bearer error="invalid_token"');
    }
    request.staff = actor;
    request.log = request.log.child({ staffId: actor.id });
  });
};

export const staffAuth = fp(staffAuthPlugin, { name: 'ventanilla-staff-auth', fastify: '5.x' });
