package io.pyrope.bench;

import io.pyrope.search.faiss.SearchParams;
import io.vertx.core.json.JsonObject;

/**
 * One measured search configuration.
 *
 * @param label what was measured, e.g. {@code resp c=1}, {@code jna}, {@code c++}
 * @param path {@code resp}, {@code jna} or {@code cpp}
 * @param params the per-query search params sent
 * @param k neighbours per query
 * @param concurrency client threads (connections)
 * @param pipeline requests in flight per connection
 * @param queries searches timed
 * @param seconds wall time of the timed searches
 * @param latency per-search latency, or null where only a total is known (the C++ loop)
 * @param recall mean recall@k against the ground truth, or null when not computed
 */
public record SearchResult(String label, String path, SearchParams params, int k, int concurrency, int pipeline,
    long queries, double seconds, Latencies.Summary latency, Double recall) {

  /** Searches per second. */
  public double qps() {
    return seconds > 0 ? queries / seconds : 0;
  }

  /** Mean latency in microseconds: measured where known, else derived from the total time. */
  public double meanMicros() {
    if (latency != null) {
      return latency.mean() / 1e3;
    }
    return queries > 0 ? seconds * 1e6 / queries : 0;
  }

  public JsonObject toJson() {
    JsonObject p = new JsonObject();
    if (params.nprobe() > 0) {
      p.put("nprobe", params.nprobe());
    }
    if (params.efSearch() > 0) {
      p.put("ef", params.efSearch());
    }
    JsonObject o = new JsonObject()
        .put("label", label)
        .put("path", path)
        .put("params", p)
        .put("k", k)
        .put("concurrency", concurrency)
        .put("pipeline", pipeline)
        .put("queries", queries)
        .put("seconds", round(seconds, 4))
        .put("qps", round(qps(), 1))
        .put("recall_at_k", recall == null ? null : round(recall, 4));
    JsonObject lat = new JsonObject().put("mean", round(meanMicros(), 1));
    if (latency != null) {
      lat.put("p50", micros(latency.p50())).put("p95", micros(latency.p95())).put("p99", micros(latency.p99()))
          .put("max", micros(latency.max()));
    }
    o.put("latency_us", lat);
    return o;
  }

  static double micros(long nanos) {
    return round(nanos / 1e3, 1);
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
