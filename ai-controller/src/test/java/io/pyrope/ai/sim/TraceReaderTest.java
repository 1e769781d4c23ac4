package io.pyrope.ai.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReaderTest {
  private static final String OK = "{\"schema\":\"pyrope.trace/v1\",\"time_ms\":5,\"tenant\":\"acme\",\"index\":\"docs\","
      + "\"op\":\"search\",\"key\":\"l0:ab\",\"cost\":120,\"bytes\":900}";

  private static String search(String extra) {
    return OK.substring(0, OK.length() - 1) + extra + "}";
  }

  private static TraceReader reader(String text) {
    return new TraceReader(new StringReader(text), "t.jsonl");
  }

  /** Reads everything; returns the error of the first bad line. */
  private static TraceFormatException error(String text) {
    return assertThrows(TraceFormatException.class, () -> {
      try (TraceReader r = reader(text)) {
        while (r.next() != null) {
          // read on
        }
      }
    });
  }

  private static void assertError(String text, long line, String field, String fragment) {
    TraceFormatException e = error(text);
    assertEquals("t.jsonl", e.file());
    assertEquals(line, e.line(), e.getMessage());
    assertEquals(field, e.field(), e.getMessage());
    assertTrue(e.getMessage().startsWith("t.jsonl:" + line + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void readsSearchesAndWritesSkippingBlankLines() {
    String text = search(",\"top_k\":10,\"result_ids\":[9,3,5],\"truth_ids\":null,\"group\":4,\"session\":2,\"extra\":1}")
        .replace("}}", "}") + "\n\n"
        + "{\"schema\":\"pyrope.trace/v1\",\"time_ms\":5,\"tenant\":\"acme\",\"index\":\"docs\",\"op\":\"write\"}\r\n";
    try (TraceReader r = reader(text)) {
      TraceRecord s = r.next();
      assertEquals("l0:ab", s.key());
      assertEquals(120, s.cost());
      assertEquals(900, s.bytes());
      assertEquals(10, s.topK());
      assertArrayEquals(new long[] {3, 5, 9}, s.resultIds());
      assertNull(s.truthIds());
      assertArrayEquals(new long[] {3, 5, 9}, s.truth());
      assertEquals(4L, s.group());
      TraceRecord w = r.next();
      assertTrue(w.write());
      assertNull(r.next());
      assertEquals(2, r.records());
    }
  }

  @Test
  void malformedJson() {
    assertError(OK + "\n{\"schema\":", 2, null, "malformed JSON");
    assertError("[1,2]", 1, null, "malformed JSON");
  }

  @Test
  void missingKeyCostOrBytesOnASearch() {
    assertError(OK.replace(",\"key\":\"l0:ab\"", ""), 1, "key", "is missing");
    assertError(OK.replace(",\"cost\":120", ""), 1, "cost", "is missing");
    assertError(OK.replace(",\"bytes\":900", ""), 1, "bytes", "is missing");
    assertError(OK.replace("\"key\":\"l0:ab\"", "\"key\":\"\""), 1, "key", "non-empty string");
  }

  @Test
  void negativeOrWronglyTypedNumbers() {
    assertError(OK.replace("\"cost\":120", "\"cost\":-3"), 1, "cost", ">= 0, got -3");
    assertError(OK.replace("\"bytes\":900", "\"bytes\":0"), 1, "bytes", ">= 1, got 0");
    assertError(OK.replace("\"cost\":120", "\"cost\":\"120\""), 1, "cost", "must be an integer");
    assertError(OK.replace("\"cost\":120", "\"cost\":1.5"), 1, "cost", "must be an integer");
    assertError(OK.replace("\"time_ms\":5", "\"time_ms\":-1"), 1, "time_ms", ">= 0");
    assertError(search(",\"top_k\":0"), 1, "top_k", ">= 1");
  }

  @Test
  void timeGoingBackwards() {
    assertError(OK + "\n" + OK.replace("\"time_ms\":5", "\"time_ms\":4"), 2, "time_ms", "goes backwards: 4 after 5");
  }

  @Test
  void unknownOpOrSchema() {
    assertError(OK.replace("\"op\":\"search\"", "\"op\":\"delete\""), 1, "op", "\"search\" or \"write\"");
    assertError(OK.replace("pyrope.trace/v1", "pyrope.trace/v2"), 1, "schema", "pyrope.trace/v1");
    assertError(OK.replace("\"tenant\":\"acme\"", "\"tenant\":7"), 1, "tenant", "non-empty string");
  }

  @Test
  void badIdArraysAndGroups() {
    assertError(search(",\"result_ids\":[1,\"x\"]"), 1, "result_ids", "item 1 must be an integer");
    assertError(search(",\"truth_ids\":5"), 1, "truth_ids", "array of integers");
    assertError(search(",\"group\":\"a\""), 1, "group", "must be an integer");
  }

  @Test
  void emptyFiles() {
    assertError("", 0, null, "no records");
    assertError("\n  \n", 0, null, "no records");
  }

  @Test
  void overlongLine() {
    assertError("{\"a\":\"" + "x".repeat(TraceReader.MAX_LINE_CHARS) + "\"}", 1, null, "longer than");
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.open(dir.resolve("no.jsonl")));
    assertTrue(e.getMessage().contains("no.jsonl"), e.getMessage());
  }

  @Test
  void loadsAFileIntoATrace(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("t.jsonl");
    Files.writeString(f, OK + "\n" + OK.replace("\"time_ms\":5", "\"time_ms\":6") + "\n");
    Trace t = Trace.load(f, new Progress(null));
    assertEquals(2, t.size());
    assertEquals(1, t.keys());
    assertEquals(1, t.nextUse(0));
    assertEquals(Trace.NEVER, t.nextUse(1));
  }
}
