import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { describeZodIssues } from '../lib/describe-zod-issue.js';
import { formatFlowError } from '../lib/flow-error.js';
import { errorAt, parseYamlSource } from '../lib/yaml-source.js';

/** The file, inside the entity's flows folder, that holds its surveys. */
export const surveysFileName = 'encuestas.yaml';

/**
 * WhatsApp reply buttons take 20 characters (its list rows 24): a label within 20 fits every channel, so the same
 * survey renders natively everywhere.
 */
export const maxOptionLabel = 20;
/** WhatsApp lists hold 10 rows; "Saltar pregunta" and "Omitir encuesta" take two of them. */
export const maxOwnOptions = 8;

/** Option values the survey itself uses; a question's own options may not take them. */
export const skipSurveyValue = 'omitir';
export const skipQuestionValue = 'saltar';

const id = z.string().regex(/^[a-z0-9_]{1,40}$/, 'use letras minúsculas sin tilde, números o "_" (máximo 40)');
const label = z
  .string()
  .trim()
  .min(1)
  .max(maxOptionLabel, `escriba como máximo ${maxOptionLabel} caracteres: es lo que cabe en un botón de WhatsApp`);
const question = z.string().trim().min(1).max(900);

const scaleLabels = z.array(z.string().trim().min(1)).length(5, 'escriba 5 etiquetas, de la peor (1) a la mejor (5)');

/** `csat: true` marks the question the reports count as CSAT (share of 4 and 5); see {@link csatQuestionOf}. */
const base = { id, texto: question, opcional: z.boolean().default(false), csat: z.boolean().optional() };

const QuestionSchema = z.discriminatedUnion('tipo', [
  z.strictObject({ ...base, tipo: z.literal('escala'), etiquetas: scaleLabels.optional() }),
  z.strictObject({ ...base, tipo: z.literal('si_no') }),
  z.strictObject({
    ...base,
    tipo: z.literal('opciones'),
    opciones: z
      .array(
        z.strictObject({
          texto: label,
          valor: id.optional(),
          puntaje: z.number().int().min(0).max(100).optional(),
        }),
      )
      .min(2)
      .max(maxOwnOptions),
  }),
  z.strictObject({ ...base, tipo: z.literal('texto'), largoMaximo: z.number().int().min(10).max(2000).default(1000) }),
]);

const SurveySchema = z.strictObject({
  id,
  titulo: z.string().trim().min(1).max(100),
  /** Said before the first question; may name the case: {radicado}. */
  intro: z.string().trim().min(1).max(900),
  preguntas: z.array(QuestionSchema).min(1).max(15),
});

const texts = {
  omitir: label.default('Omitir encuesta'),
  saltar: label.default('Saltar pregunta'),
  gracias: z.string().trim().min(1).max(900).default('¡Gracias por sus respuestas! Nos ayudan a mejorar.'),
  omitida: z.string().trim().min(1).max(900).default('Entendido, dejamos la encuesta. ¡Gracias!'),
  cerrada: z.string().trim().min(1).max(900).default('Esta encuesta ya se cerró. ¡Gracias!'),
  recordatorio: z
    .string()
    .trim()
    .min(1)
    .max(900)
    .default('Le recordamos nuestra encuesta corta. Su opinión nos ayuda a mejorar.'),
  comentarioAyuda: z.string().trim().min(1).max(200).default('Si no quiere escribir nada, responda "no".'),
};

/** Which survey each moment sends; `no` sends none; left out, the first survey of the file. */
const moment = z.union([z.literal('no'), id]).optional();

const SurveysFileSchema = z
  .strictObject({
    version: z.literal(1),
    intervaloDias: z.number().int().min(0).max(365).default(7),
    recordatorioHoras: z.number().min(0.25).max(72).default(4),
    venceHoras: z.number().min(0.5).max(168).default(24),
    enviar: z
      .strictObject({
        finBot: moment,
        cierreAsesor: moment,
        respuestaCaso: moment,
        /** The survey of the offices' survey pages (QR codes); left out, the one `cierreAsesor` sends. */
        oficina: moment,
      })
      .prefault({}),
    textos: z.strictObject(texts).prefault({}),
    encuestas: z.array(SurveySchema).min(1),
  })
  .superRefine((file, ctx) => {
    if (file.recordatorioHoras >= file.venceHoras) {
      ctx.addIssue({
        code: 'custom',
        path: ['recordatorioHoras'],
        message: 'el recordatorio debe llegar antes de que la encuesta venza (recordatorioHoras menor que venceHoras)',
      });
    }
    const ids = new Set<string>();
    file.encuestas.forEach((s, i) => {
      if (ids.has(s.id))
        ctx.addIssue({ code: 'custom', path: ['encuestas', i, 'id'], message: `la encuesta «${s.id}» está repetida` });
      ids.add(s.id);
      const questionIds = new Set<string>();
      let csatMarked = false;
      s.preguntas.forEach((q, j) => {
        const at = ['encuestas', i, 'preguntas', j];
        if (q.csat === true) {
          if (q.tipo !== 'escala') {
            ctx.addIssue({
              code: 'custom',
              path: [...at, 'csat'],
              message: 'solo una pregunta de tipo "escala" (1 a 5) puede ser la de satisfacción general (csat)',
            });
          } else if (csatMarked) {
            ctx.addIssue({
              code: 'custom',
              path: [...at, 'csat'],
              message: 'ya hay otra pregunta con "csat: true" en esta encuesta; marque solo una',
            });
          } else {
            csatMarked = true;
          }
        }
        if (questionIds.has(q.id))
          ctx.addIssue({
            code: 'custom',
            path: [...at, 'id'],
            message: `la pregunta «${q.id}» está repetida en esta encuesta`,
          });
        questionIds.add(q.id);
        if (q.tipo === 'escala') {
          (q.etiquetas ?? []).forEach((l, k) => {
            const shown = scaleOptionLabel(k + 1, l);
            if (shown.length > maxOptionLabel) {
              ctx.addIssue({
                code: 'custom',
                path: [...at, 'etiquetas', k],
                message: `«${shown}» tiene ${shown.length} caracteres; con el número caben ${maxOptionLabel} (un botón de WhatsApp)`,
              });
            }
          });
        }
        if (q.tipo === 'opciones') {
          q.opciones.forEach((o, k) => {
            const value = o.valor ?? optionValue(o.texto);
            if (value === skipSurveyValue || value === skipQuestionValue) {
              ctx.addIssue({
                code: 'custom',
                path: [...at, 'opciones', k],
                message: `«${value}» está reservado para saltar; use otro valor`,
              });
            }
          });
        }
      });
    });
    for (const key of ['finBot', 'cierreAsesor', 'respuestaCaso', 'oficina'] as const) {
      const chosen = file.enviar[key];
      if (chosen !== undefined && chosen !== 'no' && !ids.has(chosen)) {
        ctx.addIssue({
          code: 'custom',
          path: ['enviar', key],
          message: `no hay ninguna encuesta con id «${chosen}» en «encuestas» (o escriba "no" para no enviar)`,
        });
      }
    }
  })
  .transform((file) => {
    const first = file.encuestas[0]!.id;
    const pick = (chosen: string | undefined) => chosen ?? first;
    return {
      ...file,
      enviar: {
        finBot: pick(file.enviar.finBot),
        cierreAsesor: pick(file.enviar.cierreAsesor),
        respuestaCaso: pick(file.enviar.respuestaCaso),
        // A counter's citizen was served by a person, as after an agent's chat: that survey fits unless told otherwise.
        oficina: file.enviar.oficina ?? (file.enviar.cierreAsesor !== 'no' ? pick(file.enviar.cierreAsesor) : first),
      },
    };
  });

export type SurveysFile = z.output<typeof SurveysFileSchema>;
export type SurveyDefinition = SurveysFile['encuestas'][number];
export type SurveyQuestion = SurveyDefinition['preguntas'][number];
export type SurveyTrigger = 'bot_end' | 'agent_close' | 'case_answered';
/** A survey answered on an office's survey page (QR code), with no chat: never sent, so not a SurveyTrigger. */
export const officePageTrigger = 'office_page';

export const defaultScaleLabels = ['Muy malo', 'Malo', 'Regular', 'Bueno', 'Muy bueno'];

/**
 * The question whose answers count as the survey's CSAT: the one marked `csat: true`, or else the first `escala`
 * question; undefined when the survey has no scale question.
 */
export function csatQuestionOf(survey: Pick<SurveyDefinition, 'preguntas'>): SurveyQuestion | undefined {
  return survey.preguntas.find((q) => q.csat === true) ?? survey.preguntas.find((q) => q.tipo === 'escala');
}

/** "4 - Bueno": the number first, so a citizen can answer by typing it on any channel. */
export function scaleOptionLabel(score: number, name: string): string {
  return `${score} - ${name}`;
}

/** An option's stored value when the editor gave none: its text folded to an id. */
export function optionValue(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 40);
}

export const triggerSetting: Record<SurveyTrigger, keyof SurveysFile['enviar']> = {
  bot_end: 'finBot',
  agent_close: 'cierreAsesor',
  case_answered: 'respuestaCaso',
};

/** Checks the text of encuestas.yaml; throws an Error listing each problem as `file:line:column — what to fix`. */
export function parseSurveysFile(file: string, text: string): SurveysFile {
  const { source, errors } = parseYamlSource(file, text);
  if (errors.length > 0) throw new Error(surveysError(errors.map(formatFlowError)));
  const parsed = SurveysFileSchema.safeParse(source.data);
  if (parsed.success) return parsed.data;
  const described = describeZodIssues(parsed.error.issues, { data: source.data, keysAt: () => undefined });
  // The shared wording speaks of flow nodes; here the discriminator is a question's type.
  const worded = (m: string) => m.replace('no es un tipo de nodo conocido', 'no es un tipo de pregunta conocido');
  throw new Error(
    surveysError(described.map((d) => formatFlowError(errorAt(source, d.path, worded(d.message), d.key)))),
  );
}

function surveysError(lines: string[]): string {
  return `Las encuestas de satisfacción (${surveysFileName}) no son válidas; corrija:\n${lines.map((l) => `  - ${l}`).join('\n')}`;
}

/**
 * Reads FLOWS_DIR/encuestas.yaml. Without the file the entity sends no surveys (a folder from before surveys
 * existed keeps working); a file with mistakes stops the start with the list of what to fix.
 */
export async function readSurveysFile(flowsDir: string): Promise<SurveysFile | null> {
  const path = join(flowsDir, surveysFileName);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return null;
    throw error;
  }
  return parseSurveysFile(join(flowsDir.split(/[\\/]/).at(-1) ?? 'flows', surveysFileName), text);
}
