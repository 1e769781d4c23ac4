package io.pyrope.cache.policy;

/** How the cache keeps an index's entries consistent with its writes. */
public enum Consistency {
  /**
   * Every write makes every entry of the index stale: an entry is served only while the index is
   * at the epoch the entry was computed at. Costs nothing per write.
   */
  EPOCH("epoch"),
  /**
   * A write drops only the entries whose result it could change (an added or moved vector
   * closer to the entry's query than its k-th hit, or a hit's id deleted or replaced) and moves
   * the others to the new epoch. Costs a scan of the index's entries per write.
   */
  PRECISE("precise");

  private final String wireName;

  Consistency(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The value for a wire name, or null. */
  public static Consistency of(String name) {
    for (Consistency c : values()) {
      if (c.wireName.equals(name)) {
        return c;
      }
    }
    return null;
  }
}
