import { z } from 'zod';

/** Any value that survives JSON.stringify/parse unchanged; what flow variables and action results may hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonValueSchema),
    z.record(z.string(), JsonValueSchema),
  ]),
);

export const JsonObjectSchema: z.ZodType<{ [key: string]: JsonValue }> = z.record(z.string(), JsonValueSchema);

/**
 * An object as a Json column keeps it, checked: what JSON drops (undefined fields) is dropped here too, and anything
 * JSON cannot carry is refused before the write. For values whose type allows unknown extra fields (a passthrough
 * schema's output), which the type system cannot prove to be JSON.
 */
export function toJsonObject(value: object): { [key: string]: JsonValue } {
  return JsonObjectSchema.parse(JSON.parse(JSON.stringify(value)));
}
