import type { z } from 'zod';
import { didYouMean } from './closest-name.js';
import type { PathPart } from './yaml-source.js';

/** A schema problem in editor terms: where it is (and which key, for misplaced keys) and what to do. */
export interface DescribedIssue {
  path: PathPart[];
  key?: string;
  message: string;
}

/** Context the messages need: the parsed data (to name nodes and read bad values) and the valid keys at a path. */
export interface IssueContext {
  data: unknown;
  keysAt: (path: readonly PathPart[], data: unknown) => readonly string[] | undefined;
}

const typeNames: Record<string, string> = {
  string: 'un texto',
  number: 'un número',
  boolean: 'true o false',
  array: 'una lista (líneas que empiezan con "-")',
  object: 'un bloque de campos',
  record: 'un bloque de campos',
};

function valueAt(data: unknown, path: readonly PathPart[]): unknown {
  let v: unknown = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

function fieldName(path: readonly PathPart[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const p = path[i];
    if (typeof p === 'string') return p;
  }
  return undefined;
}

function field(path: readonly PathPart[]): string {
  const name = fieldName(path);
  return name === undefined ? 'este valor' : `"${name}"`;
}

function describeOne(issue: z.core.$ZodIssue, path: PathPart[], ctx: IssueContext): DescribedIssue[] {
  const at = (message: string, key?: string): DescribedIssue[] => [
    { path, message, ...(key !== undefined ? { key } : {}) },
  ];
  switch (issue.code) {
    case 'invalid_type': {
      const value = valueAt(ctx.data, path);
      const expected = typeNames[issue.expected] ?? issue.expected;
      if (value === undefined)
        return [{ path: path.slice(0, -1), message: `falta el campo ${field(path)}. Agréguelo.` }];
      return at(`${field(path)} debe ser ${expected}.`);
    }
    case 'unrecognized_keys': {
      const known = ctx.keysAt(path, ctx.data) ?? [];
      return issue.keys.map((k) => ({
        path,
        key: k,
        message: `el campo "${k}" no existe aquí.${didYouMean(k, known)}${known.length > 0 ? ` Campos posibles: ${known.join(', ')}.` : ''}`,
      }));
    }
    case 'invalid_value': {
      const value = valueAt(ctx.data, path);
      const options = issue.values.map(String);
      const hint = typeof value === 'string' ? didYouMean(value, options) : '';
      return at(
        `${field(path)} no puede ser ${JSON.stringify(value)}.${hint} Valores posibles: ${options.join(', ')}.`,
      );
    }
    case 'invalid_union': {
      const discriminator = (issue as { discriminator?: string }).discriminator;
      const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
      if (discriminator !== undefined) {
        const value = valueAt(ctx.data, path);
        if (value === undefined) return [{ path: path.slice(0, -1), message: `falta el campo "${discriminator}".` }];
        return at(
          `"${String(value)}" no es un tipo de nodo conocido.${didYouMean(String(value), options)} Tipos posibles: ${options.join(', ')}.`,
        );
      }
      // Report the alternative that came closest (fewest problems) instead of every alternative's complaints.
      const branches = issue.errors.filter((b) => b.length > 0).sort((a, b) => a.length - b.length);
      const best = branches[0];
      if (best && best.every((i) => i.code !== 'unrecognized_keys' || i.path.length > 0)) {
        return best.flatMap((i) => describeOne(i, [...path, ...(i.path as PathPart[])], ctx));
      }
      return at(issue.message);
    }
    case 'too_small':
      if (issue.origin === 'array') return at(`${field(path)} necesita al menos ${String(issue.minimum)} elemento(s).`);
      if (issue.origin === 'string')
        return at(issue.message.startsWith('el ') ? issue.message : `${field(path)} está vacío.`);
      return at(`${field(path)} debe ser ${String(issue.minimum)} o más.`);
    case 'too_big':
      if (issue.origin === 'array') return at(`${field(path)} admite como máximo ${String(issue.maximum)} elementos.`);
      if (issue.origin === 'string')
        return at(`${field(path)} es demasiado largo (máximo ${String(issue.maximum)} caracteres).`);
      return at(`${field(path)} debe ser ${String(issue.maximum)} o menos.`);
    case 'invalid_format':
      return at(`${field(path)}: ${issue.message}.`);
    case 'invalid_key':
      return at(`el nombre ${JSON.stringify(path[path.length - 1])} no es válido: ${issue.issues[0]?.message ?? ''}.`);
    default:
      return at(`${field(path)}: ${issue.message}.`);
  }
}

/** Turns zod issues into messages an editor can act on. */
export function describeZodIssues(issues: readonly z.core.$ZodIssue[], ctx: IssueContext): DescribedIssue[] {
  return issues.flatMap((i) => describeOne(i, i.path as PathPart[], ctx));
}
