import { watch, type FSWatcher } from 'node:fs';
import type { FlowLoadResult } from './compile-flow-bundle.js';
import { loadFlowBundle, type LoadOptions } from './load-flow-bundle.js';

/** Stops watching. */
export interface FlowWatcher {
  close(): void;
}

/**
 * Reloads the flows when a YAML file in `dir` changes and reports the outcome: a new bundle when valid, the errors
 * when not. The caller keeps serving the last valid bundle until a valid one arrives. Changes are debounced because
 * editors save in bursts (temp file, rename, touch).
 */
export function watchFlowBundle(
  dir: string,
  options: LoadOptions & { debounceMs?: number },
  onChange: (result: FlowLoadResult) => void,
): FlowWatcher {
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let running: Promise<void> = Promise.resolve();
  const reload = () => {
    // Serialised so a slow reload cannot report after a newer one.
    running = running.then(async () => {
      if (closed) return;
      const result = await loadFlowBundle(dir, options);
      if (!closed) onChange(result);
    });
  };
  const watcher: FSWatcher = watch(dir, (_event, name) => {
    if (name !== null && !/\.ya?ml$/.test(String(name))) return;
    clearTimeout(timer);
    timer = setTimeout(reload, options.debounceMs ?? 200);
  });
  watcher.on('error', () => {
    // The folder was removed or replaced; nothing to reload from until it is back.
  });
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      watcher.close();
    },
  };
}
