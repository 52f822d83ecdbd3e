import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { createActions } from './actions/create-actions.js';
import type { ChannelAdapter } from './core/channel-adapter.js';
import { Runtime } from './core/runtime.js';
import type { Database } from './db/database.js';
import { ensureEntity } from './entities/ensure-entity.js';
import { readEntityFile } from './entities/entity-file.js';

/** The entity from FLOWS_DIR/entity.yaml, its actions and flows, and a running conversation runtime. */
export async function startEntityRuntime(options: {
  database: Database;
  logger: Logger;
  flowsDir: string;
  adapters: (entityId: string) => ChannelAdapter[];
  watchFlows?: boolean;
}): Promise<{ runtime: Runtime; entity: { id: string; slug: string } }> {
  const flowsDir = resolve(options.flowsDir);
  const entity = await ensureEntity(options.database.prisma, await readEntityFile(join(flowsDir, 'entity.yaml')));
  const actions = await createActions({ prisma: options.database.prisma, entityId: entity.id, flowsDir, logger: options.logger });
  const runtime = await Runtime.create({
    database: options.database,
    logger: options.logger,
    flowsDir,
    actions,
    adapters: options.adapters(entity.id),
    watchFlows: options.watchFlows ?? false,
  });
  await runtime.start();
  return { runtime, entity };
}
