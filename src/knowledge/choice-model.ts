/**
 * A conditional logit ("choice") model with an out-of-scope side: for one message, every candidate option c (an entry,
 * or an out-of-scope topic) gets the score w·x_c, a residual "none" option gets v·z, and
 *
 *   P(c) = exp(w·x_c) / Z,   Z = exp(v·z) + Σ_k exp(w·x_k),
 *   P(out of scope) = (exp(v·z) + Σ_{k topic} exp(w·x_k)) / Z.
 *
 * Out-of-scope topics compete with entries on the same evidence, so a message close to "sacar el pasaporte" is
 * explained by that topic rather than by the entry sharing the most words with it; the residual option covers
 * out-of-scope messages about topics nobody wrote examples for. The weights are shared by all options (x_c describes
 * how well option c fits the message, never which option it is), so the model has a dozen parameters whatever the size
 * of the knowledge base, trains in milliseconds, and its probabilities are fitted by maximum likelihood on messages it
 * did not see (held-out questions), which is what makes them usable as probabilities.
 */

export interface ChoiceSample {
  candidates: Float64Array[];
  /** 1 for the candidates that are out-of-scope topics. */
  outOfScope: Uint8Array;
  none: Float64Array;
  /** Index of the right entry, or -1 when the message is out of scope (or its entry was not even retrieved). */
  target: number;
  weight: number;
}

export interface ChoiceModel {
  candidate: Float64Array;
  none: Float64Array;
}

export interface ChoiceProbabilities {
  /** The residual option alone. */
  none: number;
  /** Per candidate (topics included). */
  candidates: number[];
}

/** Probability that the message is out of scope: the residual option plus every topic candidate. */
export function outOfScopeProbability(p: ChoiceProbabilities, outOfScope: Uint8Array): number {
  return p.candidates.reduce((sum, pc, c) => (outOfScope[c] === 1 ? sum + pc : sum), p.none);
}

export function choiceProbabilities(
  model: ChoiceModel,
  candidates: readonly Float64Array[],
  none: Float64Array,
): ChoiceProbabilities {
  const scores = candidates.map((x) => dotArray(model.candidate, x));
  const noneScore = dotArray(model.none, none);
  const max = Math.max(noneScore, ...scores);
  const expNone = Math.exp(noneScore - max);
  const exps = scores.map((s) => Math.exp(s - max));
  const total = expNone + exps.reduce((a, b) => a + b, 0);
  return { none: expNone / total, candidates: exps.map((e) => e / total) };
}

function dotArray(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i += 1) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** Solves A x = b by Cholesky for a small symmetric matrix; undefined when A is not positive definite. */
function solve(matrix: Float64Array, b: Float64Array, n: number): Float64Array | undefined {
  const a = Float64Array.from(matrix);
  for (let j = 0; j < n; j += 1) {
    let d = a[j * n + j] as number;
    for (let k = 0; k < j; k += 1) d -= (a[j * n + k] as number) ** 2;
    if (!(d > 1e-10)) return undefined;
    const root = Math.sqrt(d);
    a[j * n + j] = root;
    for (let i = j + 1; i < n; i += 1) {
      let s = a[i * n + j] as number;
      for (let k = 0; k < j; k += 1) s -= (a[i * n + k] as number) * (a[j * n + k] as number);
      a[i * n + j] = s / root;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    let s = b[i] as number;
    for (let k = 0; k < i; k += 1) s -= (a[i * n + k] as number) * (y[k] as number);
    y[i] = s / (a[i * n + i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i -= 1) {
    let s = y[i] as number;
    for (let k = i + 1; k < n; k += 1) s -= (a[k * n + i] as number) * (x[k] as number);
    x[i] = s / (a[i * n + i] as number);
  }
  return x;
}

/**
 * One sample's options as rows of the full parameter space, flattened: a candidate's features fill the first d1
 * columns of its row, the residual option's the last d2. Precomputed once, so each evaluation of the objective is
 * plain arithmetic over typed arrays.
 */
interface PreparedSample {
  rows: Float64Array;
  count: number;
  /** 1 for the rows that count as the right answer (the target entry; or every out-of-scope row). */
  right: Uint8Array;
  weight: number;
}

function prepare(samples: readonly ChoiceSample[], d1: number, d2: number): PreparedSample[] {
  const n = d1 + d2;
  return samples.map((sample) => {
    const count = sample.candidates.length + 1;
    const rows = new Float64Array(count * n);
    sample.candidates.forEach((x, c) => rows.set(x, c * n));
    rows.set(sample.none, (count - 1) * n + d1);
    const right = new Uint8Array(count);
    if (sample.target >= 0) right[sample.target] = 1;
    else {
      sample.outOfScope.forEach((flag, c) => (right[c] = flag));
      right[count - 1] = 1;
    }
    return { rows, count, right, weight: sample.weight };
  });
}

interface Objective {
  loss: number;
  gradient: Float64Array;
  hessian: Float64Array;
}

/**
 * Weighted negative log-likelihood plus an L2 penalty (not applied to the residual option's intercept). A message is
 * right under any of its right options (an out-of-scope message under any out-of-scope option), so its likelihood is
 * the sum over them: the gradient is the model's expected features minus their expectation given a right option, and
 * the Hessian the difference of the two covariances.
 */
function objective(
  samples: readonly PreparedSample[],
  theta: Float64Array,
  l2: number,
  intercept: number,
  full: boolean,
): Objective {
  const n = theta.length;
  const gradient = new Float64Array(n);
  const hessian = new Float64Array(full ? n * n : 0);
  let loss = 0;
  const all = new Float64Array(n);
  const given = new Float64Array(n);
  let exps = new Float64Array(32);
  for (const { rows, count, right, weight } of samples) {
    if (exps.length < count) exps = new Float64Array(count * 2);
    let max = -Infinity;
    for (let r = 0; r < count; r += 1) {
      let z = 0;
      const at = r * n;
      for (let j = 0; j < n; j += 1) z += (theta[j] as number) * (rows[at + j] as number);
      exps[r] = z;
      if (z > max) max = z;
    }
    let total = 0;
    let rightTotal = 0;
    for (let r = 0; r < count; r += 1) {
      const e = Math.exp((exps[r] as number) - max);
      exps[r] = e;
      total += e;
      if (right[r] === 1) rightTotal += e;
    }
    loss -= weight * Math.log(Math.max(rightTotal / total, 1e-300));
    if (rightTotal === 0) continue;
    all.fill(0);
    given.fill(0);
    for (let r = 0; r < count; r += 1) {
      const p = (exps[r] as number) / total;
      const q = right[r] === 1 ? (exps[r] as number) / rightTotal : 0;
      const at = r * n;
      for (let j = 0; j < n; j += 1) {
        const x = rows[at + j] as number;
        all[j] = (all[j] as number) + p * x;
        given[j] = (given[j] as number) + q * x;
      }
      if (!full) continue;
      const c = weight * (p - q);
      if (c === 0) continue;
      for (let i = 0; i < n; i += 1) {
        const ci = c * (rows[at + i] as number);
        if (ci === 0) continue;
        for (let j = 0; j < n; j += 1)
          hessian[i * n + j] = (hessian[i * n + j] as number) + ci * (rows[at + j] as number);
      }
    }
    for (let j = 0; j < n; j += 1)
      gradient[j] = (gradient[j] as number) + weight * ((all[j] as number) - (given[j] as number));
    if (!full) continue;
    for (let i = 0; i < n; i += 1) {
      const a = weight * (all[i] as number);
      const g = weight * (given[i] as number);
      for (let j = 0; j < n; j += 1) {
        hessian[i * n + j] = (hessian[i * n + j] as number) - a * (all[j] as number) + g * (given[j] as number);
      }
    }
  }
  for (let j = 0; j < n; j += 1) {
    if (j === intercept) continue;
    loss += 0.5 * l2 * (theta[j] as number) ** 2;
    gradient[j] = (gradient[j] as number) + l2 * (theta[j] as number);
    if (full) hessian[j * n + j] = (hessian[j * n + j] as number) + l2;
  }
  return { loss, gradient, hessian };
}

/** The Newton direction, with the Hessian's diagonal raised just enough to make it positive definite. */
function newtonStep(current: Objective, n: number): Float64Array | undefined {
  const scale = current.hessian.reduce((s, v, i) => (i % (n + 1) === 0 ? s + Math.abs(v) : s), 0) / n;
  for (let damping = 0; damping < 1e6; damping = damping === 0 ? 1e-6 : damping * 10) {
    const damped = Float64Array.from(current.hessian);
    for (let j = 0; j < n; j += 1) damped[j * n + j] = (damped[j * n + j] as number) + damping * scale;
    const step = solve(damped, current.gradient, n);
    if (step !== undefined) return step;
  }
  return undefined;
}

/**
 * Maximum likelihood by Newton's method with a backtracking line search (the Hessian made positive definite where the
 * likelihood is not convex). With a dozen parameters each step is instant, and it converges in a dozen steps.
 * Parameters outside `free` stay at zero.
 */
function newton(
  prepared: readonly PreparedSample[],
  start: Float64Array,
  intercept: number,
  l2: number,
  free: readonly boolean[],
): Float64Array {
  const n = start.length;
  let theta = start.map((t, i) => (free[i] ? t : 0));
  const restrict = (o: Objective): Objective => {
    for (let i = 0; i < n; i += 1) {
      if (free[i]) continue;
      o.gradient[i] = 0;
      for (let j = 0; j < n; j += 1) {
        o.hessian[i * n + j] = i === j ? 1 : 0;
        o.hessian[j * n + i] = i === j ? 1 : 0;
      }
    }
    return o;
  };
  let current = restrict(objective(prepared, theta, l2, intercept, true));
  for (let iteration = 0; iteration < 100; iteration += 1) {
    const step = newtonStep(current, n);
    if (step === undefined) break;
    let scale = 1;
    let accepted = false;
    while (scale > 1e-6) {
      const next = theta.map((t, i) => t - scale * (step[i] as number));
      const value = objective(prepared, next, l2, intercept, false);
      if (value.loss <= current.loss) {
        const gain = current.loss - value.loss;
        theta = next;
        current = restrict(objective(prepared, theta, l2, intercept, true));
        accepted = true;
        if (gain < 1e-6 * Math.max(1, Math.abs(current.loss))) return theta;
        break;
      }
      scale /= 2;
    }
    if (!accepted) break;
  }
  return theta;
}

/**
 * Fits the model. `nonNegative[j]` marks parameters whose sign is known (more similarity, more coverage can only count
 * for an option): those the fit makes negative (correlated features trading weight) are fixed at zero and the rest
 * refitted, until none is (a simple active-set method). Besides being what the features mean, this
 * keeps the model sane where training never looks: held-out questions are never identical to an example, citizens'
 * messages sometimes are.
 */
export function fitChoiceModel(
  samples: readonly ChoiceSample[],
  d1: number,
  d2: number,
  nonNegative: readonly boolean[] = [],
  l2 = 1,
): ChoiceModel {
  const n = d1 + d2;
  const prepared = prepare(samples, d1, d2);
  const free = new Array<boolean>(n).fill(true);
  // Most Newton steps are spent far from the optimum: take them on every fourth sample, then finish on all of them.
  let theta: Float64Array =
    prepared.length > 800
      ? newton(
          prepared.filter((_, i) => i % 4 === 0),
          new Float64Array(n),
          d1,
          l2 / 4,
          free,
        )
      : new Float64Array(n);
  for (;;) {
    // Each refit starts from the last solution: only one weight moved to zero.
    theta = newton(prepared, theta, d1, l2, free);
    const negative = [...theta.keys()].filter((j) => free[j] && nonNegative[j] === true && (theta[j] as number) < 0);
    if (negative.length === 0) return split(theta, d1);
    for (const j of negative) free[j] = false;
  }
}

function split(theta: Float64Array, d1: number): ChoiceModel {
  return { candidate: theta.slice(0, d1), none: theta.slice(d1) };
}
