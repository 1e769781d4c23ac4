package io.pyrope.bench;

import io.pyrope.dataset.FloatDataset;
import io.pyrope.dataset.IntDataset;
import io.pyrope.search.faiss.SearchParams;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code inproc --dataset BASE.fvecs --queries Q.fvecs --truth GT.ivecs --metric m --factory F …}:
 * builds the index in this process and runs the queries single-threaded through JNA and in C++,
 * so the JNA overhead is a ratio measured in one run.
 */
final class InprocMode {
  static final Set<String> VALUED = Set.of("dataset", "queries", "truth", "metric", "factory", "params", "sweep", "k",
      "limit", "train-size", "duration", "repeat", "warmup", "json");
  static final Set<String> FLAGS = Set.of("quiet");
  /** Training sample when --train-size is absent: the node's default (IndexConfigs.DEFAULT_TRAIN_SIZE). */
  static final int DEFAULT_TRAIN_SIZE = 50_000;

  private InprocMode() {}

  static void run(List<String> commandLine, List<String> args, PrintStream stdout, PrintStream stderr) {
    Options o = Options.parse("inproc", args, VALUED, FLAGS);
    Output out = new Output(stdout, stderr, o.get("json", null));
    String metric = Specs.metric(o.require("metric"));
    String factory = o.require("factory");
    int k = o.getInt("k", SearchMode.DEFAULT_K, 1, 4096);
    SearchParams base = Specs.searchParams(o.get("params", null));
    Specs.Sweep sweep = o.has("sweep") ? Specs.sweep(o.get("sweep", null)) : null;
    Plan plan = Plan.from(o);
    int trainSize = o.getInt("train-size", DEFAULT_TRAIN_SIZE, 1, Integer.MAX_VALUE);
    boolean quiet = o.flag("quiet");

    FloatDataset data = Datasets.vectors("dataset", o.require("dataset"), o.getInt("limit", Integer.MAX_VALUE, 1,
        Integer.MAX_VALUE));
    FloatDataset queries = Datasets.vectors("queries", o.require("queries"), Integer.MAX_VALUE);
    Datasets.checkDims(data.dim(), "the dataset", queries);
    IntDataset truth = Datasets.ivecs("truth", o.require("truth"));
    Datasets.checkTruth(queries, truth, k);

    List<SearchResult> results = new ArrayList<>();
    JsonArray ratios = new JsonArray();
    try (Inproc inproc = Inproc.build(data, queries, truth, k, metric, factory, trainSize, quiet)) {
      out.line("inproc " + factory + " " + metric + ": " + data.n() + " x " + data.dim() + " built in "
          + Table.fmt(inproc.buildSeconds()) + " s; " + queries.n() + " queries, k=" + k + ", one thread, "
          + plan.describe());
      int steps = sweep == null ? 1 : sweep.values().size();
      for (int i = 0; i < steps; i++) {
        SearchParams p = sweep == null ? base : sweep.at(i, base);
        SearchResult cpp = inproc.cpp("c++", p, plan);
        SearchResult jna = inproc.jna("jna", p, plan);
        results.add(cpp);
        results.add(jna);
        ratios.add(new JsonObject().put("params", Specs.describe(p))
            .put("jna_over_cpp_qps", SearchResult.round(jna.qps() / cpp.qps(), 4))
            .put("jna_overhead_us", SearchResult.round(jna.meanMicros() - cpp.meanMicros(), 2)));
      }
      out.searchTable(results);
      Table t = new Table("params", "JNA/C++ QPS", "JNA overhead us/query");
      for (Object r : ratios) {
        JsonObject j = (JsonObject) r;
        t.row(j.getString("params"), j.getDouble("jna_over_cpp_qps"), j.getDouble("jna_overhead_us"));
      }
      out.line("");
      t.print(out.out());
      if (out.json() != null) {
        Report report = new Report("inproc", commandLine, o).put("build_seconds",
            SearchResult.round(inproc.buildSeconds(), 3)).put("ratios", ratios);
        results.forEach(report::add);
        report.write(out.json(), stdout);
      }
    }
  }
}
