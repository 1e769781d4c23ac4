package io.pyrope.resp.command.vec;

import io.pyrope.cache.CacheLayer;
import io.pyrope.cache.policy.Decision;
import io.pyrope.resp.protocol.RespValue;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code VEC.SEARCH … TRACE} reports next to the hits. The reply becomes a two-element
 * array {@code [hits, trace]}, where {@code trace} is a map (RESP3) or a flat key/value array
 * (RESP2):
 * <pre>
 *   request_id   the client's REQUEST_ID, or null
 *   layer        none | l0 | l1
 *   hint         default | force | bypass
 *   decision     served | admitted | rejected_never | rejected_min_cost | rejected_budget |
 *                rejected_first_seen | rejected_stale | bypass | disabled
 *   ttl_ms       the TTL of the rule that decided (0: none)
 *   epoch        the index epoch the hits are correct for
 *   policy_version  the policy table that decided
 *   model_version   what made that table (static-rules, or the ai-controller's model)
 *   latency_us   map: parse, cache, search (event-bus round trip incl. queue), queue, meta
 *                (rendering the hits), policy (rule lookup and admission), total
 *   key          the cache key as the query and decision logs name it (l0:… / l1:…): of the
 *                entry served on a hit, else the key the result is (or would be) stored under;
 *                null without a cache decision (bypass, no cache)
 *   bytes        the entry's size as the budgets count it: of the entry served, or of the entry
 *                just admitted; 0 otherwise
 *   proxy_cost   distance computations: of the search on a miss, saved by the entry on a hit
 * </pre>
 * Filled for every request (one small object, also the source of the latency metrics);
 * rendered only when TRACE was asked. A cache hit's stage times (parse, policy, cache) are taken
 * only when TRACE was asked or the query log takes the record: each is a clock read.
 */
final class SearchTrace {
  /** Nanoseconds per reported microsecond. */
  private static final double NANOS_PER_MICRO = 1_000.0;

  long start;       // execute() entered
  boolean logged;   // the query log takes this search's record (admitted under its rate cap)
  boolean commandTimed; // the command latency timer has this search (a hit records it with its own clock read)
  long parse;       // nanoseconds in argument parsing
  long cache;       // in the lookup
  long search;      // event-bus round trip of a miss
  long queue;       // of which waiting for a worker
  long meta;        // rendering hits
  long policy;      // rule lookup and admission
  CacheLayer layer = CacheLayer.NONE;
  Decision decision = Decision.DISABLED;
  long ttlMillis;
  long epoch = -1;
  long policyVersion = -1;
  String key;       // cache key name; computed only when TRACE is asked
  long bytes;       // entry size (served or admitted), 0 when none
  long proxyCost;   // of the search, or saved by the hit
  String modelVersion;  // of the table that decided; null when the cache is off

  RespValue wrap(RespValue hits, SearchArgs a) {
    long total = System.nanoTime() - start;
    List<RespValue> lat = List.of(
        RespValue.bulk("parse"), us(parse), RespValue.bulk("cache"), us(cache),
        RespValue.bulk("search"), us(search), RespValue.bulk("queue"), us(queue),
        RespValue.bulk("meta"), us(meta), RespValue.bulk("policy"), us(policy),
        RespValue.bulk("total"), us(total));
    List<RespValue> kv = new ArrayList<>();
    kv.add(RespValue.bulk("request_id"));
    kv.add(a.requestId == null ? RespValue.NULL : RespValue.bulk(a.requestId));
    kv.add(RespValue.bulk("layer"));
    kv.add(RespValue.bulk(layer.wireName()));
    kv.add(RespValue.bulk("hint"));
    kv.add(RespValue.bulk(a.hint.name().toLowerCase(java.util.Locale.ROOT)));
    kv.add(RespValue.bulk("decision"));
    kv.add(RespValue.bulk(decision.wireName()));
    kv.add(RespValue.bulk("ttl_ms"));
    kv.add(RespValue.integer(ttlMillis));
    kv.add(RespValue.bulk("epoch"));
    kv.add(RespValue.integer(epoch));
    kv.add(RespValue.bulk("policy_version"));
    kv.add(RespValue.integer(policyVersion));
    kv.add(RespValue.bulk("model_version"));
    kv.add(modelVersion == null ? RespValue.NULL : RespValue.bulk(modelVersion));
    kv.add(RespValue.bulk("latency_us"));
    kv.add(RespValue.map(lat));
    kv.add(RespValue.bulk("key"));
    kv.add(key == null ? RespValue.NULL : RespValue.bulk(key));
    kv.add(RespValue.bulk("bytes"));
    kv.add(RespValue.integer(bytes));
    kv.add(RespValue.bulk("proxy_cost"));
    kv.add(RespValue.integer(proxyCost));
    return RespValue.array(List.of(hits, RespValue.map(kv)));
  }

  private static RespValue us(long nanos) {
    return RespValue.number(Math.round(nanos / NANOS_PER_MICRO * 10) / 10.0);
  }
}
