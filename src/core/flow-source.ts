import type { Logger } from 'pino';
import type { ActionCatalog, EntityFactsResult, FlowBundle, FlowError } from '../flows/index.js';
import { formatFlowError, loadFlowBundle, watchFlowBundle, type FlowWatcher } from '../flows/index.js';

export class InvalidFlowsError extends Error {
  constructor(readonly errors: FlowError[]) {
    super(`Los flujos tienen errores:\n${errors.map((e) => `  ${formatFlowError(e)}`).join('\n')}`);
    this.name = 'InvalidFlowsError';
  }
}

/**
 * The flows the engine runs. Invalid flows stop the start; an edit that breaks a file while running is reported and
 * the last valid version keeps serving, so an editor's typo never takes the assistant down.
 */
export class FlowSource {
  private watcher: FlowWatcher | undefined;
  private listeners: ((errors: FlowError[] | null) => void)[] = [];

  private constructor(
    private bundle: FlowBundle,
    private readonly dir: string,
    private readonly actions: ActionCatalog,
    private readonly logger: Logger,
    private readonly entityFacts?: (dir: string) => Promise<EntityFactsResult>,
  ) {}

  static async load(
    dir: string,
    actions: ActionCatalog,
    logger: Logger,
    entityFacts?: (dir: string) => Promise<EntityFactsResult>,
  ): Promise<FlowSource> {
    const result = await loadFlowBundle(dir, { actions, ...(entityFacts ? { entityFacts } : {}) });
    if (!result.ok) throw new InvalidFlowsError(result.errors);
    for (const w of result.warnings) logger.warn({ warning: formatFlowError(w) }, 'flow warning');
    return new FlowSource(result.bundle, dir, actions, logger, entityFacts);
  }

  current(): FlowBundle {
    return this.bundle;
  }

  /** Puts a bundle checked elsewhere in force (a version saved from the console, src/content). */
  replace(bundle: FlowBundle): void {
    this.bundle = bundle;
    for (const l of this.listeners) l(null);
  }

  /** Reload on change; `onReload` hears null after a good reload or the errors of a rejected one. */
  watch(onReload?: (errors: FlowError[] | null) => void): void {
    if (onReload) this.listeners.push(onReload);
    const options = { actions: this.actions, ...(this.entityFacts ? { entityFacts: this.entityFacts } : {}) };
    this.watcher ??= watchFlowBundle(this.dir, options, (result) => {
      if (result.ok) {
        this.bundle = result.bundle;
        this.logger.info('flows reloaded');
        for (const l of this.listeners) l(null);
      } else {
        this.logger.warn(
          { errors: result.errors.map(formatFlowError) },
          'edited flows are invalid; keeping the previous version',
        );
        for (const l of this.listeners) l(result.errors);
      }
    });
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }
}
