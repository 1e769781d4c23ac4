package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.pyrope.cache.impl.IndexMeters;
import io.pyrope.cache.policy.Admission;
import io.pyrope.cache.policy.Consistency;
import io.pyrope.cache.policy.PolicyRule;
import io.pyrope.cache.policy.PolicyTable;
import io.pyrope.node.PyropeNode;
import io.pyrope.search.SearchVerticle;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Identical concurrent misses search once (issue #6, miss coalescing): counted by the engine's
 * own search timer ({@value SearchVerticle#LATENCY_METRIC}), which records every FAISS search.
 */
class MissCoalescingTest {
  private static final String T = "coalesce";
  private static final int DIM = 16;
  private static final int ROWS = 2_000;
  private static PyropeNode node;

  @BeforeAll
  static void create() {
    node = TestNodes.shared();
    Random r = new Random(11);
    float[] data = new float[ROWS * DIM];
    for (int i = 0; i < data.length; i++) {
      data[i] = r.nextFloat();
    }
    try (Jedis j = jedis()) {
      for (String ix : List.of("cached", "uncached")) {
        VecClient.send(j, "VEC.CREATE", T, ix, "DIM", DIM, "METRIC", "l2");
        VecClient.load(j, T, ix, data, ROWS, DIM);
      }
    }
    // "uncached" admits nothing, so every request there either searches or joins a search
    PolicyTable cur = node.cache().policy();
    List<PolicyRule> rules = new ArrayList<>(cur.rules());
    rules.add(0, new PolicyRule(T, "uncached", Admission.NEVER, 0, 0, 0, Consistency.EPOCH, 1.0));
    node.cache().swapPolicy(new PolicyTable(cur.version() + 1, cur.eviction(), cur.defaultTenantMaxBytes(),
        cur.tenantMaxBytes(), rules));
  }

  @AfterAll
  static void drop() {
    PolicyTable cur = node.cache().policy();
    List<PolicyRule> rules = new ArrayList<>(cur.rules());
    rules.removeIf(rule -> rule.tenant().equals(T));
    node.cache().swapPolicy(new PolicyTable(cur.version() + 1, cur.eviction(), cur.defaultTenantMaxBytes(),
        cur.tenantMaxBytes(), rules));
    try (Jedis j = jedis()) {
      VecClient.send(j, "VEC.DROP", T, "cached");
      VecClient.send(j, "VEC.DROP", T, "uncached");
    }
  }

  static Jedis jedis() {
    return new Jedis("127.0.0.1", node.respPort());
  }

  private static long engineSearches(String index) {
    Timer t = node.registry().find(SearchVerticle.LATENCY_METRIC).tags("tenant", T, "index", index).timer();
    return t == null ? 0 : t.count();
  }

  private static long coalesced(String index) {
    Counter c = node.registry().find(IndexMeters.COALESCED).tags("tenant", T, "index", index).counter();
    return c == null ? 0 : (long) c.count();
  }

  private static long hits(String index) {
    return (long) node.registry().find(IndexMeters.HITS).tags("tenant", T, "index", index).counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  /** Sends {@code n} identical searches in one pipeline and returns their hit ids. */
  private static List<List<String>> pipelined(Jedis j, String index, String vector, int n) {
    Pipeline p = j.pipelined();
    List<Response<Object>> replies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      replies.add(p.sendCommand(VecClient.cmd("VEC.SEARCH"), VecClient.b(T), VecClient.b(index),
          VecClient.b("TOPK"), VecClient.b("10"), VecClient.b("VECTOR"), VecClient.b(vector)));
    }
    p.sync();
    List<List<String>> out = new ArrayList<>();
    for (Response<Object> r : replies) {
      out.add(VecClient.ids(r.get()));
    }
    return out;
  }

  private static String vector(long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < DIM; i++) {
      sb.append(i == 0 ? "" : ",").append(r.nextFloat());
    }
    return sb.append(']').toString();
  }

  @Test
  void aPipelineOfIdenticalMissesSearchesOnce() {
    String v = vector(1);
    List<String> expected;
    try (Jedis j = jedis()) {
      expected = VecClient.ids(VecClient.send(j, "VEC.SEARCH", T, "cached", "TOPK", 10, "VECTOR", v, "CACHE_HINT",
          "bypass"));
    }
    long searchesBefore = engineSearches("cached");
    long coalescedBefore = coalesced("cached");
    long hitsBefore = hits("cached");
    int n = 32;
    List<List<String>> got;
    try (Jedis j = jedis()) {
      got = pipelined(j, "cached", v, n);
    }
    got.forEach(ids -> assertEquals(expected, ids));
    // one connection, one event loop: each request either searched, joined the search, or hit its result
    assertEquals(1, engineSearches("cached") - searchesBefore, "identical misses each searched");
    assertEquals(n - 1, (coalesced("cached") - coalescedBefore) + (hits("cached") - hitsBefore));
  }

  @Test
  void concurrentClientsWithIdenticalMissesShareSearches() throws Exception {
    String v = vector(2);
    int clients = 8;
    int perClient = 16;
    long searchesBefore = engineSearches("uncached");
    long coalescedBefore = coalesced("uncached");
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CyclicBarrier together = new CyclicBarrier(clients);
    List<Future<List<List<String>>>> results = new ArrayList<>();
    try {
      for (int c = 0; c < clients; c++) {
        results.add(pool.submit(() -> {
          try (Jedis j = jedis()) {
            j.ping(); // connected before the barrier
            together.await(30, TimeUnit.SECONDS);
            return pipelined(j, "uncached", v, perClient);
          }
        }));
      }
      List<String> first = null;
      for (Future<List<List<String>>> f : results) {
        for (List<String> ids : f.get(60, TimeUnit.SECONDS)) {
          assertEquals(10, ids.size());
          if (first == null) {
            first = ids;
          }
          assertEquals(first, ids);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    long searches = engineSearches("uncached") - searchesBefore;
    long joined = coalesced("uncached") - coalescedBefore;
    int total = clients * perClient;
    assertEquals(total, searches + joined, "with admission off, every request searches or joins a search");
    assertTrue(searches < total, "no miss was coalesced: " + searches + " searches for " + total + " requests");
  }
}
