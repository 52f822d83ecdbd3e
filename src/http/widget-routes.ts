import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { isAllowedOrigin } from '../channels/web/allowed-origin.js';
import type { WidgetChannel } from '../channels/web/widget-channel.js';
import { protocolVersion, sendWidgetError } from '../channels/web/widget-frames.js';
import { WidgetConfigResponse } from '../channels/web/widget-wire.js';
import { Attachment } from '../lib/messages.js';
import { RateLimiter } from '../core/rate-limiter.js';
import { checkUpload } from '../uploads/check-upload.js';
import { uploadTypes } from '../uploads/detect-file-type.js';
import { cleanFileName, type StoredFiles } from '../uploads/stored-files.js';
import { storedFileHeaders } from '../uploads/stored-file-headers.js';
import { demoPage } from './demo-page.js';
import { DomainError, errorBody } from '../lib/errors/domain-error.js';
import { inlineHashes, pageSecurityHeaders, scriptSecurityHeaders } from './security-headers.js';
import type { WidgetScriptFile } from './widget-script.js';
import { infrastructure } from './plugin-names.js';

export interface WidgetRoutesOptions {
  channel: WidgetChannel;
  files: StoredFiles;
  script: WidgetScriptFile;
  /** The entity's contact details for the demo page. */
  contact?: { telefono?: string; direccion?: string };
}

const EntityParams = z.object({ entity: z.string().max(64) });
const FileParams = z.object({ entity: z.string().max(64), id: z.string().regex(/^[0-9a-f-]{36}$/) });

/**
 * The web widget's HTTP side (docs/widget-protocol.md): the script, the entity's branding, uploads, the WebSocket and
 * the demo page. Every entity-scoped route checks the page's Origin against the entity's allowed origins.
 */
const widgetRoutesPlugin: FastifyPluginAsyncZod<WidgetRoutesOptions> = async (
  app,
  { channel, files, script, contact },
) => {
  const { entity } = channel;
  const uploadLimiter = new RateLimiter(10, 60_000);
  // A conversation rarely has more than a few files; a loop fetching far more is a script.
  const downloadLimiter = new RateLimiter(30, 60_000);

  const originOf = (request: FastifyRequest) => request.headers.origin;
  const allowed = (request: FastifyRequest) =>
    isAllowedOrigin(originOf(request), request.headers.host, channel.settings.allowedOrigins);
  /** Lets the page read our answer, errors included, so the widget can say why it is unavailable. */
  const cors = (request: FastifyRequest, reply: FastifyReply) => {
    const origin = originOf(request);
    if (origin) reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
  };
  const checkEntity = (slug: string) => {
    if (slug !== entity.slug) throw new DomainError('ENTITY_NOT_FOUND');
  };

  // The demo page never changes while the server runs: rendered once, its inline style allowed by hash.
  const page = demoPage(entity, contact ?? {});
  await app.register(async (demo) => {
    await pageSecurityHeaders(demo, {
      'script-src': ["'self'"],
      'style-src': inlineHashes(page, 'style'),
      // The widget reads its branding, sends files and talks over a WebSocket to this server; a logo may be anywhere.
      'connect-src': ["'self'"],
      'img-src': ["'self'", 'data:', 'blob:', 'https:'],
    });
    demo.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  });

  await app.register(async (scripts) => {
    await scriptSecurityHeaders(scripts);
    scripts.get('/widget.js', async (request, reply) => {
      const built = await script.load();
      if (!built) {
        request.log.error('web-widget/dist/widget.js is missing: run `npm run build:widget`');
        throw new DomainError('NOT_READY');
      }
      reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .header('etag', built.etag)
        .header('vary', 'Accept-Encoding')
        .header('access-control-allow-origin', '*');
      if (request.headers['if-none-match'] === built.etag) return reply.status(304).send();
      if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
        return reply.header('content-encoding', 'gzip').send(built.gzip);
      }
      return reply.send(built.body);
    });
  });

  app.get(
    '/widget/v1/config/:entity',
    { schema: { params: EntityParams, response: { 200: WidgetConfigResponse } } },
    async (request, reply) => {
      cors(request, reply);
      checkEntity(request.params.entity);
      // Branding is public; a same-origin GET carries no Origin header, and only a foreign page is checked.
      if (originOf(request) && !allowed(request)) throw new DomainError('ORIGIN_NOT_ALLOWED');
      reply.header('cache-control', 'no-cache');
      return {
        protocol: protocolVersion,
        entity: { slug: entity.slug, name: entity.name },
        branding: channel.settings.branding,
        limits: channel.limits,
      } satisfies WidgetConfigResponse;
    },
  );

  await app.register(async (uploads) => {
    // Files arrive as the raw body; anything but the allowed types is refused before a byte is buffered.
    uploads.addContentTypeParser(
      [...uploadTypes],
      { parseAs: 'buffer', bodyLimit: channel.limits.upload.maxBytes },
      (_req, body, done) => {
        done(null, body);
      },
    );
    uploads.setErrorHandler((error: FastifyError, request, reply) => {
      cors(request, reply);
      // Fastify's body errors become the upload's own codes; the app's handler answers (the CORS headers stay).
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
        throw new DomainError('FILE_TOO_LARGE', { details: { maxBytes: channel.limits.upload.maxBytes } });
      if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') throw new DomainError('FILE_TYPE_NOT_ALLOWED');
      throw error;
    });

    uploads.options('/widget/v1/uploads/:entity', async (request, reply) => {
      if (!allowed(request)) return reply.status(403).send(errorBody('ORIGIN_NOT_ALLOWED'));
      cors(request, reply);
      return reply
        .header('access-control-allow-methods', 'POST')
        .header('access-control-allow-headers', 'authorization, content-type, x-file-name')
        .header('access-control-max-age', '600')
        .status(204)
        .send();
    });

    uploads.withTypeProvider<ZodTypeProvider>().post(
      '/widget/v1/uploads/:entity',
      {
        schema: { params: EntityParams, response: { 201: z.object({ attachment: Attachment }) } },
        bodyLimit: channel.limits.upload.maxBytes,
      },
      async (request, reply) => {
        cors(request, reply);
        checkEntity(request.params.entity);
        if (!allowed(request)) throw new DomainError('ORIGIN_NOT_ALLOWED');
        const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
        const sessionId = channel.sessionOf(token);
        if (!sessionId) throw new DomainError('INVALID_SESSION');
        const wait = uploadLimiter.take(sessionId);
        if (wait > 0) {
          reply.header('retry-after', String(Math.ceil(wait / 1000)));
          throw new DomainError('RATE_LIMITED');
        }
        const body = request.body as Buffer;
        // The bytes decide: a renamed executable claiming to be a PDF is refused (so is an empty file).
        const checked = checkUpload(
          body,
          String(request.headers['content-type'] ?? ''),
          channel.limits.upload.maxBytes,
        );
        if (!checked.ok) throw new DomainError(checked.problem === 'size' ? 'FILE_TOO_LARGE' : 'FILE_TYPE_NOT_ALLOWED');
        const actual = checked.type;
        const contactId = await channel.contactOf(sessionId);
        const attachment = await files.save({
          entityId: entity.id,
          contactId,
          channel: 'web',
          mimeType: actual,
          fileName: cleanFileName(request.headers['x-file-name'] as string | undefined, actual),
          data: body,
        });
        request.log.info({ bytes: body.length, type: actual }, 'widget upload stored');
        return reply.status(201).send({ attachment });
      },
    );
  });

  await app.register(async (downloads) => {
    // Errors keep the CORS headers, so the widget can read them; the app's handler answers.
    downloads.setErrorHandler((error: FastifyError, request, reply) => {
      cors(request, reply);
      throw error;
    });

    downloads.options('/widget/v1/files/:entity/:id', async (request, reply) => {
      if (!allowed(request)) return reply.status(403).send(errorBody('ORIGIN_NOT_ALLOWED'));
      cors(request, reply);
      return reply
        .header('access-control-allow-methods', 'GET')
        .header('access-control-allow-headers', 'authorization')
        .header('access-control-max-age', '600')
        .status(204)
        .send();
    });

    // The session token travels in a header, never in the URL (URLs end up in logs and browser history): the widget
    // fetches the file and hands it to the browser itself.
    downloads
      .withTypeProvider<ZodTypeProvider>()
      .get('/widget/v1/files/:entity/:id', { schema: { params: FileParams } }, async (request, reply) => {
        cors(request, reply);
        checkEntity(request.params.entity);
        // A same-origin GET carries no Origin header; a foreign page must be an allowed one.
        if (originOf(request) && !allowed(request)) throw new DomainError('ORIGIN_NOT_ALLOWED');
        const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
        const sessionId = channel.sessionOf(token);
        if (!sessionId) throw new DomainError('INVALID_SESSION');
        const wait = downloadLimiter.take(sessionId);
        if (wait > 0) {
          reply.header('retry-after', String(Math.ceil(wait / 1000)));
          throw new DomainError('RATE_LIMITED');
        }
        // Only the files of the session's own contact: what they sent and what agents sent them. Anything else is as
        // unknown as a missing file.
        const contactId = await channel.knownContactOf(sessionId);
        const file = contactId ? await files.readOwned(entity.id, contactId, request.params.id) : null;
        if (!file) throw new DomainError('NOT_FOUND');
        const data = Buffer.from(file.data);
        return reply
          .headers(storedFileHeaders({ fileName: file.fileName, mimeType: file.mimeType, data }))
          .header('access-control-expose-headers', 'content-disposition')
          .send(data);
      });
  });

  app.get(
    '/widget/v1/ws/:entity',
    { websocket: true, schema: { params: EntityParams } },
    (socket: WebSocket, request) => {
      if ((request.params as { entity: string }).entity !== entity.slug)
        return sendWidgetError(socket, 'ENTITY_NOT_FOUND');
      if (!allowed(request)) {
        request.log.info({ origin: originOf(request) }, 'widget connection from a foreign origin refused');
        return sendWidgetError(socket, 'ORIGIN_NOT_ALLOWED');
      }
      channel.accept(socket, request.ip);
    },
  );
};

export const widgetRoutes = fp(widgetRoutesPlugin, {
  name: 'ventanilla-widget-routes',
  dependencies: [infrastructure.websocket],
  encapsulate: true,
});
