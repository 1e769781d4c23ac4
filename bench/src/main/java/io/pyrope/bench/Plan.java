package io.pyrope.bench;

/**
 * How long to measure one configuration: {@code warmupPasses} untimed passes over the queries,
 * then either {@code repeat} timed passes or as many searches as fit in {@code seconds}.
 */
public record Plan(int warmupPasses, int repeat, double seconds) {
  /** Timed passes when neither --repeat nor --duration is given. */
  public static final int DEFAULT_REPEAT = 3;
  /** Untimed passes before timing (JIT, caches, connection set-up). */
  public static final int DEFAULT_WARMUP = 1;

  public static Plan from(Options o) {
    if (o.has("repeat") && o.has("duration")) {
      throw new BenchException(o.mode() + ": give --repeat or --duration, not both");
    }
    int warmup = o.getInt("warmup", DEFAULT_WARMUP, 0, 1000);
    if (o.has("duration")) {
      return new Plan(warmup, 0, o.getSeconds("duration", 0));
    }
    return new Plan(warmup, o.getInt("repeat", DEFAULT_REPEAT, 1, 1_000_000), 0);
  }

  public boolean timed() {
    return seconds > 0;
  }

  public String describe() {
    return (timed() ? seconds + " s" : repeat + " pass" + (repeat == 1 ? "" : "es")) + " after " + warmupPasses
        + " warm-up pass" + (warmupPasses == 1 ? "" : "es");
  }
}
