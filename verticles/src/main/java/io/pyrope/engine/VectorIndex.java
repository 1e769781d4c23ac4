package io.pyrope.engine;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.bus.vec.IndexStats;
import io.pyrope.bus.vec.RecordInput;
import io.pyrope.bus.vec.RecordView;
import io.pyrope.bus.vec.SearchReply;
import io.pyrope.bus.vec.WriteReply;
import io.pyrope.bus.vec.WriteRequest;
import io.pyrope.engine.filter.Filter;
import io.pyrope.engine.impl.Candidate;
import io.pyrope.engine.impl.FactorySpec;
import io.pyrope.engine.impl.FilterStrategy;
import io.pyrope.engine.impl.SearchQuery;
import io.pyrope.engine.impl.Segment;
import io.pyrope.engine.impl.SegmentBuilder;
import io.pyrope.engine.impl.SegmentResult;
import io.pyrope.engine.impl.SegmentSearcher;
import io.pyrope.engine.impl.View;
import io.pyrope.search.faiss.Faiss;
import io.pyrope.search.faiss.FaissIndex;
import io.pyrope.search.faiss.SearchParams;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One index: a mutable head that takes realtime writes and an immutable tail rebuilt in the
 * background (delta indexing, DESIGN §6).
 *
 * <p><b>Threading model.</b> Searches run concurrently on any number of threads and take no
 * index lock: they read the current {@link View} (a volatile pair of segments), take a
 * reference on each segment, search them and merge. Writes are serialised by one
 * {@code ReentrantLock} per index; each write validates its batch before taking the lock,
 * appends to the head under it, then switches the id map and bumps the epoch. Rebuilds run on
 * the registry's build executor: they take the write lock twice, briefly — once to fix the set
 * of rows to build from, once to swap in the new segments — and build in between while writes
 * continue to land in the old head.
 *
 * <p><b>Invariants.</b>
 * <ol>
 *   <li>Every write gets a fresh {@link VectorRecord#row() row} number, increasing, so each
 *       segment holds its rows in ascending order and finds a row's label by bisection.
 *   <li>{@code live} maps each id to its current record. A row is live iff its record is the
 *       very object {@code live} holds for its id; each id has at most one live row. Every hit
 *       is checked this way before it is returned, so a delete or upsert acknowledged before a
 *       search starts is never contradicted by that search, whatever state the masks are in.
 *   <li>Dead rows (replaced or deleted versions) are also masked by bits in their segment, so
 *       that FAISS can skip them (ID selector) instead of filling topK with them; they are
 *       dropped for good by the next rebuild.
 *   <li>A record is added to FAISS before it enters {@code live}, and killed only after its
 *       successor entered it: at every instant a search finds exactly one version of each id.
 *   <li>A write is visible to any search that starts after it is acknowledged: before a swap
 *       it is in the old head, after the swap it was copied into the fresh head under the lock.
 *   <li>The epoch increases by one with every write that changes something, and a search
 *       reports the epoch it read before it started.
 * </ol>
 *
 * <p><b>Rejected alternatives.</b> FAISS's {@code IndexIDMap}: it rejects per-search
 * {@code SearchParameters} in FAISS 1.7.3 (no per-query nprobe/efSearch) and HNSW cannot
 * remove ids anyway; we keep our own label tables. A global read-write lock over the index:
 * a rebuild would block searches for its whole duration, and every write would stall every
 * search; here only a head append briefly excludes searches of the head (inside FAISS).
 * Removing rows from the tail in place: impossible for HNSW, costly for IVF, and racy with
 * searches; masks plus periodic rebuilds are what FAISS users do. Copy-on-write of a whole
 * index per write: O(n) per write. Building the tail on the caller's thread: a client would
 * wait seconds for an unrelated write.
 */
public final class VectorIndex implements VectorIndexRead, AutoCloseable {
  /** Dead rows that trigger a compacting rebuild, at least... */
  static final int MIN_DEAD_FOR_REBUILD = 1024;
  /** ...and at least this fraction (1/n) of all rows. */
  static final int DEAD_FRACTION_FOR_REBUILD = 4;
  private static final Logger LOG = LoggerFactory.getLogger(VectorIndex.class);

  private final IndexConfig config;                 // immutable
  private final FactorySpec spec;                   // family of config.factory()
  private final FactorySpec headSpec;               // the head is always Flat
  private final Clock clock;                        // write timestamps
  private final IndexBuilds builds;                 // schedules and runs rebuilds
  private final ReentrantLock writeLock = new ReentrantLock(); // serialises writes and swaps
  private final ConcurrentHashMap<String, VectorRecord> live = new ConcurrentHashMap<>(); // id -> current version
  private final AtomicLong epoch = new AtomicLong();  // bumped by each effective write
  private volatile View view;                       // the segments searches read
  private volatile boolean closed;                  // set once by close(); then every call fails
  private long nextRow;                             // guarded by writeLock
  private final AtomicInteger segmentSeq = new AtomicInteger(); // names segments: head-0, tail-1, ...
  private volatile long recordBytes;                // written under writeLock; heap estimate of live records
  private List<Long> killedDuringBuild;             // guarded by writeLock; rows killed while a build runs
  private final List<WriteListener> listeners = new CopyOnWriteArrayList<>(); // told of each effective write

  /**
   * Creates an empty index. {@code config} must come from {@link IndexConfigs} (factory checked).
   *
   * @param buildExecutor runs rebuilds; a small dedicated pool, never a request thread
   */
  public VectorIndex(IndexConfig config, Executor buildExecutor, Clock clock) {
    this.config = config;
    this.spec = FactorySpec.parse(config.factory());
    this.headSpec = FactorySpec.parse(FactorySpec.DEFAULT_FACTORY);
    this.clock = clock;
    this.builds = new IndexBuilds(this, buildExecutor);
    this.view = new View(null, newHead());
  }

  @Override
  public IndexConfig config() {
    return config;
  }

  @Override
  public long epoch() {
    return epoch.get();
  }

  /** Number of live records. */
  public int size() {
    return live.size();
  }

  // ---------------------------------------------------------------- writes

  /** Applies a write request; see {@link #add}, {@link #upsert}, {@link #delete}. */
  public WriteReply write(WriteRequest req) {
    return write(req, clock.millis());
  }

  /**
   * Applies a write request stamped with {@code atMillis} as its write time (the WAL replays a
   * record with the time it was first written, so a replay reproduces the same record).
   */
  public WriteReply write(WriteRequest req, long atMillis) {
    return switch (req.kind()) {
      case ADD -> put(req.records(), false, atMillis);
      case UPSERT -> put(req.records(), true, atMillis);
      case DELETE -> delete(req.ids());
    };
  }

  /**
   * Checks a write as {@link #write} would, without applying it: every record against the
   * index, and for ADD that no id exists yet. The WAL calls this before logging a write, so
   * that bad input is refused before it is made durable. A write that passes may still fail
   * when applied (another ADD of the same id may be applied first).
   *
   * @return the validated write, which {@link #write(Validated, long)} applies without checking
   *     the records again
   */
  public Validated validate(WriteRequest req) {
    return validate(req, true);
  }

  /**
   * As {@link #validate(WriteRequest)}; with {@code checkExisting} false an ADD is not checked
   * against the ids present now (only when applied). For a caller whose earlier writes may not be
   * applied yet: a DEL before the ADD would make the check refuse an ADD that is valid in order.
   */
  public Validated validate(WriteRequest req, boolean checkExisting) {
    if (req.kind() == WriteRequest.Kind.DELETE) {
      checkIds(req.ids());
      return new Validated(this, req, null);
    }
    List<VectorRecord> prepared = prepare(req.records(), req.kind() == WriteRequest.Kind.UPSERT);
    ensureOpen();
    if (req.kind() == WriteRequest.Kind.ADD && checkExisting) {
      checkAbsent(prepared);
    }
    return new Validated(this, req, prepared);
  }

  /**
   * Applies a write validated by {@link #validate} of this very index (otherwise it is checked
   * again, as {@link #write(WriteRequest, long)} does).
   */
  public WriteReply write(Validated v, long atMillis) {
    if (v.index != this || v.prepared == null) {
      return write(v.request, atMillis);
    }
    return putPrepared(v.prepared, v.request.kind() == WriteRequest.Kind.UPSERT, atMillis);
  }

  /** A write checked by {@link #validate}: the request and its prepared records. Immutable. */
  public static final class Validated {
    private final VectorIndex index;              // the index that checked it
    private final WriteRequest request;           // as the client sent it
    private final List<VectorRecord> prepared;    // ADD/UPSERT: validated, normalised records; else null

    private Validated(VectorIndex index, WriteRequest request, List<VectorRecord> prepared) {
      this.index = index;
      this.request = request;
      this.prepared = prepared == null ? null : List.copyOf(prepared);
    }

    public WriteRequest request() {
      return request;
    }
  }

  /** Adds records; {@code VEC_ERR_EXISTS} (nothing applied) if any id exists or repeats. */
  public WriteReply add(List<RecordInput> records) {
    return put(records, false, clock.millis());
  }

  /** Adds or replaces records, in order (a repeated id: the last one wins). */
  public WriteReply upsert(List<RecordInput> records) {
    return put(records, true, clock.millis());
  }

  private List<VectorRecord> prepare(List<RecordInput> inputs, boolean replace) {
    RecordValidator.checkBatch(inputs == null ? 0 : inputs.size());
    List<VectorRecord> prepared = new ArrayList<>(inputs.size());
    Set<String> ids = new HashSet<>();
    for (RecordInput in : inputs) {
      VectorRecord r = RecordValidator.validate(in, config);
      if (!ids.add(r.id()) && !replace) {
        throw new VecException(ErrorCode.VEC_ERR_EXISTS, "id '" + r.id() + "' appears twice in the batch");
      }
      prepared.add(r);
    }
    return prepared;
  }

  private void checkAbsent(List<VectorRecord> prepared) {
    for (VectorRecord r : prepared) {
      if (live.containsKey(r.id())) {
        throw new VecException(ErrorCode.VEC_ERR_EXISTS,
            "id '" + r.id() + "' already exists in " + config.qualifiedName());
      }
    }
  }

  private static void checkIds(List<String> ids) {
    RecordValidator.checkBatch(ids == null ? 0 : ids.size());
    for (String id : ids) {
      RecordValidator.checkId(id);
    }
  }

  private WriteReply put(List<RecordInput> inputs, boolean replace, long now) {
    return putPrepared(prepare(inputs, replace), replace, now);
  }

  private WriteReply putPrepared(List<VectorRecord> prepared, boolean replace, long now) {
    writeLock.lock();
    try {
      ensureOpen();
      if (!replace) {
        checkAbsent(prepared);
      }
      Map<String, VectorRecord> latest = new HashMap<>();
      List<VectorRecord> stored = new ArrayList<>(prepared.size());
      for (VectorRecord p : prepared) {
        VectorRecord prev = latest.containsKey(p.id()) ? latest.get(p.id()) : live.get(p.id());
        VectorRecord s = prev == null ? p.stored(1, now, now, nextRow++)
            : p.stored(prev.version() + 1, prev.createdMillis(), now, nextRow++);
        latest.put(s.id(), s);
        stored.add(s);
      }
      view.head().append(stored); // FAISS first: a row is searchable before its id points at it
      List<VectorRecord> replaced = listeners.isEmpty() ? null : new ArrayList<>();
      for (VectorRecord s : stored) {
        VectorRecord prev = live.put(s.id(), s);
        recordBytes += s.estimateBytes();
        if (prev != null) {
          kill(prev);
          if (replaced != null) {
            replaced.add(prev);
          }
        }
      }
      long e = epoch.incrementAndGet();
      notifyListeners(e, stored, replaced);
      builds.afterWrite();
      return new WriteReply(stored.size(), e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Deletes ids. Missing ids are skipped, as Redis's DEL does: {@code applied} counts the
   * deleted ones, and a delete that deleted nothing leaves the epoch unchanged (no cached
   * result can have changed).
   */
  public WriteReply delete(List<String> ids) {
    checkIds(ids);
    writeLock.lock();
    try {
      ensureOpen();
      int applied = 0;
      List<VectorRecord> deleted = listeners.isEmpty() ? null : new ArrayList<>();
      for (String id : ids) {
        VectorRecord prev = live.remove(id);
        if (prev != null) {
          kill(prev);
          applied++;
          if (deleted != null) {
            deleted.add(prev);
          }
        }
      }
      long e = applied > 0 ? epoch.incrementAndGet() : epoch.get();
      if (applied > 0) {
        notifyListeners(e, List.of(), deleted);
      }
      builds.afterWrite();
      return new WriteReply(applied, e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Registers a listener told of every effective write (see {@link WriteListener} for its rules). */
  public void addWriteListener(WriteListener listener) {
    listeners.add(listener);
  }

  public void removeWriteListener(WriteListener listener) {
    listeners.remove(listener);
  }

  /** Caller holds the write lock and has just bumped the epoch to {@code newEpoch}. */
  private void notifyListeners(long newEpoch, List<VectorRecord> added, List<VectorRecord> removed) {
    if (removed == null) {
      return; // there were no listeners when the write started
    }
    for (WriteListener l : listeners) {
      try {
        l.afterWrite(this, newEpoch, added, removed);
      } catch (RuntimeException ex) {
        LOG.error("write listener failed on {} at epoch {}", config.qualifiedName(), newEpoch, ex);
      }
    }
  }

  /** Masks a replaced or deleted version. Caller holds the write lock. */
  private void kill(VectorRecord prev) {
    recordBytes -= prev.estimateBytes();
    View v = view;
    if (!v.head().markDead(prev.row()) && v.tail() != null) {
      v.tail().markDead(prev.row());
    }
    if (killedDuringBuild != null) {
      killedDuringBuild.add(prev.row());
    }
  }

  // ---------------------------------------------------------------- reads

  @Override
  public SearchReply search(float[] vector, int k, Filter filterOrNull, SearchParams params, boolean withMeta) {
    long t0 = System.nanoTime();
    RecordValidator.checkTopK(k);
    float[] q = RecordValidator.checkVector(vector, config.dim(), config.metric());
    SearchParams p = params == null ? SearchParams.DEFAULTS : params;
    int nprobe = p.nprobe() > 0 ? p.nprobe() : config.nprobe();
    int ef = p.efSearch() > 0 ? p.efSearch() : config.efSearch();
    Limits.atMost("nprobe", nprobe, Limits.MAX_NPROBE, null);
    Limits.atMost("efSearch", ef, Limits.MAX_EF_SEARCH, null);
    long seenEpoch = epoch.get(); // read first: the results are at least this new
    SearchQuery sq = new SearchQuery(q, k, filterOrNull, nprobe, ef, config.metric(), this::isLive);
    View v = acquireView();
    try {
      SegmentResult head = SegmentSearcher.search(v.head(), sq);
      SegmentResult tail = v.tail() == null ? null : SegmentSearcher.search(v.tail(), sq);
      List<Candidate> all = new ArrayList<>(head.hits());
      long cost = head.cost();
      FilterStrategy strategy = head.strategy();
      if (tail != null) {
        all.addAll(tail.hits());
        cost += tail.cost();
        if (v.tail().size() >= v.head().size()) {
          strategy = tail.strategy(); // report what the bigger segment did: it dominates the cost
        }
      }
      all.sort(Candidate.bestFirst(config.metric()));
      List<SearchReply.Hit> hits = new ArrayList<>(Math.min(k, all.size()));
      for (int i = 0; i < all.size() && hits.size() < k; i++) {
        VectorRecord r = all.get(i).record();
        hits.add(new SearchReply.Hit(r.id(), all.get(i).score(), withMeta ? r.metaJson() : null));
      }
      return new SearchReply(hits, seenEpoch, cost, System.nanoTime() - t0, 0, strategy.wireName());
    } finally {
      releaseView(v);
    }
  }

  @Override
  public RecordView get(String id) {
    RecordValidator.checkId(id);
    ensureOpen();
    VectorRecord r = live.get(id);
    if (r == null) {
      throw new VecException(ErrorCode.VEC_ERR_NOT_FOUND, "id '" + id + "' not found in " + config.qualifiedName());
    }
    return r.toView();
  }

  @Override
  public IndexStats stats() {
    ensureOpen();
    return IndexStatsView.of(this, view, builds);
  }

  /** A row is live iff its record is the current version of its id (identity). */
  boolean isLive(VectorRecord r) {
    return live.get(r.id()) == r;
  }

  /** Heap bytes of live records (estimate). */
  long recordBytes() {
    return recordBytes;
  }

  FactorySpec spec() {
    return spec;
  }

  /** Takes a reference on each segment of the current view; retries if a swap retired them. */
  private View acquireView() {
    while (true) {
      ensureOpen();
      View v = view;
      if (v.tail() != null && !v.tail().tryAcquire()) {
        Thread.onSpinWait(); // a swap retired it: the new view is already published
        continue;
      }
      if (v.head().tryAcquire()) {
        return v;
      }
      if (v.tail() != null) {
        v.tail().release();
      }
      Thread.onSpinWait();
    }
  }

  private static void releaseView(View v) {
    v.head().release();
    if (v.tail() != null) {
      v.tail().release();
    }
  }

  // ---------------------------------------------------------------- snapshots

  /**
   * Captures the index as it is now, for a snapshot: under the write lock (briefly: it copies
   * references, not vectors) it takes the live records, the epoch, the next row and a reference
   * on the tail, which is immutable and can be written out after the lock is released. Close
   * the image to release the tail.
   */
  public IndexImage capture() {
    List<VectorRecord> records;
    Segment tail;
    long e;
    long next;
    writeLock.lock();
    try {
      ensureOpen();
      records = new ArrayList<>(live.values());
      tail = view.tail();
      if (tail != null && !tail.tryAcquire()) {
        throw new IllegalStateException(config.qualifiedName() + ": the published tail is closed");
      }
      e = epoch.get();
      next = nextRow;
    } finally {
      writeLock.unlock();
    }
    records.sort(Comparator.comparingLong(VectorRecord::row));
    return new IndexImage(config, e, next, records, tail);
  }

  /**
   * An index restored from a snapshot: the tail read back from its FAISS file with the rows of
   * its labels (labels whose row is not live are masked), and every other live record appended
   * to a fresh Flat head in row order. Searches then see exactly what the captured index served.
   *
   * @param live live records in ascending row order
   * @param tailFaiss the tail's FAISS index (owned by the new index from now on), or null
   * @param tailRows the row of each tail label, or null without a tail
   */
  static VectorIndex restore(IndexConfig config, Executor buildExecutor, Clock clock, long epoch, long nextRow,
      List<VectorRecord> live, FaissIndex tailFaiss, long[] tailRows) {
    VectorIndex index = new VectorIndex(config, buildExecutor, clock);
    Map<Long, VectorRecord> byRow = new HashMap<>(live.size() * 2);
    for (VectorRecord r : live) {
      byRow.put(r.row(), r);
    }
    Segment tail = null;
    Set<Long> inTail = new HashSet<>();
    if (tailFaiss != null) {
      VectorRecord[] labels = new VectorRecord[tailRows.length];
      boolean[] dead = new boolean[tailRows.length];
      for (int i = 0; i < tailRows.length; i++) {
        VectorRecord r = byRow.get(tailRows[i]);
        if (r == null) {
          r = VectorRecord.placeholder(tailRows[i]);
          dead[i] = true;
        } else {
          inTail.add(tailRows[i]);
        }
        labels[i] = r;
      }
      tail = Segment.restored(index.nextTailName(), tailFaiss, index.spec, labels, dead);
    }
    Segment head = index.view.head();
    List<VectorRecord> rest = new ArrayList<>();
    for (VectorRecord r : live) {
      if (!inTail.contains(r.row())) {
        rest.add(r);
      }
    }
    for (int i = 0; i < rest.size(); i += SegmentBuilder.ADD_CHUNK_ROWS) {
      head.append(rest.subList(i, Math.min(rest.size(), i + SegmentBuilder.ADD_CHUNK_ROWS)));
    }
    index.writeLock.lock();
    try {
      for (VectorRecord r : live) {
        index.live.put(r.id(), r);
        index.recordBytes += r.estimateBytes();
      }
      index.nextRow = nextRow;
      index.epoch.set(epoch);
      index.view = new View(tail, head);
    } finally {
      index.writeLock.unlock();
    }
    return index;
  }

  /**
   * Moves the epoch above {@code epoch} if it is not already: an index that replaces another
   * under the same name (a restore) must not report an epoch its predecessor already reported,
   * or a cache keyed on the epoch would serve the predecessor's results.
   */
  void advanceEpochPast(long epoch) {
    this.epoch.accumulateAndGet(epoch + 1, Math::max);
  }

  // ---------------------------------------------------------------- builds

  /**
   * Rebuilds the index in the background: a new tail from every live row (for a Flat index: a
   * compacted head). A build already queued is shared; one already running is followed by a
   * new one, so the result includes everything written before this call.
   *
   * @return completes when the new segments serve searches; fails with the build's error
   */
  public CompletableFuture<BuildReport> build() {
    ensureOpen();
    return builds.requestExplicit();
  }

  /** Whether a build is running now. */
  public boolean isBuilding() {
    return builds.isRunning();
  }

  ReentrantLock writeLock() {
    return writeLock;
  }

  /** Caller holds the write lock. */
  View currentView() {
    return view;
  }

  /** Caller holds the write lock: the rows a build will cover are those below this one. */
  long nextRow() {
    return nextRow;
  }

  /** Caller holds the write lock: starts (non-null) or stops (null) recording kills. */
  List<Long> trackKills(boolean on) {
    List<Long> killed = killedDuringBuild;
    killedDuringBuild = on ? new ArrayList<>() : null;
    return killed;
  }

  /** Caller holds the write lock: publishes new segments and retires the old ones. */
  void swap(View next) {
    View old = view;
    view = next;
    if (old.tail() != null && old.tail() != next.tail()) {
      old.tail().release();
    }
    if (old.head() != next.head()) {
      old.head().release();
    }
  }

  /** A fresh, empty Flat head. */
  Segment newHead() {
    return new Segment("head-" + segmentSeq.getAndIncrement(), Faiss.create(config.dim(), FactorySpec.DEFAULT_FACTORY,
        config.metric().faissMetric()), headSpec);
  }

  /** A name for a new tail. */
  String nextTailName() {
    return (spec.isFlat() ? "base-" : "tail-") + segmentSeq.getAndIncrement();
  }

  boolean isClosed() {
    return closed;
  }

  void ensureOpen() {
    if (closed) {
      throw new VecException(ErrorCode.VEC_ERR_NOT_FOUND, "index " + config.qualifiedName() + " was dropped");
    }
  }

  /**
   * Closes the index: new calls fail with {@code VEC_ERR_NOT_FOUND}; native memory is freed as
   * soon as the searches in flight finish (they hold segment references). A running build
   * finishes and frees what it built. Idempotent.
   */
  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      builds.cancelQueued();
      releaseView(view);
    } finally {
      writeLock.unlock();
    }
  }
}
