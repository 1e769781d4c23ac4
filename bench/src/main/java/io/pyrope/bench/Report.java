package io.pyrope.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The machine-readable result of one benchmark run ({@code --json FILE}, or {@code --json -}
 * for stdout):
 *
 * <pre>{@code
 * { "tool": "pyrope-bench", "schema": 1, "mode": "search",
 *   "command_line": ["search", "--queries", ...], "date": "2025-…Z",
 *   "git_commit": "…" | null, "git_dirty": false | null,
 *   "machine": { "nproc", "cpu_model", "memory_bytes", "os", "java", "max_heap_bytes" },
 *   "options": { "k": "10", ... },             // as given on the command line
 *   "results": [ { "label", "path", "params", "k", "concurrency", "pipeline", "queries",
 *                  "seconds", "qps", "recall_at_k", "latency_us": {"mean","p50","p95","p99","max"} } ],
 *   ...mode sections: "load", "ratios", "index" }
 * }</pre>
 */
public final class Report {
  /** Bumped when a field changes meaning or goes away. */
  public static final int SCHEMA = 1;

  private final JsonObject root;
  private final JsonArray results = new JsonArray();

  public Report(String mode, List<String> commandLine, Options options) {
    root = new JsonObject()
        .put("tool", "pyrope-bench")
        .put("schema", SCHEMA)
        .put("mode", mode)
        .put("command_line", new JsonArray(List.copyOf(commandLine)))
        .put("date", Instant.now().toString())
        .put("git_commit", Machine.gitCommit())
        .put("git_dirty", Machine.gitDirty())
        .put("machine", Machine.describe())
        .put("options", new JsonObject(new java.util.LinkedHashMap<>(options.asMap())))
        .put("results", results);
  }

  public Report add(SearchResult r) {
    results.add(r.toJson());
    return this;
  }

  public Report put(String section, Object value) {
    root.put(section, value);
    return this;
  }

  public JsonObject json() {
    return root;
  }

  /** Writes to {@code target}: a file path, or {@code -} for stdout. */
  public void write(String target, PrintStream stdout) {
    String text = root.encodePrettily() + "\n";
    if (target.equals("-")) {
      stdout.print(text);
      stdout.flush();
      return;
    }
    try {
      Path p = Path.of(target);
      if (p.getParent() != null) {
        Files.createDirectories(p.getParent());
      }
      Files.writeString(p, text, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new BenchException("cannot write --json " + target + ": " + e.getMessage());
    }
  }
}
