import { z } from 'zod';
import { JsonValueSchema, type JsonValue } from '../lib/json-value.js';

/** A knowledge-base entry offered to the citizen by title. */
export interface EntryChoice {
  id: string;
  title: string;
}

/**
 * Where the conversation is parked until the next event.
 * - `input`: the question of node `nodeId` (an ask or a menu) was asked.
 * - `action`: the action of node `nodeId` runs.
 * - `understand`: the citizen wrote something else than an answer at the question of `nodeId`; the knowledge base is
 *   being asked (`question`) and the question is asked again afterwards. `first`: it was the conversation's first
 *   message, so the question has not been shown yet. `fallback`: the option the message loosely named, taken if the
 *   knowledge base does not know either.
 * - `clarify`: the knowledge base offered `options` for the citizen's `question`; `nodeId`'s question comes after.
 */
export type Waiting =
  | { kind: 'input'; nodeId: string; attempts: number }
  | { kind: 'action'; nodeId: string; action: string }
  | { kind: 'understand'; nodeId: string; attempts: number; question: string; first: boolean; fallback: number | null }
  | { kind: 'clarify'; nodeId: string; attempts: number; question: string; options: EntryChoice[] };

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
  /** The knowledge-base entry given last, so "¿y cuánto vale?" is understood against it. Absent when none. */
  lastAnswer?: string;
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
      z.object({
        kind: z.literal('understand'),
        nodeId: z.string(),
        attempts: z.number().int().nonnegative(),
        question: z.string(),
        first: z.boolean(),
        fallback: z.number().int().nonnegative().nullable(),
      }),
      z.object({
        kind: z.literal('clarify'),
        nodeId: z.string(),
        attempts: z.number().int().nonnegative(),
        question: z.string(),
        options: z.array(z.object({ id: z.string(), title: z.string() })),
      }),
    ])
    .nullable(),
  status: z.enum(['active', 'ended']),
  lastAnswer: z.string().optional(),
});

/** Reads a stored session; null when it is missing or not a session this version understands (start fresh). */
export function parseFlowSession(stored: unknown): FlowSession | null {
  const r = FlowSessionSchema.safeParse(stored);
  return r.success ? r.data : null;
}
