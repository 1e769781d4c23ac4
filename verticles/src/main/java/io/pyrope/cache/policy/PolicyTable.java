package io.pyrope.cache.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The hot-path policy: immutable, consulted by every cached search, replaced as a whole.
 *
 * <p><b>Threading.</b> Immutable and therefore freely shared; the cache holds the current table
 * in one {@code AtomicReference} and a writer (the admin route today, the ai-controller's policy
 * updates later) swaps in a new one. A request reads the reference once and uses that table
 * for its whole decision, so it never sees half of an update.
 *
 * <p><b>Cost.</b> {@link #rule} walks the rules, most specific first, comparing names with
 * {@code String.equals}: a few nanoseconds per rule, no allocation. Tables are expected to hold
 * tens of rules; the last one always matches.
 *
 * @param version increases with every swap; reported by GET and in TRACE
 * @param eviction score or LRU
 * @param defaultTenantMaxBytes budget of a tenant not named in {@code tenantMaxBytes}
 * @param tenantMaxBytes per-tenant budgets, bytes of what the cache stores for that tenant
 * @param rules most specific first; the last is the catch-all {@code *}/{@code *}
 * @param modelVersion what made the table: {@link #STATIC_MODEL} for configured and operator
 *     tables, the ai-controller's {@code model_version} for its tables; logged with each decision
 */
public record PolicyTable(long version, EvictionMode eviction, long defaultTenantMaxBytes,
    Map<String, Long> tenantMaxBytes, List<PolicyRule> rules, String modelVersion) {

  /** Most rules a table may hold. */
  public static final int MAX_RULES = 1024;
  /** Model version of a table written by hand (configuration or the admin API). */
  public static final String STATIC_MODEL = "static-rules";

  /** A hand-written table ({@link #STATIC_MODEL}). */
  public PolicyTable(long version, EvictionMode eviction, long defaultTenantMaxBytes, Map<String, Long> tenantMaxBytes,
      List<PolicyRule> rules) {
    this(version, eviction, defaultTenantMaxBytes, tenantMaxBytes, rules, STATIC_MODEL);
  }

  public PolicyTable {
    java.util.Objects.requireNonNull(modelVersion, "modelVersion");
    tenantMaxBytes = Map.copyOf(tenantMaxBytes);
    List<PolicyRule> sorted = new ArrayList<>(rules);
    sorted.sort(Comparator.comparingInt(PolicyRule::specificity).reversed()); // stable: ties keep their order
    if (sorted.isEmpty() || sorted.get(sorted.size() - 1).specificity() != 0) {
      throw new IllegalArgumentException("a policy table needs a catch-all rule (tenant \"*\", index \"*\")");
    }
    rules = List.copyOf(sorted);
  }

  /** The rule for this tenant and index: the first (most specific) match. Allocates nothing. */
  public PolicyRule rule(String tenant, String index) {
    List<PolicyRule> rs = rules;
    for (int i = 0, n = rs.size(); i < n; i++) {
      PolicyRule r = rs.get(i);
      if (r.matches(tenant, index)) {
        return r;
      }
    }
    return rs.get(rs.size() - 1);
  }

  /** The tenant's budget in bytes. */
  public long tenantBudget(String tenant) {
    Long b = tenantMaxBytes.get(tenant);
    return b == null ? defaultTenantMaxBytes : b;
  }

  /** The same table under a new version number. */
  public PolicyTable withVersion(long v) {
    return new PolicyTable(v, eviction, defaultTenantMaxBytes, tenantMaxBytes, rules, modelVersion);
  }

  /** The same table as made by another model. */
  public PolicyTable withModel(String model) {
    return new PolicyTable(version, eviction, defaultTenantMaxBytes, tenantMaxBytes, rules, model);
  }

  /** The same table evicting in another order. */
  public PolicyTable withEviction(EvictionMode e) {
    return new PolicyTable(version, e, defaultTenantMaxBytes, tenantMaxBytes, rules, modelVersion);
  }
}
