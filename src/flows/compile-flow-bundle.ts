import type { ActionCatalog } from './action-catalog.js';
import { BotConfigSchema, type BotConfig } from './bot-config.js';
import { didYouMean } from '../lib/closest-name.js';
import { comparisonOperators } from './condition.js';
import { localTargets } from './compile-node.js';
import { compileFlowFile, type CompiledFlowFile } from './compile-flow-file.js';
import { describeZodIssues } from '../lib/describe-zod-issue.js';
import type { CompiledFlow, FlowBundle } from './flow-bundle.js';
import type { FlowError } from '../lib/flow-error.js';
import { FlowFileSchema, SourceNodeSchema } from './flow-file-schema.js';
import { IntentSet } from './intent-set.js';
import { checkFactVariables } from './check-fact-variables.js';
import type { JsonValue } from '../lib/json-value.js';
import { normalizeText } from '../lib/normalize-text.js';
import { errorAt, parseYamlSource, type PathPart, type YamlSource } from '../lib/yaml-source.js';

/** A file's name (as it should appear in messages) and its text. */
export interface FlowSourceFile {
  file: string;
  text: string;
}

/** Outcome of loading flows. Warnings never block loading. */
export type FlowLoadResult =
  { ok: true; bundle: FlowBundle; warnings: FlowError[] } | { ok: false; errors: FlowError[]; warnings: FlowError[] };

export interface CompileOptions {
  /** Actions the running system provides; flows may only call these. */
  actions: ActionCatalog;
  /** The entity's facts; when given, a `{{entidad.…}}` that names none is an error. */
  facts?: { [key: string]: JsonValue };
}

function flowKeysAt(path: readonly PathPart[], data: unknown): readonly string[] | undefined {
  if (path.length === 0) return Object.keys(FlowFileSchema.shape);
  if (path[0] !== 'nodes' || typeof path[1] !== 'number') return undefined;
  if (path.includes('if')) return ['var', ...comparisonOperators, 'all', 'any', 'not'];
  const node = (data as { nodes?: { type?: unknown }[] }).nodes?.[path[1]];
  const schema = SourceNodeSchema.options.find((o) => o.shape.type.value === node?.type);
  if (path.length === 2) return schema ? Object.keys(schema.shape) : undefined;
  if (path[2] === 'options')
    return node?.type === 'menu'
      ? ['label', 'next', 'description', 'aliases']
      : ['label', 'value', 'description', 'aliases'];
  if (path[2] === 'branches') return ['if', 'next'];
  if (path[2] === 'optionsFrom') return ['var', 'label', 'value', 'max'];
  return undefined;
}

function botKeysAt(path: readonly PathPart[]): readonly string[] | undefined {
  if (path.length === 0) return Object.keys(BotConfigSchema.shape);
  if (path[0] === 'texts' && path.length === 1) return ['idle', 'fallback', 'apology', 'busy'];
  if (path[0] === 'commands' && path.length === 2) return ['words', 'say', 'goto'];
  if (path[0] === 'commands' && path[2] === 'goto') return ['flow', 'node'];
  if (path[0] === 'intents' && path.length === 2) return ['examples', 'goto', 'slots'];
  if (path[0] === 'intents' && path[2] === 'goto') return ['flow', 'node'];
  return undefined;
}

function nodeLabel(data: unknown, path: readonly PathPart[]): string {
  if (path[0] !== 'nodes' || typeof path[1] !== 'number') return '';
  const id = (data as { nodes?: { id?: unknown }[] }).nodes?.[path[1]]?.id;
  return typeof id === 'string' ? `En el nodo "${id}": ` : `En el nodo número ${path[1] + 1}: `;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** The id a file that failed to load was meant to have: its `id` if readable, else its file name. */
function intendedId(file: string, data: unknown): string {
  const id = (data as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' ? id : (file.split('/').pop() ?? file).replace(/\.ya?ml$/, '');
}

function schemaErrors(
  source: YamlSource,
  issues: Parameters<typeof describeZodIssues>[0],
  keysAt: (p: readonly PathPart[], d: unknown) => readonly string[] | undefined,
): FlowError[] {
  return describeZodIssues(issues, { data: source.data, keysAt }).map((d) => {
    const label = nodeLabel(source.data, d.path);
    return errorAt(source, d.path, label === '' ? capitalize(d.message) : label + d.message, d.key);
  });
}

/** Checks a goto/call/command target: the flow exists and, if named, the node in it. */
function checkTarget(
  flows: Map<string, CompiledFlowFile>,
  target: { flow: string; node?: string | null | undefined },
  report: (field: 'flow' | 'node', message: string) => void,
  broken: ReadonlySet<string>,
): void {
  const flow = flows.get(target.flow);
  // A flow whose own file has errors is already reported there; repeating it at every reference would bury the cause.
  if (!flow && broken.has(target.flow)) return;
  if (!flow) {
    report(
      'flow',
      `El flujo "${target.flow}" no existe.${didYouMean(target.flow, flows.keys())} Flujos disponibles: ${[...flows.keys()].join(', ')}.`,
    );
  } else if (target.node !== null && target.node !== undefined && !flow.flow.nodes.has(target.node)) {
    report(
      'node',
      `El nodo "${target.node}" no existe en el flujo "${target.flow}".${didYouMean(target.node, flow.flow.nodes.keys())}`,
    );
  }
}

function reachability(flows: Map<string, CompiledFlowFile>, bot: BotConfig): FlowError[] {
  const reached = new Map<string, Set<string>>();
  const queue: [string, string][] = [];
  const visit = (flowId: string, nodeId: string | null) => {
    const flow = flows.get(flowId)?.flow;
    const id = nodeId ?? flow?.start;
    if (!flow || id === undefined) return;
    const set = reached.get(flowId) ?? new Set<string>();
    reached.set(flowId, set);
    if (!set.has(id)) {
      set.add(id);
      queue.push([flowId, id]);
    }
  };
  visit(bot.entry, null);
  for (const c of Object.values(bot.commands)) if (c.goto) visit(c.goto.flow, c.goto.node ?? null);
  for (const i of Object.values(bot.intents)) visit(i.goto.flow, i.goto.node ?? null);
  while (queue.length > 0) {
    const [flowId, nodeId] = queue.shift() as [string, string];
    const node = flows.get(flowId)?.flow.nodes.get(nodeId);
    if (!node) continue;
    for (const t of localTargets(node, flowId)) visit(flowId, t);
    if (node.type === 'goto' || node.type === 'call') visit(node.flow, node.node);
  }
  const warnings: FlowError[] = [];
  for (const [flowId, f] of flows) {
    const set = reached.get(flowId);
    if (!set) {
      warnings.push(
        errorAt(
          f.source,
          ['id'],
          `Ningún otro flujo ni comando lleva al flujo "${flowId}"; los ciudadanos no llegarán a él.`,
        ),
      );
      continue;
    }
    for (const [id, i] of f.index) {
      if (!set.has(id))
        warnings.push(errorAt(f.source, ['nodes', i, 'id'], `Ningún camino lleva al nodo "${id}"; nunca se mostrará.`));
    }
  }
  return warnings;
}

function checkCrossReferences(
  flows: Map<string, CompiledFlowFile>,
  bot: BotConfig,
  botSource: YamlSource,
  broken: ReadonlySet<string>,
): FlowError[] {
  const errors: FlowError[] = [];
  for (const f of flows.values()) {
    for (const [id, i] of f.index) {
      const node = f.flow.nodes.get(id);
      if (node?.type !== 'goto' && node?.type !== 'call') continue;
      checkTarget(
        flows,
        node,
        (field, message) =>
          errors.push(errorAt(f.source, ['nodes', i, field], `En el nodo "${id}": ${lowerFirst(message)}`)),
        broken,
      );
    }
  }
  if (!flows.has(bot.entry) && !broken.has(bot.entry)) {
    errors.push(
      errorAt(
        botSource,
        ['entry'],
        `El flujo de entrada "${bot.entry}" no existe.${didYouMean(bot.entry, flows.keys())} Revise "entry".`,
      ),
    );
  }
  for (const [name, intent] of Object.entries(bot.intents)) {
    checkTarget(
      flows,
      intent.goto,
      (field, message) =>
        errors.push(
          errorAt(botSource, ['intents', name, 'goto', field], `En la intención "${name}": ${lowerFirst(message)}`),
        ),
      broken,
    );
    for (const [slotName, slot] of Object.entries(intent.slots)) {
      if (!('pattern' in slot)) continue;
      try {
        new RegExp(slot.pattern, 'iu');
      } catch {
        errors.push(
          errorAt(
            botSource,
            ['intents', name, 'slots', slotName, 'pattern'],
            `En la intención "${name}": el patrón de "${slotName}" no es una expresión regular válida.`,
          ),
        );
      }
    }
  }
  const wordOwner = new Map<string, string>();
  for (const [name, c] of Object.entries(bot.commands)) {
    if (c.goto) {
      checkTarget(
        flows,
        c.goto,
        (field, message) =>
          errors.push(
            errorAt(botSource, ['commands', name, 'goto', field], `En el comando "${name}": ${lowerFirst(message)}`),
          ),
        broken,
      );
    }
    c.words.forEach((w, i) => {
      const key = normalizeText(w);
      const owner = wordOwner.get(key);
      if (owner !== undefined && owner !== name) {
        errors.push(
          errorAt(
            botSource,
            ['commands', name, 'words', i],
            `La palabra "${w}" ya activa el comando "${owner}". Una palabra solo puede activar un comando.`,
          ),
        );
      }
      wordOwner.set(key, name);
    });
  }
  return errors;
}

/**
 * Validates and compiles flows from their texts; the pure core of {@link loadFlowBundle}, also handy in tests.
 * `bot` is bot.yaml (null when the file is missing).
 */
export function compileFlowBundle(
  bot: FlowSourceFile | null,
  files: readonly FlowSourceFile[],
  options: CompileOptions,
): FlowLoadResult {
  const errors: FlowError[] = [];
  const warnings: FlowError[] = [];
  let botConfig: BotConfig | null = null;
  let botSource: YamlSource | null = null;
  if (!bot) {
    errors.push({
      file: 'bot.yaml',
      line: 0,
      column: 0,
      path: '',
      message: 'Falta el archivo bot.yaml con la configuración general (flujo de entrada, comandos y textos).',
    });
  } else {
    const parsed = parseYamlSource(bot.file, bot.text);
    errors.push(...parsed.errors);
    botSource = parsed.source;
    if (parsed.errors.length === 0) {
      if (options.facts) errors.push(...checkFactVariables(parsed.source, options.facts));
      const r = BotConfigSchema.safeParse(parsed.source.data);
      if (r.success) botConfig = r.data;
      else errors.push(...schemaErrors(parsed.source, r.error.issues, botKeysAt));
    }
  }
  const flows = new Map<string, CompiledFlowFile>();
  const broken = new Set<string>();
  for (const f of files) {
    const parsed = parseYamlSource(f.file, f.text);
    if (parsed.errors.length > 0) {
      errors.push(...parsed.errors);
      broken.add(intendedId(f.file, undefined));
      continue;
    }
    const r = FlowFileSchema.safeParse(parsed.source.data);
    if (!r.success) {
      errors.push(...schemaErrors(parsed.source, r.error.issues, flowKeysAt));
      broken.add(intendedId(f.file, parsed.source.data));
      continue;
    }
    const compiled = compileFlowFile(parsed.source, r.data, options.actions);
    errors.push(...compiled.errors);
    if (options.facts) errors.push(...checkFactVariables(parsed.source, options.facts));
    warnings.push(...compiled.warnings);
    const existing = flows.get(r.data.id);
    if (existing) {
      errors.push(
        errorAt(
          parsed.source,
          ['id'],
          `El id de flujo "${r.data.id}" ya lo usa ${existing.source.file}. Cada flujo necesita un id distinto.`,
        ),
      );
      continue;
    }
    flows.set(r.data.id, compiled);
  }
  if (botConfig && botSource) {
    errors.push(...checkCrossReferences(flows, botConfig, botSource, broken));
    if (errors.length === 0) warnings.push(...reachability(flows, botConfig));
  }
  if (errors.length > 0 || !botConfig) return { ok: false, errors, warnings };
  const compiledFlows = new Map<string, CompiledFlow>([...flows].map(([id, f]) => [id, f.flow]));
  const intents = new IntentSet(botConfig.intents);
  const bundle: FlowBundle = { bot: botConfig, flows: compiledFlows, actions: options.actions, intents };
  if (options.facts) bundle.facts = options.facts;
  return { ok: true, bundle, warnings };
}
