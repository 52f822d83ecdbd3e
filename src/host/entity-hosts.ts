import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { CloudNumbers } from '../channels/whatsapp-cloud/cloud-numbers.js';
import { readEntityFile } from '../entities/entity-file.js';
import { entityFolders, type EntityFolder } from '../entities/entity-folders.js';
import { routeRequest } from './entity-router.js';
import { serveEntity, type ServedEntity, type SharedParts } from './serve-entity.js';

/**
 * Every entity this process serves, each with its own runtime and HTTP application, and the dispatch of the one
 * server's requests and WebSocket upgrades to them. Entities added after start (a registered folder, a new
 * FLOWS_DIR/entidades/<name>/) are picked up by `sync`, which the poll runs; the others keep serving meanwhile.
 */
export class EntityHosts {
  private readonly bySlug = new Map<string, ServedEntity>();
  private readonly folders = new Set<string>();
  /** Folders that failed to start: retried only after a restart, so a broken one does not flood the log. */
  private readonly failed = new Set<string>();
  private syncing: Promise<ServedEntity[]> | undefined;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly shared: SharedParts,
    private readonly cloudNumbers: CloudNumbers,
    readonly primary: ServedEntity,
  ) {
    this.remember(primary);
  }

  /** Serves the first entity (its failure stops the start, as before) and then every other one found. */
  static async start(shared: SharedParts): Promise<EntityHosts> {
    const [first] = await entityFolders(shared.config.FLOWS_DIR, shared.database.prisma);
    if (!first) throw new Error('FLOWS_DIR names no entity');
    const cloudNumbers = new CloudNumbers();
    const hosts = new EntityHosts(shared, cloudNumbers, await serveEntity(shared, first, cloudNumbers));
    try {
      await hosts.sync();
    } catch (error) {
      await hosts.close();
      throw error;
    }
    return hosts;
  }

  get(slug: string): ServedEntity | undefined {
    return this.bySlug.get(slug);
  }

  all(): ServedEntity[] {
    return [...this.bySlug.values()];
  }

  /** Starts every entity found since the last look; returns the ones started. Concurrent calls share one look. */
  sync(): Promise<ServedEntity[]> {
    this.syncing ??= this.syncOnce().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  /** Looks for new entities every `ms` (ENTITIES_POLL_MS); 0 never. */
  poll(ms: number): void {
    if (ms <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.sync().catch((error: unknown) =>
        this.shared.logger.error({ err: error }, 'looking for new entities failed'),
      );
    }, ms);
    this.timer.unref();
  }

  /** Hands an HTTP request to the application of the entity it is for. */
  handleRequest(request: IncomingMessage, response: ServerResponse): void {
    const target = this.route(request);
    target.app.server.emit('request', request, response);
  }

  /** Hands a WebSocket upgrade (the widget, the console) to the entity it is for. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const target = this.route(request);
    target.app.server.emit('upgrade', request, socket, head);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.syncing?.catch(() => undefined);
    const served = [...this.bySlug.values()];
    this.bySlug.clear();
    const results = await Promise.allSettled(served.map((s) => s.close()));
    const failure = results.find((r) => r.status === 'rejected');
    if (failure) throw failure.reason;
  }

  private route(request: IncomingMessage): ServedEntity {
    const route = routeRequest(request.url ?? '/', (slug) => this.bySlug.has(slug));
    const target = route.slug === undefined ? this.primary : (this.bySlug.get(route.slug) ?? this.primary);
    request.url = route.url;
    return target;
  }

  private async syncOnce(): Promise<ServedEntity[]> {
    const started: ServedEntity[] = [];
    const found = await entityFolders(this.shared.config.FLOWS_DIR, this.shared.database.prisma);
    for (const folder of found) {
      if (this.folders.has(folder.folder) || this.failed.has(folder.folder)) continue;
      const served = await this.tryServe(folder);
      if (served) started.push(served);
    }
    return started;
  }

  private async tryServe(folder: EntityFolder): Promise<ServedEntity | undefined> {
    const { logger } = this.shared;
    try {
      // Checked before anything starts: a second folder with a served slug would overwrite that entity's settings.
      const { slug } = await readEntityFile(join(folder.folder, 'entity.yaml'));
      if (this.bySlug.has(slug)) throw new Error(`slug ${slug} is already served from another folder`);
      const served = await serveEntity(this.shared, folder, this.cloudNumbers);
      this.remember(served);
      return served;
    } catch (error) {
      this.failed.add(folder.folder);
      logger.error({ err: error, folder: folder.folder }, 'entity not served');
      return undefined;
    }
  }

  private remember(served: ServedEntity): void {
    this.bySlug.set(served.entity.slug, served);
    this.folders.add(served.folder.folder);
  }
}
