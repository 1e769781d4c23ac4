package io.pyrope.engine;

import static io.pyrope.engine.Fixtures.assertVecError;
import static io.pyrope.engine.Fixtures.create;
import static io.pyrope.engine.Fixtures.rec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.bus.vec.CreateIndexRequest;
import io.pyrope.bus.vec.RecordInput;
import io.pyrope.search.faiss.SearchParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tenant → index bookkeeping, and dropping an index while it is in use. */
class IndexRegistryTest {
  private IndexRegistry registry;

  @BeforeEach
  void setUp() {
    registry = new IndexRegistry();
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  @Test
  void createdIndexIsFoundByTenantAndName() {
    VectorIndex index = registry.create(create("docs", 4, "l2", null, null));
    assertSame(index, registry.get(Fixtures.TENANT, "docs"));
    assertEquals(List.of(index), registry.list(Fixtures.TENANT));
  }

  @Test
  void creatingAnExistingIndexIsRefused() {
    registry.create(create("docs", 4, "l2", null, null));
    assertVecError(ErrorCode.VEC_ERR_EXISTS, "index t1/docs already exists",
        () -> registry.create(create("docs", 8, "ip", null, null)));
  }

  @Test
  void missingIndexIsNotFound() {
    assertVecError(ErrorCode.VEC_ERR_NOT_FOUND, "index t1/nope not found", () -> registry.get(Fixtures.TENANT, "nope"));
  }

  @Test
  void droppingAMissingIndexIsNotFound() {
    assertVecError(ErrorCode.VEC_ERR_NOT_FOUND, "index t1/nope not found", () -> registry.drop(Fixtures.TENANT, "nope"));
  }

  @Test
  void malformedNameIsASyntaxErrorNotNotFound() {
    assertVecError(ErrorCode.VEC_ERR_SYNTAX, "index name 'a/b' has characters outside [A-Za-z0-9_-]",
        () -> registry.get(Fixtures.TENANT, "a/b"));
  }

  @Test
  void tenantsDoNotSeeEachOthersIndexes() {
    VectorIndex a = registry.create(new CreateIndexRequest("alpha", "docs", 2, "l2", null, Map.of()));
    registry.create(new CreateIndexRequest("beta", "docs", 2, "l2", null, Map.of()));
    a.add(List.of(rec("x", new float[] {1, 1})));
    assertEquals(0, registry.get("beta", "docs").size());
    assertEquals(List.of(), registry.list("gamma"));
  }

  @Test
  void droppedIndexRefusesFurtherCalls() {
    VectorIndex index = registry.create(create("docs", 2, "l2", null, null));
    registry.drop(Fixtures.TENANT, "docs");
    assertVecError(ErrorCode.VEC_ERR_NOT_FOUND, "index t1/docs was dropped", () -> index.add(List.of(rec("x", new float[2]))));
    assertVecError(ErrorCode.VEC_ERR_NOT_FOUND, "index t1/docs was dropped",
        () -> index.search(new float[2], 1, null, SearchParams.DEFAULTS, false));
  }

  @Test
  void nameCanBeReusedAfterADrop() {
    registry.create(create("docs", 2, "l2", null, null)).add(List.of(rec("x", new float[2])));
    registry.drop(Fixtures.TENANT, "docs");
    VectorIndex fresh = registry.create(create("docs", 3, "l2", null, null));
    assertEquals(0, fresh.size());
    assertEquals(3, fresh.config().dim());
  }

  @Test
  void dropWhileSearchingNeverCrashesASearch() throws Exception {
    for (int round = 0; round < 20; round++) {
      VectorIndex index = registry.create(create("hot", 16, "l2", "HNSW8", Map.of("head_max", "200")));
      Random rnd = new Random(round);
      List<RecordInput> rows = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        rows.add(rec("r" + i, Fixtures.randomVector(rnd, 16)));
      }
      index.add(rows);
      Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
      AtomicInteger done = new AtomicInteger();
      List<Thread> searchers = new ArrayList<>();
      for (int s = 0; s < 3; s++) {
        searchers.add(new Thread(() -> {
          Random r = new Random();
          while (true) {
            try {
              index.search(Fixtures.randomVector(r, 16), 10, null, SearchParams.DEFAULTS, false);
              done.incrementAndGet();
            } catch (VecException e) {
              if (e.code() != ErrorCode.VEC_ERR_NOT_FOUND) {
                unexpected.add(e);
              }
              return; // dropped: the only acceptable failure
            } catch (Throwable t) {
              unexpected.add(t);
              return;
            }
          }
        }));
      }
      searchers.forEach(Thread::start);
      while (done.get() < 20) {
        Thread.onSpinWait();
      }
      registry.drop(Fixtures.TENANT, "hot");
      for (Thread t : searchers) {
        t.join(10_000);
      }
      assertTrue(unexpected.isEmpty(), () -> "round failures: " + unexpected);
    }
  }
}
