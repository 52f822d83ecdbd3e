import { z } from 'zod';

/**
 * What the citizen chose when the data-use notice was shown (Ley 1581 art. 12). Either way the petition is filed:
 * Ley 1755 art. 15 par. 2 forbids refusing it, and Ley 1581 art. 10 a exempts public entities from authorization for
 * the data their functions need.
 */
export const ConsentDecision = z.enum(['aceptado', 'rechazado']);
export type ConsentDecision = z.infer<typeof ConsentDecision>;
