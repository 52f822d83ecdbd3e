import { z } from 'zod';

/** The channels an office serves citizens on: its survey page and its intake count under this channel. */
export const officeChannels = ['presencial', 'telefono'] as const;
export type OfficeChannel = (typeof officeChannels)[number];

const OfficeSchema = z.strictObject({
  /** Goes in the survey page's address (/encuesta/<id>) and in the reports: keep it once printed on a QR code. */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'use solo minúsculas sin tilde, números y guiones (por ejemplo "sede-centro")')
    // /encuesta/respuesta/<link> is a case's survey: no office may take that address.
    .refine((id) => id !== 'respuesta', 'el id «respuesta» está reservado; use otro'),
  nombre: z.string().trim().min(3).max(120),
  /** presencial: a counter or office citizens walk into; telefono: the phone line (its survey link is read out or texted). */
  canal: z.enum(officeChannels).default('presencial'),
  /** Shown on the survey page and the receipt so citizens know where they were served. */
  direccion: z.string().trim().min(3).max(200).optional(),
});

/**
 * `settings.oficinas` in the entity file: the offices and counters (ventanillas) where citizens are served in person
 * or by phone. Each gets a survey page with a QR code, and officials pick theirs when filing a walk-in or phone
 * petition. Optional: an entity without the list has no office survey pages.
 */
export const OfficesSchema = z
  .array(OfficeSchema)
  .max(200)
  .default([])
  .superRefine((offices, ctx) => {
    const seen = new Set<string>();
    offices.forEach((o, i) => {
      if (seen.has(o.id))
        ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `la oficina «${o.id}» está repetida` });
      seen.add(o.id);
    });
  });

export type Office = z.output<typeof OfficeSchema>;

/** Reads and checks `settings.oficinas`; throws an Error naming the setting and what to fix, in Spanish. */
export function parseOffices(entitySettings: unknown): Office[] {
  const root = (entitySettings ?? {}) as Record<string, unknown>;
  const parsed = OfficesSchema.safeParse(root.oficinas);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((i) => `oficinas.${i.path.join('.')}: ${i.message}`).join('; ');
  throw new Error(`Las oficinas de la entidad (settings.oficinas) no son válidas: ${detail}`);
}
