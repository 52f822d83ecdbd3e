import fp from 'fastify-plugin';
import { join } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readEntityFile } from '../entities/entity-file.js';
import { entityFolders } from '../entities/entity-folders.js';
import { EntityFolderError, registerEntityFolder } from '../entities/register-entity.js';
import type { ActionCatalog } from '../flows/action-catalog.js';
import { DomainError } from '../lib/errors/domain-error.js';
import { ErrorResponse as ErrorBody } from '../lib/errors/error-response.js';
import type { StaffDirectory } from '../staff/staff-directory.js';
import { can } from '../staff/staff-member.js';
import { contentFolder } from '../entities/content-folder.js';
import { staffAuth } from './staff-auth.js';
import { infrastructure } from './plugin-names.js';

export interface EntityRoutesOptions {
  directory: StaffDirectory;
  /** FLOWS_DIR: the first entity's folder; folders given here are read relative to the folder that holds it. */
  flowsDir: string;
  /** Flows of a new entity are checked against the deployment's actions before it is registered. */
  actions: ActionCatalog;
  /** How soon a running server serves a registered entity (ENTITIES_POLL_MS). */
  pollMs: number;
}

const EntityRow = z.object({
  slug: z.string().nullable(),
  name: z.string().nullable(),
  source: z.enum(['principal', 'carpeta', 'registrada']),
  path: z.string(),
  problem: z.string().nullable(),
});
const AddBody = z.strictObject({
  carpeta: z
    .string()
    .trim()
    .min(1, { error: 'Escriba la carpeta de la entidad.' })
    .max(300)
    .regex(/^[A-Za-z0-9._/-]+$/, { error: 'Use solo letras sin tildes, números, puntos, guiones y barras.' }),
});

/**
 * The platform administrator's API (role `plataforma`): the entities this deployment serves, and registering a new
 * one from a folder of the deployment's content. The running servers serve it on their next look (ENTITIES_POLL_MS).
 */
const entityRoutesPlugin: FastifyPluginAsyncZod<EntityRoutesOptions> = async (app, options) => {
  await app.register(staffAuth, {
    directory: options.directory,
    limiter: app.authLimiter,
  });
  app.addHook('preHandler', async (request) => {
    if (!can(request.staff, 'entities.manage')) throw new DomainError('FORBIDDEN');
  });

  app.get(
    '/entities',
    { schema: { response: { 200: z.object({ entities: z.array(EntityRow) }), 401: ErrorBody, 403: ErrorBody } } },
    async () => {
      const folders = await entityFolders(options.flowsDir, app.database.prisma);
      const entities = await Promise.all(
        folders.map(async (f) => {
          const file = await readEntityFile(join(f.folder, 'entity.yaml')).catch((e: unknown) => e as Error);
          const shown = { source: f.source, path: contentFolder.relative(options.flowsDir, f.folder) };
          return file instanceof Error
            ? { ...shown, slug: null, name: null, problem: file.message }
            : { ...shown, slug: file.slug, name: file.name, problem: null };
        }),
      );
      return { entities };
    },
  );

  app.post(
    '/entities',
    {
      schema: {
        body: AddBody,
        response: {
          201: z.object({ slug: z.string(), name: z.string(), url: z.string(), servedWithinSeconds: z.number() }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const folder = contentFolder.resolve(options.flowsDir, request.body.carpeta);
      if (!folder) {
        throw new DomainError('VALIDATION_FAILED', {
          details: [{ path: '/carpeta', message: 'La carpeta debe estar dentro del contenido de esta instalación.' }],
        });
      }
      try {
        const added = await registerEntityFolder(app.database.prisma, folder, options.actions);
        request.log.info({ entity: added.slug, staffId: request.staff.id }, 'entity registered');
        return reply.status(201).send({
          slug: added.slug,
          name: added.name,
          url: `/e/${added.slug}/`,
          servedWithinSeconds: Math.ceil(options.pollMs / 1000),
        });
      } catch (error) {
        if (!(error instanceof EntityFolderError)) throw error;
        throw new DomainError('VALIDATION_FAILED', { details: [{ path: '/carpeta', message: error.message }] });
      }
    },
  );
};

export const entityRoutes = fp(entityRoutesPlugin, {
  name: 'ventanilla-entity-routes',
  dependencies: [infrastructure.core, infrastructure.authLimiter],
  encapsulate: true,
});
