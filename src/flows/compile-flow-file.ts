import type { ActionCatalog } from './action-catalog.js';
import { checkActionArgs } from './check-action-args.js';
import { didYouMean } from '../lib/closest-name.js';
import { compileNode } from './compile-node.js';
import type { CompiledFlow } from './flow-bundle.js';
import type { FlowError } from '../lib/flow-error.js';
import type { FlowFile, SourceNode } from './flow-file-schema.js';
import type { FlowNode } from './flow-node.js';
import { reservedVarNames } from './names.js';
import { normalizeText } from '../lib/normalize-text.js';
import { errorAt, type PathPart, type YamlSource } from '../lib/yaml-source.js';

/** A flow compiled from one file, with what cross-file checks need to point back at it. */
export interface CompiledFlowFile {
  flow: CompiledFlow;
  source: YamlSource;
  /** Node id → its index in `nodes`, for positions. */
  index: Map<string, number>;
  errors: FlowError[];
  warnings: FlowError[];
}

const reserved = new Set<string>(reservedVarNames);

/** Every field of a node that names another node of the same flow, with its path for messages. */
function localRefs(node: SourceNode): { path: PathPart[]; target: string }[] {
  const refs: { path: PathPart[]; target: string }[] = [];
  const add = (path: PathPart[], target: string | undefined) => {
    if (target !== undefined) refs.push({ path, target });
  };
  const n = node as Record<string, unknown>;
  for (const f of ['next', 'onInvalid', 'onError', 'onNotFound', 'then', 'else']) {
    if (typeof n[f] === 'string') add([f], n[f]);
  }
  if (node.type === 'menu') node.options.forEach((o, i) => add(['options', i, 'next'], o.next));
  if (node.type === 'condition') node.branches?.forEach((b, i) => add(['branches', i, 'next'], b.next));
  return refs;
}

function checkNodeRules(node: SourceNode, at: (path: PathPart[], msg: string) => void): void {
  const name = `El nodo "${node.id}"`;
  if (node.type === 'ask') {
    if (reserved.has(node.var)) at(['var'], `${name} guarda en "${node.var}", un nombre reservado. Use otro nombre.`);
    if (node.input === 'option' && !node.options && !node.optionsFrom) {
      at([], `${name} pregunta con opciones (input: option) pero no tiene "options" ni "optionsFrom".`);
    }
    if (node.input !== 'option' && node.options)
      at(['options'], `${name} tiene "options" pero no es "input: option". Use "input: option" o un nodo "menu".`);
    if (node.input !== 'option' && node.optionsFrom)
      at(['optionsFrom'], `${name} tiene "optionsFrom" pero no es "input: option". Agregue "input: option".`);
    if (node.optionsFrom && node.optionsFrom.var.split('.')[0] === node.var) {
      at(
        ['optionsFrom', 'var'],
        `${name} toma las opciones de "${node.optionsFrom.var}" y guarda la respuesta en "${node.var}": la respuesta borraría la lista. Use otra variable en "var".`,
      );
    }
    if (node.idTypes && node.input !== 'id')
      at(['idTypes'], `${name} tiene "idTypes", que solo sirve con "input: id".`);
    if (node.remember && node.input !== 'text')
      at(['remember'], `${name} tiene "remember: name", que solo sirve con "input: text".`);
    if (node.min !== undefined && node.max !== undefined && node.min > node.max)
      at(['min'], `${name} tiene "min" mayor que "max".`);
  }
  if (
    (node.type === 'kb' ||
      node.type === 'action' ||
      node.type.startsWith('case_') ||
      node.type === 'handoff' ||
      node.type === 'survey') &&
    'result' in node
  ) {
    const result = node.result;
    if (typeof result === 'string' && reserved.has(result))
      at(['result'], `${name} guarda en "${result}", un nombre reservado. Use otro nombre.`);
  }
  if (node.type === 'set') {
    for (const key of Object.keys(node.vars)) {
      if (reserved.has(key)) at(['vars', key], `${name} cambia "${key}", un nombre reservado que no se puede cambiar.`);
    }
  }
  if (node.type === 'condition') {
    const simple = node.if !== undefined || node.then !== undefined;
    if (simple && node.branches) at([], `${name} usa "if/then" y "branches" a la vez. Use solo una forma.`);
    else if (!node.branches && (node.if === undefined || node.then === undefined)) {
      at([], `${name} necesita "if" y "then" (o una lista "branches").`);
    }
  }
  if (node.type === 'goto' && node.flow === undefined && node.node === undefined) {
    at([], `${name} no dice a dónde ir. Agregue "node" o "flow".`);
  }
  if (node.type === 'menu' || (node.type === 'ask' && node.options)) {
    const seen = new Set<string>();
    (node.options ?? []).forEach((o, i) => {
      const key = normalizeText(o.label);
      if (seen.has(key))
        at(
          ['options', i, 'label'],
          `${name} tiene dos opciones con el texto "${o.label}". Cada opción debe ser distinta.`,
        );
      seen.add(key);
    });
  }
}

/** Checks one flow on its own (ids, targets, node rules, actions) and compiles it. */
export function compileFlowFile(source: YamlSource, file: FlowFile, actions: ActionCatalog): CompiledFlowFile {
  const errors: FlowError[] = [];
  const warnings: FlowError[] = [];
  const index = new Map<string, number>();
  file.nodes.forEach((node, i) => {
    const first = index.get(node.id);
    if (first !== undefined) {
      const line = errorAt(source, ['nodes', first, 'id'], '').line;
      errors.push(
        errorAt(
          source,
          ['nodes', i, 'id'],
          `El id "${node.id}" ya se usa en otro nodo de este flujo (línea ${line}). Cada nodo necesita un id distinto.`,
        ),
      );
    } else index.set(node.id, i);
  });
  const ids = [...index.keys()];
  const nodes = new Map<string, FlowNode>();
  file.nodes.forEach((node, i) => {
    const at = (path: PathPart[], msg: string) => errors.push(errorAt(source, ['nodes', i, ...path], msg));
    checkNodeRules(node, at);
    for (const ref of localRefs(node)) {
      if (!index.has(ref.target)) {
        const fieldName = ref.path.filter((p) => typeof p === 'string').pop() ?? 'next';
        at(
          ref.path,
          `El nodo "${node.id}" apunta a "${ref.target}", que no existe en este flujo.${didYouMean(ref.target, ids)} Revise el nombre en "${fieldName}".`,
        );
      }
    }
    const compiled = compileNode(node, file.nodes[i + 1]?.id ?? null, file.id);
    if (compiled.type === 'action') {
      errors.push(...checkActionArgs(source, ['nodes', i], compiled, actions));
      if (compiled.onError === undefined) {
        warnings.push(
          errorAt(
            source,
            ['nodes', i],
            `El nodo "${node.id}" no tiene "onError": si la acción falla, la conversación termina con el mensaje de disculpa.`,
          ),
        );
      }
    }
    if (!nodes.has(node.id)) nodes.set(node.id, compiled);
  });
  let start = file.nodes[0]?.id ?? '';
  if (file.start !== undefined) {
    if (index.has(file.start)) start = file.start;
    else
      errors.push(
        errorAt(
          source,
          ['start'],
          `"start" apunta a "${file.start}", que no existe en este flujo.${didYouMean(file.start, ids)}`,
        ),
      );
  }
  return { flow: { id: file.id, file: source.file, start, nodes }, source, index, errors, warnings };
}
