package io.pyrope.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The node's own view of a measurement, from two scrapes of its Prometheus endpoint
 * ({@code GET /v1/metrics}) around it: the mean time from a VEC.SEARCH's parse to its reply
 * ({@code vector_db_resp_command_latency_seconds{command="vec.search"}}) and the mean time inside
 * the engine ({@code vector_db_faiss_latency_seconds} of the index). Set against the client's
 * round trip and the in-process call, they split the per-request overhead into network + client,
 * node dispatch (event bus, worker hand-off, reply encoding) and engine (merging, bookkeeping).
 */
final class ServerMetrics {
  /** Longest a scrape may take; the breakdown is skipped when the endpoint does not answer. */
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final URI uri;
  private final String index;     // the index label value to pick the engine timer
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  ServerMetrics(String host, int httpPort, String index) {
    this.uri = URI.create("http://" + host + ":" + httpPort + "/v1/metrics");
    this.index = index;
  }

  /** Sums and counts at one instant; null when the endpoint cannot be read. */
  record Snapshot(double commandSum, double commandCount, double engineSum, double engineCount) {}

  /** Means between two snapshots, in microseconds. */
  record Breakdown(double commandMicros, double engineMicros, long searches) {}

  Snapshot scrape() {
    String text;
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return null;
      }
      text = r.body();
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    return new Snapshot(value(text, "vector_db_resp_command_latency_seconds_sum", "command=\"vec.search\""),
        value(text, "vector_db_resp_command_latency_seconds_count", "command=\"vec.search\""),
        value(text, "vector_db_faiss_latency_seconds_sum", "index=\"" + index + "\""),
        value(text, "vector_db_faiss_latency_seconds_count", "index=\"" + index + "\""));
  }

  static Breakdown between(Snapshot before, Snapshot after) {
    if (before == null || after == null) {
      return null;
    }
    double n = after.commandCount() - before.commandCount();
    double e = after.engineCount() - before.engineCount();
    if (n <= 0 || e <= 0) {
      return null;
    }
    return new Breakdown((after.commandSum() - before.commandSum()) / n * 1e6,
        (after.engineSum() - before.engineSum()) / e * 1e6, (long) n);
  }

  /** The value of the first sample named {@code name} whose labels contain {@code label}; 0 if none. */
  static double value(String text, String name, String label) {
    for (String line : text.split("\n")) {
      if (line.startsWith(name + "{") && line.contains(label)) {
        int space = line.lastIndexOf(' ');
        try {
          return Double.parseDouble(line.substring(space + 1).trim());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }
}
