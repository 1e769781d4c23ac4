package io.pyrope.ai.features;

import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.TreeMap;

/**
 * Writes a {@link FeatureSnapshot} as the feature table file {@code <data-dir>/features/current.jsonl}
 * (format {@value #SCHEMA}, documented in docs/ai-controller.md): JSON Lines, a header line, then one
 * line per node, per tenant/index and per key. The file is written beside the target and renamed
 * over it, so a reader (training) sees the previous table or the new one, never half of one.
 *
 * <p>Called by the cadence thread only; not thread-safe.
 */
public final class FeatureTableWriter {
  /** Schema id in the header line. */
  public static final String SCHEMA = "pyrope.features/v1";
  /** File name under {@code features/}. */
  public static final String FILE_NAME = "current.jsonl";

  private final Path dir;

  public FeatureTableWriter(Path dataDir) {
    this.dir = dataDir.resolve("features");
  }

  /** The file the table is written to. */
  public Path file() {
    return dir.resolve(FILE_NAME);
  }

  /** Writes the snapshot and returns the number of rows (header excluded). */
  public int write(FeatureSnapshot s) throws IOException {
    Files.createDirectories(dir);
    Path tmp = dir.resolve(FILE_NAME + ".tmp");
    int rows = 0;
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      line(w, new JsonObject().put("schema", SCHEMA).put("row", "header").put("generated_ms", s.nowMs())
          .put("window_ms", s.windowMs()).put("short_window_ms", FeatureStore.SHORT_WINDOW_MS)
          .put("keys", s.keys().size()).put("evicted_keys", s.evictedKeys()));
      if (s.system() != null) {
        SystemFeatures sys = s.system();
        line(w, new JsonObject().put("row", "system").put("scraped_ms", sys.scrapedMs())
            .put("cache_memory_bytes", sys.cacheMemoryBytes()).put("faiss_queue_depth", sys.faissQueueDepth())
            .put("log_queue_depth", sys.logQueueDepth()));
        rows++;
      }
      for (ScopeFeatures n : s.nodes()) {
        line(w, scope(n));
        rows++;
      }
      for (ScopeFeatures i : s.indexes()) {
        line(w, scope(i));
        rows++;
      }
      for (KeyFeatures k : s.keys()) {
        line(w, key(k));
        rows++;
      }
    }
    try {
      Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING);
    }
    return rows;
  }

  static JsonObject key(KeyFeatures k) {
    return new JsonObject().put("row", "key").put("tenant", k.tenant()).put("index", k.index()).put("key", k.key())
        .put("refs_1m", k.refs1m()).put("refs_window", k.refsWindow()).put("refs_total", k.refsTotal())
        .put("first_ms", k.firstMs()).put("last_ms", k.lastMs()).put("recency_ms", k.recencyMs())
        .put("reref_mean_ms", k.rerefMeanMs()).put("reref_last_ms", k.rerefLastMs())
        .put("proxy_cost", k.proxyCost()).put("bytes", k.bytes()).put("bytes_estimated", k.bytesEstimated())
        .put("result_count", k.resultCount()).put("top_k", k.topK()).put("filtered", k.filterHash() != null)
        .put("filter_hash", k.filterHash()).put("norm", Double.isNaN(k.norm()) ? null : k.norm())
        .put("level", k.level()).put("hits", k.hits()).put("admitted", k.admitted()).put("rejected", k.rejected())
        .put("outcomes", k.outcomes()).put("hits_served", k.hitsServed());
  }

  static JsonObject scope(ScopeFeatures f) {
    JsonObject o = new JsonObject().put("row", f.scope());
    if (f.scope().equals("node")) {
      o.put("node", f.node());
    } else {
      o.put("tenant", f.tenant()).put("index", f.index()).put("keys", f.keys());
    }
    return o.put("queries_1m", f.queries1m()).put("queries_window", f.queriesWindow()).put("qps_1m", f.qps1m())
        .put("qps_window", f.qpsWindow()).put("miss_rate", f.missRate()).put("p99_latency_us", f.p99LatencyUs())
        .put("mean_proxy_cost", f.meanProxyCost()).put("mean_queue_us", f.meanQueueUs()).put("queries", f.queries())
        .put("errors", f.errors()).put("bypass", f.bypass()).put("level", f.level())
        .put("decisions", new JsonObject(new TreeMap<String, Object>(f.decisions())))
        .put("outcomes", new JsonObject(new TreeMap<String, Object>(f.outcomes())))
        .put("hits_served", f.hitsServed()).put("saved_proxy_cost", f.savedProxyCost()).put("last_ms", f.lastMs());
  }

  private static void line(BufferedWriter w, JsonObject o) throws IOException {
    w.write(o.encode());
    w.write('\n');
  }
}
