package io.pyrope.ai.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The node's static policy table, read from the JSON of {@code PUT /v1/cache/policies} (and of the
 * ai-controller's {@code pyrope.policy} tables), reduced to what decides hits in a replay:
 * eviction order and, per rule, admission, min_proxy_cost, ttl_ms and priority. Validation follows
 * the node's {@code PolicyJson} (same fields, ranges and error wording) without depending on the
 * verticles module. {@code query_key_level} and {@code consistency} are accepted and ignored
 * (the trace's key is already the level's key; writes invalidate the whole tenant/index);
 * {@code default_tenant_max_bytes}/{@code tenant_max_bytes} are accepted and ignored (the
 * simulator sweeps one total budget, {@code --cache-bytes}).
 *
 * @param eviction "score" or "lru"
 * @param version the table's version, -1 when not given
 * @param rules most specific first; the last is the catch-all
 */
public record LiveTable(String eviction, long version, List<Rule> rules) {
  /** Longest TTL accepted: a year (the node's PolicyJson.MAX_TTL_MS). */
  public static final long MAX_TTL_MS = 365L * 24 * 3600 * 1000;
  /** Highest priority accepted (the node's PolicyJson.MAX_PRIORITY). */
  public static final double MAX_PRIORITY = 1e6;
  /** Most rules (the node's PolicyTable.MAX_RULES). */
  public static final int MAX_RULES = 1024;
  /** The node's defaults (docs/configuration.md): cache.admission always, cache.ttl-ms 300000, cache.eviction score. */
  public static final Rule DEFAULT_RULE = new Rule("*", "*", "always", 0, 300_000, 1.0);

  /** The admission modes (the node's Admission wire names). */
  public static final Set<String> ADMIT_VALUES = Set.of("always", "never", "min_cost", "seen_before");

  private static final Set<String> TABLE_FIELDS = Set.of("eviction", "default_tenant_max_bytes", "tenant_max_bytes",
      "rules", "version");
  private static final Set<String> RULE_FIELDS = Set.of("tenant", "index", "admit", "min_proxy_cost", "ttl_ms",
      "query_key_level", "consistency", "priority");

  /** One rule: admit is always, never, min_cost or seen_before. */
  public record Rule(String tenant, String index, String admit, long minProxyCost, long ttlMs, double priority) {
    boolean matches(String t, String i) {
      return ("*".equals(tenant) || tenant.equals(t)) && ("*".equals(index) || index.equals(i));
    }

    int specificity() {
      return ("*".equals(tenant) ? 0 : 2) + ("*".equals(index) ? 0 : 1);
    }

    /**
     * Whether a result that cost {@code cost} may be stored. For {@code seen_before} true: the
     * doorkeeper then decides ({@link LivePolicy}), as in the node.
     */
    boolean admits(long cost) {
      return switch (admit) {
        case "always", "seen_before" -> true;
        case "min_cost" -> cost >= minProxyCost;
        default -> false;
      };
    }

    /** Whether a first miss of a key is only recorded ({@code seen_before}). */
    boolean seenBefore() {
      return "seen_before".equals(admit);
    }
  }

  /** The node's default table: one catch-all rule with the configuration defaults, score eviction. */
  public static LiveTable defaults() {
    return new LiveTable("score", -1, List.of(DEFAULT_RULE));
  }

  /** The first (most specific) rule matching tenant and index. */
  public Rule rule(String tenant, String index) {
    for (Rule r : rules) {
      if (r.matches(tenant, index)) {
        return r;
      }
    }
    return rules.get(rules.size() - 1);
  }

  /** Parses a table; bad input throws IllegalArgumentException naming the field. */
  public static LiveTable fromJson(JsonObject json) {
    unknown(json, TABLE_FIELDS, "");
    String eviction = "score";
    if (json.containsKey("eviction")) {
      Object e = json.getValue("eviction");
      if (!"score".equals(e) && !"lru".equals(e)) {
        throw new IllegalArgumentException("field 'eviction' must be \"score\" or \"lru\", got " + e);
      }
      eviction = (String) e;
    }
    long version = json.containsKey("version") ? nonNegative(json, "version", "", Long.MAX_VALUE) : -1;
    if (json.containsKey("default_tenant_max_bytes")) {
      nonNegative(json, "default_tenant_max_bytes", "", Long.MAX_VALUE);
    }
    if (json.containsKey("tenant_max_bytes") && !(json.getValue("tenant_max_bytes") instanceof JsonObject)) {
      throw new IllegalArgumentException("field 'tenant_max_bytes' must be an object of tenant → bytes");
    }
    Object rv = json.getValue("rules");
    if (!(rv instanceof JsonArray arr)) {
      throw new IllegalArgumentException("field 'rules' is required (an array of rules)");
    }
    if (arr.size() > MAX_RULES) {
      throw new IllegalArgumentException("at most " + MAX_RULES + " rules, got " + arr.size());
    }
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      if (!(arr.getValue(i) instanceof JsonObject r)) {
        throw new IllegalArgumentException("rules[" + i + "] must be an object");
      }
      rules.add(rule(r, "rules[" + i + "]."));
    }
    if (rules.stream().noneMatch(r -> r.specificity() == 0)) {
      rules.add(DEFAULT_RULE);
    }
    rules.sort(Comparator.comparingInt(Rule::specificity).reversed()); // stable, as the node's table
    return new LiveTable(eviction, version, List.copyOf(rules));
  }

  private static Rule rule(JsonObject r, String where) {
    unknown(r, RULE_FIELDS, where);
    String tenant = r.containsKey("tenant") ? string(r, "tenant", where) : "*";
    String index = r.containsKey("index") ? string(r, "index", where) : "*";
    String admit = DEFAULT_RULE.admit();
    if (r.containsKey("admit")) {
      Object a = r.getValue("admit");
      if (!ADMIT_VALUES.contains(a)) {
        throw new IllegalArgumentException("field '" + where
            + "admit' must be \"always\", \"never\", \"min_cost\" or \"seen_before\", got " + a);
      }
      admit = (String) a;
    }
    if (r.containsKey("consistency") && !"epoch".equals(r.getValue("consistency"))
        && !"precise".equals(r.getValue("consistency"))) {
      throw new IllegalArgumentException("field '" + where + "consistency' must be \"epoch\" or \"precise\", got "
          + r.getValue("consistency"));
    }
    if (r.containsKey("query_key_level")) {
      nonNegative(r, "query_key_level", where, 1);
    }
    long minCost = r.containsKey("min_proxy_cost") ? nonNegative(r, "min_proxy_cost", where, Long.MAX_VALUE) : 0;
    long ttl = r.containsKey("ttl_ms") ? nonNegative(r, "ttl_ms", where, MAX_TTL_MS) : DEFAULT_RULE.ttlMs();
    double priority = 1.0;
    if (r.containsKey("priority")) {
      Object p = r.getValue("priority");
      if (!(p instanceof Number n) || !(n.doubleValue() > 0) || n.doubleValue() > MAX_PRIORITY) {
        throw new IllegalArgumentException("field '" + where + "priority' must be a number above 0 and at most "
            + MAX_PRIORITY + ", got " + p);
      }
      priority = n.doubleValue();
    }
    return new Rule(tenant, index, admit, minCost, ttl, priority);
  }

  private static void unknown(JsonObject o, Set<String> allowed, String where) {
    for (String f : o.fieldNames()) {
      if (!allowed.contains(f)) {
        throw new IllegalArgumentException("unknown field '" + where + f + "'; accepted: "
            + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  private static String string(JsonObject o, String field, String where) {
    Object v = o.getValue(field);
    if (!(v instanceof String s) || s.isEmpty()) {
      throw new IllegalArgumentException("field '" + where + field + "' must be a non-empty string, got " + v);
    }
    return s;
  }

  private static long nonNegative(JsonObject o, String field, String where, long max) {
    Object v = o.getValue(field);
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0 || ((Number) v).longValue() > max) {
      throw new IllegalArgumentException("field '" + where + field + "' must be an integer from 0 to " + max + ", got " + v);
    }
    return ((Number) v).longValue();
  }
}
