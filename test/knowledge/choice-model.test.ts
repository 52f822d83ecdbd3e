import { describe, expect, it } from 'vitest';
import { choiceProbabilities, fitChoiceModel, outOfScopeProbability } from '../../src/knowledge/choice-model.js';
import type { ChoiceModel, ChoiceSample } from '../../src/knowledge/choice-model.js';
import { seededRandom } from '../../src/knowledge/seeded-random.js';

/** Messages drawn from a known model: three entry candidates with two features each, an out-of-scope topic option. */
function draw(model: ChoiceModel, count: number, seed: number): ChoiceSample[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const candidates = [0, 1, 2, 3].map(() => Float64Array.of(random(), random() * 2, 0));
    (candidates[3] as Float64Array)[2] = 1;
    const outOfScope = Uint8Array.of(0, 0, 0, 1);
    const none = Float64Array.of(1, random());
    const p = choiceProbabilities(model, candidates, none);
    let u = random();
    let target = -1;
    for (let c = 0; c < 3; c += 1) {
      u -= p.candidates[c] as number;
      if (u < 0) {
        target = c;
        break;
      }
    }
    return { candidates, outOfScope, none, target, weight: 1 };
  });
}

const truth: ChoiceModel = { candidate: Float64Array.of(3, 1, -0.5), none: Float64Array.of(0.5, 2) };

describe('fitChoiceModel', () => {
  it('recovers the weights that generated the choices', () => {
    const fitted = fitChoiceModel(draw(truth, 4000, 1), 3, 2, [], 0.01);
    [...truth.candidate, ...truth.none].forEach((w, i) => {
      const got = i < 3 ? fitted.candidate[i] : fitted.none[i - 3];
      expect(got).toBeCloseTo(w, 0);
    });
  });

  it('gives probabilities that match frequencies on messages it did not see', () => {
    const fitted = fitChoiceModel(draw(truth, 4000, 2), 3, 2);
    const test = draw(truth, 4000, 3);
    let predicted = 0;
    let observed = 0;
    for (const s of test) {
      const p = choiceProbabilities(fitted, s.candidates, s.none);
      predicted += outOfScopeProbability(p, s.outOfScope);
      if (s.target < 0) observed += 1;
    }
    expect(Math.abs(predicted - observed) / test.length).toBeLessThan(0.02);
  });

  it('keeps weights declared non-negative at zero or above', () => {
    // Feature 1 truly counts against an entry; declared non-negative, it must be pinned at zero, not go negative.
    const against: ChoiceModel = { candidate: Float64Array.of(3, -1, 0), none: Float64Array.of(0.5, 2) };
    const samples = draw(against, 3000, 4);
    expect(fitChoiceModel(samples, 3, 2).candidate[1]).toBeLessThan(-0.5);
    const constrained = fitChoiceModel(samples, 3, 2, [true, true, false, false, false]);
    expect(constrained.candidate[1]).toBe(0);
    expect(constrained.candidate[0]).toBeGreaterThan(1);
  });
});
