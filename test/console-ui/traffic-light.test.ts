import { describe, expect, it } from 'vitest';
import { lightBadge } from '../../web-console/src/traffic-light.js';

describe('the due-date traffic light', () => {
  it('says in words how the case stands and how many business days remain, not only by colour', () => {
    expect(lightBadge({ light: 'green', businessDaysRemaining: 15, label: 'A tiempo' })).toEqual({
      className: 'light light--green',
      symbol: '●',
      text: 'A tiempo: quedan 15 días hábiles',
    });
    expect(lightBadge({ light: 'yellow', businessDaysRemaining: 1, label: 'Por vencer' }).text).toBe(
      'Por vencer: queda 1 día hábil',
    );
    expect(lightBadge({ light: 'red', businessDaysRemaining: 0, label: 'Vence hoy' }).text).toBe('Vence hoy');
    expect(lightBadge({ light: 'expired', businessDaysRemaining: -3, label: 'Vencido' }).text).toBe(
      'Vencido: hace 3 días hábiles',
    );
    expect(
      lightBadge({ light: 'paused', businessDaysRemaining: null, label: 'Suspendido (esperando al ciudadano)' }).text,
    ).toBe('Suspendido (esperando al ciudadano)');
  });

  it('gives every light its own symbol, so people who do not tell the colours apart still can', () => {
    const lights = ['green', 'yellow', 'red', 'expired', 'paused', 'closed'] as const;
    const symbols = lights.map((light) => lightBadge({ light, businessDaysRemaining: null, label: '' }).symbol);
    expect(new Set(symbols).size).toBe(lights.length);
  });

  it('falls back to its own Spanish label when the server sends none', () => {
    expect(lightBadge({ light: 'closed', businessDaysRemaining: null, label: '' }).text).toBe('Cerrado');
  });
});
