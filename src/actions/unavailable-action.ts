import type { ActionImplementation } from '../core/action-registry.js';
import { ActionUnavailableError } from '../core/action-registry.js';

/**
 * A built-in action whose service this deployment does not run yet: flows still load and validate, and at run time
 * the flow takes its `onError` path, so the citizen hears an honest alternative instead of an error.
 */
export function unavailableAction(name: string): ActionImplementation {
  return {
    spec: { description: `${name} (no disponible en esta instalación)` },
    run: async () => {
      throw new ActionUnavailableError(name);
    },
  };
}
