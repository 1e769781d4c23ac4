package io.pyrope.cache.policy;

/** Which entries go first when a budget is exceeded. */
public enum EvictionMode {
  /** Lowest {@link ValueScore value} first: expected hits × saved cost − size and staleness penalties. */
  SCORE("score"),
  /** Least recently used (served or stored) first. */
  LRU("lru");

  private final String wireName;

  EvictionMode(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The value for a wire name, or null. */
  public static EvictionMode of(String name) {
    for (EvictionMode m : values()) {
      if (m.wireName.equals(name)) {
        return m;
      }
    }
    return null;
  }
}
