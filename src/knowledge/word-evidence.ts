/**
 * Which words tend to come with out-of-scope messages and which with questions the base answers: per term, the log
 * odds of appearing in an out-of-scope example versus in an entry's texts (Bernoulli naive Bayes, add-one smoothing).
 * Topic options only see one topic's examples at a time; this pools all of them, so words such as "novia", "receta" or
 * "eps" count as evidence of "out of scope" even in a message about a topic nobody wrote examples for. Counted per
 * text so that a held-out text (or a whole topic) can be taken away again when training.
 */
export class WordEvidence {
  private readonly inside = new Map<string, number>();
  private readonly outside = new Map<string, number>();
  private readonly insideTexts: number;
  private readonly outsideTexts: number;

  constructor(inScopeTexts: readonly (readonly string[])[], outOfScopeTexts: readonly (readonly string[])[]) {
    const count = (texts: readonly (readonly string[])[], into: Map<string, number>): void => {
      for (const terms of texts) for (const term of new Set(terms)) into.set(term, (into.get(term) ?? 0) + 1);
    };
    count(inScopeTexts, this.inside);
    count(outOfScopeTexts, this.outside);
    this.insideTexts = inScopeTexts.length;
    this.outsideTexts = outOfScopeTexts.length;
  }

  /**
   * Mean log odds (out of scope versus in scope) of the distinct terms, leaving out the given in-scope or
   * out-of-scope texts. Terms neither side has seen count zero.
   */
  score(
    terms: readonly string[],
    leaveOut: { inScope?: readonly (readonly string[])[]; outOfScope?: readonly (readonly string[])[] } = {},
  ): number {
    const removed = (texts: readonly (readonly string[])[] | undefined): Map<string, number> => {
      const out = new Map<string, number>();
      for (const t of texts ?? []) for (const term of new Set(t)) out.set(term, (out.get(term) ?? 0) + 1);
      return out;
    };
    const lessIn = removed(leaveOut.inScope);
    const lessOut = removed(leaveOut.outOfScope);
    const nIn = this.insideTexts - (leaveOut.inScope?.length ?? 0);
    const nOut = this.outsideTexts - (leaveOut.outOfScope?.length ?? 0);
    const distinct = [...new Set(terms)];
    if (distinct.length === 0 || nIn <= 0 || nOut <= 0) return 0;
    let sum = 0;
    for (const term of distinct) {
      const a = (this.outside.get(term) ?? 0) - (lessOut.get(term) ?? 0);
      const b = (this.inside.get(term) ?? 0) - (lessIn.get(term) ?? 0);
      if (a === 0 && b === 0) continue;
      sum += Math.log((a + 1) / (nOut + 2)) - Math.log((b + 1) / (nIn + 2));
    }
    return sum / distinct.length;
  }
}
