package io.pyrope.bench.workload;

/**
 * Whether a cache hit answered the question that was asked.
 *
 * <p>The bench knows which query's miss stored each cache key (it saw that miss admitted, with
 * the key in TRACE), so every hit has a <em>served-from</em> question {@code f} next to the
 * asked question {@code a}. A hit is
 * <ul>
 *   <li>{@link Verdict#SAME_TEXT}: {@code f} and {@code a} are the same text (every L0 hit);
 *   <li>{@link Verdict#SAME_CLUSTER}: different texts of one cluster (chained label-1 pairs):
 *       a correct semantic hit;
 *   <li>{@link Verdict#WRONG}: {@code f} and {@code a} are in different clusters — nothing in the
 *       data says they ask the same thing, so the answer was computed for another question. Of
 *       these, {@link #labelledDifferent} tells the ones whose pair a person labelled 0 (surely
 *       wrong); the others are unlabelled pairs of different clusters (wrong as far as the data
 *       knows);
 *   <li>{@link Verdict#UNKNOWN}: the entry was stored by no query of this run that the bench saw
 *       (an entry from before the run, or a race between connections).
 * </ul>
 */
public final class HitJudge {
  /** The verdict on one hit. */
  public enum Verdict { SAME_TEXT, SAME_CLUSTER, WRONG, UNKNOWN }

  private final QqpPairs pairs;

  public HitJudge(QqpPairs pairs) {
    this.pairs = pairs;
  }

  /** The verdict for a hit on {@code askedText} served from an entry stored by {@code fromText} (-1: unknown). */
  public Verdict judge(int askedText, int fromText) {
    if (fromText < 0) {
      return Verdict.UNKNOWN;
    }
    if (fromText == askedText) {
      return Verdict.SAME_TEXT;
    }
    return pairs.clusterOf(fromText) == pairs.clusterOf(askedText) ? Verdict.SAME_CLUSTER : Verdict.WRONG;
  }

  /** Whether the pairs file labels (asked, from) 0: a wrong hit a person would call wrong. */
  public boolean labelledDifferent(int askedText, int fromText) {
    return fromText >= 0 && pairs.labelledDifferent(askedText, fromText);
  }
}
