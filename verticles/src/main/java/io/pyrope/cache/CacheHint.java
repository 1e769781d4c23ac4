package io.pyrope.cache;

import java.util.Locale;

/** {@code CACHE_HINT} of VEC.SEARCH: what the client wants the cache to do for this request. */
public enum CacheHint {
  /** Read the cache; on a miss search and offer the result to admission. */
  DEFAULT,
  /** Answer only from the cache; a miss is a {@code VEC_ERR_BUSY cache miss …} error, and nothing is searched. */
  FORCE,
  /** Skip the cache both ways: search, and store nothing. */
  BYPASS;

  /** The hint for a client's word (case-insensitive), or null. */
  public static CacheHint of(String word) {
    String w = word.toUpperCase(Locale.ROOT);
    for (CacheHint h : values()) {
      if (h.name().equals(w)) {
        return h;
      }
    }
    return null;
  }
}
