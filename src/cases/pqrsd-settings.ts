import { z } from 'zod';
import { BusinessCalendar, BusinessCalendarSettings } from './calendar/business-calendar.js';
import { DEFAULT_RADICADO_PATTERN, RadicadoPattern } from './radicado.js';
import { CaseTermsSettings } from './terms.js';

const DependencyName = z.string().trim().min(2).max(120);
const TopicName = z.string().trim().min(2).max(120);

/**
 * `settings.pqrsd` in the entity file: everything about cases an entity may decide. Defaults are the legal ones, so an
 * entity that sets nothing still files and counts correctly.
 */
export const PqrsdSettingsSchema = z
  .strictObject({
    /** Radicado pattern, e.g. "PQRSD-{YYYY}-{SEQ:6}" (src/cases/radicado.ts). */
    radicado: RadicadoPattern.default(DEFAULT_RADICADO_PATTERN),
    /** Response-term overrides in business days for the configurable types. */
    terminos: z.record(z.string(), z.unknown()).default({}),
    /** Closures and working Saturdays. */
    calendario: BusinessCalendarSettings.default({ closures: [], workingSaturdays: false }),
    /** The offices that answer cases; assignment accepts only these when the list is not empty. */
    dependencias: z.array(DependencyName).default([]),
    /**
     * The subject categories ("temas") an official may give a case, so the art. 76 report (Ley 1474 de 2011) can list
     * the recurring subjects. Empty: cases stay "sin clasificar".
     */
    temas: z
      .array(TopicName)
      .max(100)
      .refine((list) => new Set(list.map((t) => t.toLocaleLowerCase('es-CO'))).size === list.length, {
        error: 'Hay temas repetidos.',
      })
      .default([]),
    /**
     * When a petition received after hours or on a non-business day counts as received. `mismo_dia` (default, the
     * conservative reading for the citizen): that same day, the term starts the next business day.
     * `siguiente_dia_habil`: the next business day, only if the entity adopted it by a documented decision
     * (`acto`), with the closing hour (`cierre`, 24-hour Bogotá time).
     */
    recepcionFueraDeHorario: z
      .discriminatedUnion('modo', [
        z.strictObject({ modo: z.literal('mismo_dia') }),
        z.strictObject({
          modo: z.literal('siguiente_dia_habil'),
          cierre: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
            error: 'Use la hora de cierre en formato HH:MM, por ejemplo 17:00.',
          }),
          acto: z.string().trim().min(5).max(300),
        }),
      ])
      .default({ modo: 'mismo_dia' }),
    /** The data-use notice (Ley 1581 de 2012) the filing flow shows: its version is recorded with each acceptance. */
    politicaDatos: z
      .strictObject({ version: z.string().trim().min(1).max(40), url: z.url().optional() })
      .default({ version: '1' }),
  })
  .default({
    radicado: DEFAULT_RADICADO_PATTERN,
    terminos: {},
    calendario: { closures: [], workingSaturdays: false },
    dependencias: [],
    temas: [],
    recepcionFueraDeHorario: { modo: 'mismo_dia' },
    politicaDatos: { version: '1' },
  });

export interface PqrsdSettings {
  radicadoPattern: string;
  terms: CaseTermsSettings;
  calendar: BusinessCalendar;
  dependencies: string[];
  /** settings.pqrsd.temas: the subject categories an official may give a case. */
  topics: string[];
  /** null: received the same day (default); otherwise the closing hour after which receipt moves to the next business day. */
  afterHoursNextBusinessDay: { closingTime: string; decision: string } | null;
  policyVersion: string;
  policyUrl?: string;
}

/** Reads and checks `settings.pqrsd`; throws an Error whose message names the setting and what to fix, in Spanish. */
export function parsePqrsdSettings(entitySettings: unknown): PqrsdSettings {
  const root = (entitySettings ?? {}) as Record<string, unknown>;
  const parsed = PqrsdSettingsSchema.safeParse(root.pqrsd);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `pqrsd.${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`La configuración de PQRSD de la entidad no es válida: ${detail}`);
  }
  const terms = CaseTermsSettings.safeParse({ terms: parsed.data.terminos });
  if (!terms.success) {
    throw new Error(
      `La configuración de PQRSD de la entidad no es válida: pqrsd.terminos: ${terms.error.issues.map((i) => i.message).join('; ')}`,
    );
  }
  const s = parsed.data;
  return {
    radicadoPattern: s.radicado,
    terms: terms.data,
    calendar: new BusinessCalendar(s.calendario),
    dependencies: s.dependencias,
    topics: s.temas,
    afterHoursNextBusinessDay:
      s.recepcionFueraDeHorario.modo === 'siguiente_dia_habil'
        ? { closingTime: s.recepcionFueraDeHorario.cierre, decision: s.recepcionFueraDeHorario.acto }
        : null,
    policyVersion: s.politicaDatos.version,
    ...(s.politicaDatos.url ? { policyUrl: s.politicaDatos.url } : {}),
  };
}
