import { dateParts } from '../../cases/local-date.js';
import type { LocalDate } from '../../cases/local-date.js';

/**
 * How the printable reports write numbers and dates for Colombian readers: "55,6 %", "27 de marzo de 2026". The
 * space before % is non-breaking so a figure never ends a printed line apart from its sign.
 */

const NBSP = '\u00a0';
const numberFormat = new Intl.NumberFormat('es-CO', { maximumFractionDigits: 1 });
const dateFormat = new Intl.DateTimeFormat('es-CO', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const bogotaDate = new Intl.DateTimeFormat('es-CO', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'America/Bogota',
});
const bogotaTime = new Intl.DateTimeFormat('es-CO', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'America/Bogota',
});

/** "14,5": at most one decimal, comma as decimal separator. */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** A share from 0 to 1 as "55,6 %". */
export function formatPercent(share: number): string {
  return `${formatNumber(share * 100)}${NBSP}%`;
}

/** "27 de marzo de 2026". */
export function formatDateEs(date: LocalDate): string {
  const { year, month, day } = dateParts(date);
  return dateFormat.format(new Date(Date.UTC(year, month - 1, day)));
}

/** "27 de marzo de 2026 a las 10:05 (hora de Colombia)". */
export function formatInstantEs(instant: Date): string {
  return `${bogotaDate.format(instant)} a las ${bogotaTime.format(instant)} (hora de Colombia)`;
}

/** "1 solicitud", "3 solicitudes". */
export function plural(count: number, singular: string, pluralForm: string): string {
  return `${formatNumber(count)} ${count === 1 ? singular : pluralForm}`;
}

/** "14,5 días hábiles", or a dash when there is nothing to average. */
export function formatBusinessDays(value: number | null): string {
  return value === null ? '—' : plural(value, 'día hábil', 'días hábiles');
}

/** "a, b y c" as written in Spanish. */
export function joinEs(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} y ${items[items.length - 1] ?? ''}`;
}
