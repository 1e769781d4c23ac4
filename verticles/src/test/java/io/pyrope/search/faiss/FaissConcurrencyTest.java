package io.pyrope.search.faiss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Searches from several threads while another thread adds, then while another closes. */
class FaissConcurrencyTest {

  static final int SEARCHERS = 4;
  static final int K = 10;

  @Test
  void concurrentSearchesWhileAddingGiveCorrectSizesAndNoCrash() throws Exception {
    SiftSmall sift = SiftSmall.get();
    int dim = SiftSmall.DIM;
    int initial = 2000;
    int chunk = 500;
    float[] base = sift.base.data();
    try (FaissIndex index = Faiss.create(dim, "HNSW32", FaissMetric.L2)) {
      index.add(Arrays.copyOf(base, initial * dim), initial);
      AtomicBoolean adding = new AtomicBoolean(true);
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      AtomicInteger searches = new AtomicInteger();
      CountDownLatch started = new CountDownLatch(SEARCHERS);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < SEARCHERS; t++) {
        int id = t;
        threads.add(new Thread(() -> {
          Faiss.setThreadCount(1);
          started.countDown();
          LabelFilter even = LabelFilter.withCapacity(sift.base.n());
          for (int label = 0; label < sift.base.n(); label += 2) {
            even.allow(label);
          }
          int q = id;
          try {
            while (adding.get() || searches.get() < 200) {
              long sizeBefore = index.size();
              float[] query = sift.queries.row(q++ % sift.queries.n());
              SearchResult r = index.search(query, K, SearchParams.ofEfSearch(32), (q & 1) == 0 ? even : null);
              long sizeAfter = index.size();
              assertEquals(K, r.count());
              for (long label : r.labels()) {
                assertTrue(label >= 0 && label < sizeAfter, "label " + label + " beyond size " + sizeAfter);
              }
              assertTrue(sizeBefore <= sizeAfter && sizeAfter % chunk == 0);
              searches.incrementAndGet();
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        }, "searcher-" + t));
      }
      threads.forEach(Thread::start);
      assertTrue(started.await(10, TimeUnit.SECONDS));
      for (int from = initial; from < sift.base.n(); from += chunk) {
        index.add(Arrays.copyOfRange(base, from * dim, (from + chunk) * dim), chunk);
      }
      adding.set(false);
      for (Thread thread : threads) {
        thread.join(30_000);
      }
      assertTrue(failures.isEmpty(), () -> "searcher failed: " + failures.peek());
      assertEquals(sift.base.n(), index.size());
      assertTrue(searches.get() >= 200);
      System.out.println("searches during adds: " + searches.get());
    }
  }

  @Test
  void closeWaitsForInFlightSearchesThenEverySearchFailsCleanly() throws Exception {
    SiftSmall sift = SiftSmall.get();
    FaissIndex index = Faiss.create(SiftSmall.DIM, "Flat", FaissMetric.L2);
    index.add(sift.base.data(), sift.base.n());
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger closedErrors = new AtomicInteger();
    ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    CountDownLatch running = new CountDownLatch(SEARCHERS);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < SEARCHERS; t++) {
      threads.add(new Thread(() -> {
        Faiss.setThreadCount(1);
        running.countDown();
        float[] queries = sift.queries.data();
        for (int i = 0; i < 10_000; i++) {
          try {
            index.search(queries, 10, K, null, null, new float[10 * K], new long[10 * K]);
            ok.incrementAndGet();
          } catch (FaissException e) {
            if (e.kind() == FaissException.Kind.BAD_ARGUMENT && e.getMessage().contains("closed")) {
              closedErrors.incrementAndGet();
              return;
            }
            unexpected.add(e);
            return;
          } catch (Throwable e) {
            unexpected.add(e);
            return;
          }
        }
      }));
    }
    threads.forEach(Thread::start);
    assertTrue(running.await(10, TimeUnit.SECONDS));
    Thread.sleep(100);
    index.close();
    for (Thread thread : threads) {
      thread.join(30_000);
    }
    assertTrue(unexpected.isEmpty(), () -> "unexpected: " + unexpected.peek());
    assertTrue(ok.get() > 0);
    assertEquals(SEARCHERS, closedErrors.get(), "every searcher saw the close");
  }

  @Test
  void openMpThreadCountIsPerThread() throws Exception {
    int mine = Faiss.threadCount();
    int[] inOther = new int[2];
    Thread other = new Thread(() -> {
      Faiss.setThreadCount(1);
      inOther[0] = Faiss.threadCount();
      Faiss.setThreadCount(3);
      inOther[1] = Faiss.threadCount();
    });
    other.start();
    other.join();
    assertEquals(1, inOther[0]);
    assertEquals(3, inOther[1]);
    assertEquals(mine, Faiss.threadCount(), "another thread's setting does not leak into this one");
  }
}
