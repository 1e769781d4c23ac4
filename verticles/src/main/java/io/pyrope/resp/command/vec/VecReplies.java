package io.pyrope.resp.command.vec;

import io.pyrope.bus.vec.IndexStats;
import io.pyrope.bus.vec.RecordView;
import io.pyrope.bus.vec.SearchReply;
import io.pyrope.resp.protocol.RespValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns engine results into typed RESP values: maps in RESP3, flat arrays in RESP2 (the encoder decides). */
final class VecReplies {
  private VecReplies() {}

  /** {@code [[id, score], …]} or {@code [[id, score, meta], …]} best first. */
  static RespValue hits(SearchReply reply, boolean withMeta) {
    return RespValue.array(java.util.Arrays.asList(hitValues(reply, withMeta)));
  }

  /** Each hit as {@code [id, score]} or {@code [id, score, meta]}, best first (what the cache stores). */
  static RespValue[] hitValues(SearchReply reply, boolean withMeta) {
    RespValue[] out = new RespValue[reply.hits().size()];
    int i = 0;
    for (SearchReply.Hit h : reply.hits()) {
      RespValue id = RespValue.bulk(h.id());
      RespValue score = RespValue.number(widen(h.score()));
      out[i++] = withMeta
          ? RespValue.array(List.of(id, score, h.metaJson() == null ? RespValue.NULL : RespValue.bulk(h.metaJson())))
          : RespValue.array(List.of(id, score));
    }
    return out;
  }

  /**
   * The double a client should see for an fp32 value: 0.02f, not 0.020000005140900612. Scores
   * and vectors are fp32 inside, so the extra digits of a plain widening are noise.
   */
  static double widen(float f) {
    return Double.parseDouble(Float.toString(f));
  }

  static RespValue stats(IndexStats stats) {
    return map(stats.fields());
  }

  static RespValue record(RecordView r) {
    List<RespValue> vector = new ArrayList<>(r.vector().length);
    for (float f : r.vector()) {
      vector.add(RespValue.number(widen(f)));
    }
    List<RespValue> tags = new ArrayList<>();
    r.tags().forEach(t -> tags.add(RespValue.bulk(t)));
    List<RespValue> kv = new ArrayList<>();
    kv.add(RespValue.bulk("id"));
    kv.add(RespValue.bulk(r.id()));
    kv.add(RespValue.bulk("vector"));
    kv.add(RespValue.array(vector));
    kv.add(RespValue.bulk("meta"));
    kv.add(r.metaJson() == null ? RespValue.NULL : RespValue.bulk(r.metaJson()));
    kv.add(RespValue.bulk("tags"));
    kv.add(RespValue.set(tags));
    kv.add(RespValue.bulk("numeric"));
    kv.add(map(new java.util.LinkedHashMap<>(r.numeric())));
    kv.add(RespValue.bulk("version"));
    kv.add(RespValue.integer(r.version()));
    kv.add(RespValue.bulk("created_ms"));
    kv.add(RespValue.integer(r.createdMillis()));
    kv.add(RespValue.bulk("updated_ms"));
    kv.add(RespValue.integer(r.updatedMillis()));
    return RespValue.map(kv);
  }

  static RespValue map(Map<String, ?> fields) {
    List<RespValue> kv = new ArrayList<>(fields.size() * 2);
    fields.forEach((k, v) -> {
      kv.add(RespValue.bulk(k));
      kv.add(value(v));
    });
    return RespValue.map(kv);
  }

  private static RespValue value(Object v) {
    if (v == null) {
      return RespValue.NULL;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      return RespValue.integer(((Number) v).longValue());
    }
    if (v instanceof Number n) {
      return RespValue.number(n.doubleValue());
    }
    if (v instanceof Boolean b) {
      return RespValue.bool(b);
    }
    if (v instanceof Map<?, ?> m) {
      @SuppressWarnings("unchecked")
      Map<String, ?> sm = (Map<String, ?>) m;
      return map(sm);
    }
    return RespValue.bulk(String.valueOf(v));
  }
}
