package io.pyrope.ai.sim;

import java.util.List;

/** The policy names the CLI accepts, and the factory behind them. */
public final class Policies {
  /** Every policy, in report order (the two offline bounds last). */
  public static final List<String> ALL = List.of("lru", "lfu", "s3fifo", "ttl", "live", "heuristic", "belady",
      "belady-cost");

  private Policies() {}

  /**
   * A fresh policy for one run.
   *
   * @param ttlMs the ttl policy's TTL
   * @param table the live policy's table
   */
  public static CachePolicy create(String name, Trace trace, long capacityBytes, long ttlMs, LiveTable table) {
    return create(name, trace, capacityBytes, ttlMs, table, HeuristicSettings.DEFAULTS);
  }

  /**
   * A fresh policy for one run.
   *
   * @param ttlMs the ttl policy's TTL
   * @param table the live policy's table
   * @param heuristic how the heuristic policy replays the controller
   */
  public static CachePolicy create(String name, Trace trace, long capacityBytes, long ttlMs, LiveTable table,
      HeuristicSettings heuristic) {
    return switch (name) {
      case "lru" -> new LruPolicy(trace, capacityBytes);
      case "lfu" -> new LfuPolicy(trace, capacityBytes);
      case "s3fifo" -> new S3FifoPolicy(trace, capacityBytes);
      case "ttl" -> new TtlPolicy(trace, capacityBytes, ttlMs);
      case "live" -> new LivePolicy(trace, capacityBytes, table);
      case "heuristic" -> new HeuristicPolicy(trace, capacityBytes, heuristic);
      case "belady" -> new BeladyPolicy(trace, capacityBytes);
      case "belady-cost" -> new CostAwareBeladyPolicy(trace, capacityBytes);
      default -> throw new IllegalArgumentException("unknown policy '" + name + "'; accepted: "
          + String.join(", ", ALL) + " or all");
    };
  }
}
