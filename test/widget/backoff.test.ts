import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../web-widget/src/backoff.js';

describe('backoffDelay', () => {
  it('starts at one second and doubles', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 4].map((attempt) => backoffDelay(attempt, middle))).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  it('never waits more than 30 seconds, even with jitter or after many attempts', () => {
    expect(backoffDelay(5, () => 0.99)).toBe(30_000);
    expect(backoffDelay(500, () => 0.99)).toBe(30_000);
  });

  it('spreads retries by ±25 %', () => {
    expect(backoffDelay(0, () => 0)).toBe(750);
    expect(backoffDelay(0, () => 1)).toBe(1250);
    expect(backoffDelay(10, () => 0)).toBe(22_500);
  });
});
