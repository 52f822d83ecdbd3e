import { z } from 'zod';
import { JsonValueSchema, type JsonValue } from '../lib/json-value.js';
import { varPathPattern } from './names.js';

/** A comparison of one variable; exactly one operator is set. */
export interface Comparison {
  var: string;
  equals?: JsonValue;
  in?: JsonValue[];
  exists?: boolean;
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  matches?: string;
}

/**
 * The condition language: data, not code, so editors cannot run anything and the loader can check every part.
 */
export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | Comparison;

export const comparisonOperators = ['equals', 'in', 'exists', 'gt', 'gte', 'lt', 'lte', 'matches'] as const;

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'iu');
    return true;
  } catch {
    return false;
  }
}

const ComparisonSchema = z
  .strictObject({
    var: z.string().regex(varPathPattern),
    equals: JsonValueSchema.optional(),
    in: z.array(JsonValueSchema).optional(),
    exists: z.boolean().optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    matches: z.string().max(500).refine(compiles, { message: 'la expresión de "matches" no es válida' }).optional(),
  })
  .refine((c) => comparisonOperators.filter((op) => c[op] !== undefined).length === 1, {
    message: 'use exactamente una comparación junto a "var": equals, in, exists, gt, gte, lt, lte o matches',
  });

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union(
    [
      z.strictObject({ all: z.array(ConditionSchema).min(1) }),
      z.strictObject({ any: z.array(ConditionSchema).min(1) }),
      z.strictObject({ not: ConditionSchema }),
      ComparisonSchema,
    ],
    {
      error:
        'condición no válida. Use "var" con una comparación (equals, in, exists, gt, gte, lt, lte, matches), o "all", "any", "not"',
    },
  ),
);
