package io.pyrope.engine;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.engine.impl.FactorySpec;
import io.pyrope.engine.impl.Segment;
import io.pyrope.engine.impl.SegmentBuilder;
import io.pyrope.engine.impl.View;
import io.pyrope.search.faiss.FaissException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules and runs the rebuilds of one {@link VectorIndex}.
 *
 * <p><b>When.</b> Automatically after a write when the head holds {@code head_max} rows (not
 * for Flat indexes: their head is already exact), or when dead rows are at least
 * {@link VectorIndex#MIN_DEAD_FOR_REBUILD} and a {@code 1/DEAD_FRACTION_FOR_REBUILD} of all
 * rows; and on demand ({@link VectorIndex#build()}). An index too small to train its factory
 * is not rebuilt automatically (stats say what it waits for); after a failed build the next
 * automatic attempt waits for {@code head_max} more rows.
 *
 * <p><b>How.</b> (1) Under the write lock: note the next row number (the cut-off), the current
 * view, and start recording kills. (2) Unlocked: collect the live rows below the cut-off, build
 * the new tail from them (train, add), and copy the rows written since the cut-off into a fresh
 * head (all of them: see {@link #copyRows}). (3) Under the write lock again: copy the few rows
 * written during step 2, mask in the new segments every row killed since step 1, publish the
 * new view and retire the old one. Searches never wait: they keep using whichever view they
 * started with.
 *
 * <p><b>Threading.</b> Runs on the build executor. Scheduling state is guarded by the index's
 * write lock; {@code runMutex} keeps two builds of one index from overlapping even on a
 * multi-threaded executor. Stats fields are volatile, written by the build thread only.
 */
final class IndexBuilds {
  private static final Logger LOG = LoggerFactory.getLogger(IndexBuilds.class);

  private final VectorIndex index;
  private final IndexConfig config;
  private final FactorySpec spec;
  private final Executor executor;
  private final Object runMutex = new Object();      // one build of this index at a time
  private CompletableFuture<BuildReport> queued;      // guarded by write lock: submitted, not started
  private long retryAtRows;                           // guarded by write lock: backoff after a failure
  private volatile boolean running;                   // a build is between steps 1 and 3
  private volatile long completed;                    // successful builds
  private volatile long lastMillis = -1;              // duration of the last successful build
  private volatile BuildReport lastReport;            // the last successful build, or null
  private volatile String lastError = "";             // message of the last failed build, "" after a success

  IndexBuilds(VectorIndex index, Executor executor) {
    this.index = index;
    this.config = index.config();
    this.spec = index.spec();
    this.executor = executor;
  }

  boolean isRunning() {
    return running;
  }

  long completed() {
    return completed;
  }

  long lastMillis() {
    return lastMillis;
  }

  BuildReport lastReport() {
    return lastReport;
  }

  String lastError() {
    return lastError;
  }

  /** Whether the factory can be trained with the live rows there are. */
  boolean trainable() {
    return index.size() >= spec.minTrainRows();
  }

  /** Called by every write, under the write lock: schedules an automatic build when one is due. */
  void afterWrite() {
    if (index.isClosed() || queued != null || running) {
      return;
    }
    View v = index.currentView();
    if (v.rows() < retryAtRows) {
      return;
    }
    boolean headFull = !spec.isFlat() && v.head().size() >= config.headMax() && trainable();
    int dead = v.deadRows();
    boolean compact = dead >= VectorIndex.MIN_DEAD_FOR_REBUILD
        && (long) dead * VectorIndex.DEAD_FRACTION_FOR_REBUILD >= v.rows() && (spec.isFlat() || trainable());
    if (headFull || compact) {
      schedule();
    }
  }

  /** An explicit build: shares a queued one, else queues a new one. */
  CompletableFuture<BuildReport> requestExplicit() {
    index.writeLock().lock();
    try {
      index.ensureOpen();
      return queued != null ? queued : schedule();
    } finally {
      index.writeLock().unlock();
    }
  }

  /** Caller holds the write lock. */
  private CompletableFuture<BuildReport> schedule() {
    CompletableFuture<BuildReport> f = new CompletableFuture<>();
    queued = f;
    try {
      executor.execute(() -> run(f));
    } catch (RejectedExecutionException e) {
      queued = null;
      f.completeExceptionally(new VecException(ErrorCode.VEC_ERR_BUSY, "the build executor is shut down"));
    }
    return f;
  }

  /** Called by close(), under the write lock: a queued build will never run. */
  void cancelQueued() {
    if (queued != null) {
      queued.completeExceptionally(
          new VecException(ErrorCode.VEC_ERR_NOT_FOUND, "index " + config.qualifiedName() + " was dropped"));
      queued = null;
    }
  }

  private void run(CompletableFuture<BuildReport> f) {
    synchronized (runMutex) {
      if (f.isDone()) {
        return; // cancelled by close()
      }
      try {
        f.complete(execute(f));
      } catch (Throwable t) {
        f.completeExceptionally(t instanceof VecException ? t : failure(t));
      }
    }
  }

  private BuildReport execute(CompletableFuture<BuildReport> f) {
    long t0 = System.nanoTime();
    View v0;
    long cutoff;
    String tailName;
    index.writeLock().lock();
    try {
      if (queued == f) {
        queued = null; // from now on, writes are not covered by this build: a new request queues another
      }
      index.ensureOpen();
      v0 = index.currentView();
      cutoff = index.nextRow();
      tailName = index.nextTailName();
      index.trackKills(true);
      running = true;
    } finally {
      index.writeLock().unlock();
    }
    Segment base = null;
    Segment head = null;
    boolean swapped = false;
    try {
      List<VectorRecord> rows = collect(v0, cutoff);
      int from = firstLabelAtOrAbove(v0.head(), cutoff);
      int droppedRows = (v0.tail() == null ? 0 : v0.tail().size()) + from - rows.size();
      LOG.info("{}: rebuilding {} from {} live rows ({} dead dropped)", config.qualifiedName(), tailName,
          rows.size(), droppedRows);
      int trainRows = 0;
      if (spec.isFlat() || !rows.isEmpty()) {
        SegmentBuilder.Built built = SegmentBuilder.build(config, spec, tailName, rows);
        base = built.segment();
        trainRows = built.trainRows();
      }
      head = spec.isFlat() ? base : index.newHead();
      int copied = copyRows(v0.head(), from, head); // most of the catch-up, without the lock
      index.writeLock().lock();
      try {
        index.ensureOpen();
        copied = copyRows(v0.head(), copied, head); // the rest: writes can't add more now
        for (long row : index.trackKills(false)) {
          if (base != null) {
            base.markDead(row);
          }
          if (head != base) {
            head.markDead(row);
          }
        }
        index.swap(spec.isFlat() ? new View(null, head) : new View(base, head));
        swapped = true;
      } finally {
        index.writeLock().unlock();
      }
      long millis = (System.nanoTime() - t0) / 1_000_000;
      BuildReport report = new BuildReport(rows.size(), copied - from, trainRows, droppedRows, millis);
      lastReport = report;
      lastMillis = millis;
      lastError = "";
      completed++;
      LOG.info("{}: rebuilt in {} ms: {}", config.qualifiedName(), millis, report);
      return report;
    } catch (RuntimeException | Error e) {
      lastError = e instanceof VecException v ? v.getMessage() : failure(e).getMessage();
      LOG.warn("{}: rebuild failed, still serving the previous segments: {}", config.qualifiedName(), lastError);
      throw e;
    } finally {
      index.writeLock().lock();
      try {
        running = false;
        if (!swapped) {
          index.trackKills(false);
          retryAtRows = index.currentView().rows() + config.headMax();
          release(base);
          if (head != base) {
            release(head);
          }
        } else {
          retryAtRows = 0;
        }
      } finally {
        index.writeLock().unlock();
      }
    }
  }

  /** Live rows below the cut-off, in ascending row order (tail rows precede head rows). */
  private List<VectorRecord> collect(View v, long cutoff) {
    List<VectorRecord> out = new ArrayList<>(v.rows());
    if (v.tail() != null) {
      addLive(v.tail(), 0, v.tail().size(), out);
    }
    addLive(v.head(), 0, firstLabelAtOrAbove(v.head(), cutoff), out);
    return out;
  }

  private void addLive(Segment seg, int from, int to, List<VectorRecord> out) {
    for (int label = from; label < to; label++) {
      VectorRecord r = seg.record(label);
      if (r != null && index.isLive(r)) {
        out.add(r);
      }
    }
  }

  /**
   * Appends every row of {@code src} from label {@code from} to its current end, live or not;
   * returns the end. Liveness cannot be judged here: a writer may have appended its row and not
   * yet switched the id map (it holds the lock, the first copy does not), so skipping a
   * not-yet-live row would lose an acknowledged write. Rows at or past the cut-off that die are
   * all in the kill list, and are masked at the swap.
   */
  private static int copyRows(Segment src, int from, Segment dst) {
    int to = src.size();
    List<VectorRecord> batch = new ArrayList<>(Math.max(0, to - from));
    for (int label = from; label < to; label++) {
      batch.add(src.record(label));
    }
    for (int i = 0; i < batch.size(); i += SegmentBuilder.ADD_CHUNK_ROWS) {
      dst.append(batch.subList(i, Math.min(batch.size(), i + SegmentBuilder.ADD_CHUNK_ROWS)));
    }
    return to;
  }

  /** The first label whose row is {@code >= row} (rows ascend with labels). */
  private static int firstLabelAtOrAbove(Segment seg, long row) {
    int lo = 0;
    int hi = seg.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (seg.record(mid).row() < row) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static void release(Segment s) {
    if (s != null) {
      s.release();
    }
  }

  /** A build failure as the client sees it; the FAISS message is kept verbatim. */
  private VecException failure(Throwable t) {
    String why = t instanceof FaissException fe && fe.nativeMessage() != null ? fe.nativeMessage() : t.toString();
    why = why.lines().findFirst().orElse(why).trim();
    if (t instanceof FaissException && !trainable()) {
      return new VecException(ErrorCode.VEC_ERR_LIMIT, "build of " + config.qualifiedName() + " failed: "
          + config.factory() + " needs at least " + spec.minTrainRows() + " rows to train, index has "
          + index.size() + " (" + why + ")");
    }
    return new VecException(ErrorCode.VEC_ERR_INTERNAL, "build of " + config.qualifiedName() + " failed: " + why);
  }
}
