package io.pyrope.ai.controller;

import io.pyrope.ai.features.SystemFeatures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads a node's {@code GET /v1/metrics} (Prometheus text) for the system features the logs do not
 * carry: cache memory and queue depths. Optional (only with {@code --admin-url}); a failed scrape
 * is reported to the caller, who keeps the last value and logs once. Called from the cadence
 * thread only.
 */
final class AdminMetricsScraper {
  /** Bound of one scrape: the cadence must not stall on a slow node. */
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  /** Largest metrics page read. */
  static final int MAX_BODY_CHARS = 8 * 1024 * 1024;

  private final URI metrics;
  private final String bearer;  // admin key, or null without auth; never logged
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  AdminMetricsScraper(URI adminUrl, String bearer) {
    String base = adminUrl.toString();
    this.metrics = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/metrics");
    this.bearer = bearer == null || bearer.isBlank() ? null : bearer;
  }

  URI uri() {
    return metrics;
  }

  SystemFeatures scrape(long nowMs) throws IOException, InterruptedException {
    HttpRequest.Builder rq = HttpRequest.newBuilder(metrics).timeout(TIMEOUT).GET();
    if (bearer != null) {
      rq.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> rs = http.send(rq.build(), HttpResponse.BodyHandlers.ofString());
    if (rs.statusCode() != 200) {
      throw new IOException("GET " + metrics + " answered " + rs.statusCode());
    }
    String body = rs.body();
    if (body.length() > MAX_BODY_CHARS) {
      throw new IOException("GET " + metrics + " returned " + body.length() + " characters, above " + MAX_BODY_CHARS);
    }
    return parse(body, nowMs);
  }

  /** The gauges of a Prometheus text page; -1 for each one absent. */
  static SystemFeatures parse(String text, long nowMs) {
    long memory = -1;
    double faiss = -1;
    double log = -1;
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      int sp = line.lastIndexOf(' ');
      if (sp < 0) {
        continue;
      }
      double v;
      try {
        v = Double.parseDouble(line.substring(sp + 1).trim());
      } catch (NumberFormatException e) {
        continue;
      }
      if (line.startsWith("vector_db_cache_memory_bytes{") && line.contains("tenant=\"_all\"")) {
        memory = (long) v;
      } else if (line.startsWith("vector_db_faiss_queue_depth")) {
        faiss = Math.max(0, faiss) + v;
      } else if (line.startsWith("vector_db_log_queue_depth")) {
        log = Math.max(0, log) + v;
      }
    }
    return new SystemFeatures(nowMs, memory, (long) faiss, (long) log);
  }
}
