package io.pyrope.node.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resolved configuration of a node: every key of {@link ConfigKeys} with its parsed value and
 * the layer it came from. Immutable; built by {@link ConfigLoader}.
 */
public final class PyropeConfig {
  private final Map<ConfigKey<?>, Object> values;
  private final Map<ConfigKey<?>, String> sources;
  private final String adminKey;

  PyropeConfig(Map<ConfigKey<?>, Object> values, Map<ConfigKey<?>, String> sources, String adminKey) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    this.adminKey = adminKey;
  }

  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    return (T) values.get(key);
  }

  /** Where a key's value came from: "default", "file FILE", "env NAME" or "flag". */
  public String source(ConfigKey<?> key) {
    return sources.get(key);
  }

  /** The node admin key from {@code auth.admin-key} or {@code auth.admin-key-file}; empty when auth is off. */
  public String adminKey() {
    return adminKey;
  }

  public boolean authEnabled() {
    return !adminKey.isEmpty();
  }

  /** Key = value lines for the start-up log, with secrets masked. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    for (ConfigKey<?> k : ConfigKeys.ALL) {
      Object v = k == ConfigKeys.ADMIN_KEY ? (adminKey.isEmpty() ? "" : "<set>") : values.get(k);
      sb.append(k.name()).append('=').append(v).append(" (").append(sources.get(k)).append(")\n");
    }
    return sb.toString();
  }
}
