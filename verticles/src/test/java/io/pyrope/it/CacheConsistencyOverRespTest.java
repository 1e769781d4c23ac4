package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.Jedis;

/**
 * Concurrent writes and searches over RESP: once a write is acknowledged, no search sent after
 * that is answered from an entry that predates it — in epoch and precise mode, through L0 and
 * L1 — while the cache does serve hits meanwhile.
 *
 * <p>The writer adds {@code w0, w1, …} ever closer to the query (wi at distance 1/(i+1) along one
 * axis), so the true top hit is always the newest acknowledged {@code wi} (or a newer one), and
 * between them far records that cannot change the answer. Readers note the last acknowledged
 * write before each search and check the top hit is at least that new.
 */
class CacheConsistencyOverRespTest {
  private static final int DIM = 8;
  private static final int NEAR_WRITES = 150;
  private static final int FAR_PER_NEAR = 3;
  private static final int READERS = 4;
  private static PyropeNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.start();
    String rules = "[" + String.join(",", List.of(rule("e0", "epoch", 0), rule("e1", "epoch", 1),
        rule("p0", "precise", 0), rule("p1", "precise", 1))) + "]";
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/cache/policies"))
        .PUT(HttpRequest.BodyPublishers.ofString("{\"rules\":" + rules + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }

  private static String rule(String index, String consistency, int level) {
    return "{\"tenant\":\"cc\",\"index\":\"" + index + "\",\"consistency\":\"" + consistency
        + "\",\"query_key_level\":" + level + "}";
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @ParameterizedTest
  @CsvSource({"e0, false", "e1, true", "p0, false", "p1, true"})
  void noSearchSentAfterAnAcknowledgedWriteIsServedAnOlderResult(String index, boolean perturb) throws Exception {
    try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      VecClient.send(j, "VEC.CREATE", "cc", index, "DIM", DIM, "METRIC", "l2");
      float[] seed = new float[DIM];
      java.util.Arrays.fill(seed, 40);
      VecClient.send(j, "VEC.ADD", "cc", index, "seed", "VECTOR", vec(seed));
    }
    AtomicInteger acked = new AtomicInteger(-1);
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger hits = new AtomicInteger();
    AtomicInteger searches = new AtomicInteger();
    List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(READERS + 1);
    try {
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < READERS; r++) {
        int seed = r;
        readers.add(pool.submit(() -> {
          Random rnd = new Random(seed);
          try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
            while (!done.get()) {
              float[] q = query();
              if (perturb) {
                q[3 + rnd.nextInt(DIM - 3)] += (rnd.nextFloat() - 0.5f) * 1e-4f; // same SimHash bucket, new L0 key
              }
              int before = acked.get();
              Object reply = VecClient.send(j, "VEC.SEARCH", "cc", index, "TOPK", 3, "VECTOR", vec(q), "TRACE");
              searches.incrementAndGet();
              Map<String, Object> trace = CacheHintTraceTest.traceOf(reply);
              if (!"none".equals(trace.get("layer"))) {
                hits.incrementAndGet();
              }
              String top = CacheHintTraceTest.hitsOf(reply).get(0);
              int got = top.startsWith("w") ? Integer.parseInt(top.substring(1)) : -1;
              if (got < before) {
                violations.add("after w" + before + " was acknowledged, got " + top + " from " + trace);
              }
            }
          }
          return null;
        }));
      }
      try (Jedis w = new Jedis("127.0.0.1", node.respPort())) {
        Random rnd = new Random(99);
        for (int i = 0; i < NEAR_WRITES; i++) {
          float[] v = query();
          v[1] = 1f / (i + 1);                       // closer than every earlier wi
          VecClient.send(w, "VEC.ADD", "cc", index, "w" + i, "VECTOR", vec(v));
          acked.set(i);
          for (int k = 0; k < FAR_PER_NEAR; k++) {   // cannot change a top 3 near the query
            float[] far = new float[DIM];
            for (int d = 0; d < DIM; d++) {
              far[d] = 50 + rnd.nextFloat() * 10;
            }
            VecClient.send(w, "VEC.ADD", "cc", index, "f" + i + "-" + k, "VECTOR", vec(far));
          }
        }
      } finally {
        done.set(true);
      }
      for (Future<?> f : readers) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(List.of(), violations.subList(0, Math.min(5, violations.size())));
    assertTrue(hits.get() > 0, "the cache never served a hit in " + searches.get() + " searches");
    System.out.printf(Locale.ROOT, "%s: %d searches, %d cache hits%n", index, searches.get(), hits.get());
  }

  private static float[] query() {
    float[] q = new float[DIM];
    q[0] = 1;
    return q;
  }

  private static String vec(float[] v) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ",").append(v[i]);
    }
    return sb.append(']').toString();
  }
}
