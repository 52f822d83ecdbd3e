import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import type { ActionCatalog, FlowBundle } from '../flows/index.js';
import type { EventBus } from '../lib/event-bus.js';
import { DomainError } from '../lib/errors/domain-error.js';
import { formatFlowError, type FlowError } from '../lib/flow-error.js';
import { can, type StaffActor } from '../staff/staff-member.js';
import type { SurveysFile } from '../surveys/survey-definitions.js';
import { contentKindOf, entityFileName, readContentFiles, type ContentKind } from './content-files.js';
import { ContentVersions, type ContentVersionInfo } from './content-versions.js';
import { diffLines, type LineDiff } from './line-diff.js';
import { settingsAwaitingRestart } from './restart-settings.js';
import type { EntitySettings } from './entity-settings.js';
import { validateContent, type ChannelSettingsCheck, type ContentCheck } from './validate-content.js';

/** Where a valid set of files goes: the narrow interface the composition root wires to the running services. */
export interface ContentTargets {
  flows(bundle: FlowBundle): void;
  entity(settings: EntitySettings): void;
  surveys(file: SurveysFile | null): void;
}

export interface ContentServiceDeps {
  prisma: Db;
  entityId: string;
  slug: string;
  /** FLOWS_DIR: the files there are version 0 of each file. */
  dir: string;
  actions: ActionCatalog;
  targets: ContentTargets;
  logger: Logger;
  /** Tells the other instances to reload; in memory (one process) when absent. */
  bus?: EventBus;
  /** The entity's settings the channels connected with at start; some of them only change with a restart. */
  running?: Record<string, unknown>;
  /** The channels' check of the settings they connect with, so a save cannot keep the entity from starting. */
  checkChannels?: ChannelSettingsCheck;
}

export interface ContentFileSummary {
  name: string;
  kind: ContentKind;
  /** 0: the file on disk as deployed; otherwise the version saved from the console. */
  version: number;
  errors: FlowError[];
  warnings: FlowError[];
  /**
   * entity.yaml: settings saved but not yet used, because the channels read them only when they connect (Spanish
   * labels). Served by the host, the entity restarts in place at once, so this is empty again a few seconds later.
   */
  restartPending: string[];
}

export interface ContentFileDetail extends ContentFileSummary {
  content: string;
  versions: ContentVersionInfo[];
}

/** What changed between a saved version and the one in use, line by line. */
export interface ContentVersionDiff extends LineDiff {
  name: string;
  from: number;
  to: number;
}

export const contentReloadTopic = 'content.reload';
const maxFileChars = 256 * 1024;

/**
 * The flows and the entity's settings as editors change them from the console. A new version is checked together with
 * every other file before it is stored; only a complete valid set replaces the running one, here and, through the
 * bus, on every other instance. The engine already restarts a conversation whose node no longer exists at the entry
 * flow (flows/step.ts), so a removed node never strands a citizen.
 */
export class ContentService {
  private readonly versions: ContentVersions;
  private readonly instance = randomUUID();
  private unsubscribe: (() => void) | undefined;
  private reloading: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ContentServiceDeps) {
    this.versions = new ContentVersions(deps.prisma, deps.entityId);
  }

  /** Applies the versions saved in the database and listens for other instances' saves. */
  async start(): Promise<void> {
    this.unsubscribe ??= this.deps.bus?.subscribe(contentReloadTopic, (payload) => {
      const event = payload as { entityId?: string; from?: string };
      if (event.entityId !== this.deps.entityId || event.from === this.instance) return;
      this.reload().catch((error: unknown) => this.deps.logger.error({ err: error }, 'content reload failed'));
    });
    // Without saved versions the runtime already runs the files on disk: no second check on every start.
    if ((await this.versions.inForce()).size > 0) await this.reload();
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /**
   * Reads the disk and the database and applies the set if it is valid. An invalid set (a deploy changed a file a
   * saved version depends on) keeps what runs and says so in the log.
   */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(async () => {
      const { files } = await this.snapshot();
      const check = validateContent(files, this.deps);
      if (!check.ok) {
        this.deps.logger.warn(
          { errors: check.errors.map(formatFlowError) },
          'content in force is invalid; keeping the running version',
        );
        return;
      }
      await this.apply(check);
    });
    return this.reloading;
  }

  /**
   * The restart-only settings (Spanish labels) of the entity.yaml in force that the running channels do not use yet:
   * the host restarts the entity in place when this is not empty (src/host/entity-hosts.ts).
   */
  async awaitingRestart(): Promise<string[]> {
    if (!this.deps.running) return [];
    const { files } = await this.snapshot();
    const check = validateContent(files, this.deps);
    return check.ok ? settingsAwaitingRestart(this.deps.running, check.entity.file.settings) : [];
  }

  async list(actor: StaffActor): Promise<ContentFileSummary[]> {
    this.mayRead(actor);
    const { files, numbers } = await this.snapshot();
    const check = validateContent(files, this.deps);
    return [...files.keys()].map((name) => this.summary(name, numbers, check));
  }

  async file(actor: StaffActor, name: string): Promise<ContentFileDetail> {
    this.mayRead(actor);
    const { files, numbers } = await this.snapshot();
    const content = files.get(name);
    if (content === undefined) throw new DomainError('NOT_FOUND', { message: `No hay un archivo "${name}".` });
    const check = validateContent(files, this.deps);
    return { ...this.summary(name, numbers, check), content, versions: await this.versions.history(name) };
  }

  /**
   * The lines to go from version `number` to the version in use: what restoring it would undo (read backwards), or
   * what changed since. Empty when they are the same text.
   */
  async diff(actor: StaffActor, name: string, number: number): Promise<ContentVersionDiff> {
    this.mayRead(actor);
    const { files, numbers } = await this.snapshot();
    const current = files.get(name);
    const earlier = await this.versions.content(name, number);
    if (current === undefined || earlier === undefined)
      throw new DomainError('NOT_FOUND', { message: `No hay una versión ${number} de "${name}".` });
    return { name, from: number, to: numbers.get(name) ?? 0, ...diffLines(earlier, current) };
  }

  /** Checks the set with this text in place of the file; nothing is stored (the editor's "Revisar"). */
  async check(
    actor: StaffActor,
    name: string,
    content: string,
  ): Promise<{ errors: FlowError[]; warnings: FlowError[] }> {
    this.mayWrite(actor, name);
    const { files } = await this.snapshot();
    const check = validateContent(new Map(files).set(name, content), this.deps);
    return { errors: check.ok ? [] : check.errors, warnings: check.warnings };
  }

  /**
   * Stores `content` as the next version of `name` and puts it in force everywhere, or refuses with every error of the
   * set (UNPROCESSABLE, details.errors) and changes nothing. `base` is the version the editor started from.
   */
  async save(
    actor: StaffActor,
    name: string,
    content: string,
    base: number,
    restoredFrom?: number,
  ): Promise<ContentFileSummary> {
    this.mayWrite(actor, name);
    if (content.length > maxFileChars) {
      throw new DomainError('PAYLOAD_TOO_LARGE', { message: 'El archivo es demasiado grande (máximo 256 KB).' });
    }
    const { files, numbers } = await this.snapshot();
    const current = numbers.get(name) ?? 0;
    if (base !== current) throw new DomainError('CONFLICT');
    const candidate = new Map(files).set(name, content);
    const check = validateContent(candidate, this.deps);
    if (!check.ok) {
      throw new DomainError('UNPROCESSABLE', {
        message: `El archivo tiene errores; no se cambió nada. Corrija y vuelva a guardar:\n${check.errors.map(formatFlowError).join('\n')}`,
        details: { errors: check.errors, warnings: check.warnings },
      });
    }
    const number = await this.versions.add(name, content, { id: actor.id, name: actor.name }, current, restoredFrom);
    this.deps.logger.info({ file: name, version: number, staffId: actor.id }, 'content version saved');
    await this.apply(check);
    await this.deps.bus
      ?.publish(contentReloadTopic, { entityId: this.deps.entityId, from: this.instance })
      .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'content reload not announced'));
    return this.summary(name, new Map(numbers).set(name, number), check);
  }

  /** Puts an earlier version back in force, as a new version that says which one it restored. */
  async restore(actor: StaffActor, name: string, number: number, base: number): Promise<ContentFileSummary> {
    this.mayWrite(actor, name);
    const content = await this.versions.content(name, number);
    if (content === undefined)
      throw new DomainError('NOT_FOUND', { message: `No hay una versión ${number} de "${name}".` });
    return this.save(actor, name, content, base, number);
  }

  private async apply(check: Extract<ContentCheck, { ok: true }>): Promise<void> {
    const { targets } = this.deps;
    targets.entity(check.entity);
    targets.surveys(check.surveys);
    targets.flows(check.bundle);
    // The row too, so the command line's reports and every later start read the same settings.
    const { file } = check.entity;
    await this.deps.prisma.entity.update({
      where: { id: this.deps.entityId },
      data: { name: file.name, nit: file.nit ?? null, settings: file.settings as object },
    });
  }

  private async snapshot(): Promise<{ files: Map<string, string>; numbers: Map<string, number> }> {
    const files = await readContentFiles(this.deps.dir);
    const numbers = new Map<string, number>();
    for (const [name, saved] of await this.versions.inForce()) {
      if (contentKindOf(name) === undefined) continue;
      files.set(name, saved.content);
      numbers.set(name, saved.number);
    }
    return { files, numbers };
  }

  private summary(name: string, numbers: Map<string, number>, check: ContentCheck): ContentFileSummary {
    const mine = (list: FlowError[]) => list.filter((e) => e.file === name);
    return {
      name,
      kind: contentKindOf(name)!,
      version: numbers.get(name) ?? 0,
      errors: check.ok ? [] : mine(check.errors),
      warnings: mine(check.warnings),
      restartPending:
        name === entityFileName && check.ok && this.deps.running
          ? settingsAwaitingRestart(this.deps.running, check.entity.file.settings)
          : [],
    };
  }

  private mayRead(actor: StaffActor): void {
    this.sameEntity(actor);
    if (!can(actor, 'content.edit') && !can(actor, 'settings.edit')) throw new DomainError('FORBIDDEN');
  }

  /**
   * Flows are the editors'; entity.yaml is the administrator's, because it also holds the widget's allowed sites, the
   * radicado format and the data-policy version recorded with each consent.
   */
  private mayWrite(actor: StaffActor, name: string): void {
    this.sameEntity(actor);
    const kind = contentKindOf(name);
    if (kind === undefined) {
      throw new DomainError('VALIDATION_FAILED', {
        message: `"${name}" no es un nombre de archivo válido: use minúsculas, números, "-" o "_" y termine en ".yaml".`,
      });
    }
    if (!can(actor, name === entityFileName ? 'settings.edit' : 'content.edit')) throw new DomainError('FORBIDDEN');
  }

  private sameEntity(actor: StaffActor): void {
    if (actor.entityId !== this.deps.entityId) throw new DomainError('FORBIDDEN');
  }
}
