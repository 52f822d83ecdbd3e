import type { TrafficLight, TrafficLightColour } from './types.js';

/**
 * A due-date light as words and a shape, never colour alone (WCAG 1.4.1): the text says how it stands and how many
 * business days remain, the symbol differs per light for people who do not tell the colours apart.
 */
export interface LightBadge {
  className: string;
  symbol: string;
  text: string;
}

const SYMBOLS: Record<TrafficLightColour, string> = {
  green: '●',
  yellow: '▲',
  red: '◆',
  expired: '✖',
  paused: '‖',
  closed: '✔',
};

const FALLBACK_LABELS: Record<TrafficLightColour, string> = {
  green: 'A tiempo',
  yellow: 'Por vencer',
  red: 'Vence hoy',
  expired: 'Vencido',
  paused: 'Suspendido (esperando al ciudadano)',
  closed: 'Cerrado',
};

function businessDays(n: number): string {
  return n === 1 ? '1 día hábil' : `${n} días hábiles`;
}

export function lightBadge(reading: TrafficLight): LightBadge {
  const light = reading.light in SYMBOLS ? reading.light : 'green';
  const label = reading.label || FALLBACK_LABELS[light];
  const days = reading.businessDaysRemaining;
  let detail = '';
  if (days !== null) {
    if ((light === 'green' || light === 'yellow') && days > 0)
      detail = days === 1 ? 'queda 1 día hábil' : `quedan ${businessDays(days)}`;
    else if (light === 'expired' && days < 0) detail = `hace ${businessDays(-days)}`;
  }
  return { className: `light light--${light}`, symbol: SYMBOLS[light], text: detail ? `${label}: ${detail}` : label };
}

/** Options for the inbox's filter, in the order an official thinks of them (most urgent first). */
export const LIGHT_FILTERS: { value: TrafficLightColour; label: string }[] = [
  { value: 'expired', label: 'Vencidos' },
  { value: 'red', label: 'Vencen hoy' },
  { value: 'yellow', label: 'Por vencer' },
  { value: 'green', label: 'A tiempo' },
  { value: 'paused', label: 'Suspendidos' },
  { value: 'closed', label: 'Cerrados' },
];
