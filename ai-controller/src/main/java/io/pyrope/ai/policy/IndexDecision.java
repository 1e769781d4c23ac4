package io.pyrope.ai.policy;

/**
 * What the warm-path heuristic decided for one tenant/index, and why: logged when it changes and
 * useful in tests. Fields other than {@code reason} are meaningful only when {@code decided}.
 *
 * @param tenant tenant
 * @param index index
 * @param decided whether a rule was emitted (false: too little data, the catch-all applies)
 * @param reason one line: the evidence behind the rule, or why there is none
 * @param admit always, min_cost or seen_before
 * @param minProxyCost with min_cost: the threshold
 * @param ttlMs the TTL given, 0 = none, -1 = left to the node's default
 * @param level query_key_level kept, -1 = left to the node's default
 * @param priority eviction priority multiplier
 */
public record IndexDecision(String tenant, String index, boolean decided, String reason, String admit,
    long minProxyCost, long ttlMs, int level, double priority) {}
