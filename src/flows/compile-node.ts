import type { BuiltInActionName } from './action-catalog.js';
import type { SourceNode } from './flow-file-schema.js';
import type { ActionNode, FlowNode, NextNode } from './flow-node.js';
import type { JsonValue } from '../lib/json-value.js';

/** Action each sugar node type calls. */
export const sugarActions: Record<string, BuiltInActionName> = {
  kb: 'kb.lookup',
  case_create: 'case.create',
  case_status: 'case.status',
  handoff: 'handoff.request',
  survey: 'survey.start',
};

/** For sugar shorthand fields: which argument each fills (`question` → `args.question`). */
export const sugarArgFields: Record<string, string[]> = { kb: ['question'], handoff: ['reason'], survey: ['survey'] };

function toList(text: string | string[] | undefined): string[] {
  if (text === undefined) return [];
  return Array.isArray(text) ? text : [text];
}

function compileAction(node: Extract<SourceNode, { args?: unknown }>, fallthrough: NextNode): ActionNode {
  const args: Record<string, JsonValue> = { ...(node.args ?? {}) };
  for (const f of sugarArgFields[node.type] ?? []) {
    const v = (node as Record<string, unknown>)[f];
    if (typeof v === 'string') args[f] = v;
  }
  return {
    type: 'action',
    id: node.id,
    source: node.type,
    action: node.type === 'action' ? node.action : (sugarActions[node.type] ?? node.type),
    args,
    next: node.next ?? fallthrough,
    ...(node.result !== undefined ? { result: node.result } : {}),
    ...(node.onError !== undefined ? { onError: node.onError } : {}),
    ...(node.type === 'kb' && node.onNotFound !== undefined ? { onEmpty: node.onNotFound } : {}),
  };
}

/**
 * Compiles one node as written to the node the interpreter runs. `fallthrough` is the id of the node below it in the
 * file: a node without `next` continues there, because editors read a flow top to bottom like a script.
 */
export function compileNode(node: SourceNode, fallthrough: NextNode, flowId: string): FlowNode {
  switch (node.type) {
    case 'say':
      return { type: 'say', id: node.id, texts: toList(node.text), next: node.next ?? fallthrough };
    case 'ask':
      return {
        type: 'ask',
        id: node.id,
        text: node.text,
        var: node.var,
        input: node.input,
        maxAttempts: node.maxAttempts ?? 3,
        optional: node.optional ?? false,
        options: (node.options ?? []).map((o) => ({
          label: o.label,
          value: o.value ?? o.label,
          aliases: o.aliases ?? [],
          ...(o.description !== undefined ? { description: o.description } : {}),
        })),
        integer: node.integer ?? false,
        notFuture: node.notFuture ?? false,
        maxLength: node.maxLength ?? 2000,
        next: node.next ?? fallthrough,
        ...(node.retry !== undefined ? { retry: node.retry } : {}),
        ...(node.onInvalid !== undefined ? { onInvalid: node.onInvalid } : {}),
        ...(node.min !== undefined ? { min: node.min } : {}),
        ...(node.max !== undefined ? { max: node.max } : {}),
        ...(node.idTypes !== undefined ? { idTypes: node.idTypes } : {}),
        ...(node.remember !== undefined ? { remember: node.remember } : {}),
        ...(node.prefill !== undefined ? { prefill: node.prefill } : {}),
        ...(node.prefilled !== undefined ? { prefilled: node.prefilled } : {}),
        ...(node.optionsFrom !== undefined
          ? {
              optionsFrom: {
                var: node.optionsFrom.var,
                label: node.optionsFrom.label ?? 'label',
                value: node.optionsFrom.value ?? 'value',
                max: node.optionsFrom.max ?? 10,
              },
            }
          : {}),
      };
    case 'menu':
      return {
        type: 'menu',
        id: node.id,
        text: node.text,
        maxAttempts: node.maxAttempts ?? 3,
        options: node.options.map((o) => ({
          label: o.label,
          next: o.next,
          aliases: o.aliases ?? [],
          ...(o.description !== undefined ? { description: o.description } : {}),
        })),
        ...(node.retry !== undefined ? { retry: node.retry } : {}),
        ...(node.onInvalid !== undefined ? { onInvalid: node.onInvalid } : {}),
      };
    case 'condition': {
      const branches =
        node.branches ?? (node.if !== undefined && node.then !== undefined ? [{ if: node.if, next: node.then }] : []);
      return { type: 'condition', id: node.id, branches, else: node.else ?? fallthrough };
    }
    case 'set':
      return { type: 'set', id: node.id, vars: node.vars, next: node.next ?? fallthrough };
    case 'goto':
      return { type: 'goto', id: node.id, flow: node.flow ?? flowId, node: node.node ?? null };
    case 'call':
      return { type: 'call', id: node.id, flow: node.flow, node: node.node ?? null, next: node.next ?? fallthrough };
    case 'return':
      return { type: 'return', id: node.id };
    case 'end':
      return { type: 'end', id: node.id, texts: toList(node.text), reason: node.reason ?? 'completed' };
    default:
      return compileAction(node, fallthrough);
  }
}

/** Ids this node can continue to inside its own flow. */
export function localTargets(node: FlowNode, currentFlow: string): string[] {
  const out: (string | null | undefined)[] = [];
  switch (node.type) {
    case 'say':
    case 'set':
      out.push(node.next);
      break;
    case 'ask':
      out.push(node.next, node.onInvalid);
      break;
    case 'menu':
      out.push(...node.options.map((o) => o.next), node.onInvalid);
      break;
    case 'condition':
      out.push(...node.branches.map((b) => b.next), node.else);
      break;
    case 'goto':
      if (node.flow === currentFlow) out.push(node.node);
      break;
    case 'call':
      out.push(node.next);
      if (node.flow === currentFlow) out.push(node.node);
      break;
    case 'action':
      out.push(node.next, node.onError, node.onEmpty);
      break;
    case 'return':
    case 'end':
      break;
  }
  return out.filter((t): t is string => typeof t === 'string');
}
