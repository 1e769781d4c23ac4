package io.pyrope.bench.workload;

import io.pyrope.bench.BenchException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trace half of a {@code VEC.SEARCH … TRACE} reply, read over RESP2 (a flat key/value array;
 * see the node's {@code SearchTrace}): bulk strings become Strings, integers stay Longs, nested
 * arrays (latency_us) stay lists.
 */
final class TraceReply {
  private TraceReply() {}

  static Map<String, Object> parse(List<?> kv) {
    if (kv.size() % 2 != 0) {
      throw new BenchException("a TRACE reply has an odd number of elements (" + kv.size() + ")");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.size(); i += 2) {
      Object v = kv.get(i + 1);
      out.put(str(kv.get(i)), v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v);
    }
    return out;
  }

  static String text(Map<String, Object> trace, String name) {
    Object v = trace.get(name);
    if (!(v instanceof String s)) {
      throw new BenchException("the node's TRACE has no '" + name + "' (got " + v + "); is it older than this bench?");
    }
    return s;
  }

  /**
   * An integer field; {@code key}, {@code bytes} and {@code proxy_cost} came with the workload, so
   * a node without them is reported as one that is too old.
   */
  static long number(Map<String, Object> trace, String name) {
    Object v = trace.get(name);
    if (!(v instanceof Long n)) {
      throw new BenchException("the node's TRACE has no integer '" + name + "' (got " + v
          + "); the workload needs a node whose TRACE reports key, bytes and proxy_cost");
    }
    return n;
  }

  private static String str(Object o) {
    return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
  }
}
