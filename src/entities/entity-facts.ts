import { z } from 'zod';
import { parsePqrsdSettings } from '../cases/pqrsd-settings.js';
import { formatRadicado } from '../cases/radicado.js';
import { localDateOf } from '../cases/local-date.js';
import { AtencionSettingsSchema, parseAtencionSettings } from '../handoff/atencion-settings.js';
import { OfficeHours } from '../handoff/office-hours.js';
import type { JsonValue } from '../lib/json-value.js';

/** The sequence shown in the radicado example, so citizens see the shape of a real number. */
const EXAMPLE_SEQUENCE = 123;

const Key = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'use minúsculas sin tilde, números y "_" (por ejemplo "sede_norte")');

const Text = z.string().trim().min(1).max(300);

/** One office citizens can walk into; its hours use the same format as settings.atencion.horario. */
const SedeSchema = z.strictObject({
  nombre: Text,
  direccion: Text,
  horario: AtencionSettingsSchema.shape.horario.unwrap(),
  telefono: Text.optional(),
  /** Anything else citizens need to find it: "primer piso", "frente al parque". */
  indicaciones: Text.optional(),
});

/**
 * `settings.datos` in entity.yaml: the facts citizens are told (addresses, hours, phones, emails, links), written once
 * so every flow text and knowledge answer reads them as `{{entidad.…}}` and they cannot drift apart.
 */
export const EntityFactsSchema = z.strictObject({
  portal: z.url({ message: 'escriba la dirección completa del portal, con https://' }),
  telefono: Text,
  correo: z.email({ message: 'no es un correo válido' }),
  whatsapp: Text.optional(),
  correo_notificaciones: z.email({ message: 'no es un correo válido' }).optional(),
  sedes: z.record(Key, SedeSchema).refine((s) => Object.keys(s).length > 0, 'escriba al menos una sede'),
  enlaces: z.record(Key, z.url({ message: 'escriba la dirección completa, con https://' })).default({}),
  /** Short facts that fit no other key: "línea gratuita", "número de la Personería". */
  otros: z.record(Key, Text).default({}),
});
export type EntityFacts = z.output<typeof EntityFactsSchema>;

/** Invalid facts; `issues` point into entity.yaml (paths from its root) so `flows check` can show the line. */
export class EntityFactsError extends Error {
  constructor(readonly issues: { path: (string | number)[]; message: string }[]) {
    super(
      `Los datos de la entidad (settings.datos) no son válidos: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
}

/** "lunes a viernes de 7:30 a. m. a 4:30 p. m., excepto festivos": the wording the handoff uses for its hours. */
function describeSchedule(hours: ReturnType<typeof parseAtencionSettings>['hours']): string {
  return new OfficeHours({ hours, calendar: parsePqrsdSettings({}).calendar }).describeHours();
}

function parseFacts(datos: unknown): EntityFacts | undefined {
  if (datos === undefined || datos === null) return undefined;
  const parsed = EntityFactsSchema.safeParse(datos);
  if (parsed.success) return parsed.data;
  throw new EntityFactsError(
    parsed.error.issues.map((i) => ({
      path: ['settings', 'datos', ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))],
      message: i.message,
    })),
  );
}

function sedeValues(facts: EntityFacts): Record<string, JsonValue> {
  return Object.fromEntries(
    Object.entries(facts.sedes).map(([id, s]) => [
      id,
      {
        nombre: s.nombre,
        direccion: s.direccion,
        horario: describeSchedule(s.horario),
        ...(s.telefono !== undefined ? { telefono: s.telefono } : {}),
        ...(s.indicaciones !== undefined ? { indicaciones: s.indicaciones } : {}),
      },
    ]),
  );
}

/**
 * The values behind `{{entidad.…}}`: the `datos` block, plus what other settings already say (the radicado format,
 * the agents' hours, the data policy link) so those are never written twice. An entity without `datos` still has
 * those. Throws EntityFactsError. `year` makes the radicado example; callers pass the current one.
 */
export function entityFactValues(
  entity: { name: string; nit?: string | undefined; settings: Record<string, unknown> },
  year: number,
): Record<string, JsonValue> {
  const facts = parseFacts(entity.settings.datos);
  let pqrsd;
  let atencion;
  try {
    pqrsd = parsePqrsdSettings(entity.settings);
    atencion = parseAtencionSettings(entity.settings);
  } catch (error) {
    throw new EntityFactsError([{ path: ['settings'], message: (error as Error).message }]);
  }
  const policy = (entity.settings.pqrsd as { politicaDatos?: { url?: string } } | undefined)?.politicaDatos?.url;
  return {
    nombre: entity.name,
    ...(entity.nit !== undefined ? { nit: entity.nit } : {}),
    ...(facts
      ? {
          portal: facts.portal,
          telefono: facts.telefono,
          correo: facts.correo,
          ...(facts.whatsapp !== undefined ? { whatsapp: facts.whatsapp } : {}),
          ...(facts.correo_notificaciones !== undefined ? { correo_notificaciones: facts.correo_notificaciones } : {}),
          sedes: sedeValues(facts),
          otros: facts.otros,
        }
      : {}),
    enlaces: { ...(facts?.enlaces ?? {}), ...(policy !== undefined ? { politica_datos: policy } : {}) },
    radicado_ejemplo: formatRadicado(pqrsd.radicadoPattern, {
      date: localDateOf(year, 1, 1),
      sequence: EXAMPLE_SEQUENCE,
    }),
    horario_asesores: describeSchedule(atencion.hours),
  };
}
