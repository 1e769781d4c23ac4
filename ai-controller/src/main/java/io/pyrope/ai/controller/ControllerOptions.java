package io.pyrope.ai.controller;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The controller's settings, from flags over environment over defaults:
 *
 * <pre>
 *   --bootstrap host:port[,…]  Kafka (required; env PYROPE_KAFKA_BOOTSTRAP)
 *   --group NAME               consumer group (pyrope-ai-controller)
 *   --publish-ms N             cadence of the policy table and the feature file (30000)
 *   --window-ms N              the features' long window (600000)
 *   --data-dir PATH            feature table and traces ($PYROPE_HOME/ai, else ./data/ai)
 *   --admin-url URL            a node's admin API, scraped for cache memory and queue depth (none)
 *   --max-keys N               keys tracked before the least recent is dropped (100000)
 *   --evaluate-ms N            cadence of the simulator evaluations, 0 = off (300000)
 * </pre>
 *
 * Flags take {@code --name value} or {@code --name=value}. Every bad value fails with an
 * {@link IllegalArgumentException} naming the flag, the value and what is accepted.
 *
 * @param bootstrap Kafka bootstrap servers
 * @param group consumer group id
 * @param publishMs cadence in ms
 * @param windowMs long feature window in ms
 * @param dataDir where files go
 * @param adminUrl node admin base URL, or null
 * @param maxKeys tracked-key limit
 * @param evaluateMs evaluation cadence in ms, 0 when evaluations are off
 */
public record ControllerOptions(String bootstrap, String group, long publishMs, long windowMs, Path dataDir,
    URI adminUrl, int maxKeys, long evaluateMs) {
  /** Default consumer group. */
  public static final String DEFAULT_GROUP = "pyrope-ai-controller";
  /** Default cadence: a table every 30 s. */
  public static final long DEFAULT_PUBLISH_MS = 30_000;
  /** Default long window: 10 minutes. */
  public static final long DEFAULT_WINDOW_MS = 600_000;
  /** Shortest cadence accepted. */
  public static final long MIN_PUBLISH_MS = 100;
  /** Longest cadence accepted: an hour (nodes treat an old table as a dead controller). */
  public static final long MAX_PUBLISH_MS = 3_600_000;
  /** Shortest window accepted (it holds ten buckets). */
  public static final long MIN_WINDOW_MS = 10_000;
  /** Longest window accepted: a day. */
  public static final long MAX_WINDOW_MS = 86_400_000;
  /** Default evaluation cadence: every 5 minutes. */
  public static final long DEFAULT_EVALUATE_MS = 300_000;
  /** Shortest evaluation cadence accepted (0 turns evaluations off). */
  public static final long MIN_EVALUATE_MS = 1_000;
  /** Longest evaluation cadence accepted: a day. */
  public static final long MAX_EVALUATE_MS = 86_400_000;
  /** Most keys trackable. */
  public static final int MAX_MAX_KEYS = 10_000_000;
  /** Environment variable of --bootstrap. */
  public static final String BOOTSTRAP_ENV = "PYROPE_KAFKA_BOOTSTRAP";
  /** Environment variable the default data dir derives from. */
  public static final String HOME_ENV = "PYROPE_HOME";

  static final List<String> FLAGS = List.of("bootstrap", "group", "publish-ms", "window-ms", "data-dir",
      "admin-url", "max-keys", "evaluate-ms");

  /** The usage text of {@code ./pyrope ai-controller --help}. */
  public static String usage() {
    return """
        Usage: pyrope ai-controller --bootstrap host:port [options]
          --bootstrap host:port[,...]  Kafka bootstrap servers (env PYROPE_KAFKA_BOOTSTRAP; required)
          --group NAME                 consumer group (default pyrope-ai-controller)
          --publish-ms N               policy table and feature file cadence, 100-3600000 (default 30000)
          --window-ms N                feature window, 10000-86400000 (default 600000)
          --data-dir PATH              feature table and traces (default $PYROPE_HOME/ai, else ./data/ai)
          --admin-url URL              node admin API to scrape /v1/metrics from (optional)
          --max-keys N                 keys tracked before the least recent is dropped (default 100000)
          --evaluate-ms N              simulator evaluations of each traced index, 0 (off) or 1000-86400000
                                       (default 300000)
        """;
  }

  /** Whether the arguments ask for the usage text. */
  public static boolean wantsHelp(List<String> args) {
    return args.contains("--help") || args.contains("-h") || args.contains("help");
  }

  /** Parses flags over the environment. */
  public static ControllerOptions parse(List<String> args, Map<String, String> env) {
    Map<String, String> f = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--") || a.length() == 2) {
        throw new IllegalArgumentException("unexpected argument '" + a + "'; flags are --name value or --name=value");
      }
      String name = a.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        value = args.get(++i);
      } else {
        throw new IllegalArgumentException("flag --" + name + " needs a value");
      }
      if (!FLAGS.contains(name)) {
        throw new IllegalArgumentException("unknown flag --" + name + "; accepted: --" + String.join(", --", FLAGS));
      }
      f.put(name, value);
    }
    String bootstrap = f.getOrDefault("bootstrap", env.getOrDefault(BOOTSTRAP_ENV, ""));
    if (bootstrap.isBlank()) {
      throw new IllegalArgumentException("--bootstrap host:port is required (or env " + BOOTSTRAP_ENV + ")");
    }
    for (String hp : bootstrap.split(",")) {
      int colon = hp.lastIndexOf(':');
      if (colon <= 0 || parsePort(hp.substring(colon + 1)) < 0) {
        throw new IllegalArgumentException("--bootstrap: '" + hp + "' is not host:port (port 1-65535)");
      }
    }
    String group = f.getOrDefault("group", DEFAULT_GROUP);
    if (group.isBlank()) {
      throw new IllegalArgumentException("--group must not be blank");
    }
    long publish = number(f, "publish-ms", DEFAULT_PUBLISH_MS, MIN_PUBLISH_MS, MAX_PUBLISH_MS);
    long window = number(f, "window-ms", DEFAULT_WINDOW_MS, MIN_WINDOW_MS, MAX_WINDOW_MS);
    long evaluate = number(f, "evaluate-ms", DEFAULT_EVALUATE_MS, 0, MAX_EVALUATE_MS);
    if (evaluate > 0 && evaluate < MIN_EVALUATE_MS) {
      throw new IllegalArgumentException("--evaluate-ms: '" + f.get("evaluate-ms")
          + "' is not 0 (off) or an integer from " + MIN_EVALUATE_MS + " to " + MAX_EVALUATE_MS);
    }
    int maxKeys = (int) number(f, "max-keys", io.pyrope.ai.features.FeatureStore.DEFAULT_MAX_KEYS, 1, MAX_MAX_KEYS);
    Path dataDir;
    if (f.containsKey("data-dir")) {
      if (f.get("data-dir").isBlank()) {
        throw new IllegalArgumentException("--data-dir must not be blank");
      }
      dataDir = Path.of(f.get("data-dir"));
    } else {
      String home = env.get(HOME_ENV);
      dataDir = home != null && !home.isBlank() ? Path.of(home, "ai") : Path.of("data", "ai");
    }
    URI admin = null;
    if (f.containsKey("admin-url")) {
      try {
        admin = URI.create(f.get("admin-url"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--admin-url: '" + f.get("admin-url") + "' is not a URL: " + e.getMessage());
      }
      if (!"http".equals(admin.getScheme()) && !"https".equals(admin.getScheme()) || admin.getHost() == null) {
        throw new IllegalArgumentException("--admin-url: '" + f.get("admin-url")
            + "' must be an http:// or https:// URL with a host, e.g. http://127.0.0.1:8080");
      }
    }
    return new ControllerOptions(bootstrap, group, publish, window, dataDir, admin, maxKeys, evaluate);
  }

  private static int parsePort(String s) {
    try {
      int p = Integer.parseInt(s);
      return p >= 1 && p <= 65535 ? p : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long number(Map<String, String> f, String name, long dflt, long min, long max) {
    if (!f.containsKey(name)) {
      return dflt;
    }
    try {
      long v = Long.parseLong(f.get(name).trim());
      if (v < min || v > max) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + ": '" + f.get(name) + "' is not an integer from " + min + " to "
          + max);
    }
  }
}
