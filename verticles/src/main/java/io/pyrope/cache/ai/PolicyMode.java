package io.pyrope.cache.ai;

import java.util.Locale;

/**
 * Who decides the node's policy table. {@code PUT /v1/cache/policies {"mode": …}} sets it;
 * {@code ai.fallback} names the table the deadline fallback installs ({@link #STATIC} or
 * {@link #LRU}).
 */
public enum PolicyMode {
  /** The ai-controller's valid tables are swapped in as they arrive; guarded by the fallback rules. */
  AUTO,
  /** The operator's last table (or the configured one) is pinned; AI tables are ignored. */
  STATIC,
  /** The operator's or configured table with LRU eviction is pinned; AI tables are ignored. */
  LRU;

  /** The name on the wire and in metrics: auto, static, lru. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode named {@code s} (case-insensitive), or null. */
  public static PolicyMode of(String s) {
    for (PolicyMode m : values()) {
      if (m.wireName().equalsIgnoreCase(s)) {
        return m;
      }
    }
    return null;
  }
}
