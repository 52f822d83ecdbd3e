import type { Effect, FlowBundle, FlowEvent, FlowSession, JsonValue, StepContext } from '../flows/index.js';
import { step } from '../flows/index.js';
import type { ActionContext, ActionRegistry } from './action-registry.js';

export type TurnEffect = Exclude<Effect, { type: 'call' }>;

export interface TurnResult {
  session: FlowSession;
  effects: TurnEffect[];
}

/** A flow that calls actions in a loop without ever waiting for the citizen is a flow bug; stop it rather than spin. */
const maxCallsPerTurn = 20;

/**
 * Runs the pure interpreter for one event and executes the actions it asks for, feeding each result back, until the
 * flow waits for the citizen again or ends.
 */
export async function runTurn(
  bundle: FlowBundle,
  session: FlowSession | null,
  event: FlowEvent,
  ctx: StepContext,
  registry: ActionRegistry,
  actionCtx: Omit<ActionContext, 'idempotencyKey'> & { turnKey: string },
): Promise<TurnResult> {
  const effects: TurnEffect[] = [];
  let result = step(bundle, session, event, ctx);
  for (let calls = 0; ; calls++) {
    const call = result.effects.find((e): e is Extract<Effect, { type: 'call' }> => e.type === 'call');
    effects.push(...(result.effects.filter((e) => e.type !== 'call') as TurnEffect[]));
    if (!call) return { session: result.session, effects };
    if (calls >= maxCallsPerTurn)
      throw new Error(`flow called ${maxCallsPerTurn} actions without waiting for the citizen`);
    const impl = registry.get(call.action);
    let outcome: FlowEvent;
    try {
      if (!impl) throw new Error(`unknown action ${call.action}`);
      const args = impl.spec.args ? (impl.spec.args.parse(call.args) as Record<string, JsonValue>) : call.args;
      const value = await impl.run(args, { ...actionCtx, idempotencyKey: `${actionCtx.turnKey}:${calls}` });
      outcome = { type: 'action.result', ok: true, value };
    } catch (error) {
      actionCtx.logger.warn(
        { action: call.action, conversationId: actionCtx.conversationId, err: error },
        'action failed',
      );
      outcome = { type: 'action.result', ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    result = step(bundle, result.session, outcome, ctx);
  }
}
