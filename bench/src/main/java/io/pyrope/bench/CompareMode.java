package io.pyrope.bench;

import io.pyrope.dataset.FloatDataset;
import io.pyrope.dataset.IntDataset;
import io.pyrope.node.PyropeNode;
import io.pyrope.node.config.ConfigLoader;
import io.pyrope.search.faiss.SearchParams;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code compare}: in one run, C++ in-process, JNA in-process, and RESP with 1, 2 and 4 client
 * connections (no pipelining) on the same dataset, factory and params, with their ratios. The
 * issue-4 target is RESP with one client at ≥ {@link #TARGET_RATIO} of the in-process (JNA) QPS.
 *
 * <p>By default it starts a node in this process (free ports, a temporary data directory,
 * embedded Kafka) and loads qqp-minilm 50k into it over RESP with one connection (so the node
 * receives the rows in file order, as the in-process index does); {@code --port} uses a running
 * node instead. A PING loop measures the bare RESP round trip for reference.
 */
final class CompareMode {
  static final Set<String> VALUED = Set.of("dataset", "queries", "truth", "metric", "factory", "params", "k", "limit",
      "concurrency", "duration", "repeat", "warmup", "host", "port", "http-port", "index", "train-size", "json",
      "node-flags", "rounds");
  static final Set<String> FLAGS = Set.of("quiet");
  /** RESP QPS with one client over in-process QPS that issue 4 asks for. */
  static final double TARGET_RATIO = 0.70;
  /** Where the shared datasets are, relative to the repository root. */
  static final String DATA = "../shared/data/qqp-minilm/";
  static final String DEFAULT_BASE = DATA + "qqp50k_minilm_base.fvecs";
  static final String DEFAULT_QUERIES = DATA + "qqp1k_minilm_query.fvecs";
  static final String DEFAULT_TRUTH = DATA + "qqp_minilm_groundtruth_top100_ip.ivecs";
  /** The node's default efSearch (IndexConfigs.DEFAULT_EF_SEARCH), sent explicitly to every path. */
  static final String DEFAULT_PARAMS = "ef=64";
  /** Most --rounds: each round costs two full passes over the queries. */
  static final int MAX_ROUNDS = 50;
  /** PING / VEC.STATS round trips timed, after as many untimed. */
  static final int PINGS = 5_000;

  private CompareMode() {}

  static void run(List<String> commandLine, List<String> args, PrintStream stdout, PrintStream stderr) {
    Options o = Options.parse("compare", args, VALUED, FLAGS);
    Output out = new Output(stdout, stderr, o.get("json", null));
    String root = System.getProperty(Machine.ROOT_PROPERTY, ".");
    String metric = Specs.metric(o.get("metric", "cosine"));
    String factory = o.get("factory", "HNSW32");
    int k = o.getInt("k", SearchMode.DEFAULT_K, 1, 4096);
    SearchParams params = Specs.searchParams(o.get("params", DEFAULT_PARAMS));
    List<Integer> concurrencies = concurrencies(o.get("concurrency", "1,2,4"));
    Plan plan = Plan.from(o);
    int trainSize = o.getInt("train-size", InprocMode.DEFAULT_TRAIN_SIZE, 1, Integer.MAX_VALUE);
    Specs.IndexName index = Specs.indexName(o.get("index", "bench/compare"));
    boolean quiet = o.flag("quiet");
    int rounds = o.getInt("rounds", 1, 1, MAX_ROUNDS);
    String host = o.get("host", LoadMode.DEFAULT_HOST);
    boolean external = o.has("port");

    FloatDataset data = Datasets.fvecs("dataset", o.get("dataset", Path.of(root, DEFAULT_BASE).toString()),
        o.getInt("limit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE));
    FloatDataset queries = Datasets.fvecs("queries", o.get("queries", Path.of(root, DEFAULT_QUERIES).toString()),
        Integer.MAX_VALUE);
    Datasets.checkDims(data.dim(), "the dataset", queries);
    IntDataset truth = Datasets.ivecs("truth", o.get("truth", Path.of(root, DEFAULT_TRUTH).toString()));
    Datasets.checkTruth(queries, truth, k);

    Path tmp = null;
    PyropeNode node = null;
    try {
      int port;
      int httpPort = o.getInt("http-port", 8080, 1, 65535);
      if (external && o.get("node-flags", null) != null) {
        throw new BenchException("compare: --node-flags configures the node started in this process; it cannot be "
            + "used with --port");
      }
      if (external) {
        port = o.getInt("port", LoadMode.DEFAULT_PORT, 1, 65535);
      } else {
        tmp = Files.createTempDirectory("pyrope-bench-node");
        List<String> nodeArgs = new java.util.ArrayList<>(List.of("--data.dir=" + tmp, "--resp.host=" + host,
            "--resp.port=0", "--http.port=0", "--kafka.embedded.port=0"));
        nodeArgs.addAll(nodeFlags(o.get("node-flags", "")));
        node = PyropeNode.start(ConfigLoader.load(nodeArgs, Map.of()));
        port = node.respPort();
        httpPort = node.httpPort();
      }
      ServerMetrics metrics = new ServerMetrics(host, httpPort, index.index());
      // head_max above the row count: no background rebuild while loading; VEC.BUILD makes the tail.
      Loader.Spec spec = new Loader.Spec(index, metric, factory, Map.of("head_max",
          Integer.toString(Math.max(data.n() + 1, 10_000)), "train_size", Integer.toString(trainSize)),
          1, LoadMode.DEFAULT_BATCH, LoadMode.DEFAULT_PIPELINE, true, true);
      Loader.Result load = Loader.run(host, port, spec, data, quiet);
      try (Inproc inproc = Inproc.build(data, queries, truth, k, metric, factory, trainSize, quiet)) {
        out.line("compare " + factory + " " + metric + " " + Specs.describe(params) + ": " + data.n() + " x "
            + data.dim() + ", " + queries.n() + " queries, k=" + k + ", " + plan.describe() + "; node "
            + (external ? "at " + host + ":" + port : "in this process") + " (load " + Table.fmt(load.vectorsPerSecond())
            + " vectors/s, VEC.BUILD " + Table.fmt(load.buildSeconds()) + " s), in-process build "
            + Table.fmt(inproc.buildSeconds()) + " s");
        List<SearchResult> results = new ArrayList<>();
        SearchResult cpp = inproc.cpp("c++", params, plan);
        SearchResult jna = inproc.jna("jna", params, plan);
        results.add(cpp);
        results.add(jna);
        RespSearch resp = new RespSearch(host, port, index, queries, truth, k);
        List<SearchResult> overResp = new ArrayList<>();
        ServerMetrics.Breakdown server = null;
        for (int c : concurrencies) {
          ServerMetrics.Snapshot[] before = new ServerMetrics.Snapshot[1];
          SearchResult r = resp.run("resp c=" + c, params, c, 1, plan, quiet, () -> {
            if (c == 1) {
              before[0] = metrics.scrape();
            }
          });
          if (c == 1) {
            server = ServerMetrics.between(before[0], metrics.scrape());
          }
          overResp.add(r);
          results.add(r);
        }
        SearchResult firstOne = overResp.stream().filter(r -> r.concurrency() == 1).findFirst().orElse(null);
        List<double[]> paired = pairedRounds(inproc, resp, params, plan, quiet, jna, firstOne, rounds);
        Latencies.Summary ping = roundTrips(host, port, c -> c.ping());
        Latencies.Summary statsRtt = roundTrips(host, port, c -> c.stats(index));
        out.searchTable(results);

        JsonObject ratios = new JsonObject().put("jna_over_cpp", ratio(jna, cpp));
        Table t = new Table("ratio", "value", "meaning");
        t.row("jna / c++", ratio(jna, cpp), "QPS through JNA over the same loop in C++");
        for (SearchResult r : overResp) {
          String c = Integer.toString(r.concurrency());
          ratios.put("resp_c" + c + "_over_jna", ratio(r, jna)).put("resp_c" + c + "_over_cpp", ratio(r, cpp));
          t.row("resp c=" + c + " / jna", ratio(r, jna), "RESP QPS, " + c + " client(s), over in-process JNA (1 thread)");
          t.row("resp c=" + c + " / c++", ratio(r, cpp), "RESP QPS, " + c + " client(s), over in-process C++ (1 thread)");
        }
        out.line("");
        t.print(out.out());
        SearchResult one = overResp.stream().filter(r -> r.concurrency() == 1).findFirst().orElse(null);
        JsonObject overhead = new JsonObject()
            .put("ping_rtt_us", new JsonObject().put("mean", SearchResult.round(ping.mean() / 1e3, 1))
                .put("p50", SearchResult.micros(ping.p50())).put("p99", SearchResult.micros(ping.p99())))
            .put("vec_stats_rtt_us", new JsonObject().put("mean", SearchResult.round(statsRtt.mean() / 1e3, 1))
                .put("p50", SearchResult.micros(statsRtt.p50())).put("p99", SearchResult.micros(statsRtt.p99())))
            .put("jna_minus_cpp_us", SearchResult.round(jna.meanMicros() - cpp.meanMicros(), 1));
        out.line("");
        out.line("PING round trip (1 client): mean " + Table.fmt(ping.mean() / 1e3) + " us, p50 "
            + Table.fmt(ping.p50() / 1e3) + " us, p99 " + Table.fmt(ping.p99() / 1e3) + " us; VEC.STATS (event bus +"
            + " worker pool, no FAISS): mean " + Table.fmt(statsRtt.mean() / 1e3) + " us, p50 "
            + Table.fmt(statsRtt.p50() / 1e3) + " us, p99 " + Table.fmt(statsRtt.p99() / 1e3) + " us");
        if (one != null && server != null) {
          double rtt = one.meanMicros();
          out.line("where a VEC.SEARCH's time goes (1 client, means): client round trip " + Table.fmt(rtt)
              + " us = network+client " + Table.fmt(rtt - server.commandMicros()) + " + node dispatch (parse to reply,"
              + " less engine) " + Table.fmt(server.commandMicros() - server.engineMicros()) + " + engine "
              + Table.fmt(server.engineMicros()) + " us (of which a bare JNA search " + Table.fmt(jna.meanMicros())
              + " us)");
          overhead.put("node_command_us", SearchResult.round(server.commandMicros(), 1))
              .put("node_engine_us", SearchResult.round(server.engineMicros(), 1))
              .put("client_rtt_us", SearchResult.round(rtt, 1))
              .put("node_searches_counted", server.searches());
        }
        double medianRatio = Double.NaN;
        if (paired.size() > 1) {
          Table pr = new Table("round", "jna QPS", "resp c=1 QPS", "ratio");
          JsonArray perRound = new JsonArray();
          double[] values = new double[paired.size()];
          for (int i = 0; i < paired.size(); i++) {
            double[] p = paired.get(i);
            values[i] = p[1] / p[0];
            pr.row(Integer.toString(i + 1), p[0], p[1], SearchResult.round(values[i], 4));
            perRound.add(SearchResult.round(values[i], 4));
          }
          medianRatio = Latencies.median(values);
          ratios.put("resp_c1_over_jna_rounds", perRound).put("resp_c1_over_jna_median", SearchResult.round(medianRatio, 4));
          out.line("");
          out.line("paired rounds (in-process JNA, then RESP with one client, back to back; round 1 is the run above):");
          pr.print(out.out());
          out.line("median resp c=1 / jna over " + paired.size() + " rounds: " + Table.fmt(medianRatio));
        }
        if (one != null) {
          double r1 = Double.isNaN(medianRatio) ? one.qps() / jna.qps() : medianRatio;
          double perRequest = one.meanMicros() - jna.meanMicros();
          overhead.put("resp_c1_minus_jna_us", SearchResult.round(perRequest, 1));
          ratios.put("target", TARGET_RATIO).put("target_met", r1 >= TARGET_RATIO);
          out.line("RESP per-request overhead over JNA (1 client): " + Table.fmt(perRequest) + " us; JNA over C++: "
              + Table.fmt(jna.meanMicros() - cpp.meanMicros()) + " us");
          out.line(String.format(java.util.Locale.ROOT,
              "issue-4 target, RESP with one client >= %.0f%% of in-process QPS: %s (%.1f%% of JNA%s, %.1f%% of C++)",
              TARGET_RATIO * 100, r1 >= TARGET_RATIO ? "MET" : "NOT MET", r1 * 100,
              Double.isNaN(medianRatio) ? "" : ", median of " + paired.size() + " paired rounds",
              100 * one.qps() / cpp.qps()));
        }
        if (out.json() != null) {
          Report report = new Report("compare", commandLine, o).put("load", load.toJson()).put("ratios", ratios)
              .put("overhead", overhead).put("inproc_build_seconds", SearchResult.round(inproc.buildSeconds(), 3))
              .put("node", external ? host + ":" + port : "in-process");
          results.forEach(report::add);
          report.write(out.json(), stdout);
        }
      }
      if (external) {
        try (RespClient c = RespClient.connect(host, port)) {
          c.dropIfExists(index);
        }
      }
    } catch (IOException e) {
      throw new BenchException("cannot create a temporary data directory: " + e.getMessage());
    } finally {
      if (node != null) {
        node.close();
      }
      deleteTree(tmp);
    }
  }

  /**
   * {@code --node-flags k=v,k=v}: configuration keys for the in-process node (e.g.
   * {@code telemetry.enabled=false,search.threads=1}), as {@code --k=v} arguments; the node's own
   * loader checks keys and values.
   */
  static List<String> nodeFlags(String spec) {
    List<String> out = new java.util.ArrayList<>();
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0 || eq == p.length() - 1) {
        throw new BenchException("compare: --node-flags entry '" + p + "' is not key=value");
      }
      out.add("--" + p);
    }
    return out;
  }

  /**
   * {@code --rounds N}: the one-client ratio measured N times, each round an in-process JNA run
   * and a RESP run back to back, so that a slow drift of the machine (other tenants, frequency)
   * moves both sides of a ratio alike; the median decides the target. Round 1 reuses the main
   * run's JNA and RESP c=1 results. Empty when the main run had no one-client RESP run.
   *
   * @return per round {jna QPS, resp c=1 QPS}
   */
  private static List<double[]> pairedRounds(Inproc inproc, RespSearch resp, SearchParams params, Plan plan,
      boolean quiet, SearchResult jna, SearchResult respOne, int rounds) {
    List<double[]> out = new ArrayList<>();
    if (respOne == null) {
      return out;
    }
    out.add(new double[] {jna.qps(), respOne.qps()});
    for (int i = 1; i < rounds; i++) {
      SearchResult j = inproc.jna("jna round " + (i + 1), params, plan);
      SearchResult r = resp.run("resp c=1 round " + (i + 1), params, 1, 1, plan, quiet, () -> { });
      out.add(new double[] {j.qps(), r.qps()});
    }
    return out;
  }

  static List<Integer> concurrencies(String s) {
    List<Integer> out = new ArrayList<>();
    for (String part : s.split(",")) {
      out.add(Options.parseInt("compare: --concurrency", part, 1, 256));
    }
    return out;
  }

  private static double ratio(SearchResult a, SearchResult b) {
    return SearchResult.round(a.qps() / b.qps(), 4);
  }

  /**
   * Round trips of one cheap command on one connection, after as many untimed: PING is the RESP
   * floor (answered on the connection's event loop); VEC.STATS adds the path every VEC.SEARCH
   * takes inside the node (event bus, search verticle, worker pool and back) without FAISS.
   */
  private static Latencies.Summary roundTrips(String host, int port, java.util.function.Consumer<RespClient> call) {
    try (RespClient c = RespClient.connect(host, port)) {
      for (int i = 0; i < PINGS; i++) {
        call.accept(c);
      }
      Latencies l = new Latencies();
      for (int i = 0; i < PINGS; i++) {
        long t0 = System.nanoTime();
        call.accept(c);
        l.record(System.nanoTime() - t0);
      }
      return l.summarize();
    }
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
