package io.pyrope.bus.wal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.pyrope.bus.vec.RecordInput;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes {@link WalRecord}s as the UTF-8 JSON of {@code schemas/topics/pyrope.wal.v1.json},
 * and back.
 *
 * <p><b>Vectors</b> travel as one string: standard base64 (RFC 4648, padded, no line breaks) of
 * the components as little-endian IEEE-754 fp32, 4 bytes each, in order — the same bytes as
 * the RESP blob form, a third bigger than raw but without any float formatting or parsing.
 * Numeric fields are JSON numbers; the two infinities (which JSON has no number for) are the
 * strings {@code "Infinity"} and {@code "-Infinity"}. Meta is kept as the JSON text the client
 * sent (a string), so a replay stores exactly what was acknowledged.
 *
 * <p>Stateless and thread-safe.
 */
public final class WalCodec {
  /** Encode buffer for what is not records (a 384-d record takes about 2.1 KB). */
  private static final int INITIAL_BUFFER_BYTES = 1024;
  /** JSON syntax and field names around one record. */
  private static final int RECORD_OVERHEAD_BYTES = 64;
  private static final JsonFactory JSON = new JsonFactory();
  private static final Base64.Encoder BASE64 = Base64.getEncoder();

  private WalCodec() {}

  /** The record's Kafka key bytes ({@code tenant/index}, UTF-8). */
  public static byte[] key(WalRecord r) {
    return r.key().getBytes(StandardCharsets.UTF_8);
  }

  /** The record's Kafka value bytes. */
  public static byte[] encode(WalRecord r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(estimateBytes(r));
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeNumberField("v", WalRecord.VERSION);
      g.writeStringField("op", r.op().wireName());
      g.writeStringField("tenant", r.tenant());
      g.writeStringField("index", r.index());
      switch (r.op()) {
        case ADD, UPSERT -> {
          g.writeArrayFieldStart("records");
          for (RecordInput in : r.records()) {
            writeRecord(g, in);
          }
          g.writeEndArray();
        }
        case DELETE -> {
          g.writeArrayFieldStart("ids");
          for (String id : r.ids()) {
            g.writeString(id);
          }
          g.writeEndArray();
        }
        case CREATE -> {
          g.writeFieldName("config");
          g.writeRawValue(r.config().encode());
        }
        case RESTORE -> {
          g.writeNumberField("upto_offset", r.uptoOffset());
          if (r.restoreTimestamp() >= 0) {
            g.writeNumberField("timestamp", r.restoreTimestamp());
          }
          if (r.snapshot() != null) {
            g.writeStringField("snapshot", r.snapshot());
          }
        }
        case DROP -> {
          // tenant and index say everything
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("encoding a WAL record cannot fail in memory", e);
    }
    return out.toByteArray();
  }

  /** A close upper estimate of the encoded size, so the buffer is not regrown (and copied) for bulk writes. */
  private static int estimateBytes(WalRecord r) {
    long n = INITIAL_BUFFER_BYTES;
    for (RecordInput in : r.records()) {
      n += RECORD_OVERHEAD_BYTES + 3L * in.id().length() + 4L * ((long) in.vector().length * Float.BYTES + 2) / 3;
      n += in.metaJson() == null ? 0 : 6L * in.metaJson().length(); // worst case: every char escaped
      n += in.tags() == null ? 0 : in.tags().stream().mapToLong(t -> 6L * t.length() + 4).sum();
      n += in.numeric() == null ? 0 : in.numeric().size() * 64L;
    }
    for (String id : r.ids()) {
      n += 6L * id.length() + 4;
    }
    return (int) Math.min(n, Integer.MAX_VALUE - 8);
  }

  private static void writeRecord(JsonGenerator g, RecordInput in) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", in.id());
    g.writeFieldName("vector");
    Scratch s = SCRATCH.get().fit(in.vector().length);
    s.floats.clear();
    s.floats.asFloatBuffer().put(in.vector());
    int len = BASE64.encode(s.raw(in.vector().length), s.base64); // ASCII only: nothing to escape
    g.writeRawUTF8String(s.base64, 0, len);
    if (in.metaJson() != null) {
      g.writeStringField("meta", in.metaJson());
    }
    if (in.tags() != null && !in.tags().isEmpty()) {
      g.writeArrayFieldStart("tags");
      for (String t : in.tags()) {
        g.writeString(t);
      }
      g.writeEndArray();
    }
    if (in.numeric() != null && !in.numeric().isEmpty()) {
      g.writeObjectFieldStart("numeric");
      for (Map.Entry<String, Double> e : in.numeric().entrySet()) {
        double v = e.getValue();
        if (Double.isInfinite(v)) {
          g.writeStringField(e.getKey(), v > 0 ? "Infinity" : "-Infinity");
        } else {
          g.writeNumberField(e.getKey(), v);
        }
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /** Per-thread buffers for one vector's bytes and their base64, reused across records (no garbage per record). */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private static final class Scratch {
    ByteBuffer floats = ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN); // LE fp32 of the vector
    byte[] base64 = new byte[0];                                            // its base64

    Scratch fit(int dim) {
      int bytes = dim * Float.BYTES;
      if (floats.capacity() != bytes) {
        floats = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        base64 = new byte[4 * ((bytes + 2) / 3)];
      }
      return this;
    }

    /** The vector's bytes (the buffer's own array: capacity is exactly dim * 4). */
    byte[] raw(int dim) {
      return floats.array();
    }
  }

  /** Little-endian fp32 bytes of a vector. */
  public static byte[] vectorBytes(float[] v) {
    ByteBuffer bb = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bb.asFloatBuffer().put(v);
    return bb.array();
  }

  /**
   * Decodes a record value.
   *
   * @throws IllegalArgumentException if it is not a version-1 WAL record
   */
  public static WalRecord decode(byte[] value) {
    JsonObject j;
    try {
      j = new JsonObject(Buffer.buffer(value));
    } catch (DecodeException e) {
      throw new IllegalArgumentException("WAL record is not JSON: " + e.getMessage(), e);
    }
    int version = j.getInteger("v", -1);
    if (version != WalRecord.VERSION) {
      throw new IllegalArgumentException("WAL record version " + version + ", this node reads " + WalRecord.VERSION);
    }
    WalRecord.Op op = WalRecord.Op.ofWire(j.getString("op"));
    String tenant = j.getString("tenant");
    String index = j.getString("index");
    return switch (op) {
      case ADD, UPSERT -> WalRecord.put(op == WalRecord.Op.UPSERT, tenant, index, records(j.getJsonArray("records")));
      case DELETE -> WalRecord.delete(tenant, index, strings(j.getJsonArray("ids")));
      case CREATE -> WalRecord.create(tenant, index, j.getJsonObject("config"));
      case DROP -> WalRecord.drop(tenant, index);
      case RESTORE -> WalRecord.restore(tenant, index, j.getLong("upto_offset"), j.getLong("timestamp", -1L),
          j.getString("snapshot"));
    };
  }

  private static List<RecordInput> records(JsonArray a) {
    List<RecordInput> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      JsonObject r = a.getJsonObject(i);
      Map<String, Double> numeric = new LinkedHashMap<>();
      JsonObject n = r.getJsonObject("numeric");
      if (n != null) {
        for (String name : n.fieldNames()) {
          Object v = n.getValue(name);
          numeric.put(name, v instanceof Number num ? num.doubleValue() : Double.parseDouble((String) v));
        }
      }
      JsonArray tags = r.getJsonArray("tags");
      out.add(new RecordInput(r.getString("id"), vector(r.getString("vector")), r.getString("meta"),
          tags == null ? List.of() : strings(tags), numeric));
    }
    return out;
  }

  private static float[] vector(String base64) {
    byte[] bytes = Base64.getDecoder().decode(base64);
    if (bytes.length % Float.BYTES != 0) {
      throw new IllegalArgumentException("WAL vector of " + bytes.length + " bytes is not a whole number of fp32");
    }
    FloatBuffer fb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] v = new float[fb.remaining()];
    fb.get(v);
    return v;
  }

  private static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      out.add(a.getString(i));
    }
    return out;
  }
}
