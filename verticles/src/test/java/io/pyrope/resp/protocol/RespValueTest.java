package io.pyrope.resp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.resp.protocol.RespValue.ArrayReply;
import io.pyrope.resp.protocol.RespValue.BulkString;
import io.pyrope.resp.protocol.RespValue.ErrorReply;
import io.pyrope.resp.protocol.RespValue.MapReply;
import io.pyrope.resp.protocol.RespValue.SimpleString;
import io.pyrope.resp.protocol.RespValue.VerbatimString;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespValueTest {

  @Test
  void errorLineRejectsCrLf() {
    assertThrows(IllegalArgumentException.class, () -> new ErrorReply("ERR a\r\nb"));
    assertThrows(IllegalArgumentException.class, () -> ErrorReply.err("a\nb"));
  }

  @Test
  void simpleStringRejectsCrLf() {
    assertThrows(IllegalArgumentException.class, () -> new SimpleString("a\rb"));
  }

  @Test
  void errorFromTypedErrorPutsCodeFirstAndFlattensNewlines() {
    ErrorReply e = ErrorReply.from(new VecException(ErrorCode.VEC_ERR_DIM, "expected 384 got 128\r\nx"));
    assertEquals("VEC_ERR_DIM expected 384 got 128  x", e.line());
    assertEquals("VEC_ERR_DIM", e.code());
  }

  @Test
  void bulkStringsCompareByContent() {
    assertEquals(BulkString.of("a"), new BulkString(new byte[] {'a'}));
    assertNotEquals(BulkString.of("a"), BulkString.of("b"));
  }

  @Test
  void aggregatesDoNotSeeLaterChangesToTheirList() {
    List<RespValue> items = new ArrayList<>(List.of(RespValue.OK));
    ArrayReply a = new ArrayReply(items);
    items.add(RespValue.PONG);
    assertEquals(1, a.items().size());
  }

  @Test
  void mapNeedsAValueForEveryKey() {
    assertThrows(IllegalArgumentException.class, () -> MapReply.of(RespValue.OK));
  }

  @Test
  void factoriesBuildTheRecords() {
    assertEquals(new SimpleString("RESET"), RespValue.simple("RESET"));
    assertEquals(new ErrorReply("ERR syntax error"), RespValue.error("ERR syntax error"));
    assertEquals(RespValue.integer(5), new RespValue.IntegerReply(5));
    assertEquals(BulkString.of("x"), RespValue.bulk(new byte[] {'x'}));
    assertEquals(MapReply.of(RespValue.bulk("k"), RespValue.ONE),
        RespValue.map(List.of(RespValue.bulk("k"), RespValue.ONE)));
    assertEquals(VerbatimString.txt("a"), RespValue.verbatim("a"));
    assertEquals(RespValue.TRUE, RespValue.bool(true));
  }

  @Test
  void errorFactoryForTypedErrorsFlattensNewlines() {
    assertEquals("ERR bad id a b",
        RespValue.error(new VecException(ErrorCode.ERR, "bad id a\nb")).line());
  }

  @Test
  void verbatimFormatIsThreeCharacters() {
    assertThrows(IllegalArgumentException.class, () -> new VerbatimString("text", "x"));
    assertThrows(IllegalArgumentException.class, () -> new VerbatimString("t:t", "x"));
  }
}
