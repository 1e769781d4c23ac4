package io.pyrope.ai.policy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a node accepts in a policy table (the body of {@code PUT /v1/cache/policies}), checked
 * before the controller publishes one. The limits mirror the node's
 * {@code io.pyrope.cache.policy.PolicyJson}, {@code PolicyTable} and {@code PolicyRule}, which this
 * module cannot depend on (the module graph is bus-schemas ← ai-controller); a change there must
 * be made here too. The node validates again on arrival; this check keeps a bad table off the topic.
 */
public final class PolicyLimits {
  /** Longest TTL a node accepts: a year (PolicyJson.MAX_TTL_MS). */
  public static final long MAX_TTL_MS = 365L * 24 * 3600 * 1000;
  /** Highest priority multiplier (PolicyJson.MAX_PRIORITY); the lowest is just above 0. */
  public static final double MAX_PRIORITY = 1e6;
  /** Most rules in a table (PolicyTable.MAX_RULES), catch-all included. */
  public static final int MAX_RULES = 1024;
  /** Highest query_key_level a node implements (PolicyRule.MAX_LEVEL). */
  public static final int MAX_LEVEL = 1;
  /** Admission modes a node accepts (the node's Admission wire names). */
  public static final Set<String> ADMIT_VALUES = Set.of("always", "never", "min_cost", "seen_before");
  /** Matches every tenant or index. */
  public static final String ANY = "*";

  static final Set<String> TABLE_FIELDS = Set.of("eviction", "default_tenant_max_bytes", "tenant_max_bytes",
      "rules");
  static final Set<String> RULE_FIELDS = Set.of("tenant", "index", "admit", "min_proxy_cost", "ttl_ms",
      "query_key_level", "consistency", "priority");

  private PolicyLimits() {}

  /** What is wrong with {@code table}, one message per problem; empty when a node would accept it. */
  public static List<String> problems(JsonObject table) {
    List<String> out = new ArrayList<>();
    for (String f : table.fieldNames()) {
      if (!TABLE_FIELDS.contains(f)) {
        out.add("unknown table field '" + f + "'");
      }
    }
    Object ev = table.getValue("eviction");
    if (ev != null && !"score".equals(ev) && !"lru".equals(ev)) {
      out.add("eviction must be score or lru, got " + ev);
    }
    if (!(table.getValue("rules") instanceof JsonArray rules)) {
      out.add("rules must be an array");
      return out;
    }
    if (rules.size() > MAX_RULES) {
      out.add("at most " + MAX_RULES + " rules, got " + rules.size());
    }
    boolean catchAll = false;
    for (int i = 0; i < rules.size(); i++) {
      if (!(rules.getValue(i) instanceof JsonObject r)) {
        out.add("rules[" + i + "] must be an object");
        continue;
      }
      String where = "rules[" + i + "].";
      for (String f : r.fieldNames()) {
        if (!RULE_FIELDS.contains(f)) {
          out.add("unknown field '" + where + f + "'");
        }
      }
      if (!(r.getValue("tenant") instanceof String t) || t.isEmpty()
          || !(r.getValue("index") instanceof String ix) || ix.isEmpty()) {
        out.add(where + "tenant and " + where + "index must be non-empty strings");
        continue;
      }
      catchAll |= t.equals(ANY) && ix.equals(ANY);
      Object admit = r.getValue("admit");
      if (admit != null && !ADMIT_VALUES.contains(admit)) {
        out.add(where + "admit must be always, never, min_cost or seen_before, got " + admit);
      }
      range(out, r, "min_proxy_cost", where, Long.MAX_VALUE);
      range(out, r, "ttl_ms", where, MAX_TTL_MS);
      range(out, r, "query_key_level", where, MAX_LEVEL);
      Object c = r.getValue("consistency");
      if (c != null && !"epoch".equals(c) && !"precise".equals(c)) {
        out.add(where + "consistency must be epoch or precise, got " + c);
      }
      if (r.containsKey("priority")) {
        Object p = r.getValue("priority");
        if (!(p instanceof Number n) || !(n.doubleValue() > 0) || n.doubleValue() > MAX_PRIORITY) {
          out.add(where + "priority must be above 0 and at most " + MAX_PRIORITY + ", got " + p);
        }
      }
    }
    if (!catchAll) {
      out.add("no catch-all rule (tenant \"*\", index \"*\")");
    }
    return out;
  }

  private static void range(List<String> out, JsonObject r, String field, String where, long max) {
    if (!r.containsKey(field)) {
      return;
    }
    Object v = r.getValue(field);
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0
        || ((Number) v).longValue() > max) {
      out.add(where + field + " must be an integer from 0 to " + max + ", got " + v);
    }
  }
}
