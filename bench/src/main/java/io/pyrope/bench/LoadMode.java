package io.pyrope.bench;

import io.pyrope.dataset.FloatDataset;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * {@code load --dataset BASE.fvecs --index tenant/index --metric m [--factory F] [--params k=v,…]
 * [--limit N] [--connections C] [--batch B] [--pipeline P] [--build] [--drop] [--host H]
 * [--port P]}: creates the index and bulk-loads the file; reports vectors/s (and the VEC.BUILD
 * time with {@code --build}).
 */
final class LoadMode {
  static final Set<String> VALUED = Set.of("dataset", "limit", "index", "metric", "factory", "params", "host", "port",
      "connections", "batch", "pipeline", "json");
  static final Set<String> FLAGS = Set.of("build", "drop", "quiet");
  /** Default RESP endpoint: the node's defaults. */
  static final String DEFAULT_HOST = "127.0.0.1";
  static final int DEFAULT_PORT = 6380;
  /** Records per VEC.ADD: 500 × 384-d is ~770 KB per command. */
  static final int DEFAULT_BATCH = 500;
  /** VEC.ADD commands in flight per connection. */
  static final int DEFAULT_PIPELINE = 4;
  static final int DEFAULT_CONNECTIONS = 2;

  private LoadMode() {}

  static void run(List<String> commandLine, List<String> args, PrintStream stdout, PrintStream stderr) {
    Options o = Options.parse("load", args, VALUED, FLAGS);
    Output out = new Output(stdout, stderr, o.get("json", null));
    String host = o.get("host", DEFAULT_HOST);
    int port = o.getInt("port", DEFAULT_PORT, 1, 65535);
    Loader.Spec spec = new Loader.Spec(Specs.indexName(o.require("index")), Specs.metric(o.require("metric")),
        o.get("factory", null), Specs.keyValues("--params", o.get("params", "")),
        o.getInt("connections", DEFAULT_CONNECTIONS, 1, 256), o.getInt("batch", DEFAULT_BATCH, 1, 100_000),
        o.getInt("pipeline", DEFAULT_PIPELINE, 1, 1024), o.flag("drop"), o.flag("build"));
    FloatDataset data = Datasets.vectors("dataset", o.require("dataset"), o.getInt("limit", Integer.MAX_VALUE, 1,
        Integer.MAX_VALUE));
    Loader.Result r = Loader.run(host, port, spec, data, o.flag("quiet"));

    out.line("load " + spec.index() + " on " + host + ":" + port + ": " + data.n() + " x " + data.dim() + " "
        + spec.metric() + ", factory " + (spec.factory() == null ? "(node default)" : spec.factory()) + ", "
        + spec.connections() + " connection(s), batch " + spec.batch() + ", pipeline " + spec.pipeline());
    Table t = new Table("vectors", "seconds", "vectors/s", "build_s", "tail_rows", "head_rows");
    t.row(r.vectors(), r.seconds(), r.vectorsPerSecond(), spec.build() ? r.buildSeconds() : null,
        r.stats().get("tail_rows"), r.stats().get("head_rows"));
    t.print(out.out());
    if (out.json() != null) {
      new Report("load", commandLine, o).put("load", r.toJson()).write(out.json(), stdout);
    }
  }
}
