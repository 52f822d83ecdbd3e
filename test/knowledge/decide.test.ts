import { describe, expect, it } from 'vitest';
import { decide, DEFAULT_DECISION_COSTS } from '../../src/knowledge/decide.js';

describe('decide: scope first, then answer or ask, each by expected cost', () => {
  it('says "no sé" when out of scope is more likely than 1/3, whatever the entries look like', () => {
    expect(decide([0.6], 0.34)).toEqual({ kind: 'unknown' });
    expect(decide([0.3, 0.1], 0.6)).toEqual({ kind: 'unknown' });
    expect(decide([], 0)).toEqual({ kind: 'unknown' });
  });

  it('answers when the best entry leads clearly among the in-scope readings (q1 > 0.6 + q2)', () => {
    expect(decide([0.7], 0.3)).toEqual({ kind: 'answer' });
    expect(decide([0.9, 0.08], 0.02)).toEqual({ kind: 'answer' });
    expect(decide([0.8, 0.12], 0.08)).toEqual({ kind: 'answer' });
    expect(decide([0.6, 0.3], 0.1)).toEqual({ kind: 'clarify', options: 2 });
  });

  it('asks which one rather than giving up when a message in scope is spread over several entries', () => {
    expect(decide([0.5, 0.45], 0.05)).toEqual({ kind: 'clarify', options: 2 });
    expect(decide([0.25, 0.2, 0.15, 0.12], 0.2)).toEqual({ kind: 'clarify', options: 4 });
  });

  it('lists a third or fourth option only when it is worth reading (above 10 % given in scope)', () => {
    expect(decide([0.4, 0.35, 0.15, 0.03], 0.07)).toEqual({ kind: 'clarify', options: 3 });
    expect(decide([0.45, 0.45, 0.03, 0.02], 0.05)).toEqual({ kind: 'clarify', options: 2 });
  });

  it('follows the costs it is given', () => {
    expect(decide([0.8], 0.2)).toEqual({ kind: 'answer' });
    expect(decide([0.8], 0.2, { ...DEFAULT_DECISION_COSTS, engagedOutOfScope: 3 })).toEqual({ kind: 'unknown' });
    expect(decide([0.75, 0.05], 0.2, { ...DEFAULT_DECISION_COSTS, wrongAnswer: 6 })).toEqual({
      kind: 'clarify',
      options: 2,
    });
  });
});
