import { z } from 'zod';
import { JsonValueSchema, type JsonValue } from './json-value.js';

/** Where the conversation is parked until the next event. */
export type Waiting =
  | { kind: 'input'; nodeId: string; attempts: number }
  | { kind: 'action'; nodeId: string; action: string };

/**
 * The conversation's position in the flows. Plain JSON: the runner stores it in the database and hands it back after
 * a restart, so nothing here may be a class, a Date or undefined-valued.
 */
export interface FlowSession {
  v: 1;
  flowId: string;
  nodeId: string;
  /** Where to go back to when a called sub-flow returns, innermost last. */
  stack: { flowId: string; nodeId: string }[];
  vars: Record<string, JsonValue>;
  waiting: Waiting | null;
  status: 'active' | 'ended';
}

export const FlowSessionSchema: z.ZodType<FlowSession> = z.object({
  v: z.literal(1),
  flowId: z.string(),
  nodeId: z.string(),
  stack: z.array(z.object({ flowId: z.string(), nodeId: z.string() })),
  vars: z.record(z.string(), JsonValueSchema),
  waiting: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('input'), nodeId: z.string(), attempts: z.number().int().nonnegative() }),
      z.object({ kind: z.literal('action'), nodeId: z.string(), action: z.string() }),
    ])
    .nullable(),
  status: z.enum(['active', 'ended']),
});

/** Reads a stored session; null when it is missing or not a session this version understands (start fresh). */
export function parseFlowSession(stored: unknown): FlowSession | null {
  const r = FlowSessionSchema.safeParse(stored);
  return r.success ? r.data : null;
}
