import { z } from 'zod';

/**
 * One knowledge-base entry, exactly as editors write it in kb.json / kb.csv. Unknown extra keys are kept (not
 * stripped) so an entity can carry its own metadata through import and export.
 */
export const KbLink = z.object({
  label: z.string().trim().min(1, 'el enlace necesita un texto (label)'),
  url: z.url({ message: 'la dirección del enlace no es una URL válida' }),
});
export type KbLink = z.infer<typeof KbLink>;

export const KbEntry = z.looseObject({
  id: z
    .string()
    .trim()
    .min(1, 'falta el id')
    .max(120, 'el id es demasiado largo (máximo 120 caracteres)')
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
      'el id solo puede tener letras sin tildes, números, guiones y puntos, sin espacios (ej.: predial-pago)',
    ),
  title: z.string().trim().min(1, 'falta el título'),
  category: z.string().trim().min(1, 'falta la categoría'),
  questions: z
    .array(z.string().trim().min(1, 'hay una pregunta vacía'))
    .min(1, 'debe tener al menos una pregunta de ejemplo'),
  answer: z.string().trim().min(1, 'falta la respuesta'),
  /**
   * What to do, in order; shown numbered after the answer on every channel. Kept in the entry's `extra` column in
   * the database like any other added key: no migration, and import/export already carry it.
   */
  steps: z
    .array(
      z
        .string()
        .trim()
        .min(1, 'hay un paso vacío')
        .refine((s) => !s.includes('|'), 'un paso no puede tener el carácter «|» (separa los pasos en CSV)'),
    )
    .max(12, 'máximo 12 pasos: si son más, divida la respuesta en dos entradas')
    .optional(),
  tags: z.array(z.string().trim().min(1, 'hay una etiqueta vacía')),
  links: z.array(KbLink).optional(),
  /** The office (dependencia) responsible for the answer, so editors know whom to ask when it goes stale. */
  dependency: z.string().trim().min(1).optional(),
});
export type KbEntry = z.infer<typeof KbEntry>;
