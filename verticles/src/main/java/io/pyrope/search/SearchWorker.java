package io.pyrope.search;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pyrope.bus.Addresses;
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
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs searches. Deployed by {@link SearchVerticle} as a WORKER verticle, one instance per FAISS
 * thread, each consuming {@link Addresses#VEC_SEARCH}: the event bus hands a request straight to a
 * worker thread, which searches and replies. A search therefore costs two thread hand-offs (the
 * client's event loop to a worker and back) instead of four (through an event loop that would only
 * forward it to a pool).
 *
 * <p>Threading: each instance handles one request at a time on its worker context (Vert.x
 * serialises a worker verticle's events), and the bus spreads requests round-robin over the
 * instances. FAISS runs single-threaded per query ({@code omp_set_num_threads(1)} once per thread):
 * parallelism comes from the instances. The engine is thread-safe.
 *
 * <p>Load shedding: {@code queued} counts searches sent and not yet started (the bus interceptor
 * in {@link SearchVerticle} increments it); a search that starts with more than {@code maxQueue}
 * behind it is answered {@code VEC_ERR_BUSY} at once instead of adding to the backlog.
 */
final class SearchWorker extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SearchWorker.class);
  /** Whether the current thread has set its OpenMP team size. */
  private static final ThreadLocal<Boolean> FAISS_THREAD_READY = ThreadLocal.withInitial(() -> false);

  private final IndexRegistry registry;
  private final AtomicInteger queued;
  private final int maxQueue;
  private final MeterRegistry meters; // may be null
  private final Map<String, Timer> latency; // shared with SearchVerticle, which drops a dropped index's timer

  SearchWorker(IndexRegistry registry, AtomicInteger queued, int maxQueue, MeterRegistry meters,
      Map<String, Timer> latency) {
    this.registry = registry;
    this.queued = queued;
    this.maxQueue = maxQueue;
    this.meters = meters;
    this.latency = latency;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<SearchRequest>consumer(Addresses.VEC_SEARCH, this::onSearch).completion();
  }

  // VEC.SEARCH tenant index TOPK k VECTOR v [FILTER expr] [WITHMETA] [PARAMS nprobe=… ef=…]
  private void onSearch(Message<SearchRequest> msg) {
    int behind = queued.decrementAndGet();
    if (behind >= maxQueue) {
      msg.reply(new VecException(ErrorCode.VEC_ERR_BUSY, "search queue is full (" + behind + " waiting)")
          .toReplyException());
      return;
    }
    if (!FAISS_THREAD_READY.get()) {
      Faiss.setThreadCount(1); // one query per thread: an OpenMP team would only add wake-ups
      FAISS_THREAD_READY.set(true);
    }
    SearchRequest req = msg.body();
    try {
      VectorIndex index = registry.get(req.tenant(), req.index());
      Filter filter = req.filter() == null || req.filter().isBlank() ? null : parseFilter(req.filter());
      SearchReply r = index.search(req.vector(), req.topK(), filter, new SearchParams(req.nprobe(), req.efSearch()),
          req.withMeta());
      recordLatency(index.config(), r.searchNanos());
      msg.reply(r);
    } catch (VecException e) {
      if (e.code().internal()) {
        LOG.error("internal error on {}: {}", Addresses.VEC_SEARCH, e.getMessage());
      }
      msg.reply(e.toReplyException());
    } catch (RuntimeException e) {
      LOG.error("internal error on {}", Addresses.VEC_SEARCH, e);
      msg.reply(new VecException(ErrorCode.VEC_ERR_INTERNAL, "internal error: " + e).toReplyException());
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
