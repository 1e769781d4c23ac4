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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every record the codec writes validates against pyrope.wal.v1.json, and decodes back to itself. */
class WalSchemaTest {
  private static Validator validator;

  @BeforeAll
  static void loadSchema() throws IOException {
    try (InputStream in = WalSchemaTest.class.getResourceAsStream("/schemas/topics/pyrope.wal.v1.json")) {
      JsonObject schema = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      validator = Validator.create(JsonSchema.of(schema),
          new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://pyrope.io/"));
    }
  }

  private static void assertValid(WalRecord r) {
    JsonObject json = new JsonObject(new String(WalCodec.encode(r), StandardCharsets.UTF_8));
    OutputUnit out = validator.validate(json);
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
      WalRecord back = WalCodec.decode(WalCodec.encode(r));
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
  }

  @Test
  void schemaRejectsWhatTheCodecNeverWrites() {
    assertFalse(validator.validate(new JsonObject().put("v", 2).put("op", "add").put("tenant", "t").put("index", "i"))
        .getValid());
    assertFalse(validator.validate(new JsonObject().put("v", 1).put("op", "add").put("tenant", "t").put("index", "i"))
        .getValid(), "add without records");
    assertFalse(validator.validate(new JsonObject().put("v", 1).put("op", "delete").put("tenant", "t/x")
        .put("index", "i").put("ids", List.of("a"))).getValid(), "bad tenant name");
  }

  @Test
  void vectorIsBase64OfLittleEndianFloats() {
    WalRecord r = WalRecord.put(false, "t", "i", List.of(new RecordInput("x", new float[] {1f}, null, null, null)));
    JsonObject json = new JsonObject(new String(WalCodec.encode(r), StandardCharsets.UTF_8));
    // 1.0f = 0x3F800000, little-endian 00 00 80 3F
    assertEquals("AACAPw==", json.getJsonArray("records").getJsonObject(0).getString("vector"));
  }

  @Test
  void otherVersionsAreRefused() {
    byte[] v2 = "{\"v\":2,\"op\":\"drop\",\"tenant\":\"t\",\"index\":\"i\"}".getBytes(StandardCharsets.UTF_8);
    assertThrows(IllegalArgumentException.class, () -> WalCodec.decode(v2));
  }
}
