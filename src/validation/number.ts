import { invalid, valid, type ValidationResult } from './validation-result.js';

/** Limits for {@link validateNumber}. */
export interface NumberRules {
  min?: number;
  max?: number;
  integer?: boolean;
}

function formatEs(n: number): string {
  return n.toLocaleString('es-CO');
}

/**
 * Reads a number as written in Colombia: "1.500" is fifteen hundred, "2,5" is two and a half, "1.234.567,89" works
 * too. A single dot followed by exactly three digits is read as thousands, which is what people mean when they type
 * prices or quantities.
 */
export function validateNumber(input: string, rules: NumberRules = {}): ValidationResult<number> {
  let text = input.trim().replace(/\s/g, '').replace(/^\$/, '');
  if (!/^-?[\d.,]+$/.test(text) || !/\d/.test(text)) {
    return invalid('Escriba solo el número, sin letras. Ejemplo: 25.');
  }
  if (text.includes(',')) text = text.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d{1,3}(\.\d{3})+$/.test(text)) text = text.replace(/\./g, '');
  const n = Number(text);
  if (!Number.isFinite(n)) return invalid('Escriba solo el número, sin letras. Ejemplo: 25.');
  if (rules.integer && !Number.isInteger(n)) return invalid('Escriba un número entero, sin decimales.');
  if (rules.min !== undefined && n < rules.min) return invalid(`El número debe ser ${formatEs(rules.min)} o más.`);
  if (rules.max !== undefined && n > rules.max) return invalid(`El número debe ser ${formatEs(rules.max)} o menos.`);
  return valid(n);
}
