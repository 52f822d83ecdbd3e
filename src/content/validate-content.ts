import type { z } from 'zod';
import { AtencionSettingsSchema } from '../handoff/atencion-settings.js';
import { PqrsdSettingsSchema } from '../cases/pqrsd-settings.js';
import { EntityFile } from '../entities/entity-file.js';
import { OfficesSchema } from '../entities/office-settings.js';
import { compileFlowBundle, type FlowSourceFile } from '../flows/compile-flow-bundle.js';
import { entityFactsFromText } from '../entities/load-entity-facts.js';
import type { ActionCatalog, FlowBundle } from '../flows/index.js';
import { describeZodIssues } from '../lib/describe-zod-issue.js';
import type { FlowError } from '../lib/flow-error.js';
import { errorAt, parseYamlSource, type PathPart, type YamlSource } from '../lib/yaml-source.js';
import { parseSurveysFile, type SurveysFile } from '../surveys/survey-definitions.js';
import { botFileName, contentKindOf, entityFileName, surveysFileName } from './content-files.js';
import { parseEntitySettings, settingParsers, type EntitySettings } from './entity-settings.js';

/** The outcome of checking the whole set of files; the parsed parts are there only when there is no error. */
export type ContentCheck =
  | { ok: true; bundle: FlowBundle; entity: EntitySettings; surveys: SurveysFile | null; warnings: FlowError[] }
  | { ok: false; errors: FlowError[]; warnings: FlowError[] };

/**
 * Checks a complete set of content files (name → text) the way the server loads them: the flows with bot.yaml as
 * `ventanilla flows check` does, entity.yaml with every setting the services read, and encuestas.yaml. Errors name the
 * file (its bare name), the line and the column, in Spanish. `slug` is the running entity's: a file may not change it.
 */
export function validateContent(
  files: ReadonlyMap<string, string>,
  options: { actions: ActionCatalog; slug: string; checkChannels?: ChannelSettingsCheck },
): ContentCheck {
  const source = (name: string): FlowSourceFile | null => {
    const text = files.get(name);
    return text === undefined ? null : { file: name, text };
  };
  const flowFiles = [...files.keys()]
    .filter((n) => contentKindOf(n) === 'flujo')
    .sort()
    .map((n) => source(n)!);
  const entityText = files.get(entityFileName);
  // The flows read the entity's facts ({{entidad.…}}) from this same set's entity.yaml, as the runtime will.
  const facts = entityText === undefined ? { errors: [] } : entityFactsFromText(entityFileName, entityText);
  const flows = compileFlowBundle(
    source(botFileName),
    flowFiles,
    'facts' in facts && facts.facts ? { actions: options.actions, facts: facts.facts } : { actions: options.actions },
  );
  const errors: FlowError[] = flows.ok ? [] : [...flows.errors];
  const warnings = [...flows.warnings];

  const entity =
    entityText === undefined
      ? { errors: [missing(entityFileName)] }
      : checkEntityFile(entityFileName, entityText, options.slug, options.checkChannels);
  errors.push(...entity.errors);
  // Facts derive from the same file (agents' hours, the radicado format): its own errors say what to fix first.
  if (entity.errors.length === 0) errors.push(...facts.errors);

  let surveys: SurveysFile | null = null;
  const surveysText = files.get(surveysFileName);
  if (surveysText !== undefined) {
    try {
      surveys = parseSurveysFile(surveysFileName, surveysText);
    } catch (error) {
      errors.push(...surveyErrors(error));
    }
  }
  if (!flows.ok || !entity.settings || errors.length > 0) return { ok: false, errors, warnings };
  return { ok: true, bundle: flows.bundle, entity: entity.settings, surveys, warnings };
}

function missing(name: string): FlowError {
  return { file: name, line: 0, column: 0, path: '', message: `Falta el archivo "${name}".` };
}

/** Settings whose schemas are exported point at the exact line; the others at their key, with the parser's message. */
const placedSchemas: readonly [key: string, schema: z.ZodType][] = [
  ['atencion', AtencionSettingsSchema],
  ['pqrsd', PqrsdSettingsSchema],
  ['oficinas', OfficesSchema],
];

/**
 * The channels' own reading of the settings they connect with (a mailbox, a WhatsApp number, a second entity's
 * variables), as they would read them at start: problems by setting key. A save that would keep the entity from
 * starting is refused here, while its console still answers to undo it.
 */
export type ChannelSettingsCheck = (entity: {
  name: string;
  slug: string;
  settings: Record<string, unknown>;
}) => { key: string; message: string }[];

function checkEntityFile(
  name: string,
  text: string,
  slug: string,
  checkChannels?: ChannelSettingsCheck,
): { errors: FlowError[]; settings?: EntitySettings } {
  const { source, errors } = parseYamlSource(name, text);
  if (errors.length > 0) return { errors };
  const parsed = EntityFile.safeParse(source.data);
  if (!parsed.success) return { errors: placed(source, [], parsed.error.issues, source.data) };
  const file = parsed.data;
  if (file.slug !== slug) {
    return {
      errors: [
        errorAt(
          source,
          ['slug'],
          `El identificador de la entidad es «${slug}» y no se puede cambiar desde aquí: las direcciones del chat y los registros dependen de él.`,
        ),
      ],
    };
  }
  const found: FlowError[] = [];
  for (const [key, schema] of placedSchemas) {
    const value = file.settings[key];
    if (value === undefined) continue;
    const result = schema.safeParse(value);
    if (!result.success) found.push(...placed(source, ['settings', key], result.error.issues, value));
  }
  if (found.length > 0) return { errors: found };
  for (const [key, parse] of settingParsers) {
    try {
      parse(file.settings);
    } catch (error) {
      const at: PathPart[] = file.settings[key] === undefined ? ['settings'] : ['settings', key];
      found.push(errorAt(source, at, (error as Error).message));
    }
  }
  if (found.length > 0) return { errors: found };
  for (const problem of checkChannels?.({ name: file.name, slug: file.slug, settings: file.settings }) ?? []) {
    const at: PathPart[] = file.settings[problem.key] === undefined ? ['settings'] : ['settings', problem.key];
    found.push(errorAt(source, at, problem.message));
  }
  if (found.length > 0) return { errors: found };
  try {
    return { errors: [], settings: parseEntitySettings(file) };
  } catch (error) {
    return { errors: [errorAt(source, ['settings'], (error as Error).message)] };
  }
}

function placed(
  source: YamlSource,
  prefix: PathPart[],
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
): FlowError[] {
  return describeZodIssues(issues, { data, keysAt: () => undefined }).map((d) => {
    const where = [...prefix, ...d.path].join('.');
    return errorAt(source, [...prefix, ...d.path], where ? `${where}: ${d.message}` : d.message, d.key);
  });
}

/** parseSurveysFile lists its problems as `file:line:column — message` lines; they become errors again. */
function surveyErrors(error: unknown): FlowError[] {
  const message = (error as Error).message;
  const lines = [...message.matchAll(/^\s*- (.+?):(\d+):(\d+) — (.*)$/gm)];
  if (lines.length === 0) return [{ file: surveysFileName, line: 0, column: 0, path: '', message }];
  return lines.map((m) => ({ file: m[1]!, line: Number(m[2]), column: Number(m[3]), path: '', message: m[4]! }));
}
