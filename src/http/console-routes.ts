import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearConsoleCookie, consoleCookie, setConsoleCookie } from '../console/console-cookie.js';
import { ConsoleLogin, type ConsoleLoginOptions } from '../console/console-login.js';
import { consolePageRoutes } from './console-page.js';
import { csrfTokenFor, csrfTokenMatches } from '../console/csrf-token.js';
import { isSameOrigin } from '../console/same-origin.js';
import { HandoffError, type HandoffConsole } from '../handoff/handoff-api.js';
import type { StaffDirectory } from '../staff/staff-directory.js';
import { can, type StaffActor } from '../staff/staff-member.js';
import { consoleSocket } from './console-socket.js';
import { maxUploadBytes } from '../uploads/check-upload.js';
import { rawUploadScope, uploadedFile } from './raw-upload-scope.js';
import { storedFileHeaders } from '../uploads/stored-file-headers.js';
import { DomainError, errorBody } from '../lib/errors/domain-error.js';
import { staffAuth, type FailedAuthLimiter } from './staff-auth.js';
import type { KnowledgeEditor } from '../knowledge/knowledge-editor.js';
import { knowledgeEditorRoutes } from './knowledge-editor-routes.js';
import { ErrorResponse } from '../lib/errors/error-response.js';
import {
  AgentResponse,
  AgentsResponse,
  AreasResponse,
  CannedResponsesResponse,
  HandoffDetailResponse,
  HandoffResponse,
  HandoffsResponse,
  MessageResponse,
  SessionResponse,
  type Me,
} from '../handoff/handoff-wire.js';
import { infrastructure } from './plugin-names.js';

export interface ConsoleRoutesOptions {
  directory: StaffDirectory;
  handoffs: HandoffConsole;
  /** The entity's attention areas (settings.atencion.areas), for transfers and the queue's headings. */
  areas: readonly { id: string; name: string }[];
  /** Failed sign-ins per address; the app's shared one (auth-limiter-plugin.ts) by default. */
  limiter?: FailedAuthLimiter;
  /** Account lockout settings and the clock (tests move it). */
  login?: ConsoleLoginOptions;
  /** Secure cookie; by default when NODE_ENV is production. */
  secureCookie?: boolean;
  /** Where the built console is (web-console/dist by default). */
  distDir?: string;
  /** WebSocket ping interval (30 s). */
  pingMs?: number;
  /** The knowledge editor (/console/api/knowledge); absent, those routes are not served. */
  knowledge?: KnowledgeEditor;
}

/** Sign-in and console bodies are small; a big one is a mistake or an attack. */
const CONSOLE_BODY_LIMIT = 32 * 1024;

// Strict like every console body (docs/console-api.md): a field we do not know is a client bug or a probe.
const LoginBody = z.strictObject({
  email: z.string().trim().min(3).max(254),
  // Not trimmed: spaces inside a password are part of it. The cap keeps hashing cheap to refuse.
  password: z.string().min(1).max(1024),
});

const IdParams = z.object({ id: z.string().trim().min(1).max(100) });
const TakeBody = z.preprocess((v) => v ?? {}, z.strictObject({ id: z.string().trim().min(1).max(100).optional() }));
const TextBody = (max: number) =>
  z.strictObject({ text: z.string().trim().min(1, { error: 'Escriba un mensaje.' }).max(max) });
const TransferBody = z.union([
  z.strictObject({ agentId: z.string().trim().min(1).max(100) }),
  z.strictObject({ area: z.string().trim().min(1).max(60) }),
]);
/** The optional caption of a file, URI-encoded in a header because the body is the file itself. */
function captionOf(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string' || header === '') return undefined;
  try {
    return decodeURIComponent(header);
  } catch {
    throw new HandoffError('INVALID', 'No pudimos leer el texto que acompaña el archivo. Escríbalo de nuevo.');
  }
}

const PresenceBody = z.strictObject({ presence: z.enum(['online', 'away', 'offline']) });

/** Statuses every signed-in console route may answer with: no session, and a CSRF or permission refusal. */
const authErrors = { 401: ErrorResponse, 403: ErrorResponse };
/** The handoff service's refusals (src/lib/errors/handoff-errors.ts) on top of those. */
const handoffErrors = { ...authErrors, 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

async function meOf(directory: StaffDirectory, actor: StaffActor): Promise<Me> {
  const profile = await directory.profile(actor.id);
  return {
    id: actor.id,
    name: actor.name,
    email: profile?.email ?? '',
    roles: [...actor.roles],
    permissions: [...actor.permissions].sort(),
    presence: profile?.presence ?? 'offline',
    dependency: actor.dependency,
  };
}

/**
 * The agent console's server side: its page, sign-in (/console/api/login, logout, me), the handoff API and the live
 * WebSocket. Everything but sign-in needs the session cookie (or a staff bearer token); state changes made with the
 * cookie also need the x-csrf-token header (staff-auth.ts). The handoff service decides permissions and visibility;
 * its refusals become `{ error: { code, message } }` with the status of the contract.
 */
const consoleRoutesPlugin: FastifyPluginAsyncZod<ConsoleRoutesOptions> = async (app, options) => {
  const { directory } = options;
  const limiter = options.limiter ?? app.authLimiter;
  const secure = options.secureCookie ?? app.config?.NODE_ENV === 'production';
  const login = new ConsoleLogin(directory, options.login);

  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= CONSOLE_BODY_LIMIT;
  });

  await app.register(consolePageRoutes, options.distDir ? { distDir: options.distDir } : {});

  // Checked before the body is read: a sign-in from another site's page (login CSRF) or from a blocked address
  // costs nothing.
  const loginGate = async (request: FastifyRequest, reply: FastifyReply) => {
    void reply.header('cache-control', 'no-store');
    if (!isSameOrigin(request)) {
      request.log.warn('console sign-in from another origin refused');
      return reply.status(403).send(errorBody('CSRF_INVALID'));
    }
    const blocked = limiter.blockedFor(request.ip);
    if (blocked > 0) {
      request.log.warn('console sign-in: too many failures from one address');
      return reply
        .status(429)
        .header('retry-after', String(Math.ceil(blocked / 1000)))
        .send(errorBody('RATE_LIMITED'));
    }
  };

  const signInErrors = {
    400: ErrorResponse,
    401: ErrorResponse,
    403: ErrorResponse,
    423: ErrorResponse,
    429: ErrorResponse,
  };
  app.post(
    '/console/api/login',
    { onRequest: loginGate, schema: { body: LoginBody, response: { 200: SessionResponse, ...signInErrors } } },
    async (request, reply) => {
      const result = await login.signIn(request.body.email, request.body.password);
      if (result.outcome !== 'signed-in') {
        limiter.recordFailure(request.ip);
        // Only the outcome: the email and password are personal data and secrets.
        request.log.info({ outcome: result.outcome }, 'console sign-in failed');
        if (result.outcome === 'locked') {
          const seconds = Math.max(
            1,
            Math.ceil((result.until.getTime() - (options.login?.now?.() ?? new Date()).getTime()) / 1000),
          );
          return reply
            .status(423)
            .header('retry-after', String(seconds))
            .send(errorBody('ACCOUNT_LOCKED', { until: result.until.toISOString() }));
        }
        return reply.status(401).send(errorBody('INVALID_CREDENTIALS'));
      }
      const signedIn = await directory.sessions.authenticate(result.token, false);
      if (!signedIn) throw new DomainError('INTERNAL');
      request.log.info({ staffId: result.staffId }, 'console sign-in');
      setConsoleCookie(reply, result.token, secure);
      return { me: await meOf(directory, signedIn.actor), csrfToken: csrfTokenFor(result.token) };
    },
  );

  // Outside the authenticated scope so an expired session can still "log out" (the cookie is cleared either way).
  app.post(
    '/console/api/logout',
    { schema: { response: { 204: z.null(), 403: ErrorResponse } } },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      const token = consoleCookie(request);
      if (token !== undefined) {
        const signedIn = await directory.sessions.authenticate(token, false);
        // A live session is ended only by the console itself: another site must not be able to sign people out.
        if (signedIn && !csrfTokenMatches(token, request.headers['x-csrf-token'])) {
          return reply.status(403).send(errorBody('CSRF_INVALID'));
        }
        await directory.sessions.close(token);
        if (signedIn) request.log.info({ staffId: signedIn.actor.id }, 'console sign-out');
      }
      clearConsoleCookie(reply, secure);
      return reply.status(204).send(null);
    },
  );

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    await scope.register(staffAuth, { directory, limiter, secureCookie: secure });
    const { handoffs } = options;

    scope.get(
      '/console/api/me',
      { schema: { response: { 200: SessionResponse, ...authErrors } } },
      async (request) => ({
        me: await meOf(directory, request.staff),
        // With a bearer token there is no cookie to protect, hence no CSRF token.
        csrfToken: request.consoleSession ? csrfTokenFor(request.consoleSession) : null,
      }),
    );

    scope.get(
      '/console/api/handoffs',
      { schema: { response: { 200: HandoffsResponse, ...authErrors } } },
      async (request) => ({ handoffs: await handoffs.list(request.staff) }),
    );

    scope.get(
      '/console/api/handoffs/:id',
      { schema: { params: IdParams, response: { 200: HandoffDetailResponse, ...handoffErrors } } },
      async (request) => ({ handoff: await handoffs.detail(request.staff, request.params.id) }),
    );

    scope.post(
      '/console/api/handoffs/take',
      { schema: { body: TakeBody, response: { 200: HandoffResponse, ...handoffErrors } } },
      async (request) => ({ handoff: await handoffs.take(request.staff, request.body.id) }),
    );

    scope.post(
      '/console/api/handoffs/:id/reply',
      { schema: { params: IdParams, body: TextBody(4000), response: { 200: MessageResponse, ...handoffErrors } } },
      async (request) => ({
        message: await handoffs.reply(request.staff, request.params.id, { text: request.body.text }),
      }),
    );

    // The file is the raw body (like the widget's uploads), so the JPG/PNG/PDF rules are checked before anything else
    // is read; the CSRF check of staffAuth still runs first, before the body.
    await rawUploadScope(scope, (files) => {
      files.post(
        '/console/api/handoffs/:id/files',
        {
          schema: {
            params: IdParams,
            response: { 201: MessageResponse, 413: ErrorResponse, 415: ErrorResponse, ...handoffErrors },
          },
          bodyLimit: maxUploadBytes,
        },
        async (request, reply) => {
          const { data } = uploadedFile(request.body, request.headers['content-type']);
          const fileName = request.headers['x-file-name'];
          const caption = captionOf(request.headers['x-caption']);
          const message = await handoffs.sendFile(request.staff, request.params.id, {
            data,
            ...(typeof fileName === 'string' ? { fileName } : {}),
            ...(caption !== undefined ? { caption } : {}),
          });
          return reply.status(201).send({ message });
        },
      );
    });

    scope.get('/console/api/files/:id', { schema: { params: IdParams } }, async (request, reply) => {
      const file = await handoffs.file(request.staff, request.params.id);
      return reply.headers(storedFileHeaders(file)).send(file.data);
    });

    scope.post(
      '/console/api/handoffs/:id/note',
      { schema: { params: IdParams, body: TextBody(4000), response: { 200: MessageResponse, ...handoffErrors } } },
      async (request) => ({
        message: await handoffs.note(request.staff, request.params.id, request.body.text),
      }),
    );

    scope.post(
      '/console/api/handoffs/:id/transfer',
      { schema: { params: IdParams, body: TransferBody, response: { 200: HandoffResponse, ...handoffErrors } } },
      async (request) => ({ handoff: await handoffs.transfer(request.staff, request.params.id, request.body) }),
    );

    scope.post(
      '/console/api/handoffs/:id/close',
      { schema: { params: IdParams, response: { 200: HandoffResponse, ...handoffErrors } } },
      async (request) => ({ handoff: await handoffs.close(request.staff, request.params.id) }),
    );

    scope.post(
      '/console/api/handoffs/:id/read',
      { schema: { params: IdParams, response: { 204: z.null(), ...handoffErrors } } },
      async (request, reply) => {
        await handoffs.markRead(request.staff, request.params.id);
        return reply.status(204).send(null);
      },
    );

    scope.post(
      '/console/api/presence',
      { schema: { body: PresenceBody, response: { 200: AgentResponse, 400: ErrorResponse, ...authErrors } } },
      async (request) => ({ agent: await handoffs.setPresence(request.staff, request.body.presence) }),
    );

    scope.get(
      '/console/api/agents',
      { schema: { response: { 200: AgentsResponse, ...authErrors } } },
      async (request) => {
        if (!can(request.staff, 'handoff.supervise')) throw new DomainError('FORBIDDEN');
        return { agents: await handoffs.agents(request.staff) };
      },
    );

    scope.get(
      '/console/api/canned-responses',
      { schema: { response: { 200: CannedResponsesResponse, ...authErrors } } },
      async (request) => ({ responses: await handoffs.cannedResponses(request.staff) }),
    );

    scope.get('/console/api/areas', { schema: { response: { 200: AreasResponse, ...authErrors } } }, async () => ({
      areas: options.areas.map((a) => ({ id: a.id, name: a.name })),
    }));

    if (options.knowledge) await scope.register(knowledgeEditorRoutes, { editor: options.knowledge });
  });

  await app.register(consoleSocket, {
    directory,
    handoffs: options.handoffs,
    ...(options.pingMs !== undefined ? { pingMs: options.pingMs } : {}),
  });
};

export const consoleRoutes = fp(consoleRoutesPlugin, {
  name: 'ventanilla-console-routes',
  dependencies: [infrastructure.authLimiter, infrastructure.websocket],
  encapsulate: true,
});
