package io.pyrope.cache.impl;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pyrope.bus.vec.CreateIndexRequest;
import io.pyrope.bus.vec.RecordInput;
import io.pyrope.bus.vec.SearchReply;
import io.pyrope.cache.CacheQuery;
import io.pyrope.cache.policy.Admission;
import io.pyrope.cache.policy.Consistency;
import io.pyrope.cache.policy.Decision;
import io.pyrope.cache.policy.EvictionMode;
import io.pyrope.cache.policy.PolicyRule;
import io.pyrope.cache.policy.PolicyTable;
import io.pyrope.engine.IndexRegistry;
import io.pyrope.engine.VectorIndex;
import io.pyrope.engine.filter.Filter;
import io.pyrope.engine.filter.FilterParser;
import io.pyrope.resp.protocol.RespValue;
import io.pyrope.search.faiss.SearchParams;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real registry and a cache over it, with a clock the test moves by hand (no sleeps), for
 * unit tests of the cache without a node.
 */
final class CacheFixture implements AutoCloseable {
  static final String TENANT = "t";
  static final long MB = 1 << 20;

  final AtomicLong clock = new AtomicLong(1_000_000_000L);
  final IndexRegistry registry = new IndexRegistry();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final ResultCache cache;

  CacheFixture(long nodeBytes, PolicyTable table) {
    cache = new ResultCache(registry, meters, clock::get, nodeBytes, 16, 42, table, table.rules().get(table.rules().size() - 1));
  }

  CacheFixture() {
    this(64 * MB, table(EvictionMode.SCORE, 64 * MB, rule(0, Consistency.EPOCH, 0)));
  }

  static PolicyRule rule(int level, Consistency c, long ttlMs) {
    return new PolicyRule(PolicyRule.ANY, PolicyRule.ANY, Admission.ALWAYS, 0, ttlMs, level, c, 1.0);
  }

  static PolicyTable table(EvictionMode mode, long tenantBytes, PolicyRule... rules) {
    return new PolicyTable(1, mode, tenantBytes, Map.of(), List.of(rules));
  }

  VectorIndex index(String tenant, String name, int dim, String metric) {
    return registry.create(new CreateIndexRequest(tenant, name, dim, metric, null, Map.of()));
  }

  static RecordInput rec(String id, float... v) {
    return new RecordInput(id, v, null, List.of(), Map.of());
  }

  static RecordInput rec(String id, List<String> tags, float... v) {
    return new RecordInput(id, v, null, tags, Map.of());
  }

  static byte[] blob(float[] v) {
    ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bb.asFloatBuffer().put(v);
    return bb.array();
  }

  static CacheQuery query(VectorIndex ix, float[] v, int k) {
    return query(ix, v, k, null);
  }

  static CacheQuery query(VectorIndex ix, float[] v, int k, String filter) {
    Filter f = filter == null ? null : FilterParser.parse(filter);
    return new CacheQuery(ix.config().tenant(), ix.config().name(), blob(v), false, b -> v.clone(), f, k, false, 0, 0);
  }

  IndexShard shard(VectorIndex ix) {
    return cache.shard(ix.config().tenant(), ix.config().name());
  }

  PolicyRule rule(VectorIndex ix) {
    return cache.policy().rule(ix.config().tenant(), ix.config().name());
  }

  /** A miss as VEC.SEARCH does it: search (with the rule's k) and offer the result. */
  Decision searchAndOffer(VectorIndex ix, CacheQuery q) {
    PolicyRule r = rule(ix);
    int k = ResultCache.searchK(r, q.topK);
    Filter f = q.parsedFilter;
    SearchReply reply = ix.search(q.vector(), k, f, SearchParams.DEFAULTS, false);
    return cache.offer(shard(ix), r, q, reply, rendered(reply));
  }

  CacheEntry lookup(VectorIndex ix, CacheQuery q) {
    return cache.lookup(shard(ix), rule(ix), q);
  }

  static RespValue[] rendered(SearchReply reply) {
    RespValue[] out = new RespValue[reply.hits().size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = RespValue.bulk(reply.hits().get(i).id());
    }
    return out;
  }

  void advanceMillis(long ms) {
    clock.addAndGet(ms * 1_000_000L);
  }

  @Override
  public void close() {
    registry.close();
    meters.close();
  }
}
