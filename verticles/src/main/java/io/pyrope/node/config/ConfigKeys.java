package io.pyrope.node.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every configuration key of a node, in one place. {@code ./pyrope run --help} prints this list
 * and {@code docs/configuration.md} documents it (a test keeps the two in step).
 *
 * <p>Precedence, lowest first: these defaults → the config file ({@code --config FILE} or
 * {@code PYROPE_CONFIG}) → environment variables ({@code PYROPE_RESP_PORT}) → command-line flags
 * ({@code --resp.port=6380}).
 */
public final class ConfigKeys {
  /** Largest TCP port number. */
  private static final int MAX_PORT = 65_535;
  /** Longest Kafka topic name. */
  private static final int MAX_TOPIC_LENGTH = 249;

  public static final ConfigKey<String> RESP_HOST = new ConfigKey<>("resp.host", "127.0.0.1",
      "an IP address or host name", "Address the RESP (Redis protocol) listener binds to.", ConfigKeys::host);
  public static final ConfigKey<Integer> RESP_PORT = new ConfigKey<>("resp.port", "6380",
      "an integer from 0 to 65535 (0 picks a free port)", "RESP listener port.", v -> intIn(v, 0, MAX_PORT));
  public static final ConfigKey<String> HTTP_HOST = new ConfigKey<>("http.host", "127.0.0.1",
      "an IP address or host name", "Address the HTTP admin API binds to.", ConfigKeys::host);
  public static final ConfigKey<Integer> HTTP_PORT = new ConfigKey<>("http.port", "8080",
      "an integer from 0 to 65535 (0 picks a free port)", "HTTP admin API port.", v -> intIn(v, 0, MAX_PORT));
  public static final ConfigKey<Path> DATA_DIR = new ConfigKey<>("data.dir", "./data",
      "a directory path", "Where the node keeps its data (also set by PYROPE_HOME).", ConfigKeys::path);
  public static final ConfigKey<String> KAFKA_BOOTSTRAP = new ConfigKey<>("kafka.bootstrap", "",
      "empty, or host:port[,host:port…]",
      "External Kafka cluster. Empty starts an embedded single-node KRaft broker in-process.",
      ConfigKeys::bootstrap);
  public static final ConfigKey<Integer> KAFKA_EMBEDDED_PORT = new ConfigKey<>("kafka.embedded.port", "9092",
      "an integer from 0 to 65535 (0 picks a free port)", "Client port of the embedded broker.",
      v -> intIn(v, 0, MAX_PORT));
  public static final ConfigKey<Integer> KAFKA_REPLICATION = new ConfigKey<>("kafka.replication-factor", "1",
      "an integer from 1 to 16", "Replication factor of the topics Pyrope creates (1 for the embedded broker).",
      v -> intIn(v, 1, 16));
  public static final ConfigKey<String> ADMIN_KEY = new ConfigKey<>("auth.admin-key", "",
      "empty, or a key of at least 16 characters",
      "Node admin key (PYROPE_ADMIN_KEY). When set, clients must AUTH on RESP. Never logged.",
      ConfigKeys::adminKey);
  public static final ConfigKey<String> ADMIN_KEY_FILE = new ConfigKey<>("auth.admin-key-file", "",
      "empty, or a readable file path", "File holding the node admin key (PYROPE_ADMIN_KEY_FILE).", v -> v);
  public static final ConfigKey<Integer> AUTH_FAILURE_ALLOWANCE = new ConfigKey<>("auth.failure-allowance", "5",
      "an integer from 1 to 1000000",
      "Failed authentications per client address per minute before every further attempt from it is slowed.",
      v -> intIn(v, 1, 1_000_000));
  public static final ConfigKey<Boolean> HTTP_METRICS_PUBLIC = new ConfigKey<>("http.metrics-public", "false",
      "true or false",
      "Serve GET /v1/metrics without a key when auth is on (its labels name tenants and indexes).",
      ConfigKeys::bool);
  public static final ConfigKey<String> TLS_CERT = new ConfigKey<>("tls.cert", "", "empty, or a PEM file path",
      "Certificate chain (PEM) for RESP and HTTP; with tls.key, both listeners speak TLS only.", v -> v);
  public static final ConfigKey<String> TLS_KEY = new ConfigKey<>("tls.key", "", "empty, or a PEM file path",
      "Private key (PEM) of tls.cert.", v -> v);
  public static final ConfigKey<String> TLS_CA = new ConfigKey<>("tls.ca", "", "empty, or a PEM file path",
      "CA bundle (PEM) that client certificates must chain to.", v -> v);
  public static final ConfigKey<String> TLS_CLIENT_AUTH = new ConfigKey<>("tls.client-auth", "none",
      "one of none, request, required", "Whether clients must present a certificate signed by tls.ca (mTLS).",
      v -> oneOf(v, Set.of("none", "request", "required")));
  public static final ConfigKey<Integer> RESP_MAX_CLIENTS = new ConfigKey<>("resp.max-clients", "10000",
      "an integer from 1 to 1000000", "Connections beyond this are refused with an error.",
      v -> intIn(v, 1, 1_000_000));
  public static final ConfigKey<Integer> RESP_MAX_BULK_BYTES = new ConfigKey<>("resp.max-bulk-bytes", "67108864",
      "an integer from 1024 to 536870912", "Largest bulk string a client may send (bytes).",
      v -> intIn(v, 1024, 512 * 1024 * 1024));
  public static final ConfigKey<Integer> RESP_MAX_ARGS = new ConfigKey<>("resp.max-args", "1048576",
      "an integer from 16 to 16777216", "Most arguments in one command.", v -> intIn(v, 16, 16 * 1024 * 1024));
  public static final ConfigKey<Integer> RESP_MAX_PIPELINE = new ConfigKey<>("resp.max-pipeline", "1024",
      "an integer from 1 to 65536",
      "Commands one connection may have in flight; past it the node stops reading that socket.",
      v -> intIn(v, 1, 65_536));
  public static final ConfigKey<String> NET_TRANSPORT = new ConfigKey<>("net.transport", "auto",
      "one of auto, epoll, nio",
      "Socket transport of the RESP and HTTP listeners: Linux epoll (Netty native), Java NIO, or auto (epoll where it loads).",
      v -> oneOf(v, Set.of("auto", "epoll", "nio")));
  public static final ConfigKey<Integer> NET_EVENT_LOOPS = new ConfigKey<>("net.event-loops", "0",
      "an integer from 0 to 1024 (0 = one per two cores, at least one)",
      "Event-loop threads serving RESP and HTTP connections (and cache hits, which are answered on them).",
      v -> intIn(v, 0, 1024));
  public static final ConfigKey<Integer> SEARCH_THREADS = new ConfigKey<>("search.threads", "0",
      "an integer from 0 to 1024 (0 = one per core)", "Worker threads that run FAISS.", v -> intIn(v, 0, 1024));
  public static final ConfigKey<Integer> SEARCH_SPIN_US = new ConfigKey<>("search.spin-us", "250",
      "an integer from 0 to 10000",
      "How long a search thread that ran out of work spins, while no other search runs, before it sleeps (microseconds).",
      v -> intIn(v, 0, 10_000));
  public static final ConfigKey<Long> SHUTDOWN_DRAIN_MS = new ConfigKey<>("shutdown.drain-ms", "5000",
      "an integer from 0 to 600000", "How long shutdown waits for in-flight requests (milliseconds).",
      v -> (long) intIn(v, 0, 600_000));
  public static final ConfigKey<String> LOG_LEVEL = new ConfigKey<>("log.level", "info",
      "one of error, warn, info, debug, trace", "Level of Pyrope's own log lines.",
      v -> oneOf(v, Set.of("error", "warn", "info", "debug", "trace")));

  public static final ConfigKey<Boolean> CACHE_ENABLED = new ConfigKey<>("cache.enabled", "true",
      "true or false", "Whether VEC.SEARCH consults the result cache.", v -> oneOf(v, Set.of("true", "false"))
      .equals("true"));
  public static final ConfigKey<Long> CACHE_MAX_BYTES = new ConfigKey<>("cache.max-bytes", "268435456",
      "an integer from 0 to 2^62", "Node budget of the result cache, in bytes of stored entries.",
      v -> longIn(v, 0, 1L << 62));
  public static final ConfigKey<Long> CACHE_TENANT_MAX_BYTES = new ConfigKey<>("cache.tenant-max-bytes", "0",
      "an integer from 0 to 2^62 (0 = the node budget)", "Default per-tenant cache budget, in bytes.",
      v -> longIn(v, 0, 1L << 62));
  public static final ConfigKey<String> CACHE_EVICTION = new ConfigKey<>("cache.eviction", "score",
      "score or lru", "Eviction order when a budget is exceeded: lowest value score, or least recently used.",
      v -> oneOf(v, Set.of("score", "lru")));
  public static final ConfigKey<Integer> CACHE_SIMHASH_BITS = new ConfigKey<>("cache.simhash-bits", "24",
      "an integer from 1 to 64", "Width of the L1 (SimHash) cache key.", v -> intIn(v, 1, 64));
  public static final ConfigKey<Long> CACHE_SIMHASH_SEED = new ConfigKey<>("cache.simhash-seed", "42",
      "an integer", "Seed of the L1 SimHash hyperplanes (same seed, same keys on every node).",
      v -> longIn(v, Long.MIN_VALUE, Long.MAX_VALUE));
  public static final ConfigKey<Long> CACHE_SWEEP_MS = new ConfigKey<>("cache.sweep-ms", "1000",
      "an integer from 10 to 600000", "Period of the cache's TTL/stale sweep and budget check (milliseconds).",
      v -> (long) intIn(v, 10, 600_000));
  public static final ConfigKey<Long> CACHE_TTL_MS = new ConfigKey<>("cache.ttl-ms", "300000",
      "an integer from 0 to 31536000000 (0 = no TTL)", "Default TTL of a cache entry (milliseconds).",
      v -> longIn(v, 0, 31_536_000_000L));
  public static final ConfigKey<Integer> CACHE_QUERY_KEY_LEVEL = new ConfigKey<>("cache.query-key-level", "0",
      "0 or 1", "Default query_key_level: 0 exact keys (L0), 1 also SimHash keys (L1).", v -> intIn(v, 0, 1));
  public static final ConfigKey<String> CACHE_CONSISTENCY = new ConfigKey<>("cache.consistency", "epoch",
      "epoch or precise", "Default cache invalidation: every write (epoch), or only affected entries (precise).",
      v -> oneOf(v, Set.of("epoch", "precise")));

  public static final ConfigKey<Boolean> WAL_ENABLED = new ConfigKey<>("wal.enabled", "true", "true or false",
      "Log every write to Kafka (pyrope.wal) before acknowledging it. false: writes live in memory until the next "
      + "snapshot, and a crash loses them.", ConfigKeys::bool);
  public static final ConfigKey<String> WAL_TOPIC = new ConfigKey<>("wal.topic", "pyrope.wal",
      "a Kafka topic name ([A-Za-z0-9._-]+)",
      "The WAL topic. Deployments that share one Kafka cluster but not their data use different topics.",
      ConfigKeys::topic);
  public static final ConfigKey<Integer> WAL_TIMEOUT_MS = new ConfigKey<>("wal.timeout-ms", "10000",
      "an integer from 1000 to 600000",
      "How long a write may wait for Kafka's acknowledgement before it fails with VEC_ERR_UNAVAILABLE (milliseconds).",
      v -> intIn(v, 1000, 600_000));
  public static final ConfigKey<Integer> WAL_PAGE_CACHE_EVICT_MS = new ConfigKey<>("wal.page-cache-evict-ms", "500",
      "an integer from 0 to 60000 (0 = off)",
      "Embedded broker only: this often, advise the kernel to drop the WAL's segment files from the page cache "
      + "(the WAL is read back only by recovery and point-in-time restores; milliseconds).",
      v -> intIn(v, 0, 60_000));
  public static final ConfigKey<Integer> SNAPSHOT_INTERVAL_S = new ConfigKey<>("snapshot.interval-s", "0",
      "an integer from 0 to 604800 (0 = off)", "Snapshot every index that changed, this often (seconds).",
      v -> intIn(v, 0, 604_800));
  public static final ConfigKey<Integer> SNAPSHOT_RETAIN = new ConfigKey<>("snapshot.retain", "3",
      "an integer from 1 to 1000", "Snapshots kept per index; older ones are deleted after a new one is written.",
      v -> intIn(v, 1, 1000));

  public static final ConfigKey<Boolean> TELEMETRY_ENABLED = new ConfigKey<>("telemetry.enabled", "true",
      "true or false", "Publish the query log and the decision log to Kafka.", ConfigKeys::bool);
  public static final ConfigKey<String> TELEMETRY_KAFKA_BOOTSTRAP = new ConfigKey<>("telemetry.kafka-bootstrap", "",
      "empty, or host:port[,host:port…]",
      "Kafka for the query and decision logs only. Empty: the node's Kafka (kafka.bootstrap or the embedded broker).",
      ConfigKeys::bootstrap);
  public static final ConfigKey<Integer> TELEMETRY_QUEUE = new ConfigKey<>("telemetry.queue-capacity", "65536",
      "an integer from 16 to 4194304", "Telemetry records held while Kafka catches up; past this they are dropped.",
      v -> intIn(v, 16, 4_194_304));

  public static final ConfigKey<Integer> TELEMETRY_MAX_RATE = new ConfigKey<>("telemetry.max-records-per-second",
      "20000", "an integer from 0 (no cap) to 10000000",
      "Query- and decision-log records accepted per second; more are dropped and counted.",
      v -> intIn(v, 0, 10_000_000));

  public static final ConfigKey<Boolean> AI_POLICY_UPDATES = new ConfigKey<>("ai.policy-updates", "true",
      "true or false", "Read the ai-controller's policy tables and evaluations from the policy topic.",
      ConfigKeys::bool);
  public static final ConfigKey<String> AI_POLICY_TOPIC = new ConfigKey<>("ai.policy-topic", "pyrope.policy",
      "a Kafka topic name ([A-Za-z0-9._-]+)",
      "The policy topic the node reads. Deployments that share one Kafka cluster but not their controller use different topics.",
      ConfigKeys::topic);
  public static final ConfigKey<Long> AI_POLICY_DEADLINE_MS = new ConfigKey<>("ai.policy-deadline-ms", "120000",
      "an integer from 100 to 86400000",
      "With an AI table in force, no valid table (a republish counts) for this long reverts to ai.fallback (milliseconds).",
      v -> longIn(v, 100, 86_400_000L));
  public static final ConfigKey<Long> AI_GUARD_WINDOW_MS = new ConfigKey<>("ai.guard-window-ms", "60000",
      "an integer from 100 to 86400000",
      "How long a new AI table serves before its hit rate and p99 are compared with the previous table's (milliseconds).",
      v -> longIn(v, 100, 86_400_000L));
  public static final ConfigKey<Long> AI_GUARD_MIN_LOOKUPS = new ConfigKey<>("ai.guard-min-lookups", "1000",
      "an integer from 1 to 2^40", "Cache lookups (hits + misses) each table needs in its window before they are compared.",
      v -> longIn(v, 1, 1L << 40));
  public static final ConfigKey<Double> AI_GUARD_HIT_MARGIN = new ConfigKey<>("ai.guard-hit-margin", "0.05",
      "a number from 0 to 1",
      "A new table whose hit rate is below the previous table's by more than this (absolute) is reverted.",
      v -> doubleIn(v, 0, 1));
  public static final ConfigKey<Double> AI_GUARD_P99_RATIO = new ConfigKey<>("ai.guard-p99-ratio", "1.5",
      "a number from 1 to 1000",
      "A new table whose search p99 exceeds the previous table's times this is reverted.",
      v -> doubleIn(v, 1, 1000));
  public static final ConfigKey<String> AI_FALLBACK = new ConfigKey<>("ai.fallback", "static",
      "static or lru",
      "What the deadline fallback installs: the configured/operator table (static), or that table with LRU eviction (lru).",
      v -> oneOf(v, Set.of("static", "lru")));

  /** All keys, in the order they are documented. */
  public static final List<ConfigKey<?>> ALL = List.of(RESP_HOST, RESP_PORT, HTTP_HOST, HTTP_PORT, DATA_DIR,
      KAFKA_BOOTSTRAP, KAFKA_EMBEDDED_PORT, KAFKA_REPLICATION, ADMIN_KEY, ADMIN_KEY_FILE, AUTH_FAILURE_ALLOWANCE,
      HTTP_METRICS_PUBLIC, TLS_CERT, TLS_KEY, TLS_CA, TLS_CLIENT_AUTH, RESP_MAX_CLIENTS,
      RESP_MAX_BULK_BYTES, RESP_MAX_ARGS, RESP_MAX_PIPELINE, NET_TRANSPORT, NET_EVENT_LOOPS,
      SEARCH_THREADS, SEARCH_SPIN_US, SHUTDOWN_DRAIN_MS, LOG_LEVEL,
      CACHE_ENABLED, CACHE_MAX_BYTES, CACHE_TENANT_MAX_BYTES, CACHE_EVICTION, CACHE_SIMHASH_BITS, CACHE_SIMHASH_SEED,
      CACHE_SWEEP_MS, CACHE_TTL_MS, CACHE_QUERY_KEY_LEVEL, CACHE_CONSISTENCY,
      WAL_ENABLED, WAL_TOPIC, WAL_TIMEOUT_MS, WAL_PAGE_CACHE_EVICT_MS, SNAPSHOT_INTERVAL_S, SNAPSHOT_RETAIN, TELEMETRY_ENABLED,
      TELEMETRY_KAFKA_BOOTSTRAP, TELEMETRY_QUEUE, TELEMETRY_MAX_RATE, AI_POLICY_UPDATES, AI_POLICY_TOPIC, AI_POLICY_DEADLINE_MS,
      AI_GUARD_WINDOW_MS, AI_GUARD_MIN_LOOKUPS, AI_GUARD_HIT_MARGIN, AI_GUARD_P99_RATIO, AI_FALLBACK);

  /** Shortest admin key accepted: shorter keys are guessable. */
  public static final int MIN_ADMIN_KEY_LENGTH = 16;

  private ConfigKeys() {}

  static ConfigKey<?> byName(String name) {
    for (ConfigKey<?> k : ALL) {
      if (k.name().equals(name)) {
        return k;
      }
    }
    return null;
  }

  static int intIn(String v, int min, int max) {
    return (int) longIn(v, min, max);
  }

  static long longIn(String v, long min, long max) {
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an integer");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException("out of range");
    }
    return n;
  }

  static double doubleIn(String v, double min, double max) {
    double d;
    try {
      d = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number");
    }
    if (!(d >= min && d <= max)) { // also rejects NaN
      throw new IllegalArgumentException("out of range");
    }
    return d;
  }

  private static String topic(String v) {
    if (v.isEmpty() || v.length() > MAX_TOPIC_LENGTH || !v.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("not a topic name");
    }
    return v;
  }

  private static Boolean bool(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new IllegalArgumentException("not a boolean");
    };
  }

  private static String host(String v) {
    if (v.isEmpty() || !v.matches("[A-Za-z0-9.:_\\-\\[\\]]+")) {
      throw new IllegalArgumentException("not an address");
    }
    return v;
  }

  private static Path path(String v) {
    if (v.isEmpty()) {
      throw new IllegalArgumentException("empty path");
    }
    return Path.of(v);
  }

  private static String bootstrap(String v) {
    if (v.isEmpty()) {
      return v;
    }
    for (String hp : v.split(",")) {
      int colon = hp.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("missing port in '" + hp + "'");
      }
      intIn(hp.substring(colon + 1), 1, MAX_PORT);
    }
    return v;
  }

  private static String adminKey(String v) {
    if (!v.isEmpty() && v.length() < MIN_ADMIN_KEY_LENGTH) {
      // Do not echo the value: it is a secret.
      throw new IllegalArgumentException("too short");
    }
    return v;
  }

  private static String oneOf(String v, Set<String> allowed) {
    String lower = v.toLowerCase(Locale.ROOT);
    if (!allowed.contains(lower)) {
      throw new IllegalArgumentException("not one of the accepted values");
    }
    return lower;
  }
}
