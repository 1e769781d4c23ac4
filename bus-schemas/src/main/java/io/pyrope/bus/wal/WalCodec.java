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
 * Encodes {@link WalRecord}s and decodes them back, in two layouts:
 *
 * <ul>
 *   <li><b>Version 2</b> (written for {@code add} and {@code upsert}): binary framing around a JSON
 *       header — the 4 ASCII bytes {@code PWAL}, one byte {@code 2}, a big-endian int32 header
 *       length, the UTF-8 JSON header of {@code schemas/topics/pyrope.wal.v2.json} (as version 1,
 *       but each record names its {@code dim} instead of carrying a base64 {@code vector}), then
 *       the vector block: every record's components in record order, little-endian IEEE-754 fp32,
 *       nothing between them. The block is a quarter smaller than base64 and is copied, not
 *       encoded: what bounds one index's durable load rate is the bytes through one partition's
 *       connection (docs/benchmarks/durability.md).
 *   <li><b>Version 1</b> (written for every other op; read for every op, so logs written by older
 *       nodes replay): the UTF-8 JSON of {@code schemas/topics/pyrope.wal.v1.json}.
 * </ul>
 * A value starting with {@code PWAL} is version 2, anything else is read as version-1 JSON.
 *
 * <p><b>Version-1 vectors</b> travel as one string: standard base64 (RFC 4648, padded, no line breaks) of
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
  /** Version of the JSON layout (every op). */
  public static final int JSON_VERSION = 1;
  /** Version of the binary layout (add and upsert). */
  public static final int BINARY_VERSION = 2;
  /** First bytes of a version-2 value: ASCII {@code PWAL}. */
  private static final byte[] MAGIC = {'P', 'W', 'A', 'L'};
  /** Magic, version byte, header length. */
  private static final int BINARY_PREFIX_BYTES = MAGIC.length + 1 + Integer.BYTES;

  private WalCodec() {}

  /** The record's Kafka key bytes ({@code tenant/index}, UTF-8). */
  public static byte[] key(WalRecord r) {
    return r.key().getBytes(StandardCharsets.UTF_8);
  }

  /** The record's Kafka value bytes: version 2 for add and upsert, version 1 otherwise. */
  public static byte[] encode(WalRecord r) {
    return r.op() == WalRecord.Op.ADD || r.op() == WalRecord.Op.UPSERT ? encodeBinary(r) : encodeJson(r);
  }

  /** Version 2: framing, JSON header, vector block (see the class comment). */
  static byte[] encodeBinary(WalRecord r) {
    ByteArrayOutputStream header = new ByteArrayOutputStream(INITIAL_BUFFER_BYTES + r.records().size()
        * RECORD_OVERHEAD_BYTES);
    long vectorBytes = 0;
    try (JsonGenerator g = JSON.createGenerator(header, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeNumberField("v", BINARY_VERSION);
      g.writeStringField("op", r.op().wireName());
      g.writeStringField("tenant", r.tenant());
      g.writeStringField("index", r.index());
      g.writeArrayFieldStart("records");
      for (RecordInput in : r.records()) {
        writeRecord(g, in, false);
        vectorBytes += (long) in.vector().length * Float.BYTES;
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("encoding a WAL record cannot fail in memory", e);
    }
    long total = BINARY_PREFIX_BYTES + (long) header.size() + vectorBytes;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("WAL record of " + total + " bytes is too large to encode");
    }
    ByteBuffer out = ByteBuffer.allocate((int) total);
    out.put(MAGIC).put((byte) BINARY_VERSION).putInt(header.size()).put(header.toByteArray());
    out.order(ByteOrder.LITTLE_ENDIAN);
    for (RecordInput in : r.records()) {
      FloatBuffer fb = out.asFloatBuffer();
      fb.put(in.vector());
      out.position(out.position() + in.vector().length * Float.BYTES);
    }
    return out.array();
  }

  /**
   * Version 1: JSON, vectors as base64. {@link #encode} uses it for every op but add and upsert;
   * public so that compatibility tests and tools can write any record as nodes before version 2 did.
   */
  public static byte[] encodeJson(WalRecord r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(estimateBytes(r));
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeNumberField("v", JSON_VERSION);
      g.writeStringField("op", r.op().wireName());
      g.writeStringField("tenant", r.tenant());
      g.writeStringField("index", r.index());
      switch (r.op()) {
        case ADD, UPSERT -> {
          g.writeArrayFieldStart("records");
          for (RecordInput in : r.records()) {
            writeRecord(g, in, true);
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

  /** One record; with {@code inlineVector} its vector as base64 (v1), else only its dimension (v2). */
  private static void writeRecord(JsonGenerator g, RecordInput in, boolean inlineVector) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", in.id());
    if (inlineVector) {
      g.writeFieldName("vector");
      Scratch s = SCRATCH.get().fit(in.vector().length);
      s.floats.clear();
      s.floats.asFloatBuffer().put(in.vector());
      int len = BASE64.encode(s.raw(in.vector().length), s.base64); // ASCII only: nothing to escape
      g.writeRawUTF8String(s.base64, 0, len);
    } else {
      g.writeNumberField("dim", in.vector().length);
    }
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
   * Decodes a record value of either version.
   *
   * @throws IllegalArgumentException if it is neither a version-1 nor a version-2 WAL record, or
   *     a version-2 value's framing does not add up
   */
  public static WalRecord decode(byte[] value) {
    if (isBinary(value)) {
      return decodeBinary(value);
    }
    JsonObject j = json(value, 0, value.length);
    int version = j.getInteger("v", -1);
    if (version != JSON_VERSION) {
      throw new IllegalArgumentException("WAL record version " + version + " in JSON, this node reads "
          + JSON_VERSION + " (JSON) and " + BINARY_VERSION + " (binary)");
    }
    WalRecord.Op op = WalRecord.Op.ofWire(j.getString("op"));
    String tenant = j.getString("tenant");
    String index = j.getString("index");
    return switch (op) {
      case ADD, UPSERT -> WalRecord.put(op == WalRecord.Op.UPSERT, tenant, index, records(j.getJsonArray("records"), null));
      case DELETE -> WalRecord.delete(tenant, index, strings(j.getJsonArray("ids")));
      case CREATE -> WalRecord.create(tenant, index, j.getJsonObject("config"));
      case DROP -> WalRecord.drop(tenant, index);
      case RESTORE -> WalRecord.restore(tenant, index, j.getLong("upto_offset"), j.getLong("timestamp", -1L),
          j.getString("snapshot"));
    };
  }

  private static boolean isBinary(byte[] value) {
    if (value.length < MAGIC.length) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (value[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static WalRecord decodeBinary(byte[] value) {
    if (value.length < BINARY_PREFIX_BYTES) {
      throw new IllegalArgumentException("WAL record of " + value.length + " bytes is too short for its framing");
    }
    ByteBuffer in = ByteBuffer.wrap(value);
    in.position(MAGIC.length);
    int version = in.get();
    if (version != BINARY_VERSION) {
      throw new IllegalArgumentException("WAL record binary version " + version + ", this node reads "
          + BINARY_VERSION);
    }
    int headerBytes = in.getInt();
    if (headerBytes < 2 || headerBytes > value.length - BINARY_PREFIX_BYTES) {
      throw new IllegalArgumentException("WAL record header of " + headerBytes + " bytes does not fit in "
          + (value.length - BINARY_PREFIX_BYTES));
    }
    JsonObject j = json(value, BINARY_PREFIX_BYTES, headerBytes);
    if (j.getInteger("v", -1) != BINARY_VERSION) {
      throw new IllegalArgumentException("WAL record header says version " + j.getValue("v") + " in a binary value");
    }
    WalRecord.Op op = WalRecord.Op.ofWire(j.getString("op"));
    if (op != WalRecord.Op.ADD && op != WalRecord.Op.UPSERT) {
      throw new IllegalArgumentException("WAL binary record with op " + op.wireName() + ", only add and upsert are binary");
    }
    ByteBuffer block = ByteBuffer.wrap(value, BINARY_PREFIX_BYTES + headerBytes,
        value.length - BINARY_PREFIX_BYTES - headerBytes).slice().order(ByteOrder.LITTLE_ENDIAN);
    List<RecordInput> records = records(j.getJsonArray("records"), block.asFloatBuffer());
    if (block.remaining() % Float.BYTES != 0 || records.stream().mapToLong(r -> r.vector().length).sum()
        != block.remaining() / Float.BYTES) {
      throw new IllegalArgumentException("WAL vector block of " + block.remaining()
          + " bytes does not match the records' dimensions");
    }
    return WalRecord.put(op == WalRecord.Op.UPSERT, j.getString("tenant"), j.getString("index"), records);
  }

  private static JsonObject json(byte[] value, int offset, int length) {
    try {
      return new JsonObject(Buffer.buffer(length == value.length ? value : java.util.Arrays.copyOfRange(value, offset,
          offset + length)));
    } catch (DecodeException e) {
      throw new IllegalArgumentException("WAL record is not JSON: " + e.getMessage(), e);
    }
  }

  /** Version 1 ({@code block} null): vectors inline as base64; version 2: each takes its {@code dim} from the block. */
  private static List<RecordInput> records(JsonArray a, FloatBuffer block) {
    if (a == null) {
      throw new IllegalArgumentException("WAL add/upsert record without records");
    }
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
      out.add(new RecordInput(r.getString("id"), block == null ? vector(r.getString("vector")) : vector(block,
          r.getInteger("dim", -1)), r.getString("meta"),
          tags == null ? List.of() : strings(tags), numeric));
    }
    return out;
  }

  /** The next {@code dim} components of a version-2 vector block. */
  private static float[] vector(FloatBuffer block, int dim) {
    if (dim < 0 || dim > block.remaining()) {
      throw new IllegalArgumentException("WAL record of dim " + dim + " but " + block.remaining()
          + " components left in the vector block");
    }
    float[] v = new float[dim];
    block.get(v);
    return v;
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
