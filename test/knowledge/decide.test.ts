import { describe, expect, it } from 'vitest';
import { decide, DEFAULT_DECISION_COSTS } from '../../src/knowledge/decide.js';

describe('decide: the action with the lowest expected cost', () => {
  it('answers only when the best entry is likely enough: above 2/3 when the rest is "out of scope"', () => {
    expect(decide([0.7], 0.3)).toEqual({ kind: 'answer' });
    expect(decide([0.6], 0.4)).toEqual({ kind: 'unknown' });
    expect(decide([], 1)).toEqual({ kind: 'unknown' });
  });

  it('asks which one when two entries share the probability, and answers when one clearly leads', () => {
    expect(decide([0.5, 0.45], 0.05)).toEqual({ kind: 'clarify', options: 2 });
    expect(decide([0.9, 0.08], 0.02)).toEqual({ kind: 'answer' });
    // p1 must exceed 0.6 + p2 to answer rather than ask between two.
    expect(decide([0.74, 0.16], 0.1)).toEqual({ kind: 'clarify', options: 2 });
    expect(decide([0.8, 0.12], 0.08)).toEqual({ kind: 'answer' });
  });

  it('lists a third or fourth option only when it is worth reading (above 10 %)', () => {
    expect(decide([0.4, 0.35, 0.15, 0.05], 0.05)).toEqual({ kind: 'clarify', options: 3 });
    expect(decide([0.3, 0.3, 0.2, 0.15], 0.05)).toEqual({ kind: 'clarify', options: 4 });
    expect(decide([0.4, 0.4, 0.08, 0.07], 0.05)).toEqual({ kind: 'clarify', options: 2 });
  });

  it('says "no sé" when out of scope is the likeliest reading, even with a leading entry', () => {
    expect(decide([0.3, 0.1], 0.6)).toEqual({ kind: 'unknown' });
  });

  it('follows the costs it is given', () => {
    const cautious = { ...DEFAULT_DECISION_COSTS, wrongAnswer: 4 };
    expect(decide([0.8], 0.2)).toEqual({ kind: 'answer' });
    expect(decide([0.8], 0.2, cautious)).toEqual({ kind: 'unknown' });
  });
});
