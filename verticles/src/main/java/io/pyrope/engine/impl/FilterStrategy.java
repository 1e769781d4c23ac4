package io.pyrope.engine.impl;

/** How a search applied its filter; the wire names go into {@code SearchReply.strategy}. */
public enum FilterStrategy {
  /** No filter. */
  NONE("none"),
  /** Matching labels found by a scan, then a FAISS search restricted to them (ID selector). */
  PREFILTER("prefilter"),
  /** A FAISS search over-fetching, non-matching hits dropped, again with more until topK is filled. */
  POSTFILTER("postfilter"),
  /** Matching rows found by a scan and scored exactly in Java. */
  BRUTEFORCE("bruteforce");

  private final String wireName;

  FilterStrategy(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
