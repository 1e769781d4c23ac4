package io.pyrope.search;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.bus.vec.SearchReply;
import io.pyrope.bus.vec.SearchRequest;
import io.pyrope.engine.IndexConfig;
import io.pyrope.engine.IndexRegistry;
import io.pyrope.engine.VectorIndex;
import io.pyrope.engine.filter.Filter;
import io.pyrope.engine.filter.FilterParser;
import io.pyrope.engine.filter.FilterSyntaxException;
import io.pyrope.search.faiss.Faiss;
import io.pyrope.search.faiss.SearchParams;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs searches on a fixed set of FAISS threads ("lanes"), called directly by the caller's event
 * loop: {@link #search} returns a future that completes on the caller's context, with no event-bus
 * message, reply address or timeout timer in between.
 *
 * <p><b>Threading model.</b> Each lane is one thread of its own ({@value #LANE_THREAD_PREFIX}{@code N},
 * a {@link SearchLane}) with its own queue; a search is one task on a lane, and its result is
 * handed back to the caller's context with {@code runOnContext}. The caller names an affinity (a
 * RESP connection's id): its searches go to the same lane while that lane is idle, so a single
 * client's searches run on one thread whose caches (FAISS graph pages, JNA buffers, query scratch)
 * stay warm — on two cores the old round-robin over worker verticles alternated threads and cost
 * 55–75 µs per search (docs/benchmarks/engine.md). A busy preferred lane gives way to the
 * least-loaded one, so many clients still use every lane. FAISS runs one OpenMP thread per query;
 * parallelism comes from the lanes. The engine is thread-safe.
 *
 * <p><b>Spinning.</b> A lane that runs out of work while no other lane is busy spins (yielding)
 * for up to {@code search.spin-us} before it sleeps, so a lone client's next search, one round
 * trip later, starts at once on a warm core instead of paying a thread and vCPU wake-up
 * (docs/benchmarks/engine.md, "Spinning lanes"). Under load the lanes are busy and never spin.
 *
 * <p><b>Load shedding.</b> {@link #queueDepth()} counts searches submitted and not yet started
 * ({@value SearchVerticle#QUEUE_DEPTH_METRIC}); past {@code maxQueue} a search fails at once with
 * {@code VEC_ERR_BUSY} instead of queueing without bound. There is no per-search timeout (the bus
 * path had a 30 s one): the queue bound is the back-pressure, and a FAISS call always returns.
 *
 * <p><b>Rejected alternatives.</b> The event bus to worker verticles (the previous design): a
 * message, a temporary reply handler, a send-timeout timer and the bus metrics per search, and no
 * control over which thread runs it. One shared pool of N threads: no affinity. A Vert.x worker
 * pool of one thread per lane (the design before spinning lanes): it parks the moment its queue
 * is empty. Running FAISS on the event loop for a lone client: it would stall every other
 * connection of that loop.
 */
public final class SearchLanes {
  /** Lane threads are named this plus the lane number. */
  public static final String LANE_THREAD_PREFIX = "pyrope-search-";
  /**
   * Default spin of an idle lane: longer than a lone client's round trip between two searches
   * (reply, network, client, next request: 100–200 µs on the benchmark machine).
   */
  public static final long DEFAULT_SPIN_MICROS = 250;
  /** Affinity of callers without one (event-bus requests): the least-loaded lane. */
  public static final long NO_AFFINITY = -1;

  private static final Logger LOG = LoggerFactory.getLogger(SearchLanes.class);
  /** Whether the current lane thread has set its OpenMP team size. */
  private static final ThreadLocal<Boolean> FAISS_THREAD_READY = ThreadLocal.withInitial(() -> false);

  private final IndexRegistry registry;           // owned by the node
  private final int threads;                      // number of lanes
  private final int maxQueue;                     // searches allowed to wait for a lane
  private final MeterRegistry meters;             // may be null: no metrics
  private final AtomicInteger queueDepth = new AtomicInteger(); // submitted - started, all lanes
  private final AtomicInteger[] busy;             // per lane: submitted - finished
  private final Map<String, Timer> latency = new ConcurrentHashMap<>(); // by qualified index name
  private final long spinNanos;                   // how long an idle lane spins before parking
  private volatile SearchLane[] lanes;            // set by start

  /**
   * @param threads lanes; {@code <= 0} means one per core
   * @param maxQueue searches allowed to wait; {@code <= 0} means
   *     {@link SearchVerticle#DEFAULT_QUEUE_PER_THREAD} per lane
   * @param meters where to record metrics, or null
   */
  public SearchLanes(IndexRegistry registry, int threads, int maxQueue, MeterRegistry meters) {
    this(registry, threads, maxQueue, DEFAULT_SPIN_MICROS, meters);
  }

  /**
   * @param spinMicros how long a lane that ran out of work spins before parking, while no other
   *     lane is busy; 0 parks at once
   */
  public SearchLanes(IndexRegistry registry, int threads, int maxQueue, long spinMicros, MeterRegistry meters) {
    this.registry = registry;
    this.spinNanos = TimeUnit.MICROSECONDS.toNanos(spinMicros);
    this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    this.maxQueue = maxQueue > 0 ? maxQueue : this.threads * SearchVerticle.DEFAULT_QUEUE_PER_THREAD;
    this.meters = meters;
    this.busy = new AtomicInteger[this.threads];
    for (int i = 0; i < this.threads; i++) {
      busy[i] = new AtomicInteger();
    }
  }

  /** Creates the lane threads and the queue gauge. Idempotent; the first Vert.x wins. */
  public synchronized void start(Vertx vertx) {
    if (lanes != null) {
      return;
    }
    SearchLane[] created = new SearchLane[threads];
    for (int i = 0; i < threads; i++) {
      created[i] = new SearchLane(LANE_THREAD_PREFIX + i, spinNanos, this::idle);
    }
    if (meters != null) {
      Gauge.builder(SearchVerticle.QUEUE_DEPTH_METRIC, queueDepth, AtomicInteger::get)
          .description("Requests waiting for a FAISS worker thread").register(meters);
    }
    lanes = created;
  }

  /** Stops the lanes once the searches queued and in flight have finished. */
  public synchronized Future<?> close() {
    SearchLane[] l = lanes;
    lanes = null;
    if (l == null) {
      return Future.succeededFuture();
    }
    CompletableFuture<?>[] ended = new CompletableFuture<?>[l.length];
    for (int i = 0; i < l.length; i++) {
      ended[i] = l[i].close();
    }
    return Future.fromCompletionStage(CompletableFuture.allOf(ended));
  }

  /** No search is waiting or running on any lane: a lane that just finished may spin. */
  private boolean idle() {
    for (AtomicInteger b : busy) {
      if (b.get() > 0) {
        return false;
      }
    }
    return true;
  }

  /** Number of lanes (FAISS threads). */
  public int threads() {
    return threads;
  }

  /** Searches allowed to wait before new ones are refused. */
  public int maxQueue() {
    return maxQueue;
  }

  /** Searches submitted and not started yet. */
  public AtomicInteger queueDepth() {
    return queueDepth;
  }

  /** The engine-latency timers by qualified index name (the owner drops a dropped index's). */
  Map<String, Timer> latency() {
    return latency;
  }

  /**
   * Runs one search on a lane. Called on a Vert.x context (a RESP event loop): the future completes
   * there. Fails with a {@link VecException}: the request's own error, {@code VEC_ERR_BUSY} when
   * the queue is full, {@code VEC_ERR_INTERNAL} for anything unexpected.
   *
   * @param affinity the caller's lane preference (a connection id), or {@link #NO_AFFINITY}
   */
  // VEC.SEARCH tenant index TOPK k VECTOR v [FILTER expr] [WITHMETA] [PARAMS nprobe=… ef=…]
  public Future<SearchReply> search(SearchRequest req, long affinity) {
    SearchLane[] l = lanes;
    if (l == null) {
      return Future.failedFuture(new VecException(ErrorCode.VEC_ERR_UNAVAILABLE, "search is not running"));
    }
    int waiting = queueDepth.get();
    if (waiting >= maxQueue) {
      return Future.failedFuture(new VecException(ErrorCode.VEC_ERR_BUSY,
          "search queue is full (" + waiting + " waiting)"));
    }
    int lane = pick(affinity);
    busy[lane].incrementAndGet();
    queueDepth.incrementAndGet();
    long submitted = System.nanoTime();
    Context caller = Vertx.currentContext(); // the reply is handed back to it
    Promise<SearchReply> promise = Promise.promise();
    boolean queued = l[lane].submit(() -> {
      queueDepth.decrementAndGet();
      SearchReply reply = null;
      Throwable failure = null;
      try {
        reply = run(req, System.nanoTime() - submitted);
      } catch (Throwable t) {
        failure = t;
      } finally {
        busy[lane].decrementAndGet();
      }
      complete(caller, promise, reply, failure);
    });
    if (!queued) {
      queueDepth.decrementAndGet();
      busy[lane].decrementAndGet();
      return Future.failedFuture(new VecException(ErrorCode.VEC_ERR_UNAVAILABLE, "search is shutting down"));
    }
    return promise.future();
  }

  /** Completes on the caller's context (its event loop), or here when it had none. */
  private static void complete(Context caller, Promise<SearchReply> promise, SearchReply reply, Throwable failure) {
    if (caller == null) {
      settle(promise, reply, failure);
    } else {
      caller.runOnContext(v -> settle(promise, reply, failure));
    }
  }

  private static void settle(Promise<SearchReply> promise, SearchReply reply, Throwable failure) {
    if (failure == null) {
      promise.complete(reply);
    } else {
      promise.fail(failure);
    }
  }

  /** The load counter of one lane (tests). */
  AtomicInteger busy(int lane) {
    return busy[lane];
  }

  /** The caller's own lane while it is idle, else the least-loaded lane (ties: the caller's). */
  int pick(long affinity) {
    int preferred = affinity < 0 ? 0 : (int) (affinity % threads);
    int best = preferred;
    int bestLoad = busy[preferred].get();
    for (int i = 0; i < threads && bestLoad > 0; i++) {
      int load = busy[i].get();
      if (load < bestLoad) {
        best = i;
        bestLoad = load;
      }
    }
    return best;
  }

  /** On a lane thread. */
  private SearchReply run(SearchRequest req, long queuedNanos) {
    if (!FAISS_THREAD_READY.get()) {
      Faiss.setThreadCount(1); // one query per thread: an OpenMP team would only add wake-ups
      FAISS_THREAD_READY.set(true);
    }
    try {
      VectorIndex index = registry.get(req.tenant(), req.index());
      Filter filter = req.filter() == null || req.filter().isBlank() ? null : parseFilter(req.filter());
      SearchReply r = index.search(req.vector(), req.topK(), filter, new SearchParams(req.nprobe(), req.efSearch()),
          req.withMeta());
      recordLatency(index.config(), r.searchNanos());
      return new SearchReply(r.hits(), r.epoch(), r.proxyCost(), r.searchNanos(), queuedNanos, r.strategy());
    } catch (VecException e) {
      if (e.code().internal()) {
        LOG.error("internal error in search: {}", e.getMessage());
      }
      throw e;
    } catch (RuntimeException e) {
      LOG.error("internal error in search", e);
      throw new VecException(ErrorCode.VEC_ERR_INTERNAL, "internal error: " + e);
    }
  }

  private static Filter parseFilter(String text) {
    try {
      return FilterParser.parse(text);
    } catch (FilterSyntaxException e) {
      throw e.toVecException();
    }
  }

  /** Label values come from an existing index, never from raw input. */
  private void recordLatency(IndexConfig config, long nanos) {
    if (meters == null) {
      return;
    }
    latency.computeIfAbsent(config.qualifiedName(), k -> Timer.builder(SearchVerticle.LATENCY_METRIC)
        .description("Search time inside the engine: FAISS calls, filtering and merging")
        .tags("tenant", config.tenant(), "index", config.name())
        .publishPercentileHistogram()
        .register(meters))
        .record(Duration.ofNanos(nanos));
  }
}
