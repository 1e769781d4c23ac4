package io.pyrope.search;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pyrope.bus.Addresses;
import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.bus.vec.Codecs;
import io.pyrope.bus.vec.CreateIndexRequest;
import io.pyrope.bus.vec.GetRequest;
import io.pyrope.bus.vec.IndexList;
import io.pyrope.bus.vec.IndexRef;
import io.pyrope.bus.vec.ListIndexesRequest;
import io.pyrope.bus.vec.IndexStats;
import io.pyrope.bus.vec.SearchReply;
import io.pyrope.bus.vec.SearchRequest;
import io.pyrope.bus.vec.WriteRequest;
import io.pyrope.engine.IndexRegistry;
import io.pyrope.engine.Names;
import io.pyrope.engine.VectorIndex;
import io.pyrope.search.faiss.Faiss;
import io.pyrope.wal.DirectWritePath;
import io.pyrope.wal.WritePath;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the engine over the event bus: searches, writes and index management.
 *
 * <table>
 *   <caption>Addresses</caption>
 *   <tr><th>address</th><th>message</th><th>reply</th></tr>
 *   <tr><td>{@link Addresses#VEC_SEARCH}</td><td>{@link SearchRequest}</td><td>{@link SearchReply}</td></tr>
 *   <tr><td>{@link Addresses#VEC_WRITE}</td><td>{@link WriteRequest}</td><td>{@code WriteReply}</td></tr>
 *   <tr><td>{@link Addresses#VEC_ADMIN}</td><td>{@link CreateIndexRequest}</td><td>{@link IndexStats} of the new index</td></tr>
 *   <tr><td></td><td>{@link IndexRef} STATS</td><td>{@link IndexStats}</td></tr>
 *   <tr><td></td><td>{@link IndexRef} BUILD</td><td>{@link IndexStats} once the rebuild serves searches</td></tr>
 *   <tr><td></td><td>{@link IndexRef} DROP</td><td>{@link IndexStats} as they were just before the drop</td></tr>
 *   <tr><td></td><td>{@link GetRequest}</td><td>{@code RecordView}</td></tr>
 *   <tr><td></td><td>{@link ListIndexesRequest}</td><td>{@link IndexList}</td></tr>
 * </table>
 * Failures are {@code ReplyException}s carrying an {@link ErrorCode#failureCode()}: the
 * request's own errors with their code and message, anything unexpected as
 * {@code VEC_ERR_INTERNAL} (and a log line with the stack trace).
 *
 * <p><b>Threading.</b> Searches run on {@link SearchLanes} (one FAISS thread per lane); VEC.SEARCH
 * over RESP calls the lanes directly from the connection's event loop, and the
 * {@link Addresses#VEC_SEARCH} consumer here (on this verticle's event loop) hands bus requests to
 * them. Write and admin consumers run on this verticle's event loop and only hand work
 * over: each runs on the shared worker pool {@value #WORKER_POOL}, unordered, so requests run in
 * parallel (the engine is thread-safe; writes to one index serialise inside it). Each worker
 * thread sets FAISS's OpenMP team to one thread the first time it runs a request: one query per
 * thread, parallelism comes from the pool. Writes tagged with {@link #WRITE_ORDER_HEADER} (a RESP
 * connection's pipelined VEC.ADD/UPSERT/DEL) are the exception: the writes of one tag start one
 * after another, in arrival order, each once the previous one has handed its record to the WAL
 * (or, with the WAL off, applied it) — see {@link #onWrite}. Rebuilds never run here (the
 * registry's build thread does them); a BUILD request only waits for one, without holding a worker.
 *
 * <p><b>Load shedding.</b> {@link #queueDepth()} counts requests submitted to the lanes or the pool
 * and not yet started ({@code vector_db_faiss_queue_depth}); past {@code maxQueue} new requests fail
 * at once with {@code VEC_ERR_BUSY} instead of queueing without bound.
 */
public final class SearchVerticle extends VerticleBase {
  /** Name of the shared worker pool that runs FAISS calls. */
  public static final String WORKER_POOL = "pyrope-faiss";
  /** Default bound of the worker queue, per worker thread. */
  public static final int DEFAULT_QUEUE_PER_THREAD = 256;
  /** Metric: requests waiting for a worker. */
  public static final String QUEUE_DEPTH_METRIC = "vector_db_faiss_queue_depth";
  /**
   * Bus header naming the sender whose writes must start in the order they arrive (a RESP
   * connection); writes without it start in any order.
   */
  public static final String WRITE_ORDER_HEADER = "pyrope-write-order";
  /** Metric: search time inside the engine (FAISS and merging), per tenant and index. */
  public static final String LATENCY_METRIC = "vector_db_faiss_latency_seconds";

  private static final Logger LOG = LoggerFactory.getLogger(SearchVerticle.class);
  /** Whether the current worker thread has set its OpenMP team size. */
  private static final ThreadLocal<Boolean> FAISS_THREAD_READY = ThreadLocal.withInitial(() -> false);

  private final IndexRegistry registry;        // owned by the node
  private final WritePath writes;              // how writes, creates and drops reach the indexes (WAL or direct)
  private final SearchLanes lanes;             // the FAISS threads searches run on
  private final boolean ownsLanes;             // created here (and closed here) rather than by the node
  private final int threads;                   // worker pool size for writes and admin requests
  private final MeterRegistry meters;          // may be null: no metrics
  private WorkerExecutor workers;
  /**
   * Per {@link #WRITE_ORDER_HEADER} value with a write started and not yet handed over: the writes
   * of that sender waiting behind it. Only touched on this verticle's event loop.
   */
  private final Map<String, ArrayDeque<Message<WriteRequest>>> orderedWrites = new HashMap<>();

  /**
   * @param registry the node's indexes
   * @param threads worker threads; {@code <= 0} means one per core
   * @param meters where to record metrics, or null
   */
  public SearchVerticle(IndexRegistry registry, int threads, MeterRegistry meters) {
    this(registry, threads, 0, meters);
  }

  /** As above, with the queue bound ({@code <= 0}: {@link #DEFAULT_QUEUE_PER_THREAD} per thread). */
  public SearchVerticle(IndexRegistry registry, int threads, int maxQueue, MeterRegistry meters) {
    this(registry, new DirectWritePath(registry), threads, maxQueue, meters);
  }

  /** As above, with the path writes take ({@code WalWriter} for durable writes). */
  public SearchVerticle(IndexRegistry registry, WritePath writes, int threads, int maxQueue, MeterRegistry meters) {
    this(registry, writes, new SearchLanes(registry, threads, maxQueue, meters), true, meters);
  }

  /**
   * With search lanes the node also hands to VEC.SEARCH (which calls them directly); this verticle
   * starts them and serves {@link Addresses#VEC_SEARCH} with them, but does not close them.
   */
  public SearchVerticle(IndexRegistry registry, WritePath writes, SearchLanes lanes, MeterRegistry meters) {
    this(registry, writes, lanes, false, meters);
  }

  private SearchVerticle(IndexRegistry registry, WritePath writes, SearchLanes lanes, boolean ownsLanes,
      MeterRegistry meters) {
    this.registry = registry;
    this.writes = writes;
    this.lanes = lanes;
    this.ownsLanes = ownsLanes;
    this.threads = lanes.threads();
    this.meters = meters;
  }

  /** Requests submitted to the FAISS threads and not started yet. */
  public AtomicInteger queueDepth() {
    return lanes.queueDepth();
  }

  @Override
  public Future<?> start() {
    registerCodecs(vertx.eventBus());
    lanes.start(vertx);
    workers = vertx.createSharedWorkerExecutor(WORKER_POOL, threads);
    EventBus bus = vertx.eventBus();
    MessageConsumer<SearchRequest> search = bus.consumer(Addresses.VEC_SEARCH, this::onSearch);
    MessageConsumer<WriteRequest> write = bus.consumer(Addresses.VEC_WRITE, this::onWrite);
    MessageConsumer<Object> admin = bus.consumer(Addresses.VEC_ADMIN, this::onAdmin);
    return Future.all(search.completion(), write.completion(), admin.completion());
  }

  @Override
  public Future<?> stop() {
    Future<?> w = workers == null ? Future.succeededFuture() : workers.close();
    return ownsLanes ? Future.all(w, lanes.close()) : w;
  }

  // VEC.SEARCH tenant index TOPK k VECTOR v [FILTER expr] [WITHMETA] [PARAMS nprobe=… ef=…], over the bus
  private void onSearch(Message<SearchRequest> msg) {
    lanes.search(msg.body(), SearchLanes.NO_AFFINITY).onComplete(ar -> {
      if (ar.succeeded()) {
        msg.reply(ar.result());
      } else {
        msg.reply(toVecException(msg.address(), ar.cause()).toReplyException());
      }
    });
  }

  // VEC.ADD / VEC.UPSERT tenant index id VECTOR v [META json] [TAGS t,…] [NUMERIC f=x,…]; VEC.DEL tenant index id
  //
  // Order: the bus delivers one sender's messages to this consumer in the order sent, and this
  // event loop sees them in that order. A tagged write starts only when the sender's previous
  // write has returned from writes.write(), i.e. has joined its index's WAL lane (which is sent to
  // Kafka and applied in its order) or, with the WAL off, has been applied. Untagged writes keep
  // the worker pool's free order. Only the hand-over is serialised, not the Kafka round trips.
  private void onWrite(Message<WriteRequest> msg) {
    String sender = msg.headers().get(WRITE_ORDER_HEADER);
    if (sender == null) {
      startWrite(msg);
      return;
    }
    ArrayDeque<Message<WriteRequest>> behind = orderedWrites.get(sender);
    if (behind != null) {
      behind.add(msg);
      return;
    }
    orderedWrites.put(sender, new ArrayDeque<>());
    startOrderedWrite(sender, msg);
  }

  private void startOrderedWrite(String sender, Message<WriteRequest> msg) {
    startWrite(msg).onComplete(handedOver -> {
      ArrayDeque<Message<WriteRequest>> behind = orderedWrites.get(sender);
      Message<WriteRequest> next = behind.poll();
      if (next == null) {
        orderedWrites.remove(sender);
      } else {
        startOrderedWrite(sender, next);
      }
    });
  }

  /** Starts one write; the result completes (on this event loop) once writes.write() has returned or thrown. */
  private Future<?> startWrite(Message<WriteRequest> msg) {
    WriteRequest req = msg.body();
    return runAsync(msg, () -> Future.fromCompletionStage(writes.write(req), context));
  }

  // VEC.CREATE tenant index DIM d METRIC m [FACTORY f] [PARAMS k=v …] | VEC.DROP | VEC.STATS | build | VEC.GET
  private void onAdmin(Message<Object> msg) {
    Object body = msg.body();
    if (body instanceof CreateIndexRequest req) {
      runAsync(msg, () -> Future.fromCompletionStage(writes.create(req), context));
    } else if (body instanceof ListIndexesRequest req) {
      run(msg, () -> new IndexList((req.tenant() == null ? registry.all() : registry.list(req.tenant())).stream()
          .sorted(java.util.Comparator.comparing(ix -> ix.config().qualifiedName()))
          .map(VectorIndex::stats).toList()));
    } else if (body instanceof GetRequest req) {
      run(msg, () -> registry.get(req.tenant(), req.index()).get(req.id()));
    } else if (body instanceof IndexRef ref && ref.op() == IndexRef.Op.BUILD) {
      runAsync(msg, () -> {
        VectorIndex index = registry.get(ref.tenant(), ref.index());
        return Future.fromCompletionStage(index.build(), context).map(report -> index.stats());
      });
    } else if (body instanceof IndexRef ref && ref.op() == IndexRef.Op.DROP) {
      runAsync(msg, () -> Future.fromCompletionStage(writes.drop(ref), context).map(last -> {
        Timer t = lanes.latency().remove(Names.qualified(ref.tenant(), ref.index()));
        if (t != null && meters != null) {
          meters.remove(t);
        }
        return last;
      }));
    } else if (body instanceof IndexRef ref) {
      run(msg, () -> registry.get(ref.tenant(), ref.index()).stats());
    } else {
      String type = body == null ? "null" : body.getClass().getName();
      msg.reply(new VecException(ErrorCode.VEC_ERR_INTERNAL, "unexpected message " + type + " on "
          + Addresses.VEC_ADMIN).toReplyException());
    }
  }

  /** Runs {@code work} on the worker pool and replies with its result or its error. */
  private <T> void run(Message<?> msg, Callable<T> work) {
    runAsync(msg, () -> Future.succeededFuture(work.call()));
  }

  /**
   * As {@link #run}, for work that finishes later (a build, a logged write).
   *
   * @return completes, on this verticle's event loop, when {@code work.call()} has returned or
   *     thrown (or at once when the queue is full), before the work's own future does
   */
  private <T> Future<?> runAsync(Message<?> msg, Callable<Future<T>> work) {
    AtomicInteger queueDepth = lanes.queueDepth();
    if (queueDepth.get() >= lanes.maxQueue()) {
      msg.reply(new VecException(ErrorCode.VEC_ERR_BUSY, "search queue is full (" + lanes.maxQueue() + " waiting)")
          .toReplyException());
      return Future.succeededFuture();
    }
    queueDepth.incrementAndGet();
    Future<Future<T>> called = workers.executeBlocking(() -> {
      queueDepth.decrementAndGet();
      prepareWorkerThread();
      return work.call();
    }, false);
    called.compose(f -> f)
        .onSuccess(msg::reply)
        .onFailure(t -> msg.reply(toVecException(msg.address(), t).toReplyException()));
    return called;
  }

  private static void prepareWorkerThread() {
    if (!FAISS_THREAD_READY.get()) {
      Faiss.setThreadCount(1); // one query per thread: an OpenMP team would only add wake-ups
      FAISS_THREAD_READY.set(true);
    }
  }


  /** The client's error for a failure; unexpected ones are logged and become VEC_ERR_INTERNAL. */
  private static VecException toVecException(String address, Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof VecException v) {
      if (v.code().internal()) {
        LOG.error("internal error on {}: {}", address, v.getMessage());
      }
      return v;
    }
    LOG.error("internal error on {}", address, cause);
    String what = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new VecException(ErrorCode.VEC_ERR_INTERNAL, "internal error: " + what);
  }


  /** The node normally registers the codecs; tolerate having done it first (or not at all). */
  private static void registerCodecs(EventBus bus) {
    try {
      Codecs.register(bus);
    } catch (IllegalStateException alreadyRegistered) {
      LOG.debug("vec codecs already registered: {}", alreadyRegistered.getMessage());
    }
  }
}
