import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ContentService } from '../content/content-service.js';
import type { StaffDirectory } from '../staff/staff-directory.js';
import { staffAuth } from './staff-auth.js';
import {
  ContentCheck,
  ContentFileList,
  ContentFileOpened,
  ContentFileSaved,
  ContentVersionDiffBody,
} from './content-wire.js';
import { infrastructure } from './plugin-names.js';

export interface ContentRoutesOptions {
  content: ContentService;
  directory: StaffDirectory;
  secureCookie?: boolean;
}

/** A flow file is a few KB; the service refuses over 256 KB with its own message, so the body may carry that much. */
const CONTENT_BODY_LIMIT = 600 * 1024;

const NameParams = z.object({ name: z.string().trim().min(1).max(80) });
const VersionParams = NameParams.extend({ number: z.coerce.number().int().min(1) });
const Content = z.string().max(300_000);
const Base = z.number().int().min(0);
const CheckBody = z.strictObject({ content: Content });
const SaveBody = z.strictObject({ content: Content, base: Base });
const RestoreBody = z.strictObject({ version: z.number().int().min(1), base: Base });

/**
 * The editors' API for flows and entity settings (docs/console-api.md, "Contenidos"), under /console/api/content with
 * the console's sign-in (cookie plus CSRF token, or a staff bearer token). The content service decides permissions.
 */
const contentRoutesPlugin: FastifyPluginAsyncZod<ContentRoutesOptions> = async (plain, options) => {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  await app.register(staffAuth, {
    directory: options.directory,
    limiter: app.authLimiter,
    ...(options.secureCookie !== undefined ? { secureCookie: options.secureCookie } : {}),
  });
  const { content } = options;
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= CONTENT_BODY_LIMIT;
  });

  app.get('/console/api/content/files', { schema: { response: { 200: ContentFileList } } }, async (request) => ({
    files: await content.list(request.staff),
  }));

  app.get(
    '/console/api/content/files/:name',
    { schema: { params: NameParams, response: { 200: ContentFileOpened } } },
    async (request) => ({
      file: await content.file(request.staff, request.params.name),
    }),
  );

  app.get(
    '/console/api/content/files/:name/versions/:number/diff',
    { schema: { params: VersionParams, response: { 200: ContentVersionDiffBody } } },
    async (request) => ({ diff: await content.diff(request.staff, request.params.name, request.params.number) }),
  );

  app.post(
    '/console/api/content/files/:name/check',
    { schema: { params: NameParams, body: CheckBody, response: { 200: ContentCheck } } },
    (request) => content.check(request.staff, request.params.name, request.body.content),
  );

  app.post(
    '/console/api/content/files/:name',
    { schema: { params: NameParams, body: SaveBody, response: { 200: ContentFileSaved } } },
    async (request) => ({
      file: await content.save(request.staff, request.params.name, request.body.content, request.body.base),
    }),
  );

  app.post(
    '/console/api/content/files/:name/restore',
    { schema: { params: NameParams, body: RestoreBody, response: { 200: ContentFileSaved } } },
    async (request) => ({
      file: await content.restore(request.staff, request.params.name, request.body.version, request.body.base),
    }),
  );
};

export const contentRoutes = fp(contentRoutesPlugin, {
  name: 'ventanilla-content-routes',
  dependencies: [infrastructure.authLimiter],
  encapsulate: true,
});
