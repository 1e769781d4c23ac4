package io.pyrope.search.faiss;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link FaissIndex} over one native {@code faiss::Index}, reached through {@link NativeFaiss}.
 *
 * <h2>Threading model</h2>
 * FAISS indexes are safe for concurrent const calls (search, write_index, getters) and unsafe
 * for anything that mutates them (train, add) while another call runs. One {@link
 * ReentrantReadWriteLock} per index encodes exactly that: {@code search} and {@code write}
 * take the read lock, {@code train}, {@code add} and {@code close} the write lock. The lock is
 * held for the whole native call, so the native index can never be freed or resized under a
 * running search. The lock is non-fair, but a waiting writer blocks new readers, so a stream
 * of searches cannot starve an {@code add} forever. Per-search knobs (nprobe, efSearch,
 * selector) travel as per-call FAISS {@code SearchParameters}, never as writes to the shared
 * index, which is what makes concurrent searches with different settings safe. OpenMP
 * threads are per calling thread ({@link Faiss#setThreadCount}); this class does not touch
 * them.
 *
 * <h2>Ownership</h2>
 * The native index is owned by this object alone, through {@link NativeHandle}: {@link
 * #close()} frees it exactly once ({@link Cleaner.Cleanable#clean()} runs its action at most
 * once), after taking the write lock so that in-flight calls finish first. A {@link Cleaner}
 * frees it if the object becomes unreachable without being closed; that is a safety net that
 * logs a warning, not a way to manage memory. Every method that passes the address to native
 * code keeps {@code this} reachable until the call returns ({@link Reference#reachabilityFence}),
 * so the Cleaner cannot free the index mid-call.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>{@code dim}, {@code metric}, {@code factory} and {@code supportsSelector} are read
 *       once at construction and never change.
 *   <li>{@code size} and {@code trained} mirror the native index; they are written only
 *       under the write lock, right after the native call that changed them, and are
 *       volatile so that getters need no lock.
 *   <li>{@code closed} only goes from false to true, under the write lock; a call that sees
 *       it false while holding a lock runs on a live native index.
 *   <li>Every array bound is checked here before native code runs: the shim trusts lengths.
 * </ul>
 *
 * <h2>Rejected alternatives</h2>
 * <ul>
 *   <li><b>{@code IndexIDMap} for user ids.</b> In FAISS 1.7.3 it rejects per-call {@code
 *       SearchParameters}, so per-query efSearch or nprobe would mean mutating the shared
 *       index. Labels stay FAISS's sequential ones and the engine keeps its own id mapping.
 *   <li><b>FAISS's C API ({@code c_api/}).</b> Debian ships its headers but not its symbols,
 *       it has no per-call parameters for every index family in 1.7.3, and its errors still
 *       need the same thread-local dance. Our own small shim catches every C++ exception,
 *       builds the right {@code SearchParameters} subclass and exports nothing else.
 *   <li><b>Interface-mapped JNA ({@code Library} proxies).</b> ~2 µs slower per call than
 *       direct mapping; searches are the hot path.
 *   <li><b>Setting nprobe/efSearch on the index.</b> A data race with every concurrent
 *       search; would force searches to be exclusive.
 *   <li><b>A {@code synchronized} index.</b> Serialises searches, which FAISS runs safely in
 *       parallel.
 * </ul>
 */
final class JnaFaissIndex implements FaissIndex {

  private static final System.Logger LOG = System.getLogger(JnaFaissIndex.class.getName());
  /** Frees native indexes nobody closed. One daemon thread for the whole process. */
  private static final Cleaner CLEANER = Cleaner.create();

  /** Largest dimension accepted at creation; far above any embedding in use. */
  static final int MAX_DIM = 1 << 16;
  /** Largest k accepted by search. */
  static final int MAX_K = 1 << 16;
  /** Without in-index selectors, first fetch k times this many candidates and filter them. */
  static final int POSTFILTER_OVERFETCH = 4;
  /** Without in-index selectors, never fetch more than this many candidates per query. */
  static final int POSTFILTER_MAX_FETCH = 1 << 16;
  /** Buffer for the native description of an index read from a file. */
  private static final int DESCRIBE_CAPACITY = 256;

  /** Guards the native index: read lock for search/write, write lock for train/add/close. */
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  /** The native pointer and its one-shot free action. */
  private final NativeHandle handle;
  /** Registration with {@link #CLEANER}; {@code clean()} frees the native index once. */
  private final Cleaner.Cleanable cleanable;
  /** Vector dimension, fixed at creation. */
  private final int dim;
  /** Ranking metric, fixed at creation. */
  private final FaissMetric metric;
  /** The creating factory string, or the description of an index read from a file. */
  private final String factory;
  /** Whether FAISS applies a LabelFilter inside the search (else we post-filter). */
  private final boolean supportsSelector;
  /** Native ntotal; written under the write lock after add. */
  private volatile long size;
  /** Native is_trained; written under the write lock after train. */
  private volatile boolean trained;
  /** Set once by close(), under the write lock. */
  private volatile boolean closed;

  /** Takes ownership of {@code address}: on any failure here, it is freed. */
  private JnaFaissIndex(long address, String factoryOrNull) {
    this.handle = new NativeHandle(address);
    this.cleanable = CLEANER.register(this, handle);
    try {
      this.dim = (int) NativeFaiss.checkValue(NativeFaiss.pyrope_index_dim(address), "dim");
      int metricCode = (int) NativeFaiss.checkValue(NativeFaiss.pyrope_index_metric(address), "metric");
      if (metricCode != NativeFaiss.METRIC_L2 && metricCode != NativeFaiss.METRIC_INNER_PRODUCT) {
        throw FaissException.badArgument("read", "index uses a metric other than L2 or inner product");
      }
      this.metric = metricCode == NativeFaiss.METRIC_L2 ? FaissMetric.L2 : FaissMetric.INNER_PRODUCT;
      this.supportsSelector =
          NativeFaiss.checkValue(NativeFaiss.pyrope_supports_selector(address), "supportsSelector") == 1;
      this.size = NativeFaiss.checkValue(NativeFaiss.pyrope_index_ntotal(address), "size");
      this.trained =
          NativeFaiss.checkValue(NativeFaiss.pyrope_index_is_trained(address), "isTrained") == 1;
      this.factory = factoryOrNull != null ? factoryOrNull : describe(address);
    } catch (RuntimeException e) {
      handle.closedExplicitly = true;
      cleanable.clean();
      throw e;
    }
  }

  /** {@code faiss::index_factory(dim, factory, metric)}. */
  static JnaFaissIndex create(int dim, String factory, FaissMetric metric) {
    if (dim <= 0 || dim > MAX_DIM) {
      throw FaissException.badArgument("create", "dim must be in 1.." + MAX_DIM + ", got " + dim);
    }
    if (factory == null || factory.isBlank()) {
      throw FaissException.badArgument("create", "empty factory string");
    }
    if (metric == null) {
      throw FaissException.badArgument("create", "null metric");
    }
    if (factory.contains("IDMap")) {
      throw FaissException.badArgument("create", "'" + factory + "': IDMap is not supported; labels are "
          + "FAISS's sequential ones and the caller keeps its own id mapping");
    }
    long[] out = new long[1];
    NativeFaiss.check(
        NativeFaiss.pyrope_index_create(dim, NativeFaiss.cString(factory.strip()), metric.nativeCode(), out),
        "create '" + factory + "'");
    return new JnaFaissIndex(out[0], factory.strip());
  }

  /** {@code faiss::read_index(file)}. */
  static JnaFaissIndex read(Path file) {
    if (file == null) {
      throw FaissException.badArgument("read", "null path");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw FaissException.badArgument("read", "no readable file at " + file);
    }
    long[] out = new long[1];
    NativeFaiss.check(
        NativeFaiss.pyrope_index_read(NativeFaiss.cPath(file.toAbsolutePath().toString()), out),
        "read " + file);
    return new JnaFaissIndex(out[0], null);
  }

  private static String describe(long address) {
    byte[] buf = new byte[DESCRIBE_CAPACITY];
    int length = (int) NativeFaiss.checkValue(
        NativeFaiss.pyrope_index_describe(address, buf, buf.length), "describe");
    return new String(buf, 0, Math.min(length, buf.length - 1), StandardCharsets.UTF_8);
  }

  @Override
  public int dim() {
    checkOpen("dim");
    return dim;
  }

  @Override
  public long size() {
    checkOpen("size");
    return size;
  }

  @Override
  public boolean isTrained() {
    checkOpen("isTrained");
    return trained;
  }

  @Override
  public FaissMetric metric() {
    checkOpen("metric");
    return metric;
  }

  @Override
  public String factory() {
    checkOpen("factory");
    return factory;
  }

  @Override
  public boolean supportsSelector() {
    checkOpen("supportsSelector");
    return supportsSelector;
  }

  @Override
  public void train(float[] vectors, int n) {
    checkVectors("train", vectors, n);
    if (n == 0) {
      throw FaissException.badArgument("train", "no training vectors");
    }
    lock.writeLock().lock();
    try {
      checkOpen("train");
      NativeFaiss.check(NativeFaiss.pyrope_index_train(handle.address, n, vectors), "train");
      trained = NativeFaiss.checkValue(NativeFaiss.pyrope_index_is_trained(handle.address), "train") == 1;
    } finally {
      lock.writeLock().unlock();
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void add(float[] vectors, int n) {
    checkVectors("add", vectors, n);
    lock.writeLock().lock();
    try {
      checkOpen("add");
      if (n == 0) {
        return;
      }
      NativeFaiss.check(NativeFaiss.pyrope_index_add(handle.address, n, vectors), "add");
      size = NativeFaiss.checkValue(NativeFaiss.pyrope_index_ntotal(handle.address), "add");
    } finally {
      lock.writeLock().unlock();
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void search(float[] queries, int n, int k, SearchParams params, LabelFilter filterOrNull,
      float[] distancesOut, long[] labelsOut) {
    checkSearch("search", queries, n, k);
    if (distancesOut == null || labelsOut == null) {
      throw FaissException.badArgument("search", "null output array");
    }
    long needed = (long) n * k;
    if (distancesOut.length < needed || labelsOut.length < needed) {
      throw FaissException.badArgument("search", "output arrays hold " + distancesOut.length + " distances and "
          + labelsOut.length + " labels, " + n + " queries x k=" + k + " need " + needed);
    }
    SearchParams p = params != null ? params : SearchParams.DEFAULTS;
    lock.readLock().lock();
    try {
      checkOpen("search");
      if (filterOrNull == null) {
        NativeFaiss.check(NativeFaiss.pyrope_index_search(handle.address, n, queries, k, p.nprobe(),
            p.efSearch(), null, 0, distancesOut, labelsOut), "search");
      } else if (supportsSelector) {
        long[] words = filterOrNull.words();
        NativeFaiss.check(NativeFaiss.pyrope_index_search(handle.address, n, queries, k, p.nprobe(),
            p.efSearch(), words, words.length, distancesOut, labelsOut), "search");
      } else {
        searchPostFiltered(queries, n, k, p, filterOrNull, distancesOut, labelsOut);
      }
    } finally {
      lock.readLock().unlock();
      Reference.reachabilityFence(this);
    }
  }

  /**
   * The fallback for index types that cannot filter inside FAISS: per query, fetch {@code
   * POSTFILTER_OVERFETCH * k} candidates, keep the allowed ones, and fetch four times more
   * while fewer than {@code k} survive, until the index has no more candidates under these
   * params or {@code POSTFILTER_MAX_FETCH} is reached. Caller holds the read lock.
   */
  private void searchPostFiltered(float[] queries, int n, int k, SearchParams p, LabelFilter filter,
      float[] distancesOut, long[] labelsOut) {
    long limit = Math.max(1, Math.min(size, POSTFILTER_MAX_FETCH));
    float pad = metric == FaissMetric.L2 ? Float.MAX_VALUE : -Float.MAX_VALUE;
    float[] query = new float[dim];
    float[] distances = new float[0];
    long[] labels = new long[0];
    for (int i = 0; i < n; i++) {
      System.arraycopy(queries, i * dim, query, 0, dim);
      int fetch = (int) Math.min(limit, (long) k * POSTFILTER_OVERFETCH);
      int found;
      while (true) {
        if (labels.length < fetch) {
          distances = new float[fetch];
          labels = new long[fetch];
        }
        NativeFaiss.check(NativeFaiss.pyrope_index_search(handle.address, 1, query, fetch, p.nprobe(),
            p.efSearch(), null, 0, distances, labels), "search");
        found = 0;
        int candidates = 0;
        for (int j = 0; j < fetch && labels[j] >= 0; j++) {
          candidates++;
          if (found < k && filter.allows(labels[j])) {
            distancesOut[i * k + found] = distances[j];
            labelsOut[i * k + found] = labels[j];
            found++;
          }
        }
        if (found == k || candidates < fetch || fetch >= limit) {
          break;
        }
        fetch = (int) Math.min(limit, (long) fetch * 4);
      }
      for (int j = found; j < k; j++) {
        distancesOut[i * k + j] = pad;
        labelsOut[i * k + j] = -1;
      }
    }
  }

  @Override
  public void write(Path file) {
    if (file == null) {
      throw FaissException.badArgument("write", "null path");
    }
    Path target = file.toAbsolutePath();
    Path temp = target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid()
        + "-" + Thread.currentThread().getId());
    // The read lock: write_index only reads the index, so searches go on during a snapshot
    // while add/train wait. The temporary name keeps concurrent writers of one path apart.
    lock.readLock().lock();
    try {
      checkOpen("write");
      NativeFaiss.check(NativeFaiss.pyrope_index_write(handle.address, NativeFaiss.cPath(temp.toString())),
          "write " + target);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new FaissException(FaissException.Kind.FAISS_ERROR, "write " + target,
          "cannot move " + temp + " into place: " + e, null, e);
    } finally {
      lock.readLock().unlock();
      Reference.reachabilityFence(this);
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort: only left behind if the move failed and the directory went read-only
      }
    }
  }

  /** {@link Faiss#benchSearchLoopNanos}: the reference loop in C++ under the read lock. */
  long benchSearchLoopNanos(float[] queries, int nq, int k, SearchParams params, int iters) {
    checkSearch("bench", queries, nq, k);
    if (iters <= 0) {
      throw FaissException.badArgument("bench", "iters must be > 0, got " + iters);
    }
    SearchParams p = params != null ? params : SearchParams.DEFAULTS;
    long[] nanos = new long[1];
    lock.readLock().lock();
    try {
      checkOpen("bench");
      NativeFaiss.check(NativeFaiss.pyrope_bench_search_loop(handle.address, nq, queries, k, p.nprobe(),
          p.efSearch(), iters, nanos), "bench");
      return nanos[0];
    } finally {
      lock.readLock().unlock();
      Reference.reachabilityFence(this);
    }
  }

  /** The native pointer, for tests that call {@link NativeFaiss} directly; never free it. */
  long address() {
    return handle.address;
  }

  @Override
  public void close() {
    lock.writeLock().lock(); // waits for in-flight searches
    try {
      if (!closed) {
        closed = true;
        handle.closedExplicitly = true;
        cleanable.clean();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void checkOpen(String operation) {
    if (closed) {
      throw FaissException.badArgument(operation, "index " + factory + " is closed");
    }
  }

  private void checkVectors(String operation, float[] vectors, int n) {
    if (vectors == null) {
      throw FaissException.badArgument(operation, "null vector array");
    }
    if (n < 0) {
      throw FaissException.badArgument(operation, "negative vector count " + n);
    }
    long needed = (long) n * dim;
    if (vectors.length < needed) {
      throw FaissException.badArgument(operation, "array holds " + vectors.length + " floats, " + n
          + " vectors of dim " + dim + " need " + needed);
    }
  }

  private void checkSearch(String operation, float[] queries, int n, int k) {
    if (n <= 0) {
      throw FaissException.badArgument(operation, "query count must be > 0, got " + n);
    }
    if (k <= 0 || k > MAX_K) {
      throw FaissException.badArgument(operation, "k must be in 1.." + MAX_K + ", got " + k);
    }
    checkVectors(operation, queries, n);
  }

  @Override
  public String toString() {
    return "FaissIndex[" + factory + ", dim=" + dim + ", " + metric + ", size=" + size
        + (closed ? ", closed]" : "]");
  }

  /**
   * The native pointer and the action that frees it. Deliberately holds no reference to the
   * index object, or the Cleaner could never run.
   */
  private static final class NativeHandle implements Runnable {
    /** The {@code pyrope_index*}; freed once by {@link #run()}. */
    final long address;
    /** Set by close(); if the Cleaner runs without it, someone leaked an index. */
    volatile boolean closedExplicitly;

    NativeHandle(long address) {
      this.address = address;
    }

    @Override
    public void run() {
      if (!closedExplicitly) {
        LOG.log(System.Logger.Level.WARNING, "a FaissIndex was never closed; freeing its native memory");
      }
      NativeFaiss.pyrope_index_free(address);
    }
  }
}
