import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { CloudNumbers } from '../channels/whatsapp-cloud/cloud-numbers.js';
import { contentReloadTopic } from '../content/content-service.js';
import { entityBus } from '../entities/entity-bus.js';
import { readEntityFile } from '../entities/entity-file.js';
import { entityFolders, type EntityFolder } from '../entities/entity-folders.js';
import { backoffMs } from '../lib/backoff.js';
import { routeRequest } from './entity-router.js';
import { answerNotReady, refuseUpgrade, RestartGates } from './restart-gates.js';
import { serveEntity, type ServedEntity, type SharedParts } from './serve-entity.js';

/**
 * Every entity this process serves, each with its own runtime and HTTP application, and the dispatch of the one
 * server's requests and WebSocket upgrades to them. Entities added after start (a registered folder, a new
 * FLOWS_DIR/entidades/<name>/) are picked up by `sync`, which the poll runs; the others keep serving meanwhile.
 * An entity whose saved entity.yaml changes a setting its channels read only when they connect is restarted in place
 * (`restart`), alone: its requests wait meanwhile (restart-gates.ts), the other entities do not notice.
 */
export class EntityHosts {
  private readonly bySlug = new Map<string, ServedEntity>();
  private readonly folders = new Set<string>();
  /** Folders that failed to start: retried only after a restart, so a broken one does not flood the log. */
  private readonly failed = new Set<string>();
  /** Entities whose restart failed, by slug: they answer 503 and are tried again on the next save or poll. */
  private readonly down = new Map<string, { folder: EntityFolder; attempts: number; nextTryAt: number }>();
  private readonly gates = new RestartGates();
  /** The restart under way per slug, so two saves in a row restart one after the other, never at once. */
  private readonly restarts = new Map<string, Promise<unknown>>();
  /** Per slug, the bus listener that hears its saved versions; it outlives the entity's restarts. */
  private readonly listening = new Map<string, () => void>();
  private syncing: Promise<ServedEntity[]> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closing = false;
  private readonly primarySlug: string;
  private primaryServed: ServedEntity;

  private constructor(
    private readonly shared: SharedParts,
    private readonly cloudNumbers: CloudNumbers,
    primary: ServedEntity,
  ) {
    this.primarySlug = primary.entity.slug;
    this.primaryServed = primary;
    this.remember(primary);
  }

  /**
   * The first entity (FLOWS_DIR), whose URLs have no prefix: the newest copy, replaced by each restart (while one is
   * under way, the copy being closed).
   */
  get primary(): ServedEntity {
    return this.primaryServed;
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

  /**
   * Looks for new entities every `ms` (ENTITIES_POLL_MS), and tries again the entities whose restart failed (with a
   * growing pause, so a broken one does not flood the log); 0 never.
   */
  poll(ms: number): void {
    if (ms <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.sync().catch((error: unknown) =>
        this.shared.logger.error({ err: error }, 'looking for new entities failed'),
      );
      const now = Date.now();
      for (const [slug, broken] of this.down) {
        if (broken.nextTryAt <= now && !this.restarts.has(slug)) void this.restart(slug);
      }
    }, ms);
    this.timer.unref();
  }

  /**
   * Starts the entity anew from its folder, with the entity.yaml in force: the old copy closes first (HTTP, then the
   * turns under way, then its channels: the IMAP mailbox, Telegram polling, the WhatsApp session, its Cloud API
   * numbers), so the new one can take them. Requests for it wait meanwhile. A failed start is logged, the entity
   * answers 503 until a later save or poll starts it, and the other entities keep serving. Undefined when it failed.
   */
  restart(slug: string): Promise<ServedEntity | undefined> {
    const before = this.restarts.get(slug) ?? Promise.resolve();
    const run = before.then(() => this.restartNow(slug));
    const settled = run.catch(() => undefined);
    this.restarts.set(slug, settled);
    void settled.then(() => {
      if (this.restarts.get(slug) === settled) this.restarts.delete(slug);
    });
    return run;
  }

  /** Hands an HTTP request to the application of the entity it is for. */
  handleRequest(request: IncomingMessage, response: ServerResponse): void {
    this.dispatch(
      request,
      (target) => target.app.server.emit('request', request, response),
      () => answerNotReady(response),
    );
  }

  /** Hands a WebSocket upgrade (the widget, the console) to the entity it is for. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.dispatch(
      request,
      (target) => target.app.server.emit('upgrade', request, socket, head),
      () => refuseUpgrade(socket),
    );
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    this.timer = undefined;
    for (const stop of this.listening.values()) stop();
    this.listening.clear();
    await this.syncing?.catch(() => undefined);
    await Promise.allSettled([...this.restarts.values()]);
    this.gates.releaseAll();
    this.down.clear();
    const served = [...this.bySlug.values()];
    this.bySlug.clear();
    const results = await Promise.allSettled(served.map((s) => s.close()));
    const failure = results.find((r) => r.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /** A slug this process answers for, running or not (restarting, or down after a failed restart). */
  private knows(slug: string): boolean {
    return this.bySlug.has(slug) || this.gates.holds(slug) || this.down.has(slug);
  }

  private dispatch(request: IncomingMessage, deliver: (target: ServedEntity) => void, refuse: () => void): void {
    const route = routeRequest(request.url ?? '/', (slug) => this.knows(slug));
    request.url = route.url;
    const slug = route.slug ?? this.primarySlug;
    // The usual case stays synchronous: no promise per request unless the entity is restarting.
    if (!this.gates.holds(slug)) {
      const target = this.bySlug.get(slug);
      return target ? deliver(target) : refuse();
    }
    void this.gates.wait(slug).then(() => {
      const restarted = this.bySlug.get(slug);
      if (restarted) deliver(restarted);
      else refuse();
    });
  }

  /**
   * A saved version of this entity's content, here or on another instance: restart it if its channels need to.
   * Requests wait from the moment the save is announced (here, before the save's own answer leaves), so the console's
   * next look at the file already sees the restarted copy and never the one about to close.
   */
  private async onContentSaved(slug: string): Promise<void> {
    if (this.closing) return;
    this.gates.hold(slug);
    try {
      await this.restarts.get(slug);
      if (this.closing) return;
      if (this.down.has(slug)) {
        await this.restart(slug);
        return;
      }
      const served = this.bySlug.get(slug);
      if (!served) return;
      const pending = await served.restartPending();
      if (pending.length === 0 || this.bySlug.get(slug) !== served) return;
      this.shared.logger.info(
        { entity: slug, settings: pending.length },
        'channel settings changed: restarting entity',
      );
      await this.restart(slug);
    } finally {
      this.gates.release(slug);
    }
  }

  private async restartNow(slug: string): Promise<ServedEntity | undefined> {
    const { logger } = this.shared;
    const old = this.bySlug.get(slug);
    const folder = old?.folder ?? this.down.get(slug)?.folder;
    if (!folder) throw new Error(`entity ${slug} is not served here`);
    if (this.closing) return undefined;
    this.gates.hold(slug);
    this.bySlug.delete(slug);
    try {
      if (old) {
        await old.close().catch((error: unknown) => {
          logger.error({ err: error, entity: slug }, 'entity did not close cleanly before its restart');
        });
      }
      const served = await serveEntity(this.shared, folder, this.cloudNumbers);
      if (served.entity.slug !== slug || this.closing) {
        await served.close();
        throw new Error(`entity ${slug} restarted as ${served.entity.slug} or while the server was closing`);
      }
      this.bySlug.set(slug, served);
      this.down.delete(slug);
      if (slug === this.primarySlug) this.primaryServed = served;
      logger.info({ entity: slug }, 'entity restarted');
      return served;
    } catch (error) {
      const attempts = (this.down.get(slug)?.attempts ?? 0) + 1;
      const pollMs = this.shared.config.ENTITIES_POLL_MS;
      this.down.set(slug, { folder, attempts, nextTryAt: Date.now() + backoffMs(attempts, pollMs, 5 * 60_000) });
      logger.error({ err: error, entity: slug, attempts }, 'entity restart failed; it answers 503 until it starts');
      return undefined;
    } finally {
      this.gates.release(slug);
    }
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
      if (this.knows(slug)) throw new Error(`slug ${slug} is already served from another folder`);
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
    const { slug, id } = served.entity;
    this.bySlug.set(slug, served);
    this.folders.add(served.folder.folder);
    if (this.listening.has(slug)) return;
    // Every save is announced on the bus, here and on the other instances (content-service.ts): each restarts its own
    // copy, so every instance's channels end up with the same settings.
    const stop = entityBus(this.shared.bus, id).subscribe(contentReloadTopic, () => {
      this.onContentSaved(slug).catch((error: unknown) =>
        this.shared.logger.error({ err: error, entity: slug }, 'entity restart check failed'),
      );
    });
    this.listening.set(slug, stop);
  }
}
