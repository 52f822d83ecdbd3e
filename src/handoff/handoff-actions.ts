import { z } from 'zod';
import type { ActionImplementation } from '../core/action-registry.js';
import type { ActionSpec } from '../flows/action-catalog.js';
import type { HandoffService } from './handoff-service.js';

/** Flows pass skipped answers as null and empty templates as "": both mean "not given". */
const given = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === null || v === '' ? undefined : v), schema.optional());

const HandoffRequestArgs = z.strictObject({
  reason: given(z.string().trim().max(500)),
  /** An id of `atencion.areas`; unknown or missing: the default area. */
  area: given(z.string().trim().max(60)),
  /** Why the citizen goes first: adulto mayor, discapacidad, gestante, niño/niña/adolescente, urgente. */
  prioridad: given(z.string().trim().max(200)),
});

const HandoffCallbackArgs = z.strictObject({
  telefono: z.string().trim().min(7).max(30),
  area: given(z.string().trim().max(60)),
  prioridad: given(z.string().trim().max(200)),
});

/** The specs alone, for `flows check`, which validates flows without a database. */
export function handoffActionSpecs(): Map<string, ActionSpec> {
  return new Map<string, ActionSpec>([
    [
      'handoff.request',
      {
        description:
          'Pasa la conversación a la fila de asesores; fuera del horario dice cuándo vuelven (resultado: estado, posicion, espera, vuelven).',
        args: HandoffRequestArgs,
      },
    ],
    [
      'handoff.callback',
      {
        description:
          'Deja en la fila una solicitud de llamada con el teléfono del ciudadano (resultado: estado, vuelven).',
        args: HandoffCallbackArgs,
      },
    ],
  ]);
}

export function handoffActions(service: HandoffService): Map<string, ActionImplementation> {
  const specs = handoffActionSpecs();
  return new Map<string, ActionImplementation>([
    [
      'handoff.request',
      {
        spec: specs.get('handoff.request')!,
        run: (args, ctx) => service.request(HandoffRequestArgs.parse(args), ctx),
      },
    ],
    [
      'handoff.callback',
      {
        spec: specs.get('handoff.callback')!,
        run: (args, ctx) => service.requestCallback(HandoffCallbackArgs.parse(args), ctx),
      },
    ],
  ]);
}
