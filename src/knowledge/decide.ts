/**
 * The decision rule: the action with the lowest expected cost under the model's probabilities (Bayes decision). With
 * p_i the probability that entry i is what the citizen means and p_none that no entry is:
 *
 *   answer with the best entry      (1 − p_1) · wrongAnswer
 *   ask which of the best k (k ≥ 2)  clarify + k · clarifyPerOption + (1 − Σ_{i≤k} p_i) · missedAnswer
 *   say "no sé"                      (1 − p_none) · missedAnswer
 *
 * With the default costs, answering needs p_1 > 2/3 when the rest of the probability is "none", and asking beats
 * answering when the best two are close (p_1 − p_2 < 1/2); a third option is offered when its probability exceeds
 * 10 %. No threshold is tuned on evaluation data: the costs say
 * what a mistake is worth, and the probabilities are fitted on held-out questions at load time.
 */
export interface DecisionCosts {
  /** Answering with an entry that is not what was asked, or answering an out-of-scope message: the worst outcome. */
  wrongAnswer: number;
  /** Saying "no sé" (and offering the menu or a person) when an entry had the answer. */
  missedAnswer: number;
  /** Asking "which of these?": one more turn for the citizen. */
  clarify: number;
  /** Each option listed: a longer list is harder to read. */
  clarifyPerOption: number;
  /** Most entries offered in a "which of these?" question. */
  maxClarifyOptions: number;
}

export const DEFAULT_DECISION_COSTS: DecisionCosts = {
  wrongAnswer: 1,
  missedAnswer: 0.5,
  clarify: 0.1,
  clarifyPerOption: 0.05,
  maxClarifyOptions: 4,
};

export type Decision = { kind: 'answer' } | { kind: 'clarify'; options: number } | { kind: 'unknown' };

/** `candidates` are the entries' probabilities, best first; `none` is the out-of-scope probability. */
export function decide(
  candidates: readonly number[],
  none: number,
  costs: DecisionCosts = DEFAULT_DECISION_COSTS,
): Decision {
  let best: Decision = { kind: 'unknown' };
  let bestCost = (1 - none) * costs.missedAnswer;
  const first = candidates[0];
  if (first === undefined) return best;
  const answerCost = (1 - first) * costs.wrongAnswer;
  if (answerCost < bestCost) {
    best = { kind: 'answer' };
    bestCost = answerCost;
  }
  let covered = first;
  for (let k = 2; k <= Math.min(costs.maxClarifyOptions, candidates.length); k += 1) {
    covered += candidates[k - 1] as number;
    const cost = costs.clarify + k * costs.clarifyPerOption + (1 - covered) * costs.missedAnswer;
    if (cost < bestCost) {
      best = { kind: 'clarify', options: k };
      bestCost = cost;
    }
  }
  return best;
}
