package io.pyrope.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.bus.vec.CreateIndexRequest;
import io.pyrope.bus.vec.RecordInput;
import io.pyrope.bus.vec.SearchReply;
import io.pyrope.bus.vec.SearchRequest;
import io.pyrope.engine.IndexRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Direct search dispatch: lane choice, completion on the caller's context, errors. */
class SearchLanesTest {
  private static final String T = "lanes";
  private Vertx vertx;
  private IndexRegistry registry;
  private SearchLanes lanes;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    registry = new IndexRegistry();
    lanes = new SearchLanes(registry, 3, 0, null);
    lanes.start(vertx);
    registry.create(new CreateIndexRequest(T, "ix", 2, "l2", null, Map.of()))
        .add(List.of(new RecordInput("a", new float[] {1, 0}, null, List.of(), Map.of()),
            new RecordInput("b", new float[] {0, 1}, null, List.of(), Map.of())));
  }

  @AfterEach
  void stop() throws Exception {
    lanes.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    registry.close();
  }

  @Test
  void anIdleCallerKeepsToItsOwnLane() {
    assertEquals(1, lanes.pick(4));
    assertEquals(1, lanes.pick(4));
    assertEquals(2, lanes.pick(5));
    assertEquals(0, lanes.pick(SearchLanes.NO_AFFINITY));
  }

  @Test
  void aBusyLaneGivesWayToTheLeastLoaded() {
    lanes.busy(1).set(2);
    lanes.busy(0).set(1);
    assertEquals(2, lanes.pick(4));
    lanes.busy(2).set(3);
    assertEquals(0, lanes.pick(4));
    lanes.busy(0).set(2);
    assertEquals(1, lanes.pick(4), "equal loads: the caller's lane");
  }

  @Test
  void aSearchCompletesOnTheCallersContext() throws Exception {
    Context caller = vertx.getOrCreateContext();
    CompletableFuture<Context> completedOn = new CompletableFuture<>();
    CompletableFuture<SearchReply> reply = new CompletableFuture<>();
    caller.runOnContext(v -> lanes.search(new SearchRequest(T, "ix", new float[] {0.9f, 0.1f}, 1, null, false, 0, 0), 7)
        .onComplete(ar -> {
          completedOn.complete(Vertx.currentContext());
          reply.complete(ar.result());
        }));
    assertEquals("a", reply.get(10, TimeUnit.SECONDS).hits().get(0).id());
    assertEquals(caller, completedOn.get(10, TimeUnit.SECONDS));
    assertEquals(0, lanes.queueDepth().get());
    for (int i = 0; i < 3; i++) {
      assertEquals(0, lanes.busy(i).get(), "lane " + i + " still counted busy");
    }
  }

  @Test
  void requestErrorsKeepTheirCode() {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> lanes
        .search(new SearchRequest(T, "ix", new float[] {1, 0, 0}, 1, null, false, 0, 0), 1)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    VecException v = assertInstanceOf(VecException.class, e.getCause());
    assertEquals(ErrorCode.VEC_ERR_DIM, v.code());
    ExecutionException missing = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> lanes
        .search(new SearchRequest(T, "nope", new float[] {1, 0}, 1, null, false, 0, 0), 1)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertEquals(ErrorCode.VEC_ERR_NOT_FOUND, ((VecException) missing.getCause()).code());
    assertTrue(lanes.queueDepth().get() == 0);
  }
}
