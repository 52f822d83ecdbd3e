import type { FlowBundle } from '../flows/index.js';
import type { ConversationEngine } from './conversation-engine.js';
import type { FlowSource } from './flow-source.js';

type Engine = Pick<ConversationEngine, 'notify' | 'begin'>;

/**
 * What the domain services need of their entity's conversation engine and flows. The engine runs the services'
 * flow actions and the services send through the engine, so one of the two must exist first: the services get these
 * ports, and Runtime.create wires them to the engine it builds, once, before any message, job or request runs.
 * A call before that is a wiring bug and fails loudly instead of silently doing nothing.
 */
export class RuntimePorts {
  private wired: { engine: Engine; flows: Pick<FlowSource, 'current'> } | undefined;

  /** Called by Runtime.create only. */
  wire(engine: Engine, flows: Pick<FlowSource, 'current'>): void {
    if (this.wired) throw new Error('runtime ports are already wired to a runtime');
    this.wired = { engine, flows };
  }

  // Async, so a call before wiring is a rejected promise like any other failure of the engine, not a throw.
  readonly notify: Engine['notify'] = async (conversationId, message, meta) =>
    this.runtime('notify').engine.notify(conversationId, message, meta);

  readonly begin: Engine['begin'] = async (contact, flowId, vars) =>
    this.runtime('begin').engine.begin(contact, flowId, vars);

  /** The current valid flows. */
  flows(): FlowBundle {
    return this.runtime('flows').flows.current();
  }

  private runtime(use: string): NonNullable<RuntimePorts['wired']> {
    if (!this.wired) throw new Error(`runtime ports used (${use}) before Runtime.create wired them`);
    return this.wired;
  }
}
