package io.pyrope.cache;

import io.pyrope.admin.AdminRoutes;
import io.pyrope.cache.ai.PolicyControl;
import io.pyrope.cache.impl.Evictor;
import io.pyrope.cache.impl.ResultCache;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache's background side: periodic TTL and stale sweeps, eviction when a budget is near
 * its limit, and the admin routes ({@link CacheRoutes}). The hot path does not go through this
 * verticle: VEC.SEARCH reads the shared {@link ResultCache} on its own event loop.
 *
 * <p><b>Threading.</b> Timers fire on this verticle's event loop; each maintenance pass runs on a
 * worker thread ({@code executeBlocking}, ordered), at most one at a time: {@link #requestPass}
 * may be called from any thread (admissions at the limit, policy swaps) and coalesces requests
 * while a pass is queued or running.
 */
public final class CacheVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CacheVerticle.class);

  private final ResultCache cache;               // shared with every RESP event loop
  private final long sweepMillis;                // period of the sweep
  private final AtomicBoolean passPending = new AtomicBoolean(); // a pass is queued or running
  private volatile Context ctx;                  // this verticle's context, once started

  public CacheVerticle(ResultCache cache, long sweepMillis) {
    this.cache = cache;
    this.sweepMillis = sweepMillis;
  }

  /** The routes to mount on the admin API; policy changes go through {@code control}. */
  public AdminRoutes routes(PolicyControl control) {
    return new CacheRoutes(cache, control);
  }

  @Override
  public Future<?> start() {
    ctx = context;
    cache.onPressure(this::requestPass);
    vertx.setPeriodic(sweepMillis, id -> requestPass());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    cache.onPressure(() -> { });
    return Future.succeededFuture();
  }

  /** Schedules one maintenance pass unless one is already pending. Any thread. */
  public void requestPass() {
    Context c = ctx;
    if (c == null || !passPending.compareAndSet(false, true)) {
      return;
    }
    c.runOnContext(v -> c.<Evictor.Report>executeBlocking(cache::maintain, true).onComplete(ar -> {
      passPending.set(false);
      if (ar.failed()) {
        LOG.error("cache maintenance failed", ar.cause());
      } else if (LOG.isDebugEnabled() && (ar.result().budget() + ar.result().expired() + ar.result().stale()) > 0) {
        LOG.debug("cache maintenance: {}", ar.result());
      }
    }));
  }
}
