/**
 * The decision rule, in two Bayes decisions on the model's probabilities (p_i that entry i is what the citizen means,
 * p_none that no entry is):
 *
 * 1. Scope. Saying "no sé" to a message the base answers costs `missedAnswer`; engaging with one it does not answer
 *    (answering it, or offering entries for it) costs `engagedOutOfScope`. So "no sé" when
 *      p_none · engagedOutOfScope > (1 − p_none) · missedAnswer,
 *    that is p_none > 1/3 with the default costs.
 * 2. Which entry, given that it is in scope (q_i = p_i / (1 − p_none)):
 *      answer with the best entry     (1 − q_1) · wrongAnswer
 *      ask which of the best k ≥ 2     clarify + k · clarifyPerOption + (1 − Σ_{i≤k} q_i) · missedAnswer
 *    With the default costs, answering needs q_1 > 0.6 + q_2, and a third or fourth option is listed when its
 *    conditional probability exceeds 10 %.
 *
 * No threshold is tuned on evaluation data: the costs say what a mistake is worth, and the probabilities are fitted on
 * held-out questions at load time. Splitting the decision keeps a message the model believes in scope from getting
 * "no sé" only because its probability is spread over several entries: asking which one is better than giving up.
 */
export interface DecisionCosts {
  /** Answering with an entry that is not what was asked: the worst outcome. */
  wrongAnswer: number;
  /** Answering, or offering entries for, a message no entry answers: the assistant pretends to know. */
  engagedOutOfScope: number;
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
  engagedOutOfScope: 1,
  missedAnswer: 0.5,
  clarify: 0.15,
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
  const first = candidates[0];
  if (first === undefined) return { kind: 'unknown' };
  if (none * costs.engagedOutOfScope > (1 - none) * costs.missedAnswer) return { kind: 'unknown' };
  const inScope = Math.max(1 - none, 1e-12);
  let best: Decision = { kind: 'answer' };
  let bestCost = (1 - first / inScope) * costs.wrongAnswer;
  let covered = first / inScope;
  for (let k = 2; k <= Math.min(costs.maxClarifyOptions, candidates.length); k += 1) {
    covered += (candidates[k - 1] as number) / inScope;
    const cost = costs.clarify + k * costs.clarifyPerOption + Math.max(0, 1 - covered) * costs.missedAnswer;
    if (cost < bestCost) {
      best = { kind: 'clarify', options: k };
      bestCost = cost;
    }
  }
  return best;
}
