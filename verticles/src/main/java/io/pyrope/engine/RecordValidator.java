package io.pyrope.engine;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.bus.vec.RecordInput;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks client input against the index and the {@link Limits}, before any lock is taken or
 * anything applied. Each failure has its own code and a message naming the expected and the
 * received value. Stateless.
 */
public final class RecordValidator {
  /** Longest excerpt of a JSON parser message quoted back to the client. */
  private static final int MAX_PARSER_MESSAGE = 120;

  private RecordValidator() {}

  /** Validates one record and prepares it (vector copied, normalised for cosine; meta parsed). */
  public static VectorRecord validate(RecordInput in, IndexConfig config) {
    if (in == null) {
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "record is missing");
    }
    String id = checkId(in.id());
    float[] vector = checkVector(in.vector(), config.dim(), config.metric());
    String metaJson = in.metaJson();
    JsonObject meta = metaJson == null ? null : parseMeta(metaJson);
    String[] tags = checkTags(in.tags());
    TreeMap<String, Double> numeric = checkNumeric(in.numeric());
    String[] names = numeric.keySet().toArray(new String[0]);
    double[] values = new double[names.length];
    for (int i = 0; i < names.length; i++) {
      values[i] = numeric.get(names[i]);
    }
    return new VectorRecord(id, vector, metaJson, meta, tags, names, values);
  }

  /** Checks a record id: present, at most {@link Limits#MAX_ID_BYTES} UTF-8 bytes. */
  public static String checkId(String id) {
    if (id == null || id.isEmpty()) {
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "id is empty");
    }
    Limits.atMost("id", utf8Length(id), Limits.MAX_ID_BYTES, "bytes");
    return id;
  }

  /**
   * Checks a vector against the index and returns the copy the engine keeps (or searches with):
   * normalised to unit length for cosine.
   */
  public static float[] checkVector(float[] v, int dim, Metric metric) {
    if (v == null || v.length == 0) {
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "vector is empty");
    }
    if (v.length != dim) {
      throw new VecException(ErrorCode.VEC_ERR_DIM, "expected " + dim + " got " + v.length);
    }
    double sumSq = 0;
    for (int i = 0; i < v.length; i++) {
      float x = v[i];
      if (!Float.isFinite(x)) {
        throw new VecException(ErrorCode.VEC_ERR_SYNTAX,
            "vector component at position " + i + " is " + (Float.isNaN(x) ? "NaN" : "infinite"));
      }
      sumSq += (double) x * x;
    }
    float[] copy = v.clone();
    if (metric.normalizes()) {
      if (sumSq == 0) {
        throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "zero vector has no direction: cosine cannot normalise it");
      }
      double norm = Math.sqrt(sumSq);
      for (int i = 0; i < copy.length; i++) {
        copy[i] = (float) (copy[i] / norm); // divide in double: 1/norm may overflow a float
      }
    }
    return copy;
  }

  /** Checks a search's topK: 1..{@link Limits#MAX_TOPK}. */
  public static int checkTopK(int k) {
    if (k < 1) {
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "topK must be at least 1, got " + k);
    }
    Limits.atMost("topK", k, Limits.MAX_TOPK, null);
    return k;
  }

  /** Checks the number of records or ids in one write. */
  public static void checkBatch(int n) {
    if (n == 0) {
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "write has no records");
    }
    Limits.countAtMost("write", n, Limits.MAX_BATCH, "records");
  }

  private static JsonObject parseMeta(String text) {
    Limits.atMost("meta", utf8Length(text), Limits.MAX_META_BYTES, "bytes");
    String trimmed = text.trim();
    if (!trimmed.startsWith("{")) {
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "meta must be a JSON object");
    }
    try {
      return new JsonObject(trimmed);
    } catch (DecodeException | ClassCastException e) {
      String why = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      if (why.length() > MAX_PARSER_MESSAGE) {
        why = why.substring(0, MAX_PARSER_MESSAGE) + "...";
      }
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "meta is not valid JSON: " + why);
    }
  }

  private static String[] checkTags(List<String> in) {
    if (in == null || in.isEmpty()) {
      return new String[0];
    }
    TreeSet<String> tags = new TreeSet<>();
    for (String t : in) {
      if (t == null || t.isEmpty()) {
        throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "empty tag");
      }
      Limits.atMost("tag '" + abbreviate(t) + "'", utf8Length(t), Limits.MAX_TAG_BYTES, "bytes");
      tags.add(t);
    }
    Limits.countAtMost("record", tags.size(), Limits.MAX_TAGS, "tags");
    return tags.toArray(new String[0]);
  }

  private static TreeMap<String, Double> checkNumeric(Map<String, Double> in) {
    TreeMap<String, Double> out = new TreeMap<>();
    if (in == null) {
      return out;
    }
    Limits.countAtMost("record", in.size(), Limits.MAX_NUMERIC_FIELDS, "numeric fields");
    for (Map.Entry<String, Double> e : in.entrySet()) {
      String name = e.getKey();
      if (name == null || name.isEmpty()) {
        throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "numeric field name is empty");
      }
      Limits.atMost("numeric field name '" + abbreviate(name) + "'", utf8Length(name), Limits.MAX_FIELD_NAME_BYTES,
          "bytes");
      Double value = e.getValue();
      if (value == null || value.isNaN()) {
        // NaN is how a FilterTarget says "no such field", so it cannot be a stored value.
        throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "numeric field '" + name + "' is not a number");
      }
      out.put(name, value == 0 ? 0.0 : value); // one zero: -0.0 and 0.0 compare equal in filters anyway
    }
    return out;
  }

  /** UTF-8 length without encoding. */
  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  private static String abbreviate(String s) {
    return s.length() <= 32 ? s : s.substring(0, 32) + "...";
  }
}
