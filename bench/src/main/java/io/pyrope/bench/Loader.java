package io.pyrope.bench;

import io.pyrope.dataset.FloatDataset;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Creates an index on a node and loads a dataset into it with variadic {@code VEC.ADD}
 * ({@code batch} records per command, ids = row numbers) over {@code connections} connections,
 * each keeping up to {@code pipeline} commands in flight. Batches are handed out in row order
 * from one counter; with one connection the node receives the rows in file order.
 */
public final class Loader {
  private Loader() {}

  /**
   * Settings of one load.
   *
   * @param factory FAISS factory, or null for the node's default
   * @param params VEC.CREATE PARAMS (head_max, train_size, nprobe, ef)
   * @param drop drop an existing index of that name first
   * @param build send VEC.BUILD after loading and time it
   */
  public record Spec(Specs.IndexName index, String metric, String factory, Map<String, String> params,
      int connections, int batch, int pipeline, boolean drop, boolean build) {}

  /** What a load measured; build fields are 0 without {@code --build}. */
  public record Result(long vectors, double seconds, double buildSeconds, Map<String, Object> stats) {
    public double vectorsPerSecond() {
      return seconds > 0 ? vectors / seconds : 0;
    }

    public JsonObject toJson() {
      JsonObject o = new JsonObject()
          .put("vectors", vectors)
          .put("seconds", SearchResult.round(seconds, 3))
          .put("vectors_per_second", SearchResult.round(vectorsPerSecond(), 1));
      if (buildSeconds > 0) {
        o.put("build_seconds", SearchResult.round(buildSeconds, 3));
      }
      o.put("index_stats", new JsonObject(new java.util.LinkedHashMap<>(stats)));
      return o;
    }
  }

  public static Result run(String host, int port, Spec spec, FloatDataset data, boolean quiet) {
    try (RespClient admin = RespClient.connect(host, port)) {
      if (spec.drop()) {
        admin.dropIfExists(spec.index());
      }
      try {
        admin.create(spec.index(), data.dim(), spec.metric(), spec.factory(), spec.params());
      } catch (BenchException e) {
        if (e.getMessage().contains("VEC_ERR_EXISTS")) {
          throw new BenchException(e.getMessage() + " (pass --drop to replace it)");
        }
        throw e;
      }
      long t0 = System.nanoTime();
      long loaded = load(host, port, spec, data, quiet);
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (loaded != data.n()) {
        throw new BenchException("the node acknowledged " + loaded + " of " + data.n() + " vectors");
      }
      double buildSeconds = 0;
      if (spec.build()) {
        if (!quiet && Progress.isTerminal()) {
          System.err.print("building the index on the node (VEC.BUILD)...");
          System.err.flush();
        }
        long b0 = System.nanoTime();
        buildAndWait(admin, spec.index());
        buildSeconds = (System.nanoTime() - b0) / 1e9;
        if (!quiet && Progress.isTerminal()) {
          System.err.print("\r" + " ".repeat(48) + "\r");
        }
      }
      return new Result(loaded, seconds, buildSeconds, admin.stats(spec.index()));
    }
  }

  /** Longest the benchmark waits for a build after the node stopped waiting for it. */
  static final long BUILD_WAIT_NANOS = 60L * 60 * 1_000_000_000L;
  /** How often VEC.STATS is polled while waiting for a build. */
  static final long BUILD_POLL_MILLIS = 500;

  /**
   * VEC.BUILD, and if the node gives up waiting for it ({@code VEC_ERR_BUSY … timed out}: the
   * event-bus request of VEC.BUILD has a fixed timeout, shorter than an IVF-PQ training on 2
   * cores), polls VEC.STATS until no build runs and the head is empty.
   */
  static void buildAndWait(RespClient admin, Specs.IndexName index) {
    try {
      admin.build(index);
      return;
    } catch (BenchException e) {
      if (!e.getMessage().contains("VEC_ERR_BUSY") || !e.getMessage().contains("timed out")) {
        throw e;
      }
    }
    long start = System.nanoTime();
    while (System.nanoTime() - start < BUILD_WAIT_NANOS) {
      Map<String, Object> stats = admin.stats(index);
      String error = String.valueOf(stats.getOrDefault("last_build_error", ""));
      if (!error.isEmpty()) {
        throw new BenchException("the build of " + index + " failed on the node: " + error);
      }
      if (Long.valueOf(0).equals(stats.get("building")) && Long.valueOf(0).equals(stats.get("head_rows"))) {
        return;
      }
      try {
        Thread.sleep(BUILD_POLL_MILLIS);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a build", ie);
      }
    }
    throw new BenchException("the build of " + index + " did not finish within an hour");
  }

  private static long load(String host, int port, Spec spec, FloatDataset data, boolean quiet) {
    int batches = (data.n() + spec.batch() - 1) / spec.batch();
    AtomicInteger next = new AtomicInteger();
    AtomicLong acked = new AtomicLong();
    Progress progress = Progress.start("loading " + spec.index(), data.n(), quiet);
    ConnectionThreads.run(host, port, spec.connections(), "bench-load", "loading", progress, (client, failed) -> {
      int inFlight = 0;
      while (!failed.getAsBoolean()) {
        int b = next.getAndIncrement();
        if (b >= batches) {
          break;
        }
        int from = b * spec.batch();
        client.sendAdd(spec.index(), data.data(), data.dim(), from, Math.min(data.n(), from + spec.batch()));
        if (++inFlight == spec.pipeline()) {
          progress.update(acked.addAndGet(client.readCount()));
          inFlight--;
        }
      }
      for (; inFlight > 0; inFlight--) {
        progress.update(acked.addAndGet(client.readCount()));
      }
    });
    return acked.get();
  }
}
