import { z } from 'zod';
import { ConditionSchema } from './condition.js';
import { JsonValueSchema } from '../lib/json-value.js';
import { fieldNamePattern, flowIdPattern, nodeIdPattern, varNamePattern, varPathPattern } from './names.js';
import { colombianIdTypes } from '../validation/colombian-id.js';

/**
 * The flow language as editors write it (one YAML file per flow, `version: 1`). One strict schema per node type so a
 * misspelt key is reported instead of silently ignored. Sugar node types (kb, case_create, …) are compiled to
 * `action` nodes by compileNode.
 */

const NodeId = z.string().regex(nodeIdPattern, {
  message: 'use solo letras sin tilde, números, "_" o "-" (sin espacios)',
});
const FlowId = z.string().regex(flowIdPattern, {
  message: 'use solo letras sin tilde, números, "_" o "-" (sin espacios)',
});
const VarName = z.string().regex(varNamePattern, {
  message: 'use solo letras sin tilde, números y "_", empezando por una letra',
});
const Text = z.string().trim().min(1, { message: 'el texto está vacío' }).max(4096);
const Texts = z.union([Text, z.array(Text).min(1)]);
const Args = z.record(z.string(), JsonValueSchema);
const Attempts = z.number().int().min(1).max(10);

const base = { id: NodeId };

export const askInputTypes = [
  'text',
  'id',
  'cedula',
  'nit',
  'email',
  'phone',
  'date',
  'number',
  'option',
  'file',
] as const;

const ChoiceSchema = z.strictObject({
  label: z.string().trim().min(1).max(200),
  value: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(200).optional(),
  /** Other words that pick this option ("queja", "reclamo"). */
  aliases: z.array(z.string().trim().min(1)).optional(),
});

/**
 * Options an `ask` with `input: option` takes from a variable at run time (for example the entries an action found):
 * `var` is the list, `label` and `value` name the fields of each item that give the option's text and stored value.
 */
const FieldName = z.string().regex(fieldNamePattern, { message: 'use solo letras sin tilde, números y "_"' });
const OptionsFromSchema = z.strictObject({
  var: z.string().regex(varPathPattern, {
    message: 'escriba el nombre de una variable, con puntos para sus partes (por ejemplo respuesta.opciones)',
  }),
  label: FieldName.optional(),
  value: FieldName.optional(),
  max: z.number().int().min(1).max(10).optional(),
});

const MenuOptionSchema = ChoiceSchema.omit({ value: true }).extend({ next: NodeId });

const SaySchema = z.strictObject({ ...base, type: z.literal('say'), text: Texts, next: NodeId.optional() });

const AskSchema = z.strictObject({
  ...base,
  type: z.literal('ask'),
  text: Text,
  var: VarName,
  input: z.enum(askInputTypes).default('text'),
  retry: Text.optional(),
  maxAttempts: Attempts.optional(),
  onInvalid: NodeId.optional(),
  optional: z.boolean().optional(),
  options: z.array(ChoiceSchema).min(1).max(20).optional(),
  optionsFrom: OptionsFromSchema.optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
  idTypes: z.array(z.enum(colombianIdTypes)).min(1).optional(),
  notFuture: z.boolean().optional(),
  maxLength: z.number().int().min(1).max(8000).optional(),
  remember: z.literal('name').optional(),
  /** A variable (filled by an intent's slot) taken as the answer when it holds a valid one; the question is skipped. */
  prefill: VarName.optional(),
  /** Said when the answer came from `prefill`, so the citizen knows what was understood. */
  prefilled: Text.optional(),
  next: NodeId.optional(),
});

const MenuSchema = z.strictObject({
  ...base,
  type: z.literal('menu'),
  text: Text,
  options: z.array(MenuOptionSchema).min(1).max(20),
  retry: Text.optional(),
  maxAttempts: Attempts.optional(),
  onInvalid: NodeId.optional(),
});

const BranchSchema = z.strictObject({ if: ConditionSchema, next: NodeId });

const ConditionNodeSchema = z.strictObject({
  ...base,
  type: z.literal('condition'),
  if: ConditionSchema.optional(),
  then: NodeId.optional(),
  branches: z.array(BranchSchema).min(1).optional(),
  else: NodeId.optional(),
});

const SetSchema = z.strictObject({
  ...base,
  type: z.literal('set'),
  vars: z.record(VarName, JsonValueSchema),
  next: NodeId.optional(),
});

const GotoSchema = z.strictObject({
  ...base,
  type: z.literal('goto'),
  flow: FlowId.optional(),
  node: NodeId.optional(),
});

const CallSchema = z.strictObject({
  ...base,
  type: z.literal('call'),
  flow: FlowId,
  node: NodeId.optional(),
  next: NodeId.optional(),
});

const ReturnSchema = z.strictObject({ ...base, type: z.literal('return') });

const actionFields = {
  args: Args.optional(),
  result: VarName.optional(),
  next: NodeId.optional(),
  onError: NodeId.optional(),
};

const ActionSchema = z.strictObject({ ...base, type: z.literal('action'), action: z.string().min(1), ...actionFields });
const KbSchema = z.strictObject({
  ...base,
  type: z.literal('kb'),
  question: Text,
  onNotFound: NodeId.optional(),
  ...actionFields,
});
const CaseCreateSchema = z.strictObject({ ...base, type: z.literal('case_create'), ...actionFields });
const CaseStatusSchema = z.strictObject({ ...base, type: z.literal('case_status'), ...actionFields });
const HandoffSchema = z.strictObject({ ...base, type: z.literal('handoff'), reason: Text.optional(), ...actionFields });
const SurveySchema = z.strictObject({
  ...base,
  type: z.literal('survey'),
  survey: z.string().min(1).optional(),
  ...actionFields,
});

const EndSchema = z.strictObject({
  ...base,
  type: z.literal('end'),
  text: Texts.optional(),
  reason: z.enum(['completed', 'cancelled']).optional(),
});

export const SourceNodeSchema = z.discriminatedUnion('type', [
  SaySchema,
  AskSchema,
  MenuSchema,
  ConditionNodeSchema,
  SetSchema,
  GotoSchema,
  CallSchema,
  ReturnSchema,
  ActionSchema,
  KbSchema,
  CaseCreateSchema,
  CaseStatusSchema,
  HandoffSchema,
  SurveySchema,
  EndSchema,
]);
export type SourceNode = z.infer<typeof SourceNodeSchema>;

export const sourceNodeTypes = SourceNodeSchema.options.map((o) => o.shape.type.value);

/** One flow file. */
export const FlowFileSchema = z.strictObject({
  version: z.literal(1),
  id: FlowId,
  description: z.string().optional(),
  /** First node; defaults to the first in the list. */
  start: NodeId.optional(),
  nodes: z.array(SourceNodeSchema).min(1, { message: 'el flujo no tiene nodos' }),
});
export type FlowFile = z.infer<typeof FlowFileSchema>;
