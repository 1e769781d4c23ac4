package io.pyrope.bus.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.vec.RecordInput;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every record the codec writes validates against its schema (pyrope.wal.v2.json for the header
 * of a binary add/upsert, pyrope.wal.v1.json for the rest), and decodes back to itself; version-1
 * add/upsert records, as older nodes wrote them, still decode.
 */
class WalSchemaTest {
  private static Validator validator;   // v1
  private static Validator validatorV2; // v2 header

  @BeforeAll
  static void loadSchema() throws IOException {
    validator = load("pyrope.wal.v1.json");
    validatorV2 = load("pyrope.wal.v2.json");
  }

  private static Validator load(String file) throws IOException {
    try (InputStream in = WalSchemaTest.class.getResourceAsStream("/schemas/topics/" + file)) {
      JsonObject schema = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return Validator.create(JsonSchema.of(schema),
          new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://pyrope.io/"));
    }
  }

  /** The JSON of a value: a version-1 value whole, a version-2 value's header (framing checked here, independently of the codec). */
  private static JsonObject jsonOf(byte[] value) {
    if (value[0] == 'P') {
      ByteBuffer in = ByteBuffer.wrap(value);
      assertEquals('P', in.get());
      assertEquals('W', in.get());
      assertEquals('A', in.get());
      assertEquals('L', in.get());
      assertEquals(2, in.get());
      int n = in.getInt();
      return new JsonObject(new String(value, 9, n, StandardCharsets.UTF_8));
    }
    return new JsonObject(new String(value, StandardCharsets.UTF_8));
  }

  private static void assertValid(WalRecord r) {
    byte[] value = WalCodec.encode(r);
    JsonObject json = jsonOf(value);
    boolean binary = r.op() == WalRecord.Op.ADD || r.op() == WalRecord.Op.UPSERT;
    assertEquals(binary ? 2 : 1, json.getInteger("v"), json.encode());
    OutputUnit out = (binary ? validatorV2 : validator).validate(json);
    assertTrue(out.getValid(), () -> "invalid " + json.encode() + ": " + out.getErrors());
  }

  @Test
  void everyOpValidatesAndRoundTrips() {
    RecordInput full = new RecordInput("a", new float[] {1f, -0.5f, Float.MIN_VALUE}, "{\"title\":\"A\"}",
        List.of("news", "en"), Map.of("year", 2024.0, "inf", Double.POSITIVE_INFINITY));
    RecordInput bare = new RecordInput("b", new float[] {0f, 1f, 2f}, null, List.of(), Map.of());
    List<WalRecord> all = List.of(
        WalRecord.put(false, "acme", "docs", List.of(full, bare)),
        WalRecord.put(true, "acme", "docs", List.of(bare)),
        WalRecord.delete("acme", "docs", List.of("a", "b")),
        WalRecord.create("acme", "docs", new JsonObject().put("tenant", "acme").put("name", "docs").put("dim", 3)
            .put("metric", "cosine").put("factory", "HNSW32").put("nprobe", 1)),
        WalRecord.drop("acme", "docs"),
        WalRecord.restore("acme", "docs", 42, 1_700_000_000_000L, null),
        WalRecord.restore("acme", "docs", 7, -1, "0001700000000000-000001"));
    for (WalRecord r : all) {
      assertValid(r);
      assertRoundTrip(r, WalCodec.decode(WalCodec.encode(r)));
      if (r.op() == WalRecord.Op.ADD || r.op() == WalRecord.Op.UPSERT) {
        byte[] v1 = WalCodec.encodeJson(r); // as a node before version 2 wrote it
        OutputUnit out = validator.validate(new JsonObject(new String(v1, StandardCharsets.UTF_8)));
        assertTrue(out.getValid(), () -> "invalid v1: " + out.getErrors());
        assertRoundTrip(r, WalCodec.decode(v1));
      }
    }
  }

  private static void assertRoundTrip(WalRecord r, WalRecord back) {
    assertEquals(r.op(), back.op());
    assertEquals(r.key(), back.key());
    assertEquals(r.ids(), back.ids());
    assertEquals(r.uptoOffset(), back.uptoOffset());
    assertEquals(r.restoreTimestamp(), back.restoreTimestamp());
    assertEquals(r.snapshot(), back.snapshot());
    assertEquals(r.config(), back.config());
    assertEquals(r.records().size(), back.records().size());
    for (int i = 0; i < r.records().size(); i++) {
      RecordInput x = r.records().get(i);
      RecordInput y = back.records().get(i);
      assertEquals(x.id(), y.id());
      assertArrayEquals(x.vector(), y.vector());
      assertEquals(x.metaJson(), y.metaJson());
      assertEquals(x.tags(), y.tags());
      assertEquals(x.numeric(), y.numeric());
    }
  }

  @Test
  void schemaRejectsWhatTheCodecNeverWrites() {
    assertFalse(validator.validate(new JsonObject().put("v", 2).put("op", "add").put("tenant", "t").put("index", "i"))
        .getValid());
    assertFalse(validator.validate(new JsonObject().put("v", 1).put("op", "add").put("tenant", "t").put("index", "i"))
        .getValid(), "add without records");
    assertFalse(validator.validate(new JsonObject().put("v", 1).put("op", "delete").put("tenant", "t/x")
        .put("index", "i").put("ids", List.of("a"))).getValid(), "bad tenant name");
    assertFalse(validatorV2.validate(new JsonObject().put("v", 2).put("op", "drop").put("tenant", "t").put("index", "i")
        .put("records", List.of(new JsonObject().put("id", "a").put("dim", 1)))).getValid(), "v2 is add/upsert only");
    assertFalse(validatorV2.validate(new JsonObject().put("v", 2).put("op", "add").put("tenant", "t").put("index", "i")
        .put("records", List.of(new JsonObject().put("id", "a").put("vector", "AACAPw==")))).getValid(),
        "v2 records carry dim, not vector");
  }

  @Test
  void versionOneVectorIsBase64OfLittleEndianFloats() {
    WalRecord r = WalRecord.put(false, "t", "i", List.of(new RecordInput("x", new float[] {1f}, null, null, null)));
    JsonObject json = new JsonObject(new String(WalCodec.encodeJson(r), StandardCharsets.UTF_8));
    // 1.0f = 0x3F800000, little-endian 00 00 80 3F
    assertEquals("AACAPw==", json.getJsonArray("records").getJsonObject(0).getString("vector"));
  }

  @Test
  void versionTwoIsFramingHeaderThenTheRawVectorBlock() {
    WalRecord r = WalRecord.put(false, "t", "i", List.of(new RecordInput("x", new float[] {1f}, null, null, null),
        new RecordInput("y", new float[] {-2f}, null, null, null)));
    byte[] value = WalCodec.encode(r);
    JsonObject header = jsonOf(value);
    assertEquals(1, header.getJsonArray("records").getJsonObject(0).getInteger("dim"));
    assertFalse(header.getJsonArray("records").getJsonObject(0).containsKey("vector"));
    int n = ByteBuffer.wrap(value, 5, 4).getInt();
    assertEquals(9 + n + 8, value.length, "framing, header, two fp32 and nothing else");
    // 1.0f little-endian 00 00 80 3F, then -2.0f = 0xC0000000: 00 00 00 C0
    assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0},
        Arrays.copyOfRange(value, 9 + n, value.length));
  }

  @Test
  void corruptBinaryValuesAreRefusedNotMisread() {
    WalRecord r = WalRecord.put(true, "t", "i", List.of(new RecordInput("x", new float[] {1f, 2f, 3f}, null, null,
        null)));
    byte[] good = WalCodec.encode(r);
    byte[] truncated = Arrays.copyOf(good, good.length - 1);
    byte[] longer = Arrays.copyOf(good, good.length + 4);
    byte[] badHeaderLength = good.clone();
    ByteBuffer.wrap(badHeaderLength).putInt(5, good.length);
    byte[] badVersion = good.clone();
    badVersion[4] = 3;
    byte[] framingOnly = Arrays.copyOf(good, 7);
    for (byte[] bad : List.of(truncated, longer, badHeaderLength, badVersion, framingOnly)) {
      assertThrows(IllegalArgumentException.class, () -> WalCodec.decode(bad));
    }
  }

  @Test
  void otherVersionsAreRefused() {
    byte[] v2 = "{\"v\":2,\"op\":\"drop\",\"tenant\":\"t\",\"index\":\"i\"}".getBytes(StandardCharsets.UTF_8);
    assertThrows(IllegalArgumentException.class, () -> WalCodec.decode(v2));
  }
}
