package io.pyrope.cache.policy;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of a {@link PolicyTable}, as {@code GET/PUT /v1/cache/policies} carry it:
 *
 * <pre>{@code
 * {"eviction": "score" | "lru",
 *  "default_tenant_max_bytes": 268435456,
 *  "tenant_max_bytes": {"acme": 1048576},
 *  "rules": [{"tenant": "*", "index": "*", "admit": "always" | "never" | "min_cost" | "seen_before",
 *             "min_proxy_cost": 0, "ttl_ms": 300000, "query_key_level": 0 | 1,
 *             "consistency": "epoch" | "precise", "priority": 1.0}]}
 * }</pre>
 *
 * Every field but {@code rules} is optional on PUT (the current value is kept); a rule's fields
 * other than tenant and index default to those of the node's configuration. A catch-all rule is
 * added if none is given. Bad input is a {@code VEC_ERR_SYNTAX} naming the field.
 */
public final class PolicyJson {
  static final Set<String> TABLE_FIELDS = Set.of("eviction", "default_tenant_max_bytes", "tenant_max_bytes", "rules",
      "version");
  static final Set<String> RULE_FIELDS = Set.of("tenant", "index", "admit", "min_proxy_cost", "ttl_ms",
      "query_key_level", "consistency", "priority");
  /** Longest TTL accepted: a year. */
  public static final long MAX_TTL_MS = 365L * 24 * 3600 * 1000;
  /** Highest priority multiplier accepted. */
  public static final double MAX_PRIORITY = 1e6;

  private PolicyJson() {}

  public static JsonObject toJson(PolicyTable t) {
    JsonArray rules = new JsonArray();
    for (PolicyRule r : t.rules()) {
      rules.add(new JsonObject().put("tenant", r.tenant()).put("index", r.index())
          .put("admit", r.admission().wireName()).put("min_proxy_cost", r.minProxyCost())
          .put("ttl_ms", r.ttlMillis()).put("query_key_level", r.level())
          .put("consistency", r.consistency().wireName()).put("priority", r.priority()));
    }
    return new JsonObject().put("version", t.version()).put("eviction", t.eviction().wireName())
        .put("default_tenant_max_bytes", t.defaultTenantMaxBytes())
        .put("tenant_max_bytes", new JsonObject(new LinkedHashMap<>(t.tenantMaxBytes())))
        .put("rules", rules);
  }

  /**
   * A new table from a PUT body; missing table fields come from {@code current}, missing rule
   * fields from {@code defaults} (the node's configured catch-all).
   */
  public static PolicyTable fromJson(JsonObject json, PolicyTable current, PolicyRule defaults) {
    unknown(json, TABLE_FIELDS, "");
    EvictionMode eviction = current.eviction();
    if (json.containsKey("eviction")) {
      eviction = EvictionMode.of(string(json, "eviction"));
      if (eviction == null) {
        throw bad("field 'eviction' must be \"score\" or \"lru\", got " + json.getValue("eviction"));
      }
    }
    long defaultBudget = json.containsKey("default_tenant_max_bytes")
        ? nonNegative(json, "default_tenant_max_bytes", Long.MAX_VALUE) : current.defaultTenantMaxBytes();
    Map<String, Long> budgets = current.tenantMaxBytes();
    if (json.containsKey("tenant_max_bytes")) {
      Object v = json.getValue("tenant_max_bytes");
      if (!(v instanceof JsonObject o)) {
        throw bad("field 'tenant_max_bytes' must be an object of tenant → bytes");
      }
      budgets = new LinkedHashMap<>();
      for (String tenant : o.fieldNames()) {
        budgets.put(tenant, nonNegative(o, tenant, "tenant_max_bytes.", Long.MAX_VALUE));
      }
    }
    Object rv = json.getValue("rules");
    if (rv == null) {
      throw bad("field 'rules' is required (an array of rules)");
    }
    if (!(rv instanceof JsonArray arr)) {
      throw bad("field 'rules' must be an array");
    }
    if (arr.size() > PolicyTable.MAX_RULES) {
      throw new VecException(ErrorCode.VEC_ERR_LIMIT, "at most " + PolicyTable.MAX_RULES + " rules, got " + arr.size());
    }
    List<PolicyRule> rules = new ArrayList<>();
    boolean catchAll = false;
    for (int i = 0; i < arr.size(); i++) {
      if (!(arr.getValue(i) instanceof JsonObject r)) {
        throw bad("rules[" + i + "] must be an object");
      }
      PolicyRule rule = rule(r, "rules[" + i + "].", defaults);
      catchAll |= rule.specificity() == 0;
      rules.add(rule);
    }
    if (!catchAll) {
      rules.add(defaults);
    }
    return new PolicyTable(current.version() + 1, eviction, defaultBudget, budgets, rules);
  }

  private static PolicyRule rule(JsonObject r, String where, PolicyRule d) {
    unknown(r, RULE_FIELDS, where);
    String tenant = r.containsKey("tenant") ? string(r, "tenant", where) : PolicyRule.ANY;
    String index = r.containsKey("index") ? string(r, "index", where) : PolicyRule.ANY;
    Admission admission = d.admission();
    if (r.containsKey("admit")) {
      admission = Admission.of(string(r, "admit", where));
      if (admission == null) {
        throw bad("field '" + where + "admit' must be \"always\", \"never\", \"min_cost\" or \"seen_before\", got "
            + r.getValue("admit"));
      }
    }
    Consistency consistency = d.consistency();
    if (r.containsKey("consistency")) {
      consistency = Consistency.of(string(r, "consistency", where));
      if (consistency == null) {
        throw bad("field '" + where + "consistency' must be \"epoch\" or \"precise\", got "
            + r.getValue("consistency"));
      }
    }
    long minCost = r.containsKey("min_proxy_cost") ? nonNegative(r, "min_proxy_cost", where, Long.MAX_VALUE)
        : d.minProxyCost();
    long ttl = r.containsKey("ttl_ms") ? nonNegative(r, "ttl_ms", where, MAX_TTL_MS) : d.ttlMillis();
    int level = r.containsKey("query_key_level") ? (int) nonNegative(r, "query_key_level", where, PolicyRule.MAX_LEVEL)
        : d.level();
    double priority = d.priority();
    if (r.containsKey("priority")) {
      Object p = r.getValue("priority");
      if (!(p instanceof Number n) || !(n.doubleValue() > 0) || n.doubleValue() > MAX_PRIORITY) {
        throw bad("field '" + where + "priority' must be a number above 0 and at most " + MAX_PRIORITY + ", got " + p);
      }
      priority = n.doubleValue();
    }
    return new PolicyRule(tenant, index, admission, minCost, ttl, level, consistency, priority);
  }

  private static void unknown(JsonObject o, Set<String> allowed, String where) {
    for (String f : o.fieldNames()) {
      if (!allowed.contains(f)) {
        throw bad("unknown field '" + where + f + "'; accepted: " + String.join(", ", new java.util.TreeSet<>(allowed)));
      }
    }
  }

  private static String string(JsonObject o, String field) {
    return string(o, field, "");
  }

  private static String string(JsonObject o, String field, String where) {
    Object v = o.getValue(field);
    if (!(v instanceof String s) || s.isEmpty()) {
      throw bad("field '" + where + field + "' must be a non-empty string, got " + v);
    }
    return s;
  }

  private static long nonNegative(JsonObject o, String field, long max) {
    return nonNegative(o, field, "", max);
  }

  private static long nonNegative(JsonObject o, String field, String where, long max) {
    Object v = o.getValue(field);
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0 || ((Number) v).longValue() > max) {
      throw bad("field '" + where + field + "' must be an integer from 0 to " + max + ", got " + v);
    }
    return ((Number) v).longValue();
  }

  private static VecException bad(String message) {
    return new VecException(ErrorCode.VEC_ERR_SYNTAX, message);
  }
}
