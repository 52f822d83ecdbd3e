import { z } from 'zod';

/** Every error answer's shape (errorBody): the response schema routes declare for their error statuses. */
export const ErrorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
