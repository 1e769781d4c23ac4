package io.pyrope.cache;

/** Which cache layer answered a search. */
public enum CacheLayer {
  /** None: the search ran. */
  NONE("none"),
  /** The exact key: same vector bytes, filter, topK, params. */
  L0("l0"),
  /** The tolerant key: same SimHash bucket, topK rounded up, reply cut to the asked k. */
  L1("l1");

  private final String wireName;

  CacheLayer(String wireName) {
    this.wireName = wireName;
  }

  /** Label value and TRACE value. */
  public String wireName() {
    return wireName;
  }
}
