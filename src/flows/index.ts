/** Public API of the flow language: loader, interpreter and the types the turn pipeline needs. */
export { step } from './step.js';
export type { StepContext } from './step-context.js';
export type { StepResult, Effect } from './effect.js';
export type { FlowEvent } from './flow-event.js';
export { FlowSessionSchema, parseFlowSession, type FlowSession, type Waiting } from './flow-session.js';
export type { JsonValue } from '../lib/json-value.js';
export { getApologyText, getIdleMinutes, type FlowBundle, type CompiledFlow } from './flow-bundle.js';
export { formatFlowError, type FlowError } from '../lib/flow-error.js';
export { loadFlowBundle, isFlowFileName } from './load-flow-bundle.js';
export type { EntityFactsResult } from './load-flow-bundle.js';
export { watchFlowBundle, type FlowWatcher } from './watch-flow-bundle.js';
export {
  compileFlowBundle,
  type FlowLoadResult,
  type FlowSourceFile,
  type CompileOptions,
} from './compile-flow-bundle.js';
export {
  builtInActionCatalog,
  builtInActionNames,
  getActionSpec,
  listActionNames,
  type ActionCatalog,
  type ActionSpec,
  type BuiltInActionName,
} from './action-catalog.js';
export type { BotConfig } from './bot-config.js';
