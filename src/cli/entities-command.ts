import { join } from 'node:path';
import type { Command } from 'commander';
import { actionCatalog } from '../actions/create-actions.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { readEntityFile } from '../entities/entity-file.js';
import { entityFolders, type EntitySource } from '../entities/entity-folders.js';
import { EntityFolderError, registerEntityFolder } from '../entities/register-entity.js';
import { createLogger } from '../logger.js';
import { migrateDatabase } from '../server.js';
import { spanishHelp } from './spanish-help.js';

const sourceNames: Readonly<Record<EntitySource, string>> = {
  principal: 'principal (FLOWS_DIR)',
  carpeta: 'carpeta (FLOWS_DIR/entidades)',
  registrada: 'registrada (entities add)',
};

/** Opens the deployment's database (migrated first, as the server does) for one command. */
async function withDatabase<T>(fn: (database: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  await migrateDatabase(config, createLogger({ ...config, LOG_LEVEL: 'warn' }));
  const database = await openDatabase(config.DATABASE_URL);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** Registers `entities add|list`: the entities one deployment serves, each from its own folder. */
export function registerEntitiesCommand(program: Command): void {
  const entities = spanishHelp(
    program.command('entities').description('Entidades que atiende esta instalación, cada una desde su carpeta'),
  );

  spanishHelp(entities.command('add'))
    .description(
      'Registra la carpeta de una entidad (entity.yaml, flujos, knowledge/); el servidor en marcha la empieza a atender sin reiniciarse',
    )
    .argument('<carpeta>', 'carpeta con entity.yaml')
    .option('--json', 'salida en JSON')
    .action(async (folder: string, opts: { json?: boolean }) => {
      try {
        const added = await withDatabase((database) => registerEntityFolder(database.prisma, folder, actionCatalog()));
        if (opts.json) console.log(JSON.stringify(added));
        else
          console.log(
            `${added.created ? 'Entidad registrada' : 'Entidad actualizada'}: ${added.name} (${added.slug}), carpeta ${added.folder}. ` +
              `El servidor en marcha la atiende en /e/${added.slug}/ en unos segundos.`,
          );
      } catch (error) {
        if (!(error instanceof EntityFolderError)) throw error;
        console.error(error.message);
        process.exitCode = 1;
      }
    });

  spanishHelp(entities.command('list'))
    .description('Muestra las entidades que atiende esta instalación y de dónde sale cada una')
    .option('--json', 'salida en JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = loadConfig();
      const rows = await withDatabase(async (database) => {
        const folders = await entityFolders(config.FLOWS_DIR, database.prisma);
        return Promise.all(
          folders.map(async (f) => {
            const file = await readEntityFile(join(f.folder, 'entity.yaml')).catch((error: unknown) => error as Error);
            return file instanceof Error
              ? { slug: null, name: null, folder: f.folder, source: f.source, problem: file.message }
              : { slug: file.slug, name: file.name, folder: f.folder, source: f.source, problem: null };
          }),
        );
      });
      if (opts.json) {
        console.log(JSON.stringify({ entities: rows }, null, 2));
        return;
      }
      for (const [i, row] of rows.entries()) {
        const where = i === 0 ? '/' : `/e/${row.slug ?? '?'}/`;
        console.log(
          row.problem
            ? `  (con error)  ${row.folder} — ${row.problem}`
            : `  ${row.slug}  ${row.name} — ${sourceNames[row.source]}, ${row.folder}, en ${where}`,
        );
      }
      console.log(`${rows.length} entidad(es).`);
    });
}
