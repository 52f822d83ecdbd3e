import { z } from 'zod';
import type { OutboundTemplate } from '../../lib/messages.js';

export type TemplatePurpose = OutboundTemplate['purpose'];

/** The params each purpose's notices carry today; a template may only ask for these. Unlisted purposes take any. */
const knownParams: Partial<Record<TemplatePurpose, readonly string[]>> = {
  aviso_caso: ['radicado', 'novedad'],
};

const templateSchema = z
  .object({
    // Meta only accepts lowercase letters, digits and underscores in template names.
    nombre: z
      .string()
      .regex(
        /^[a-z0-9_]{1,512}$/,
        'escriba el nombre exacto de la plantilla aprobada en Meta (minúsculas, números y "_")',
      ),
    idioma: z
      .string()
      .regex(
        /^[a-z]{2,3}(_[A-Z]{2})?$/,
        'escriba el código de idioma de la plantilla en Meta, por ejemplo "es" o "es_CO"',
      ),
    parametros: z
      .array(z.string().regex(/^[a-z_]{1,40}$/, 'cada parámetro es un nombre en minúsculas, por ejemplo "radicado"'))
      .max(20)
      .default([]),
  })
  .strict();

/**
 * `settings.whatsappCloud` of the entity file. Keys in Spanish for editors: each purpose (aviso_caso, encuesta,
 * respuesta_asesor) maps to the approved template that may carry it after WhatsApp's 24-hour window.
 */
const WhatsappCloudSettingsSchema = z
  .object({
    plantillas: z
      .object({
        aviso_caso: templateSchema.optional(),
        encuesta: templateSchema.optional(),
        respuesta_asesor: templateSchema.optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export interface ApprovedTemplate {
  name: string;
  language: string;
  /** The notice params that fill {{1}}, {{2}}… in this order. */
  params: string[];
}

export interface WhatsappCloudSettings {
  templates: Partial<Record<TemplatePurpose, ApprovedTemplate>>;
}

/** Reads `settings.whatsappCloud`; throws an Error naming the setting and what to fix, in Spanish. */
export function parseWhatsappCloudSettings(entitySettings: unknown): WhatsappCloudSettings {
  const root = (entitySettings ?? {}) as { whatsappCloud?: unknown };
  const parsed = WhatsappCloudSettingsSchema.safeParse(root.whatsappCloud ?? {});
  const fail = (detail: string) =>
    new Error(`La configuración de WhatsApp Cloud API de la entidad no es válida: ${detail}`);
  if (!parsed.success) {
    throw fail(parsed.error.issues.map((i) => `whatsappCloud.${i.path.join('.')}: ${spanishIssue(i)}`).join('; '));
  }
  const templates: WhatsappCloudSettings['templates'] = {};
  for (const [purpose, t] of Object.entries(parsed.data.plantillas) as [
    TemplatePurpose,
    z.infer<typeof templateSchema> | undefined,
  ][]) {
    if (!t) continue;
    const allowed = knownParams[purpose];
    const unknown = allowed ? t.parametros.filter((p) => !allowed.includes(p)) : [];
    if (unknown.length > 0) {
      throw fail(
        `whatsappCloud.plantillas.${purpose}.parametros: «${unknown.join('», «')}» no existe en los avisos de este tipo; use solo ${allowed!.map((p) => `«${p}»`).join(' y ')}`,
      );
    }
    templates[purpose] = { name: t.nombre, language: t.idioma, params: t.parametros };
  }
  return { templates };
}

function spanishIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `no se reconoce ${issue.keys.map((k) => `«${k}»`).join(', ')} (use plantillas: aviso_caso, encuesta o respuesta_asesor, cada una con nombre, idioma y parametros)`;
  }
  if (issue.code === 'invalid_type') return `falta el dato o no tiene el tipo esperado (${issue.expected})`;
  return issue.message;
}
