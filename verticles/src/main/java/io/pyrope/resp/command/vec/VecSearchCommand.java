package io.pyrope.resp.command.vec;

import io.pyrope.bus.Addresses;
import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.bus.vec.SearchReply;
import io.pyrope.bus.vec.SearchRequest;
import io.pyrope.cache.CacheHint;
import io.pyrope.cache.CacheQuery;
import io.pyrope.cache.impl.CacheEntry;
import io.pyrope.cache.impl.IndexMeters;
import io.pyrope.cache.impl.IndexShard;
import io.pyrope.cache.impl.KeyHashes;
import io.pyrope.cache.impl.MissFlights;
import io.pyrope.cache.impl.ResultCache;
import io.pyrope.cache.policy.Decision;
import io.pyrope.cache.policy.PolicyRule;
import io.pyrope.cache.policy.PolicyTable;
import io.pyrope.engine.filter.Filter;
import io.pyrope.engine.filter.FilterParser;
import io.pyrope.engine.filter.FilterSyntaxException;
import io.pyrope.resp.command.CommandContext;
import io.pyrope.resp.command.CommandRegistry;
import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.pyrope.search.SearchLanes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.pyrope.telemetry.QuerySample;
import io.pyrope.telemetry.Telemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code VEC.SEARCH tenant index TOPK k VECTOR v|VALUES n x… [FILTER expr] [WITHMETA]
 * [PARAMS nprobe=… ef=…] [CACHE_HINT default|force|bypass] [REQUEST_ID id] [TRACE]}: the k
 * nearest records, best first, as {@code [id, score]} pairs ({@code [id, score, meta]} with
 * WITHMETA). Scores are squared L2 distances (smaller is closer) or inner-product / cosine similarities
 * (larger is closer). With TRACE the reply is {@code [hits, trace-map]} ({@link SearchTrace}).
 *
 * <p>The result cache is consulted right here, on the connection's event loop: a hit is answered
 * without leaving this thread. A miss goes to the node's {@link SearchLanes} (called directly, its
 * future completing back on this loop; {@link Addresses#VEC_SEARCH} when there are none) and its
 * result is offered to the cache's admission policy; identical misses that arrive while it runs
 * (same exact key, same epoch) wait for it instead of searching too ({@link MissFlights}).
 */
public final class VecSearchCommand extends VecCommand {
  private static final Logger LOG = LoggerFactory.getLogger(VecSearchCommand.class);

  private final ResultCache cache; // null: no cache on this node
  private final Telemetry telemetry; // null: no query log
  private final SearchLanes lanes; // null: search over the event bus
  private final Timer commandLatency; // null: the command registry times VEC.SEARCH

  /** Without a cache. */
  public VecSearchCommand() {
    this(null, null, null);
  }

  public VecSearchCommand(ResultCache cache, Telemetry telemetry) {
    this(cache, telemetry, null);
  }

  /**
   * @param lanes the node's FAISS threads, called directly from the connection's event loop (no
   *     event-bus hop; a connection's searches keep to one thread while it is idle), or null to
   *     send searches to {@link Addresses#VEC_SEARCH}
   */
  public VecSearchCommand(ResultCache cache, Telemetry telemetry, SearchLanes lanes) {
    this(cache, telemetry, lanes, null);
  }

  /**
   * @param meters where this command records its own command latency (see
   *     {@link #timesItself()}), or null to leave that to the command registry
   */
  public VecSearchCommand(ResultCache cache, Telemetry telemetry, SearchLanes lanes, MeterRegistry meters) {
    super("VEC.SEARCH", -7, false);
    this.cache = cache;
    this.telemetry = telemetry;
    this.lanes = lanes;
    this.commandLatency = meters == null ? null : CommandRegistry.latencyTimer(meters, "VEC.SEARCH");
  }

  /** With a meter registry: a hit's two timers (command, index) share one pair of clock reads. */
  @Override
  public boolean timesItself() {
    return commandLatency != null;
  }

  @Override
  public Future<RespValue> execute(CommandContext ctx, RespCommand cmd) {
    SearchTrace t = new SearchTrace();
    t.start = System.nanoTime();
    if (commandLatency == null) {
      return run(ctx, cmd, t);
    }
    Future<RespValue> f;
    try {
      f = run(ctx, cmd, t);
    } catch (RuntimeException e) {
      commandLatency.record(System.nanoTime() - t.start, TimeUnit.NANOSECONDS);
      throw e;
    }
    if (!t.commandTimed) { // a hit times itself; everything else is timed here, when it completes
      if (f.isComplete()) {
        commandLatency.record(System.nanoTime() - t.start, TimeUnit.NANOSECONDS);
      } else {
        f.onComplete(ar -> commandLatency.record(System.nanoTime() - t.start, TimeUnit.NANOSECONDS));
      }
    }
    return f;
  }

  private Future<RespValue> run(CommandContext ctx, RespCommand cmd, SearchTrace t) {
    SearchArgs a = SearchArgs.parse(cmd);
    // The latency breakdown costs a clock read per stage; it is taken only when someone reads it.
    t.logged = telemetry != null && telemetry.admitQuery();
    boolean timed = t.logged || a.trace;
    if (timed) {
      t.parse = System.nanoTime() - t.start;
    }
    if (a.requestId != null && LOG.isDebugEnabled()) {
      LOG.debug("VEC.SEARCH request_id={} tenant={} index={} topk={} hint={} client={}", a.requestId,
          VecArgs.printable(a.tenant), VecArgs.printable(a.index), a.topK, a.hint, ctx.session().id());
    }
    IndexShard shard = cache == null ? null : cache.shard(a.tenant, a.index);
    if (shard == null) {
      // no cache, or no such index: the engine answers (VEC_ERR_NOT_FOUND for the latter)
      if (a.hint == CacheHint.FORCE && cache != null) {
        return Future.failedFuture(forceMiss(a));
      }
      return search(ctx, a, t, null, null, null, a.topK);
    }
    if (a.hint == CacheHint.BYPASS) {
      t.decision = Decision.BYPASS;
      return search(ctx, a, t, shard, null, null, a.topK);
    }
    long p0 = timed ? System.nanoTime() : 0;
    PolicyTable table = cache.policy();
    PolicyRule rule = table.rule(a.tenant, a.index);
    long c0 = timed ? System.nanoTime() : 0;
    t.policy = c0 - p0;
    t.policyVersion = table.version();
    t.modelVersion = table.modelVersion();
    t.ttlMillis = rule.ttlMillis();
    CacheQuery q = new CacheQuery(a.tenant, a.index, a.vector.bytes(), a.vector.values() != null,
        b -> a.vector.floats(), parseFilter(a.filter), a.topK, a.withMeta, a.nprobe, a.ef);
    CacheEntry hit = rule.caches() || a.hint == CacheHint.FORCE ? cache.lookup(shard, rule, q) : null;
    long looked = System.nanoTime();
    t.cache = timed ? looked - c0 : 0;
    if (hit != null) {
      t.layer = hit.layer();
      t.decision = Decision.SERVED;
      t.epoch = hit.epoch();
      t.proxyCost = hit.proxyCost();
      t.bytes = hit.bytes();
      if (a.trace) {
        t.key = KeyHashes.of(hit);
      }
      RespValue hits = hit.reply(a.topK);
      shard.meters().record(IndexMeters.HIT, IndexMeters.OK, looked - t.start);
      if (commandLatency != null) {
        commandLatency.record(looked - t.start, TimeUnit.NANOSECONDS);
        t.commandTimed = true;
      }
      logQuery(ctx, a, t, shard, q, rule, IndexMeters.OK, hit.proxyCost(), hit.hitList());
      return Future.succeededFuture(a.trace ? t.wrap(hits, a) : hits);
    }
    if (a.hint == CacheHint.FORCE) {
      shard.meters().record(IndexMeters.MISS, IndexMeters.CACHE_MISS, System.nanoTime() - t.start);
      logQuery(ctx, a, t, shard, q, rule, IndexMeters.CACHE_MISS, 0, null);
      return Future.failedFuture(forceMiss(a));
    }
    return search(ctx, a, t, shard, rule, q, ResultCache.searchK(rule, a.topK));
  }

  /**
   * A miss (or no cache, or bypass): the engine searches; the result may be offered to the cache.
   * A miss through the cache first joins an identical search already running, if any
   * ({@link MissFlights}): then it waits for that search's result instead of searching.
   */
  private Future<RespValue> search(CommandContext ctx, SearchArgs a, SearchTrace t, IndexShard shard, PolicyRule rule,
      CacheQuery q, int searchK) {
    long s0 = System.nanoTime();
    float[] vector = q != null ? q.vector() : a.vector.floats();
    String hitStatus = rule == null ? IndexMeters.BYPASS : IndexMeters.MISS;
    Future<MissFlights.Outcome> outcome;
    if (rule == null) {
      outcome = engineSearch(ctx, a, t, shard, null, null, vector, searchK);
    } else {
      MissFlights.Ticket ticket = cache.enterMiss(shard, q, searchK, ctx.vertx().getOrCreateContext());
      if (ticket.leads()) {
        outcome = engineSearch(ctx, a, t, shard, rule, q, vector, searchK);
        outcome.onComplete(ar -> {
          if (ar.succeeded()) {
            ticket.complete(ar.result()); // after the offer: a later miss on this loop finds the entry
          } else {
            ticket.fail(ar.cause());
          }
        });
      } else {
        shard.meters().coalesced.increment();
        outcome = ticket.joined().map(o -> {
          t.search = System.nanoTime() - s0; // the wait for the leader's search
          return o;
        });
      }
    }
    Future<RespValue> f = outcome.map(o -> {
      SearchReply r = o.reply();
      t.queue = r.queueNanos();
      t.epoch = r.epoch();
      t.proxyCost = r.proxyCost();
      if (rule != null) {
        t.decision = o.decision();
        if (a.trace) {
          traceKey(t, shard, rule, q);
        }
      }
      RespValue[] rendered = o.rendered();
      RespValue hits = RespValue.array(Arrays.asList(rendered).subList(0, Math.min(a.topK, rendered.length)));
      if (shard != null) {
        shard.meters().record(hitStatus, IndexMeters.OK, System.nanoTime() - t.start);
      }
      logQuery(ctx, a, t, shard, q, rule, IndexMeters.OK, r.proxyCost(), r.hits());
      return a.trace ? t.wrap(hits, a) : hits;
    });
    if (shard != null) {
      f = f.onFailure(e -> shard.meters().record(hitStatus, IndexMeters.ERROR, System.nanoTime() - t.start));
    }
    if (telemetry != null) {
      f = f.onFailure(e -> logQuery(ctx, a, t, shard, q, rule, IndexMeters.ERROR, 0, null));
    }
    return f;
  }

  /** TRACE of a miss: the key its result went (or would go) to, and the admitted entry's size. */
  private void traceKey(SearchTrace t, IndexShard shard, PolicyRule rule, CacheQuery q) {
    CacheEntry stored = t.decision == Decision.ADMITTED ? cache.peekStored(shard, rule, q) : null;
    if (stored != null) {
      t.key = KeyHashes.of(stored);
      t.bytes = stored.bytes();
    } else {
      t.key = cache.storeKeyName(shard, rule, q);
    }
  }

  /** One engine search over the bus; with a rule its result is offered to the cache. */
  private Future<MissFlights.Outcome> engineSearch(CommandContext ctx, SearchArgs a, SearchTrace t, IndexShard shard,
      PolicyRule rule, CacheQuery q, float[] vector, int searchK) {
    long s0 = System.nanoTime();
    SearchRequest req = new SearchRequest(a.tenant, a.index, vector, searchK, a.filter, a.withMeta, a.nprobe, a.ef);
    Future<SearchReply> searched = lanes != null ? lanes.search(req, ctx.session().id())
        : VecBus.<SearchReply>read(ctx, Addresses.VEC_SEARCH, req);
    return searched.map(r -> {
      long m0 = System.nanoTime();
      t.search = m0 - s0;
      RespValue[] rendered = VecReplies.hitValues(r, a.withMeta);
      long p0 = System.nanoTime();
      t.meta = p0 - m0;
      Decision d = t.decision;
      if (rule != null) {
        d = cache.offer(shard, rule, q, r, rendered);
        t.policy += System.nanoTime() - p0;
      }
      return new MissFlights.Outcome(r, rendered, d);
    });
  }

  /** Hands the finished search to the query log: one immutable snapshot, no JSON on this thread. */
  private void logQuery(CommandContext ctx, SearchArgs a, SearchTrace t, IndexShard shard, CacheQuery q,
      PolicyRule rule, String status, long proxyCost, List<SearchReply.Hit> hits) {
    if (!t.logged) {
      return; // no query log, or this record is over its rate cap: build nothing
    }
    long total = System.nanoTime() - t.start;
    VecArgs.VectorArg v = a.vector;
    telemetry.searchedAdmitted(new QuerySample(System.currentTimeMillis(), a.tenant, a.index, a.requestId,
        ctx.session().id(), v.bytes(), v.values() != null, v::floats, shard, a.filter, q == null ? null : q.filter,
        a.topK, rule == null ? a.topK : ResultCache.searchK(rule, a.topK), a.withMeta, a.nprobe, a.ef,
        a.hint.name().toLowerCase(java.util.Locale.ROOT), rule == null ? -1 : rule.level(), t.layer, t.decision, status,
        t.epoch, t.policyVersion, t.ttlMillis, proxyCost, hits,
        new long[] {t.parse, t.cache, t.search, t.queue, t.meta, t.policy, total}));
  }

  private static Filter parseFilter(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return FilterParser.parse(text);
    } catch (FilterSyntaxException e) {
      throw e.toVecException();
    }
  }

  private static VecException forceMiss(SearchArgs a) {
    return new VecException(ErrorCode.VEC_ERR_BUSY, "cache miss for " + VecArgs.printable(a.tenant) + "/"
        + VecArgs.printable(a.index) + " (CACHE_HINT force answers only from the cache)");
  }

  @Override
  public String summary() {
    return "Finds the nearest records: VEC.SEARCH tenant index TOPK k VECTOR v [FILTER expr] [WITHMETA] "
        + "[PARAMS nprobe=N ef=N] [CACHE_HINT default|force|bypass] [REQUEST_ID id] [TRACE]";
  }
}
