package io.pyrope.engine;

import static io.pyrope.engine.Fixtures.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.vec.IndexStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writers, searchers and rebuilds at once. No search may fail or contradict an acknowledged
 * write; afterwards the index holds exactly what the writers acknowledged.
 */
class DeltaIndexingTest {
  private static final long RUN_MILLIS = 5_000;
  private static final int WRITERS = 2;
  private static final int SEARCHERS = 2;

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
  void flatIndexStaysExactWhileCompactedRepeatedly() throws Exception {
    VectorIndex index = registry.create(create("flat", 8, "l2", "Flat", Map.of()));
    Churn churn = new Churn(index);
    AtomicInteger builds = new AtomicInteger();
    run(churn, true, () -> {
      while (!churn.stopped()) {
        index.build().get(30, TimeUnit.SECONDS);
        builds.incrementAndGet();
      }
    });
    assertTrue(builds.get() >= 3, "only " + builds.get() + " rebuilds");
    churn.verifyFinalState(true);
  }

  @Test
  void hnswIndexRebuildsItsTailInTheBackgroundWithoutLosingWrites() throws Exception {
    VectorIndex index = registry.create(create("hnsw", 8, "l2", "HNSW16", Map.of("head_max", "300")));
    Churn churn = new Churn(index);
    run(churn, false, () -> { });
    IndexStats stats = index.stats();
    // How many rebuilds fit in the churn depends on the machine's load; two automatic ones under
    // concurrent writers and searchers is what the test needs to mean something.
    assertTrue(((Number) stats.fields().get("builds")).longValue() >= 2, "too few automatic rebuilds: " + stats);
    assertEquals("", stats.fields().get("last_build_error"));
    churn.verifyFinalState(false);
  }

  @Test
  void ivfIndexRebuildsOnDemandAndAutomaticallyUnderChurn() throws Exception {
    VectorIndex index = registry.create(create("ivf", 8, "l2", "IVF16,Flat", Map.of("head_max", "500", "nprobe", "16")));
    Churn churn = new Churn(index);
    run(churn, true, () -> {
      while (!churn.stopped()) {
        if (index.size() >= 16) {
          index.build().get(30, TimeUnit.SECONDS);
        }
        Thread.sleep(50);
      }
    });
    churn.verifyFinalState(true); // nprobe = nlist: the IVF tail is exhaustive, so exact
  }

  /** A task that may throw. */
  interface Task {
    void run() throws Exception;
  }

  private static void run(Churn churn, boolean exact, Task builder) throws Exception {
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int id = w;
      threads.add(new Thread(() -> churn.writer(id, 100 + id), "writer-" + w));
    }
    for (int s = 0; s < SEARCHERS; s++) {
      int id = s;
      threads.add(new Thread(() -> churn.searcher(200 + id, exact), "searcher-" + s));
    }
    threads.add(new Thread(() -> {
      try {
        builder.run();
      } catch (Throwable t) {
        churn.errors.add(t);
      }
    }, "builder"));
    threads.forEach(Thread::start);
    Thread.sleep(RUN_MILLIS);
    churn.stop();
    for (Thread t : threads) {
      t.join(30_000);
      assertTrue(!t.isAlive(), t.getName() + " did not stop");
    }
    if (!churn.errors.isEmpty()) {
      AssertionError e = new AssertionError(churn.errors.size() + " failures, first: " + churn.errors.peek());
      churn.errors.forEach(e::addSuppressed);
      throw e;
    }
    System.out.printf("churn %s: %d writes, %d searches (%d exact checks)%n", churn.index.config().factory(),
        churn.writes.get(), churn.searches.get(), churn.exactChecks.get());
    assertTrue(churn.searches.get() > 100 && churn.writes.get() > 100);
  }
}
