package io.pyrope.engine;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.bus.vec.RecordInput;
import io.pyrope.bus.vec.SearchReply;
import io.pyrope.engine.impl.Segment;
import io.pyrope.engine.impl.View;
import io.pyrope.search.faiss.SearchParams;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Concurrent writers (add, upsert, delete) and searchers against one index, checking each
 * search against what the writers had acknowledged before it started. Writers own disjoint
 * ids; a deleted id is never reused, so "deleted before the search started" is decidable.
 */
final class Churn {
  /** Per id: the last acknowledged state, or a pending marker while a write is in flight. */
  record State(int version, float[] vector, boolean deleted, boolean pending, long ackNanos) {}

  private static final int MAX_IDS = 200_000;
  /** Live ids per writer: past this, a writer only upserts and deletes (bounds the final checks). */
  private static final int MAX_LIVE_PER_WRITER = 50_000;
  /** Live records whose exact search is checked after the churn (GET checks all of them). */
  private static final int FINAL_EXACT_SAMPLE = 3_000;

  final VectorIndex index;
  final int dim;
  final Map<String, State> states = new ConcurrentHashMap<>();
  final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
  final AtomicLong searches = new AtomicLong();
  final AtomicLong exactChecks = new AtomicLong();
  final AtomicLong writes = new AtomicLong();
  private final AtomicReferenceArray<String> known = new AtomicReferenceArray<>(MAX_IDS);
  private final AtomicInteger knownCount = new AtomicInteger();
  private volatile boolean stop;

  Churn(VectorIndex index) {
    this.index = index;
    this.dim = index.config().dim();
  }

  void stop() {
    stop = true;
  }

  boolean stopped() {
    return stop;
  }

  /** Writer {@code w}: adds, upserts and deletes its own ids until stopped. */
  void writer(int w, long seed) {
    Random rnd = new Random(seed);
    List<String> mine = new ArrayList<>();
    int next = 0;
    try {
      while (!stop) {
        int op = rnd.nextInt(100);
        if ((op < 45 && mine.size() < MAX_LIVE_PER_WRITER) || mine.size() < 20) {
          List<String> ids = new ArrayList<>();
          int n = op < 5 ? 20 : 1;
          for (int i = 0; i < n; i++) {
            ids.add("w" + w + "-" + next++);
          }
          write(ids, rnd, false);
          mine.addAll(ids);
        } else if (op < 80) {
          write(List.of(mine.get(rnd.nextInt(mine.size()))), rnd, true);
        } else {
          String id = mine.remove(rnd.nextInt(mine.size()));
          State prev = states.get(id);
          states.put(id, new State(prev.version, prev.vector, false, true, 0));
          if (index.delete(List.of(id)).applied() != 1) {
            throw new AssertionError("delete of live " + id + " applied nothing");
          }
          states.put(id, new State(prev.version, prev.vector, true, false, System.nanoTime()));
        }
        writes.incrementAndGet();
      }
    } catch (Throwable t) {
      errors.add(t);
    }
  }

  private void write(List<String> ids, Random rnd, boolean upsert) {
    List<RecordInput> batch = new ArrayList<>();
    List<State> next = new ArrayList<>();
    for (String id : ids) {
      State prev = states.get(id);
      int version = prev == null ? 1 : prev.version + 1;
      float[] v = Fixtures.randomVector(rnd, dim);
      states.put(id, new State(version, v, false, true, 0));
      batch.add(new RecordInput(id, v, new JsonObject().put("v", version).encode(), List.of(), Map.of()));
      next.add(new State(version, v, false, false, 0));
    }
    if (upsert) {
      index.upsert(batch);
    } else {
      index.add(batch);
    }
    long acked = System.nanoTime();
    for (int i = 0; i < ids.size(); i++) {
      State s = next.get(i);
      states.put(ids.get(i), new State(s.version, s.vector, false, false, acked));
      if (s.version == 1) {
        int slot = knownCount.getAndIncrement();
        if (slot < MAX_IDS) {
          known.set(slot, ids.get(i));
        }
      }
    }
  }

  /**
   * Searcher: queries with the vector of a random known record; checks no hit was deleted before
   * the search began, the target's version is never older than the one acknowledged before, and,
   * when {@code exact} and the target did not change during the search, that it is the top hit.
   */
  void searcher(long seed, boolean exact) {
    Random rnd = new Random(seed);
    try {
      while (!stop) {
        int n = Math.min(knownCount.get(), MAX_IDS);
        if (n == 0) {
          Thread.onSpinWait();
          continue;
        }
        String target = known.get(rnd.nextInt(n));
        if (target == null) {
          continue;
        }
        State before = states.get(target);
        long t0 = System.nanoTime();
        SearchReply r = index.search(before.vector, 10, null, SearchParams.DEFAULTS, true);
        State after = states.get(target);
        searches.incrementAndGet();
        for (SearchReply.Hit h : r.hits()) {
          State s = states.get(h.id());
          if (s != null && s.deleted && s.ackNanos < t0) {
            throw new AssertionError(h.id() + " returned after its delete was acknowledged");
          }
          if (h.id().equals(target) && !before.pending && before.ackNanos < t0) {
            int v = new JsonObject(h.metaJson()).getInteger("v");
            if (v < before.version) {
              throw new AssertionError(target + " returned at version " + v + " after " + before.version + " was acked");
            }
          }
        }
        if (exact && before == after && !before.pending && !before.deleted) {
          exactChecks.incrementAndGet();
          SearchReply.Hit top = r.hits().isEmpty() ? null : r.hits().get(0);
          if (top == null || !top.id().equals(target) || top.score() > 1e-4f) {
            throw new AssertionError("exact match for " + target + " v" + before.version + " not first: " + r.hits());
          }
          int v = new JsonObject(top.metaJson()).getInteger("v");
          if (v != before.version) {
            throw new AssertionError(target + " found at version " + v + ", latest is " + before.version);
          }
        }
      }
    } catch (Throwable t) {
      errors.add(t);
    }
  }

  /** Where the record of {@code id} sits in the current view, for failure messages. */
  private String diagnose(String id) {
    View v = index.currentView();
    long row = -1;
    StringBuilder sb = new StringBuilder("view=" + v);
    for (Segment seg : new Segment[] {v.tail(), v.head()}) {
      if (seg == null) {
        continue;
      }
      for (int l = 0; l < seg.size(); l++) {
        VectorRecord r = seg.record(l);
        if (r.id().equals(id)) {
          sb.append(" in ").append(seg.name()).append(" label ").append(l).append(" row ").append(r.row())
              .append(" v").append(r.version()).append(" dead=").append(seg.isDead(l)).append(" live=")
              .append(index.isLive(r)).append(" labelOf=").append(seg.labelOf(r.row()));
        }
      }
    }
    return sb.toString();
  }

  /** After the churn: every live id readable at its latest version, every deleted one gone. */
  void verifyFinalState(boolean exact) {
    int live = 0;
    for (Map.Entry<String, State> e : states.entrySet()) {
      State s = e.getValue();
      if (s.deleted) {
        try {
          index.get(e.getKey());
          throw new AssertionError(e.getKey() + " readable after delete");
        } catch (VecException expected) {
          if (expected.code() != ErrorCode.VEC_ERR_NOT_FOUND) {
            throw expected;
          }
        }
        continue;
      }
      live++;
      if (index.get(e.getKey()).version() != s.version) {
        throw new AssertionError(e.getKey() + " not at version " + s.version);
      }
      if (exact && e.getKey().hashCode() % Math.max(1, states.size() / FINAL_EXACT_SAMPLE) == 0) {
        SearchReply r = index.search(s.vector, 1, null, SearchParams.DEFAULTS, false);
        if (!r.hits().get(0).id().equals(e.getKey())) {
          throw new AssertionError(e.getKey() + " not found by its own vector: " + r.hits() + " " + diagnose(e.getKey()));
        }
      }
    }
    if (live != index.size()) {
      throw new AssertionError("index holds " + index.size() + " live records, writers acknowledged " + live);
    }
  }
}
