package io.pyrope.ai.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogRecordsTest {
  private static byte[] bytes(JsonObject o) {
    return o.encode().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void fixturesAreValidV1Records() {
    assertNull(LogFixtures.errors(LogFixtures.validator("topics/pyrope.query-log.v1.json"),
        LogFixtures.query(1000, "t", "i", "l0:ab", 50, false)));
    var decisions = LogFixtures.validator("topics/pyrope.decision-log.v1.json");
    assertNull(LogFixtures.errors(decisions, LogFixtures.admitted(1000, "t", "i", "l0:ab", 2048, 50)));
    assertNull(LogFixtures.errors(decisions, LogFixtures.outcome(1000, "t", "i", "l0:ab", 2048, 3, 50)));
  }

  @Test
  void queryKeyIsL1WhenSetElseL0() throws Exception {
    JsonObject q = LogFixtures.query(1000, "t", "i", "l0:ab", 50, false);
    assertEquals("l0:ab", LogRecords.query(bytes(q)).key());
    q.getJsonObject("keys").put("l1", "l1:cd");
    QueryEvent e = LogRecords.query(bytes(q));
    assertEquals("l1:cd", e.key());
    assertEquals(50, e.proxyCost());
    assertEquals(1000, e.latencyUs());
    assertEquals(10, e.topK());
    assertTrue(e.replayable());
  }

  @Test
  void decisionAndOutcomeParse() throws Exception {
    DecisionEvent d = LogRecords.decision(bytes(LogFixtures.admitted(5, "t", "i", "l0:ab", 2048, 50)));
    assertFalse(d.outcome());
    assertEquals("admitted", d.verdict());
    assertEquals(2048, d.bytes());
    DecisionEvent o = LogRecords.decision(bytes(LogFixtures.outcome(5, "t", "i", "l0:ab", 2048, 3, 50)));
    assertTrue(o.outcome());
    assertEquals("budget", o.verdict());
    assertEquals(3, o.hitsServed());
    assertEquals(150, o.savedProxyCost());
  }

  @Test
  void malformedJsonIsABadRecord() {
    BadRecordException e = assertThrows(BadRecordException.class,
        () -> LogRecords.query("{not json".getBytes(StandardCharsets.UTF_8)));
    assertEquals(BadRecordException.MALFORMED_JSON, e.reason());
    assertEquals(BadRecordException.MALFORMED_JSON,
        assertThrows(BadRecordException.class, () -> LogRecords.query("[1,2]".getBytes(StandardCharsets.UTF_8)))
            .reason());
    assertEquals(BadRecordException.MALFORMED_JSON,
        assertThrows(BadRecordException.class, () -> LogRecords.decision(new byte[0])).reason());
  }

  @Test
  void wrongSchemaIsABadRecord() {
    JsonObject q = LogFixtures.query(1000, "t", "i", "l0:ab", 50, false).put("schema", "pyrope.query-log/v9");
    BadRecordException e = assertThrows(BadRecordException.class, () -> LogRecords.query(bytes(q)));
    assertEquals(BadRecordException.WRONG_SCHEMA, e.reason());
    assertTrue(e.getMessage().contains("pyrope.query-log/v9"), e.getMessage());
    // a decision record on the query topic is the wrong layout too
    assertEquals(BadRecordException.WRONG_SCHEMA, assertThrows(BadRecordException.class,
        () -> LogRecords.query(bytes(LogFixtures.admitted(1, "t", "i", "l0:ab", 1, 1)))).reason());
  }

  @Test
  void badFieldNamesTheField() {
    JsonObject q = LogFixtures.query(1000, "t", "i", "l0:ab", 50, false);
    q.put("proxy_cost", "lots");
    BadRecordException e = assertThrows(BadRecordException.class, () -> LogRecords.query(bytes(q)));
    assertEquals(BadRecordException.BAD_FIELD, e.reason());
    assertTrue(e.getMessage().contains("proxy_cost"), e.getMessage());
    JsonObject noKeys = LogFixtures.query(1000, "t", "i", "l0:ab", 50, false);
    noKeys.remove("keys");
    assertTrue(assertThrows(BadRecordException.class, () -> LogRecords.query(bytes(noKeys))).getMessage()
        .contains("keys"));
    JsonObject d = LogFixtures.admitted(5, "t", "i", "l0:ab", 2048, 50).put("kind", "verdict");
    assertTrue(assertThrows(BadRecordException.class, () -> LogRecords.decision(bytes(d))).getMessage()
        .contains("kind"));
    JsonObject negative = LogFixtures.outcome(5, "t", "i", "l0:ab", -1, 3, 50);
    assertTrue(assertThrows(BadRecordException.class, () -> LogRecords.decision(bytes(negative))).getMessage()
        .contains("bytes"));
  }
}
