package io.pyrope.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pyrope.bus.Addresses;
import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.vec.Codecs;
import io.pyrope.bus.vec.CreateIndexRequest;
import io.pyrope.bus.vec.GetRequest;
import io.pyrope.bus.vec.IndexRef;
import io.pyrope.bus.vec.IndexStats;
import io.pyrope.bus.vec.RecordInput;
import io.pyrope.bus.vec.RecordView;
import io.pyrope.bus.vec.SearchReply;
import io.pyrope.bus.vec.SearchRequest;
import io.pyrope.bus.vec.WriteReply;
import io.pyrope.bus.vec.WriteRequest;
import io.pyrope.engine.IndexRegistry;
import io.pyrope.engine.VectorIndex;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The search verticle over a real event bus: request/reply for every operation, errors as failure codes. */
@ExtendWith(VertxExtension.class)
class SearchVerticleTest {
  private static final String T = "acme";
  private static final int WORKERS = 2;

  private IndexRegistry registry;
  private SimpleMeterRegistry meters;
  private SearchVerticle verticle;
  private Vertx vertx;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    this.vertx = vertx;
    Codecs.register(vertx.eventBus()); // as the node does: the verticle must tolerate it
    registry = new IndexRegistry();
    meters = new SimpleMeterRegistry();
    verticle = new SearchVerticle(registry, WORKERS, meters);
    vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  @SuppressWarnings("unchecked")
  private <T> T request(String address, Object body) throws Exception {
    return (T) vertx.eventBus().request(address, body).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS).body();
  }

  private ReplyException failure(String address, Object body) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> request(address, body));
    return assertInstanceOf(ReplyException.class, e.getCause());
  }

  private void createDocs() throws Exception {
    request(Addresses.VEC_ADMIN, new CreateIndexRequest(T, "docs", 3, "l2", null, Map.of()));
    request(Addresses.VEC_WRITE, new WriteRequest(T, "docs", WriteRequest.Kind.ADD, List.of(
        new RecordInput("a", new float[] {1, 0, 0}, "{\"n\":1}", List.of("red"), Map.of()),
        new RecordInput("b", new float[] {0, 1, 0}, null, List.of("blue"), Map.of()),
        new RecordInput("c", new float[] {0, 0, 1}, null, List.of("red"), Map.of())), List.of()));
  }

  private static SearchRequest query(float[] v, int k, String filter) {
    return new SearchRequest(T, "docs", v, k, filter, true, 0, 0);
  }

  @Test
  void createRepliesWithTheNewIndexStats() throws Exception {
    IndexStats stats = request(Addresses.VEC_ADMIN, new CreateIndexRequest(T, "docs", 3, "cosine", "HNSW16", Map.of()));
    assertEquals(3, stats.fields().get("dim"));
    assertEquals("cosine", stats.fields().get("metric"));
    assertEquals("HNSW16", stats.fields().get("factory"));
  }

  @Test
  void writeRepliesWithAppliedAndEpoch() throws Exception {
    request(Addresses.VEC_ADMIN, new CreateIndexRequest(T, "docs", 3, "l2", null, Map.of()));
    WriteReply w = request(Addresses.VEC_WRITE, new WriteRequest(T, "docs", WriteRequest.Kind.ADD,
        List.of(new RecordInput("a", new float[] {1, 0, 0}, null, List.of(), Map.of())), List.of()));
    assertEquals(1, w.applied());
    assertEquals(1, w.epoch());
  }

  @Test
  void searchRepliesWithHitsBestFirstAndTimings() throws Exception {
    createDocs();
    SearchReply r = request(Addresses.VEC_SEARCH, query(new float[] {0.9f, 0.1f, 0}, 2, null));
    assertEquals(List.of("a", "b"), r.hits().stream().map(SearchReply.Hit::id).toList());
    assertEquals("{\"n\":1}", r.hits().get(0).metaJson());
    assertEquals("none", r.strategy());
    assertTrue(r.queueNanos() >= 0 && r.searchNanos() > 0 && r.proxyCost() > 0);
    assertEquals(1, r.epoch());
  }

  @Test
  void searchAppliesTheFilterText() throws Exception {
    createDocs();
    SearchReply r = request(Addresses.VEC_SEARCH, query(new float[] {0, 1, 0}, 3, "tag == \"red\""));
    assertEquals(List.of("a", "c"), r.hits().stream().map(SearchReply.Hit::id).toList());
    assertEquals("bruteforce", r.strategy());
  }

  @Test
  void getStatsBuildAndDropReply() throws Exception {
    createDocs();
    RecordView a = request(Addresses.VEC_ADMIN, new GetRequest(T, "docs", "a"));
    assertEquals(List.of("red"), a.tags());
    IndexStats stats = request(Addresses.VEC_ADMIN, new IndexRef(T, "docs", IndexRef.Op.STATS));
    assertEquals(3, stats.fields().get("live"));
    IndexStats built = request(Addresses.VEC_ADMIN, new IndexRef(T, "docs", IndexRef.Op.BUILD));
    assertEquals(1L, built.fields().get("builds"));
    IndexStats dropped = request(Addresses.VEC_ADMIN, new IndexRef(T, "docs", IndexRef.Op.DROP));
    assertEquals(3, dropped.fields().get("live"));
    assertTrue(registry.find(T, "docs").isEmpty());
  }

  @Test
  void searchOfADroppedIndexFailsWithNotFound() throws Exception {
    createDocs();
    request(Addresses.VEC_ADMIN, new IndexRef(T, "docs", IndexRef.Op.DROP));
    ReplyException e = failure(Addresses.VEC_SEARCH, query(new float[] {1, 0, 0}, 1, null));
    assertEquals(ErrorCode.VEC_ERR_NOT_FOUND.failureCode(), e.failureCode());
    assertEquals("index acme/docs not found", e.getMessage());
  }

  @Test
  void wrongDimensionFailsWithTheDimCode() throws Exception {
    createDocs();
    ReplyException e = failure(Addresses.VEC_SEARCH, query(new float[] {1, 0}, 1, null));
    assertEquals(ErrorCode.VEC_ERR_DIM.failureCode(), e.failureCode());
    assertEquals("expected 3 got 2", e.getMessage());
  }

  @Test
  void badFilterFailsWithTheSyntaxCodeAndPosition() throws Exception {
    createDocs();
    ReplyException e = failure(Addresses.VEC_SEARCH, query(new float[] {1, 0, 0}, 1, "tag == "));
    assertEquals(ErrorCode.VEC_ERR_SYNTAX.failureCode(), e.failureCode());
    assertTrue(e.getMessage().contains("position"), e.getMessage());
  }

  @Test
  void duplicateAddFailsWithTheExistsCode() throws Exception {
    createDocs();
    ReplyException e = failure(Addresses.VEC_WRITE, new WriteRequest(T, "docs", WriteRequest.Kind.ADD,
        List.of(new RecordInput("a", new float[] {1, 1, 1}, null, List.of(), Map.of())), List.of()));
    assertEquals(ErrorCode.VEC_ERR_EXISTS.failureCode(), e.failureCode());
  }

  @Test
  void searchLatencyIsRecordedPerExistingIndex() throws Exception {
    createDocs();
    request(Addresses.VEC_SEARCH, query(new float[] {1, 0, 0}, 1, null));
    failure(Addresses.VEC_SEARCH, new SearchRequest(T, "no-such-index", new float[] {1, 0, 0}, 1, null, false, 0, 0));
    Timer timer = meters.find(SearchVerticle.LATENCY_METRIC).tags("tenant", T, "index", "docs").timer();
    assertNotNull(timer);
    assertEquals(1, timer.count());
    assertEquals(1, meters.find(SearchVerticle.LATENCY_METRIC).timers().size(), "no series for a missing index");
  }

  @Test
  void verticleRegistersTheCodecsWhenTheNodeDidNot() throws Exception {
    Vertx bare = Vertx.vertx();
    try {
      bare.deployVerticle(new SearchVerticle(registry, 1, null)).toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      IndexStats stats = (IndexStats) bare.eventBus().request(Addresses.VEC_ADMIN,
          new CreateIndexRequest(T, "bare", 2, "l2", null, Map.of())).toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS).body();
      assertEquals(2, stats.fields().get("dim"));
    } finally {
      bare.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void fullQueueShedsWithTheBusyCode() throws Exception {
    IndexRegistry slowRegistry = new IndexRegistry();
    Vertx other = Vertx.vertx();
    try {
      SearchVerticle oneSlot = new SearchVerticle(slowRegistry, 1, 1, null);
      other.deployVerticle(oneSlot).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      VectorIndex big = slowRegistry.create(new CreateIndexRequest(T, "big", 128, "l2", null, Map.of()));
      Random rnd = new Random(1);
      for (int b = 0; b < 4; b++) {
        List<RecordInput> rows = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
          float[] v = new float[128];
          for (int d = 0; d < 128; d++) {
            v[d] = rnd.nextFloat();
          }
          rows.add(new RecordInput(b + "-" + i, v, null, List.of(), Map.of()));
        }
        big.add(rows);
      }
      List<CompletableFuture<Object>> replies = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        replies.add(other.eventBus().request(Addresses.VEC_SEARCH, new SearchRequest(T, "big", new float[128], 10,
            null, false, 0, 0)).map(m -> (Object) m.body()).toCompletionStage().toCompletableFuture());
      }
      int busy = 0;
      for (CompletableFuture<Object> f : replies) {
        try {
          f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          ReplyException r = assertInstanceOf(ReplyException.class, e.getCause());
          assertEquals(ErrorCode.VEC_ERR_BUSY.failureCode(), r.failureCode());
          busy++;
        }
      }
      assertTrue(busy > 0, "200 slow searches through one worker and one queue slot: some must be shed");
    } finally {
      other.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      slowRegistry.close();
    }
  }

  @Test
  void queueDepthGaugeIsRegisteredAndDrainsToZero() throws Exception {
    createDocs();
    for (int i = 0; i < 20; i++) {
      request(Addresses.VEC_SEARCH, query(new float[] {1, 0, 0}, 1, null));
    }
    assertEquals(0, verticle.queueDepth().get());
    assertEquals(0.0, meters.find(SearchVerticle.QUEUE_DEPTH_METRIC).gauge().value());
  }
}
