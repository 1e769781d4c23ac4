package io.pyrope.cache.policy;

/** Whether a rule lets a search result into the cache. */
public enum Admission {
  /** Every result. */
  ALWAYS("always"),
  /** None: the index is not cached. */
  NEVER("never"),
  /** Results whose proxy cost (distance computations) is at least the rule's {@code min_proxy_cost}. */
  MIN_COST("min_cost"),
  /**
   * Results whose key (the one they would be stored under) already missed recently: the first
   * miss of a key only records it in the index's doorkeeper, a second one within its memory
   * stores the result. Keeps one-hit wonders (scans, unique queries) out of the cache.
   */
  SEEN_BEFORE("seen_before");

  private final String wireName;

  Admission(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The value for a wire name, or null. */
  public static Admission of(String name) {
    for (Admission a : values()) {
      if (a.wireName.equals(name)) {
        return a;
      }
    }
    return null;
  }
}
