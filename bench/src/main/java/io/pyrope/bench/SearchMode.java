package io.pyrope.bench;

import io.pyrope.dataset.FloatDataset;
import io.pyrope.dataset.IntDataset;
import io.pyrope.search.faiss.SearchParams;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code search --queries Q.fvecs --truth GT.ivecs --index tenant/index [--k 10] …}: QPS,
 * latency percentiles and recall@k over RESP, for one setting or a {@code --sweep}. Without a
 * ground-truth file ({@code --dataset BASE} instead of {@code --truth}), the exact top k is
 * computed by brute force first ({@link ExactTruth}; for Fashion-MNIST, which ships none).
 */
final class SearchMode {
  static final Set<String> VALUED = Set.of("queries", "truth", "index", "k", "limit", "concurrency", "pipeline",
      "params", "sweep", "duration", "repeat", "warmup", "host", "port", "json", "dataset");
  static final Set<String> FLAGS = Set.of("quiet");
  static final int DEFAULT_K = 10;

  private SearchMode() {}

  static void run(List<String> commandLine, List<String> args, PrintStream stdout, PrintStream stderr) {
    Options o = Options.parse("search", args, VALUED, FLAGS);
    Output out = new Output(stdout, stderr, o.get("json", null));
    String host = o.get("host", LoadMode.DEFAULT_HOST);
    int port = o.getInt("port", LoadMode.DEFAULT_PORT, 1, 65535);
    Specs.IndexName index = Specs.indexName(o.require("index"));
    int k = o.getInt("k", DEFAULT_K, 1, 4096);
    int concurrency = o.getInt("concurrency", 1, 1, 256);
    int pipeline = o.getInt("pipeline", 1, 1, 1024);
    SearchParams base = Specs.searchParams(o.get("params", null));
    Specs.Sweep sweep = o.has("sweep") ? Specs.sweep(o.get("sweep", null)) : null;
    Plan plan = Plan.from(o);
    boolean quiet = o.flag("quiet");
    if (o.has("truth") == o.has("dataset")) {
      throw new BenchException("search: give --truth GT.ivecs, or --dataset BASE (the file loaded) to compute the"
          + " exact ground truth by brute force");
    }

    FloatDataset queries = Datasets.vectors("queries", o.require("queries"), o.getInt("limit", Integer.MAX_VALUE, 1,
        Integer.MAX_VALUE));
    Map<String, Object> stats = indexStats(host, port, index, queries);
    IntDataset truth;
    if (o.has("truth")) {
      truth = Datasets.ivecs("truth", o.require("truth"));
    } else {
      // the rows `load --limit N` sent are the first N: as many as the index holds
      int rows = stats.get("live") instanceof Long live ? (int) Math.min(Integer.MAX_VALUE, live) : Integer.MAX_VALUE;
      FloatDataset baseVectors = Datasets.vectors("dataset", o.require("dataset"), rows);
      Datasets.checkDims(baseVectors.dim(), "the dataset", queries);
      long t0 = System.nanoTime();
      truth = ExactTruth.compute(baseVectors, queries, k, String.valueOf(stats.get("metric")), quiet);
      out.line("ground truth: exact top " + k + " by brute force over " + baseVectors.n() + " base vectors (no --truth"
          + " file), " + Table.fmt((System.nanoTime() - t0) / 1e9) + " s");
    }
    Datasets.checkTruth(queries, truth, k);

    out.line("search " + index + " on " + host + ":" + port + ": " + stats.get("factory") + " " + stats.get("metric")
        + ", " + stats.get("live") + " vectors (tail " + stats.get("tail_rows") + ", head " + stats.get("head_rows")
        + "); " + queries.n() + " queries, k=" + k + ", " + plan.describe());
    RespSearch runner = new RespSearch(host, port, index, queries, truth, k);
    List<SearchResult> results = new ArrayList<>();
    int steps = sweep == null ? 1 : sweep.values().size();
    for (int i = 0; i < steps; i++) {
      SearchParams p = sweep == null ? base : sweep.at(i, base);
      results.add(runner.run("resp", p, concurrency, pipeline, plan, quiet));
    }
    out.searchTable(results);
    if (out.json() != null) {
      Report report = new Report("search", commandLine, o).put("index", new JsonObject(new LinkedHashMap<>(stats)));
      results.forEach(report::add);
      report.write(out.json(), stdout);
    }
  }

  /** VEC.STATS of the index, checked against the queries: same dimension, not empty. */
  static Map<String, Object> indexStats(String host, int port, Specs.IndexName index, FloatDataset queries) {
    Map<String, Object> stats;
    try (RespClient c = RespClient.connect(host, port)) {
      stats = c.stats(index);
    }
    Object dim = stats.get("dim");
    if (dim instanceof Long d) {
      Datasets.checkDims(d.intValue(), "index " + index, queries);
    }
    if (stats.get("live") instanceof Long live && live == 0) {
      throw new BenchException("index " + index + " is empty: load it first (./pyrope bench load ...)");
    }
    return stats;
  }
}
