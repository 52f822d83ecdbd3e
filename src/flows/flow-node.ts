import type { Condition } from './condition.js';
import type { JsonValue } from '../lib/json-value.js';
import type { ColombianIdType } from '../validation/colombian-id.js';
import type { askInputTypes } from './flow-file-schema.js';

/**
 * Nodes as the interpreter runs them: sugar compiled away, every implicit "continue with the node below" made an
 * explicit `next`. `next: null` means the flow ends here (returning to the calling flow, if any).
 */
export type FlowNode =
  SayNode | AskNode | MenuNode | ConditionNode | SetNode | GotoNode | CallNode | ReturnNode | ActionNode | EndNode;

export type NextNode = string | null;

export interface SayNode {
  type: 'say';
  id: string;
  texts: string[];
  next: NextNode;
}

export type AskInput = (typeof askInputTypes)[number];

export interface Choice {
  label: string;
  value: string;
  description?: string;
  aliases: string[];
}

/** Options taken from a list variable when the question is asked (`optionsFrom`). */
export interface OptionsFrom {
  /** Dotted path of the list. */
  var: string;
  /** Field of each item shown to the citizen. */
  label: string;
  /** Field of each item stored in the variable (the label when the item has none). */
  value: string;
  /** At most this many items become options. */
  max: number;
}

export interface AskNode {
  type: 'ask';
  id: string;
  text: string;
  var: string;
  input: AskInput;
  retry?: string;
  maxAttempts: number;
  onInvalid?: string;
  optional: boolean;
  /** Fixed options; with `optionsFrom`, shown after the variable's. */
  options: Choice[];
  optionsFrom?: OptionsFrom;
  min?: number;
  max?: number;
  integer: boolean;
  idTypes?: ColombianIdType[];
  notFuture: boolean;
  maxLength: number;
  remember?: 'name';
  /** Variable taken as the answer, when valid, instead of asking (then cleared so a later pass asks). */
  prefill?: string;
  /** Said when the answer came from `prefill`. */
  prefilled?: string;
  next: NextNode;
}

export interface MenuOption {
  label: string;
  description?: string;
  aliases: string[];
  next: string;
}

export interface MenuNode {
  type: 'menu';
  id: string;
  text: string;
  options: MenuOption[];
  retry?: string;
  maxAttempts: number;
  onInvalid?: string;
}

export interface ConditionNode {
  type: 'condition';
  id: string;
  branches: { if: Condition; next: string }[];
  else: NextNode;
}

export interface SetNode {
  type: 'set';
  id: string;
  vars: Record<string, JsonValue>;
  next: NextNode;
}

export interface GotoNode {
  type: 'goto';
  id: string;
  flow: string;
  /** Null: the target flow's start node. */
  node: string | null;
}

export interface CallNode {
  type: 'call';
  id: string;
  flow: string;
  node: string | null;
  next: NextNode;
}

export interface ReturnNode {
  type: 'return';
  id: string;
}

export interface ActionNode {
  type: 'action';
  id: string;
  /** The node type the editor wrote (`kb`, `case_create`, …), for messages. */
  source: string;
  action: string;
  args: Record<string, JsonValue>;
  result?: string;
  next: NextNode;
  onError?: string;
  /** Taken when the action succeeds with nothing (null, or `{ found: false }`); set by `kb`'s `onNotFound`. */
  onEmpty?: string;
}

export interface EndNode {
  type: 'end';
  id: string;
  texts: string[];
  reason: 'completed' | 'cancelled';
}
