package io.pyrope.ai.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** Small traces for the tests, and a replay that spells out hits and misses. */
final class Traces {
  static final String TENANT = "acme";
  static final String INDEX = "docs";

  private Traces() {}

  /** A search of {@code key} at {@code timeMs}, with the given cost and size, no ids, no group. */
  static TraceRecord search(long timeMs, String key, long cost, long bytes) {
    return new TraceRecord(timeMs, TENANT, INDEX, false, key, cost, bytes, 10, null, null, null);
  }

  /** A search in another index. */
  static TraceRecord searchIn(long timeMs, String index, String key, long cost, long bytes) {
    return new TraceRecord(timeMs, TENANT, index, false, key, cost, bytes, 10, null, null, null);
  }

  /** A search with ids and a group. */
  static TraceRecord searchWith(long timeMs, String key, long cost, long bytes, long[] results, long[] truth,
      Long group) {
    return new TraceRecord(timeMs, TENANT, INDEX, false, key, cost, bytes, 10, sorted(results), sorted(truth), group);
  }

  static TraceRecord write(long timeMs, String index) {
    return new TraceRecord(timeMs, TENANT, index, true, null, 0, 0, 0, null, null, null);
  }

  /** Equal sizes (1 byte) and costs (1); record i at time i ms. */
  static Trace unit(String... keys) {
    List<TraceRecord> list = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      list.add(search(i, keys[i], 1, 1));
    }
    return Trace.of("test", list);
  }

  /** Space-separated keys, e.g. "7 0 1 2 0". */
  static Trace unit(String keys) {
    return unit(keys.trim().split("\\s+"));
  }

  static Trace of(TraceRecord... records) {
    return Trace.of("test", List.of(records));
  }

  /** Replays {@code trace} and returns one letter per record: H hit, M miss, W write. */
  static String replay(CachePolicy p, Trace trace) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < trace.size(); i++) {
      TraceRecord r = trace.record(i);
      p.advanceTo(r.timeMs());
      if (r.write()) {
        p.invalidate(trace.scopeId(i));
        sb.append('W');
        continue;
      }
      Entry e = p.lookup(i);
      if (e == null) {
        p.admitAfterMiss(i);
        sb.append('M');
      } else {
        sb.append('H');
      }
      if (p.usedBytes() > p.capacityBytes()) {
        throw new AssertionError(p.name() + " holds " + p.usedBytes() + " bytes over capacity " + p.capacityBytes());
      }
    }
    return sb.toString();
  }

  static String replay(BiFunction<Trace, Long, CachePolicy> make, Trace trace, long capacity) {
    return replay(make.apply(trace, capacity), trace);
  }

  /** Key id of {@code key} in {@code trace} (first search of it). */
  static int keyId(Trace trace, String key) {
    for (int i = 0; i < trace.size(); i++) {
      if (key.equals(trace.record(i).key())) {
        return trace.keyId(i);
      }
    }
    throw new AssertionError("no key " + key);
  }

  static long count(String pattern, char c) {
    return pattern.chars().filter(x -> x == c).count();
  }

  private static long[] sorted(long[] a) {
    if (a == null) {
      return null;
    }
    long[] c = a.clone();
    java.util.Arrays.sort(c);
    return c;
  }
}
