package io.pyrope.engine;

import static io.pyrope.engine.Fixtures.create;
import static io.pyrope.engine.Fixtures.rec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.bus.vec.RecordInput;
import io.pyrope.bus.vec.SearchReply;
import io.pyrope.search.faiss.SearchParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An index too small for its factory keeps serving from the head; FAISS failures become errors and stats. */
class BuildFailureTest {
  private static final int DIM = 8;

  private IndexRegistry registry;

  @BeforeEach
  void setUp() {
    registry = new IndexRegistry();
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  private static void addRandom(VectorIndex index, int n) {
    Random rnd = new Random(n);
    List<RecordInput> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(rec("r" + i, Fixtures.randomVector(rnd, DIM)));
    }
    index.add(batch);
  }

  private static Map<String, Object> stats(VectorIndex index) {
    return index.stats().fields();
  }

  @Test
  void trainingIvf256OnFiftyRowsFailsTheBuildWithTheFaissReason() {
    VectorIndex index = registry.create(create("ivf", DIM, "l2", "IVF256,Flat", Map.of()));
    addRandom(index, 50);
    ExecutionException e = assertThrows(ExecutionException.class, () -> index.build().get(30, TimeUnit.SECONDS));
    VecException v = assertInstanceOf(VecException.class, e.getCause());
    assertEquals(ErrorCode.VEC_ERR_LIMIT, v.code());
    assertTrue(v.getMessage().contains("IVF256,Flat needs at least 256 rows to train, index has 50"), v.getMessage());
    assertTrue(v.getMessage().contains("Number of training points"), "FAISS's own reason: " + v.getMessage());
  }

  @Test
  void failedBuildIsReportedInStats() throws Exception {
    VectorIndex index = registry.create(create("ivf", DIM, "l2", "IVF256,Flat", Map.of()));
    addRandom(index, 50);
    assertThrows(ExecutionException.class, () -> index.build().get(30, TimeUnit.SECONDS));
    Map<String, Object> s = stats(index);
    assertTrue(((String) s.get("last_build_error")).contains("needs at least 256 rows"), s.toString());
    assertTrue(((String) s.get("tail_state")).startsWith("failed: "), s.toString());
    assertEquals(0, s.get("building"));
  }

  @Test
  void indexKeepsServingFromTheHeadAfterAFailedBuild() throws Exception {
    VectorIndex index = registry.create(create("ivf", DIM, "l2", "IVF256,Flat", Map.of()));
    addRandom(index, 50);
    assertThrows(ExecutionException.class, () -> index.build().get(30, TimeUnit.SECONDS));
    index.add(List.of(rec("after", new float[DIM])));
    SearchReply r = index.search(new float[DIM], 1, null, SearchParams.DEFAULTS, false);
    assertEquals("after", r.hits().get(0).id());
    assertEquals(51, stats(index).get("head_rows"));
    assertEquals(0, stats(index).get("tail_rows"));
  }

  @Test
  void tooSmallIndexWaitsInsteadOfBuildingAutomatically() throws Exception {
    VectorIndex index = registry.create(create("ivf", DIM, "l2", "IVF256,Flat", Map.of("head_max", "20")));
    addRandom(index, 100);
    Thread.sleep(100); // an automatic build, if one were (wrongly) scheduled, would have run by now
    Map<String, Object> s = stats(index);
    assertEquals("waiting for 256 rows to train IVF256,Flat, has 100", s.get("tail_state"));
    assertEquals(0L, s.get("builds"));
    assertEquals("", s.get("last_build_error"));
  }

  @Test
  void buildSucceedsOnceThereAreEnoughRows() throws Exception {
    VectorIndex index = registry.create(create("ivf", DIM, "l2", "IVF16,Flat", Map.of("head_max", "100000")));
    addRandom(index, 10);
    assertThrows(ExecutionException.class, () -> index.build().get(30, TimeUnit.SECONDS));
    List<RecordInput> more = new ArrayList<>();
    Random rnd = new Random(3);
    for (int i = 0; i < 500; i++) {
      more.add(rec("m" + i, Fixtures.randomVector(rnd, DIM)));
    }
    index.add(more);
    BuildReport report = index.build().get(30, TimeUnit.SECONDS);
    assertEquals(510, report.tailRows());
    Map<String, Object> s = stats(index);
    assertEquals("ready", s.get("tail_state"));
    assertEquals("", s.get("last_build_error"));
  }

  @Test
  void automaticBuildMovesTheHeadIntoTheTail() throws Exception {
    VectorIndex index = registry.create(create("hnsw", DIM, "l2", "HNSW8", Map.of("head_max", "200")));
    addRandom(index, 300);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (((Number) stats(index).get("builds")).longValue() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Map<String, Object> s = stats(index);
    assertEquals(300, s.get("tail_rows"));
    assertEquals(0, s.get("head_rows"));
    assertEquals("ready", s.get("tail_state"));
  }

  @Test
  void rebuildDropsDeadRows() throws Exception {
    VectorIndex index = registry.create(create("flat", DIM, "l2", "Flat", Map.of()));
    addRandom(index, 100);
    index.delete(List.of("r1", "r2", "r3"));
    index.upsert(List.of(rec("r4", new float[DIM])));
    assertEquals(4, stats(index).get("dead_rows"));
    BuildReport report = index.build().get(30, TimeUnit.SECONDS);
    assertEquals(4, report.droppedRows());
    assertEquals(0, stats(index).get("dead_rows"));
    assertEquals(97, stats(index).get("head_rows"));
  }
}
