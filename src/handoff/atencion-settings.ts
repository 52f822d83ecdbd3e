import { z } from 'zod';
import { parsePqrsdSettings } from '../cases/pqrsd-settings.js';
import type { BusinessCalendar } from '../cases/calendar/business-calendar.js';

export const weekdayKeys = ['domingo', 'lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado'] as const;
export type WeekdayKey = (typeof weekdayKeys)[number];

/** "07:30-16:30", or several ranges "07:30-12:00, 14:00-17:00"; minutes since midnight, Bogotá time. */
const TimeRanges = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const ranges: { from: number; to: number }[] = [];
    for (const part of text.split(',').map((p) => p.trim())) {
      const m = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec(part);
      const from = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
      const to = m ? Number(m[3]) * 60 + Number(m[4]) : NaN;
      if (!m || Number(m[2]) > 59 || Number(m[4]) > 59 || !(from < to) || to > 24 * 60) {
        ctx.addIssue({
          code: 'custom',
          message: `«${part}» no es un horario válido: use HH:MM-HH:MM, por ejemplo "07:30-16:30".`,
        });
        return z.NEVER;
      }
      ranges.push({ from, to });
    }
    return ranges.sort((a, b) => a.from - b.from);
  });

const weekdayAliases: Record<string, WeekdayKey> = { miércoles: 'miercoles', sábado: 'sabado' };

const Horario = z
  .record(
    z.string(),
    // One schema, not a union: a union would hide the message saying how to write the hours.
    z.unknown().transform((value, ctx) => {
      if (value === false || value === null) return null;
      const parsed = TimeRanges.safeParse(typeof value === 'string' ? value : '');
      if (!parsed.success) {
        ctx.addIssue({
          code: 'custom',
          message: parsed.error.issues[0]?.message ?? 'use HH:MM-HH:MM, por ejemplo "07:30-16:30".',
        });
        return z.NEVER;
      }
      return parsed.data;
    }),
  )
  .superRefine((record, ctx) => {
    for (const key of Object.keys(record)) {
      const day = weekdayAliases[key] ?? key;
      if (!(weekdayKeys as readonly string[]).includes(day)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `«${key}» no es un día de la semana (use lunes, martes, miercoles, jueves, viernes, sabado o domingo).`,
        });
      }
    }
  })
  .transform((record) => {
    const byDay: Partial<Record<WeekdayKey, { from: number; to: number }[]>> = {};
    for (const [key, value] of Object.entries(record))
      if (value) byDay[weekdayAliases[key] ?? (key as WeekdayKey)] = value;
    return byDay;
  });

const Minutes = (fallback: number) =>
  z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(fallback);
const Id = z
  .string()
  .trim()
  .regex(/^[a-z0-9_-]{2,40}$/, { error: 'use letras minúsculas sin tilde, números, "_" o "-" (2 a 40).' });

const defaultHours = {
  lunes: '07:30-16:30',
  martes: '07:30-16:30',
  miercoles: '07:30-16:30',
  jueves: '07:30-16:30',
  viernes: '07:30-16:30',
};

/** `settings.atencion` in the entity file: how people attend handed-off conversations. */
export const AtencionSettingsSchema = z.strictObject({
  /** manual: agents take conversations; automatica: the system offers each to the free agent with the fewest. */
  asignacion: z.enum(['manual', 'automatica']).default('manual'),
  areas: z
    .array(z.strictObject({ id: Id, nombre: z.string().trim().min(2).max(120) }))
    .min(1)
    .default([{ id: 'atencion_general', nombre: 'Atención general' }])
    .refine((areas) => new Set(areas.map((a) => a.id)).size === areas.length, {
      error: 'hay dos áreas con el mismo id.',
    }),
  /** The queue used when a flow names no area (or one that does not exist). */
  areaPorDefecto: Id.optional(),
  horario: Horario.default(() => Horario.parse(defaultHours)),
  tiempos: z
    .strictObject({
      ciudadanoSinRespuesta: Minutes(10),
      cierreTrasAviso: Minutes(5),
      asesorSinRespuesta: Minutes(5),
      filaFueraDeHorario: Minutes(15),
      duracionPromedio: Minutes(8),
    })
    .default({
      ciudadanoSinRespuesta: 10,
      cierreTrasAviso: 5,
      asesorSinRespuesta: 5,
      filaFueraDeHorario: 15,
      duracionPromedio: 8,
    }),
  respuestasRapidas: z
    .array(
      z.strictObject({ id: Id, titulo: z.string().trim().min(1).max(80), texto: z.string().trim().min(1).max(4000) }),
    )
    .default([]),
});

export interface AtencionSettings {
  assignment: 'manual' | 'automatica';
  areas: { id: string; name: string }[];
  defaultArea: string;
  hours: Partial<Record<WeekdayKey, { from: number; to: number }[]>>;
  calendar: BusinessCalendar;
  /** Minutes. */
  timers: {
    citizenSilent: number;
    closeAfterWarning: number;
    agentSilent: number;
    queueOutOfHours: number;
    averageHandling: number;
  };
  canned: { id: string; title: string; text: string }[];
}

/** Reads and checks `settings.atencion`; throws an Error whose message names the setting and what to fix, in Spanish. */
export function parseAtencionSettings(entitySettings: unknown): AtencionSettings {
  const root = (entitySettings ?? {}) as Record<string, unknown>;
  const parsed = AtencionSettingsSchema.safeParse(root.atencion ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `atencion.${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`La configuración de atención con asesores (atencion) de la entidad no es válida: ${detail}`);
  }
  const s = parsed.data;
  const ids = s.areas.map((a) => a.id);
  const defaultArea = s.areaPorDefecto ?? (ids.includes('atencion_general') ? 'atencion_general' : ids[0]!);
  if (!ids.includes(defaultArea)) {
    throw new Error(
      `La configuración de atención con asesores (atencion) de la entidad no es válida: atencion.areaPorDefecto: «${defaultArea}» no está en atencion.areas.`,
    );
  }
  return {
    assignment: s.asignacion,
    areas: s.areas.map((a) => ({ id: a.id, name: a.nombre })),
    defaultArea,
    hours: s.horario,
    // Holidays and the entity's closures are the PQRSD calendar's: one list of closures for the whole entity.
    calendar: parsePqrsdSettings(entitySettings).calendar,
    timers: {
      citizenSilent: s.tiempos.ciudadanoSinRespuesta,
      closeAfterWarning: s.tiempos.cierreTrasAviso,
      agentSilent: s.tiempos.asesorSinRespuesta,
      queueOutOfHours: s.tiempos.filaFueraDeHorario,
      averageHandling: s.tiempos.duracionPromedio,
    },
    canned: s.respuestasRapidas.map((r) => ({ id: r.id, title: r.titulo, text: r.texto })),
  };
}
