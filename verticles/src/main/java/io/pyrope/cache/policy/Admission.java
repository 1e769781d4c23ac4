package io.pyrope.cache.policy;

/** Whether a rule lets a search result into the cache. */
public enum Admission {
  /** Every result. */
  ALWAYS("always"),
  /** None: the index is not cached. */
  NEVER("never"),
  /** Results whose proxy cost (distance computations) is at least the rule's {@code min_proxy_cost}. */
  MIN_COST("min_cost");

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
