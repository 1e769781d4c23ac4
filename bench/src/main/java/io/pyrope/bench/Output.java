package io.pyrope.bench;

import java.io.PrintStream;
import java.util.List;

/** Where a mode prints its human-readable tables, and the common table of search results. */
public final class Output {
  private final PrintStream out;
  private final String json;   // --json target or null

  /**
   * @param stdout the process's stdout
   * @param json the --json target; with {@code -} the JSON owns stdout and tables go to stderr
   */
  public Output(PrintStream stdout, PrintStream stderr, String json) {
    this.out = "-".equals(json) ? stderr : stdout;
    this.json = json;
  }

  public PrintStream out() {
    return out;
  }

  public String json() {
    return json;
  }

  public void line(String s) {
    out.println(s);
    out.flush();
  }

  /** One row per result: what, params, recall, QPS and latencies in µs. */
  public void searchTable(List<SearchResult> results) {
    Table t = new Table("path", "params", "conc", "pipe", "queries", "recall@k", "QPS", "mean_us", "p50_us", "p95_us",
        "p99_us", "max_us");
    for (SearchResult r : results) {
      var l = r.latency();
      t.row(r.label(), Specs.describe(r.params()), r.concurrency(), r.pipeline(), r.queries(), r.recall(), r.qps(),
          r.meanMicros(), l == null ? null : l.p50() / 1e3, l == null ? null : l.p95() / 1e3,
          l == null ? null : l.p99() / 1e3, l == null ? null : l.max() / 1e3);
    }
    t.print(out);
  }
}
