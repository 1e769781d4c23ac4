package io.pyrope.bench;

import io.pyrope.dataset.FloatDataset;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code durability --durable-port P --plain-port Q}: the issue-5 benchmark. Bulk-loads the same
 * file into two running nodes, one with durable writes ({@code wal.enabled=true}: every VEC.ADD in
 * Kafka before it is applied and answered) and one with {@code wal.enabled=false}, in alternating
 * order round after round from this one (warm) client process, and reports each node's rate and
 * CPU per vector (from {@code INFO cpu}) and the durable / non-durable ratio. Targets: durable ≥
 * {@link #TARGET_RATIO} of non-durable, and ≥ {@link #TARGET_DURABLE_RATE} vectors/s. A round is a
 * pair of loads back to back, so a drift of the machine (another process, the page cache, GC)
 * moves both sides of its ratio alike; the median of the rounds' ratios decides, as in
 * {@code compare --rounds}, since single loads on a small shared machine swing by a third. The
 * ratio of the two modes' median rates is printed beside it.
 *
 * <p>Each load goes into a fresh index (created, loaded, dropped), so every round measures the same
 * work. Untimed warm-up loads first let both nodes' JIT compile their write paths. The node's
 * mode is checked with {@code INFO persistence}: swapped or equal ports are refused.
 */
final class DurabilityMode {
  static final Set<String> VALUED = Set.of("durable-port", "plain-port", "host", "dataset", "metric", "factory",
      "limit", "connections", "batch", "pipeline", "rounds", "warmup", "json");
  static final Set<String> FLAGS = Set.of("quiet");
  /** Issue 5: durable loading at least this share of the non-durable rate. */
  static final double TARGET_RATIO = 0.50;
  /** Issue 5: durable loading at least this many vectors per second. */
  static final double TARGET_DURABLE_RATE = 20_000;
  static final String DEFAULT_DATASET = CompareMode.DATA + "qqp50k_minilm_base.fvecs";
  static final int DEFAULT_ROUNDS = 7;
  static final int MAX_ROUNDS = 100;
  /**
   * Untimed loads per node first. The durable node runs Kafka's broker and producer code too, and
   * the JIT was still compiling it after 10 loads: on 2 vCPUs the median ratio was 0.43 after 5
   * warm-up loads, 0.48 after 10, 0.55-0.62 after 20 and 0.69 after 30 (docs/benchmarks/durability.md).
   * A server is judged warm.
   */
  static final int DEFAULT_WARMUP = 30;
  static final int MAX_WARMUP = 100;
  static final int DEFAULT_CONNECTIONS = 4;
  /** Tenant of the benchmark's indexes; each load uses a fresh index under it. */
  static final String TENANT = "bench";

  private DurabilityMode() {}

  /** One load: the client's rate and the node's CPU per vector over it. */
  record Load(double vectorsPerSecond, double cpuMicrosPerVector) {}

  static void run(List<String> commandLine, List<String> args, PrintStream stdout, PrintStream stderr) {
    Options o = Options.parse("durability", args, VALUED, FLAGS);
    Output out = new Output(stdout, stderr, o.get("json", null));
    String host = o.get("host", LoadMode.DEFAULT_HOST);
    int durablePort = o.getInt("durable-port", -1, 1, 65535);
    int plainPort = o.getInt("plain-port", -1, 1, 65535);
    if (durablePort < 0 || plainPort < 0) {
      throw new BenchException("durability needs --durable-port (a node with wal.enabled=true) and --plain-port "
          + "(a node with wal.enabled=false)");
    }
    if (durablePort == plainPort) {
      throw new BenchException("--durable-port and --plain-port are both " + durablePort
          + "; they must be two nodes, one with the WAL and one without");
    }
    int rounds = o.getInt("rounds", DEFAULT_ROUNDS, 1, MAX_ROUNDS);
    int warmup = o.getInt("warmup", DEFAULT_WARMUP, 0, MAX_WARMUP);
    boolean quiet = o.flag("quiet");
    String root = System.getProperty(Machine.ROOT_PROPERTY, ".");
    FloatDataset data = Datasets.vectors("dataset", o.get("dataset", root + "/" + DEFAULT_DATASET),
        o.getInt("limit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE));
    String metric = Specs.metric(o.get("metric", "cosine"));
    String factory = o.get("factory", "Flat");
    int connections = o.getInt("connections", DEFAULT_CONNECTIONS, 1, 256);
    int batch = o.getInt("batch", LoadMode.DEFAULT_BATCH, 1, 100_000);
    int pipeline = o.getInt("pipeline", LoadMode.DEFAULT_PIPELINE, 1, 1024);

    try (RespClient durable = RespClient.connect(host, durablePort);
        RespClient plain = RespClient.connect(host, plainPort)) {
      requireWal(durable, "--durable-port " + durablePort, true);
      requireWal(plain, "--plain-port " + plainPort, false);
      out.line("durability: " + data.n() + " x " + data.dim() + " " + metric + ", factory " + factory + ", "
          + connections + " connection(s), batch " + batch + ", pipeline " + pipeline + "; durable node " + host
          + ":" + durablePort + ", wal.enabled=false node " + host + ":" + plainPort + "; " + warmup
          + " warm-up load(s) each, " + rounds + " round(s)");
      Loads loads = new Loads(host, metric, factory, connections, batch, pipeline, data, quiet);
      for (int w = 0; w < warmup; w++) {
        loads.run(durable, durablePort);
        loads.run(plain, plainPort);
      }
      List<Load> durableLoads = new ArrayList<>();
      List<Load> plainLoads = new ArrayList<>();
      Table t = new Table("round", "durable_vps", "plain_vps", "ratio", "durable_us_cpu", "plain_us_cpu");
      JsonArray perRound = new JsonArray();
      for (int r = 0; r < rounds; r++) {
        Load d;
        Load p;
        if (r % 2 == 0) { // alternate which mode goes first: a drift in the machine hits both alike
          d = loads.run(durable, durablePort);
          p = loads.run(plain, plainPort);
        } else {
          p = loads.run(plain, plainPort);
          d = loads.run(durable, durablePort);
        }
        durableLoads.add(d);
        plainLoads.add(p);
        double ratio = d.vectorsPerSecond() / p.vectorsPerSecond();
        t.row(r + 1, Math.round(d.vectorsPerSecond()), Math.round(p.vectorsPerSecond()), Table.fmt(ratio),
            Table.fmt(d.cpuMicrosPerVector()), Table.fmt(p.cpuMicrosPerVector()));
        perRound.add(new JsonObject().put("durable_vectors_per_second", SearchResult.round(d.vectorsPerSecond(), 1))
            .put("plain_vectors_per_second", SearchResult.round(p.vectorsPerSecond(), 1))
            .put("ratio", SearchResult.round(ratio, 4))
            .put("durable_node_cpu_us_per_vector", SearchResult.round(d.cpuMicrosPerVector(), 3))
            .put("plain_node_cpu_us_per_vector", SearchResult.round(p.cpuMicrosPerVector(), 3)));
      }
      t.print(out.out());
      double durableRate = Latencies.median(durableLoads.stream().mapToDouble(Load::vectorsPerSecond).toArray());
      double plainRate = Latencies.median(plainLoads.stream().mapToDouble(Load::vectorsPerSecond).toArray());
      double ratio = durableRate / plainRate;
      double[] roundRatios = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        roundRatios[r] = durableLoads.get(r).vectorsPerSecond() / plainLoads.get(r).vectorsPerSecond();
      }
      double roundRatio = Latencies.median(roundRatios);
      double durableCpu = Latencies.median(durableLoads.stream().mapToDouble(Load::cpuMicrosPerVector).toArray());
      double plainCpu = Latencies.median(plainLoads.stream().mapToDouble(Load::cpuMicrosPerVector).toArray());
      out.line(String.format("median over %d rounds: durable %.0f vectors/s, wal.enabled=false %.0f vectors/s, "
          + "ratio of the medians %.3f, median of the rounds' ratios %.3f; node CPU per vector: durable %.2f us, "
          + "wal.enabled=false %.2f us", rounds, durableRate, plainRate, ratio, roundRatio, durableCpu, plainCpu));
      out.line(String.format("target durable >= %.0f%% of non-durable: %s (median of the paired rounds' ratios %.1f%%); "
          + "durable >= %.0f vectors/s: %s", TARGET_RATIO * 100, roundRatio >= TARGET_RATIO ? "MET" : "NOT MET",
          roundRatio * 100, TARGET_DURABLE_RATE, durableRate >= TARGET_DURABLE_RATE ? "MET" : "NOT MET"));
      if (out.json() != null) {
        new Report("durability", commandLine, o).put("durability", new JsonObject()
            .put("rounds", perRound)
            .put("durable_vectors_per_second_median", SearchResult.round(durableRate, 1))
            .put("plain_vectors_per_second_median", SearchResult.round(plainRate, 1))
            .put("ratio_of_medians", SearchResult.round(ratio, 4))
            .put("median_of_round_ratios", SearchResult.round(roundRatio, 4))
            .put("durable_node_cpu_us_per_vector_median", SearchResult.round(durableCpu, 3))
            .put("plain_node_cpu_us_per_vector_median", SearchResult.round(plainCpu, 3))
            .put("target_ratio", TARGET_RATIO).put("target_ratio_met", roundRatio >= TARGET_RATIO)
            .put("target_durable_rate", TARGET_DURABLE_RATE)
            .put("target_durable_rate_met", durableRate >= TARGET_DURABLE_RATE))
            .write(out.json(), stdout);
      }
    }
  }

  /** Refuses a node whose {@code INFO persistence} does not say the expected WAL mode. */
  static void requireWal(RespClient node, String which, boolean wal) {
    String enabled = node.info("persistence").get("wal_enabled");
    if (enabled == null) {
      throw new BenchException(which + ": the node's INFO has no persistence/wal_enabled field (an older node?)");
    }
    if (!enabled.equals(wal ? "1" : "0")) {
      throw new BenchException(which + " names a node with wal.enabled=" + enabled.equals("1") + "; it must be one with "
          + "wal.enabled=" + wal + (wal ? " (the default)" : ""));
    }
  }

  /** How every load of a run is made: a fresh index each time, created, loaded and dropped. */
  private static final class Loads {
    private final String host;
    private final String metric;
    private final String factory;
    private final int connections;
    private final int batch;
    private final int pipeline;
    private final FloatDataset data;
    private final boolean quiet;
    private int serial; // numbers this run's indexes

    Loads(String host, String metric, String factory, int connections, int batch, int pipeline, FloatDataset data,
        boolean quiet) {
      this.host = host;
      this.metric = metric;
      this.factory = factory;
      this.connections = connections;
      this.batch = batch;
      this.pipeline = pipeline;
      this.data = data;
      this.quiet = quiet;
    }

    /** Loads every row into a new index of the node behind {@code client}, reading its CPU around the load. */
    Load run(RespClient client, int port) {
      Specs.IndexName index = new Specs.IndexName(TENANT, "durability-" + ProcessHandle.current().pid() + "-" + serial++);
      double cpu0 = cpuSeconds(client);
      Loader.Result r = Loader.run(host, port, new Loader.Spec(index, metric, factory, Map.of(), connections, batch,
          pipeline, true, false), data, quiet);
      double cpu1 = cpuSeconds(client);
      client.dropIfExists(index);
      return new Load(r.vectorsPerSecond(), (cpu1 - cpu0) * 1e6 / r.vectors());
    }
  }

  /** The node process' CPU seconds so far ({@code INFO cpu}: used_cpu_total). */
  private static double cpuSeconds(RespClient client) {
    String total = client.info("cpu").get("used_cpu_total");
    if (total == null) {
      throw new BenchException("the node's INFO cpu has no used_cpu_total field (an older node?)");
    }
    return Double.parseDouble(total);
  }
}
