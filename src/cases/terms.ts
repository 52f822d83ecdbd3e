import { z } from 'zod';

/** The modalities a case can be filed under. `informacion_autoridad` is a request from another authority (art. 30). */
export const caseTypes = [
  'peticion',
  'queja',
  'reclamo',
  'sugerencia',
  'denuncia',
  'solicitud_informacion',
  'consulta',
  'felicitacion',
  'informacion_autoridad',
  'habeas_data_consulta',
  'habeas_data_reclamo',
] as const;
export const CaseType = z.enum(caseTypes);
export type CaseType = z.infer<typeof CaseType>;

/** What the law or practice says about one case type. */
export interface CaseTypeInfo {
  /** Spanish label for menus and reports. */
  label: string;
  /** One plain-language line a citizen understands. */
  explanation: string;
  /** Legal (or, where the law is silent, customary) response term in business days. */
  defaultTermDays: number;
  /** Whether an entity may set its own term (never above `defaultTermDays`, which is the legal ceiling). */
  configurable: boolean;
  /** Where the term comes from, for officials and reports. */
  legalBasis: string;
  /**
   * Business days an extension may add after the first term, where a law other than Ley 1755 fixes them (Ley 1581
   * arts. 14-15). Absent: art. 14 parágrafo's ceiling of double the term applies.
   */
  maxExtensionDays?: number;
}

/**
 * Terms of Ley 1755 de 2015 art. 14 and 30. The four modalities the law names get fixed terms; quejas, reclamos,
 * sugerencias and denuncias are petitions too (art. 13) so 15 days is their ceiling, but an entity may promise less.
 * Felicitaciones need no legal answer; 15 days is kept as a courtesy default so they do not linger.
 */
export const CASE_TYPES: Readonly<Record<CaseType, CaseTypeInfo>> = {
  peticion: {
    label: 'Petición',
    explanation: 'Pide algo a la entidad, para usted o para la comunidad, y recibe una respuesta de fondo.',
    defaultTermDays: 15,
    configurable: false,
    legalBasis: 'Ley 1755 de 2015, art. 14',
  },
  queja: {
    label: 'Queja',
    explanation: 'Cuenta su inconformidad con la forma en que lo atendió un servidor público.',
    defaultTermDays: 15,
    configurable: true,
    legalBasis: 'Ley 1755 de 2015, art. 14 (término general de petición)',
  },
  reclamo: {
    label: 'Reclamo',
    explanation: 'Exige una solución porque un servicio se prestó mal o no le atendieron una solicitud.',
    defaultTermDays: 15,
    configurable: true,
    legalBasis: 'Ley 1755 de 2015, art. 14 (término general de petición)',
  },
  sugerencia: {
    label: 'Sugerencia',
    explanation: 'Propone una idea para mejorar un servicio de la entidad.',
    defaultTermDays: 15,
    configurable: true,
    legalBasis: 'Ley 1755 de 2015, art. 14 (término general de petición)',
  },
  denuncia: {
    label: 'Denuncia',
    explanation:
      'Informa un posible hecho irregular o de corrupción para que se investigue; diga cuándo, cómo y dónde pasó. Puede hacerla de forma anónima.',
    defaultTermDays: 15,
    configurable: true,
    legalBasis: 'Ley 1755 de 2015, art. 14 (término general de petición)',
  },
  solicitud_informacion: {
    label: 'Solicitud de información o documentos',
    explanation: 'Pide información pública o copias de documentos; no tiene que decir quién es ni para qué los quiere.',
    defaultTermDays: 10,
    configurable: false,
    legalBasis: 'Ley 1755 de 2015, art. 14 numeral 1',
  },
  consulta: {
    label: 'Consulta',
    explanation: 'Pide la opinión o el concepto de la entidad sobre un tema a su cargo.',
    defaultTermDays: 30,
    configurable: false,
    legalBasis: 'Ley 1755 de 2015, art. 14 numeral 2',
  },
  felicitacion: {
    label: 'Felicitación',
    explanation: 'Reconoce la buena atención de un servidor o un buen servicio.',
    defaultTermDays: 15,
    configurable: true,
    legalBasis: 'Sin término legal; se usa el término general como referencia',
  },
  informacion_autoridad: {
    label: 'Información solicitada por otra autoridad',
    explanation: 'Otra entidad pública pide información o documentos a esta entidad.',
    defaultTermDays: 10,
    configurable: false,
    legalBasis: 'Ley 1755 de 2015, art. 30',
  },
  // Habeas data: the data subject asks what the entity holds on them, or to correct, update or delete it, or revokes
  // the authorization. Ley 1581 fixes its own terms, shorter extensions included, so these are types of their own.
  habeas_data_consulta: {
    label: 'Consulta de datos personales (habeas data)',
    explanation: 'Pregunta qué datos suyos tiene la entidad y cómo los usa.',
    defaultTermDays: 10,
    configurable: false,
    legalBasis: 'Ley 1581 de 2012, art. 14',
    maxExtensionDays: 5,
  },
  habeas_data_reclamo: {
    label: 'Reclamo sobre datos personales (habeas data)',
    explanation: 'Pide corregir, actualizar o borrar sus datos, o retirar la autorización que dio para usarlos.',
    defaultTermDays: 15,
    configurable: false,
    legalBasis: 'Ley 1581 de 2012, art. 15',
    maxExtensionDays: 8,
  },
};

/** Art. 14 parágrafo: an extension may not take the total beyond double the initial term. */
export const MAX_EXTENSION_FACTOR = 2;

const overrideSchema = (type: CaseType) =>
  z
    .number({ error: `El término de «${CASE_TYPES[type].label}» debe ser un número de días hábiles.` })
    .int({ error: `El término de «${CASE_TYPES[type].label}» debe ser un número entero de días hábiles.` })
    .min(1, { error: `El término de «${CASE_TYPES[type].label}» debe ser de al menos 1 día hábil.` })
    .max(CASE_TYPES[type].defaultTermDays, {
      error: `El término de «${CASE_TYPES[type].label}» no puede superar el término legal de ${CASE_TYPES[type].defaultTermDays} días hábiles.`,
    });

/**
 * Entity settings for response terms: overrides in business days for the configurable types only. Legal terms of
 * peticiones, información, consultas and art. 30 requests cannot be changed here (the law sets them); an override of
 * one of those is rejected with a Spanish message rather than silently ignored.
 */
export const CaseTermsSettings = z
  .object({
    terms: z
      .strictObject(
        {
          queja: overrideSchema('queja').optional(),
          reclamo: overrideSchema('reclamo').optional(),
          sugerencia: overrideSchema('sugerencia').optional(),
          denuncia: overrideSchema('denuncia').optional(),
          felicitacion: overrideSchema('felicitacion').optional(),
        },
        {
          error: (issue) =>
            issue.code === 'unrecognized_keys'
              ? `Solo se pueden cambiar los términos de queja, reclamo, sugerencia, denuncia y felicitación; los demás los fija la ley (${issue.keys.join(', ')}).`
              : undefined,
        },
      )
      .default({}),
  })
  .transform((s) => ({
    terms: Object.fromEntries(
      caseTypes.map((t) => [t, (s.terms as Partial<Record<CaseType, number>>)[t] ?? CASE_TYPES[t].defaultTermDays]),
    ) as Record<CaseType, number>,
  }));
/** Resolved settings: a term for every case type. */
export type CaseTermsSettings = z.output<typeof CaseTermsSettings>;
export type CaseTermsSettingsInput = z.input<typeof CaseTermsSettings>;

/** Settings with every term at its legal default. */
export const LEGAL_CASE_TERMS: CaseTermsSettings = CaseTermsSettings.parse({});

/** The response term, in business days, for a case type under the entity's settings (legal defaults when omitted). */
export function termFor(type: CaseType, settings: CaseTermsSettings = LEGAL_CASE_TERMS): number {
  return settings.terms[type];
}
