package io.pyrope.resp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pyrope.resp.protocol.RespValue.ArrayReply;
import io.pyrope.resp.protocol.RespValue.BooleanReply;
import io.pyrope.resp.protocol.RespValue.BulkString;
import io.pyrope.resp.protocol.RespValue.DoubleReply;
import io.pyrope.resp.protocol.RespValue.ErrorReply;
import io.pyrope.resp.protocol.RespValue.IntegerReply;
import io.pyrope.resp.protocol.RespValue.MapReply;
import io.pyrope.resp.protocol.RespValue.SetReply;
import io.pyrope.resp.protocol.RespValue.SimpleString;
import io.pyrope.resp.protocol.RespValue.VerbatimString;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden bytes for every reply type, in RESP2 and RESP3. */
class RespEncoderTest {

  /** The encoding as a byte-per-char string, so non-ASCII bytes show up exactly. */
  private static String resp2(RespValue v) {
    return new String(RespEncoder.encode(v, 2).getBytes(), StandardCharsets.ISO_8859_1);
  }

  private static String resp3(RespValue v) {
    return new String(RespEncoder.encode(v, 3).getBytes(), StandardCharsets.ISO_8859_1);
  }

  private static void both(String expected, RespValue v) {
    assertEquals(expected, resp2(v), "RESP2");
    assertEquals(expected, resp3(v), "RESP3");
  }

  @Test
  void simpleStrings() {
    both("+OK\r\n", RespValue.OK);
    both("+PONG\r\n", RespValue.PONG);
    both("+OK\r\n", new SimpleString("OK"));
  }

  @Test
  void errors() {
    both("-ERR unknown command 'FOO'\r\n", ErrorReply.err("unknown command 'FOO'"));
    both("-VEC_ERR_DIM expected 384 got 128\r\n", new ErrorReply("VEC_ERR_DIM expected 384 got 128"));
  }

  @Test
  void integers() {
    both(":0\r\n", RespValue.ZERO);
    both(":7\r\n", IntegerReply.of(7));
    both(":-42\r\n", IntegerReply.of(-42));
    both(":1000000\r\n", IntegerReply.of(1_000_000));
    both(":9223372036854775807\r\n", IntegerReply.of(Long.MAX_VALUE));
    both(":-9223372036854775808\r\n", IntegerReply.of(Long.MIN_VALUE));
  }

  @Test
  void bulkStrings() {
    both("$5\r\nhello\r\n", BulkString.of("hello"));
    both("$0\r\n\r\n", RespValue.EMPTY_BULK);
    both("$4\r\na\r\n\u0000\r\n", new BulkString(new byte[] {'a', '\r', '\n', 0}));
  }

  @Test
  void unicodeBulkLengthCountsBytes() {
    both("$6\r\nh\u00c3\u00a9llo\r\n", BulkString.of("héllo"));
  }

  @Test
  void bulkHeadersBeyondTheSharedOnes() {
    String payload = "x".repeat(RespEncoder.SHARED_HEADERS);
    both("$512\r\n" + payload + "\r\n", BulkString.of(payload));
    both("$511\r\n" + payload.substring(1) + "\r\n", BulkString.of(payload.substring(1)));
  }

  @Test
  void nulls() {
    assertEquals("$-1\r\n", resp2(RespValue.NULL));
    assertEquals("*-1\r\n", resp2(RespValue.NULL_ARRAY));
    assertEquals("_\r\n", resp3(RespValue.NULL));
    assertEquals("_\r\n", resp3(RespValue.NULL_ARRAY));
  }

  @Test
  void arrays() {
    both("*2\r\n$1\r\na\r\n:1\r\n", ArrayReply.of(BulkString.of("a"), RespValue.ONE));
    both("*0\r\n", RespValue.EMPTY_ARRAY);
    both("*1\r\n*0\r\n", ArrayReply.of(RespValue.EMPTY_ARRAY));
    assertEquals("*2\r\n$-1\r\n*-1\r\n", resp2(ArrayReply.of(RespValue.NULL, RespValue.NULL_ARRAY)));
  }

  @Test
  void arrayHeaderBeyondTheSharedOnes() {
    ArrayReply big = new ArrayReply(Collections.nCopies(600, RespValue.ZERO));
    both("*600\r\n" + ":0\r\n".repeat(600), big);
  }

  @Test
  void mapsAreFlatArraysInResp2() {
    MapReply m = MapReply.of(BulkString.of("a"), RespValue.ONE, BulkString.of("b"), RespValue.TRUE);
    assertEquals("%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n#t\r\n", resp3(m));
    assertEquals("*4\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n:1\r\n", resp2(m));
  }

  @Test
  void emptyMapsAndSets() {
    assertEquals("%0\r\n", resp3(RespValue.EMPTY_MAP));
    assertEquals("*0\r\n", resp2(RespValue.EMPTY_MAP));
    assertEquals("~0\r\n", resp3(RespValue.EMPTY_SET));
    assertEquals("*0\r\n", resp2(RespValue.EMPTY_SET));
  }

  @Test
  void mapFromJavaMapKeepsOrderWithBulkKeys() {
    Map<String, RespValue> info = new LinkedHashMap<>();
    info.put("server", BulkString.of("pyrope"));
    info.put("proto", IntegerReply.of(3));
    assertEquals("%2\r\n$6\r\nserver\r\n$6\r\npyrope\r\n$5\r\nproto\r\n:3\r\n", resp3(MapReply.fromMap(info)));
  }

  @Test
  void nestedMapsInArrays() {
    ArrayReply hits = ArrayReply.of(
        MapReply.of(BulkString.of("id"), BulkString.of("v1"), BulkString.of("score"), new DoubleReply(0.5)),
        MapReply.of(BulkString.of("id"), BulkString.of("v2"), BulkString.of("score"), new DoubleReply(0.25)));
    assertEquals("*2\r\n"
        + "%2\r\n$2\r\nid\r\n$2\r\nv1\r\n$5\r\nscore\r\n,0.5\r\n"
        + "%2\r\n$2\r\nid\r\n$2\r\nv2\r\n$5\r\nscore\r\n,0.25\r\n", resp3(hits));
    assertEquals("*2\r\n"
        + "*4\r\n$2\r\nid\r\n$2\r\nv1\r\n$5\r\nscore\r\n$3\r\n0.5\r\n"
        + "*4\r\n$2\r\nid\r\n$2\r\nv2\r\n$5\r\nscore\r\n$4\r\n0.25\r\n", resp2(hits));
  }

  @Test
  void setsAreArraysInResp2() {
    SetReply s = SetReply.of(BulkString.of("x"), BulkString.of("y"));
    assertEquals("~2\r\n$1\r\nx\r\n$1\r\ny\r\n", resp3(s));
    assertEquals("*2\r\n$1\r\nx\r\n$1\r\ny\r\n", resp2(s));
  }

  @Test
  void doubles() {
    assertEquals(",1.5\r\n", resp3(new DoubleReply(1.5)));
    assertEquals("$3\r\n1.5\r\n", resp2(new DoubleReply(1.5)));
    assertEquals(",3\r\n", resp3(new DoubleReply(3.0)));
    assertEquals("$2\r\n-3\r\n", resp2(new DoubleReply(-3.0)));
    assertEquals(",1e-7\r\n", resp3(new DoubleReply(1e-7)));
    assertEquals(",1.5e+300\r\n", resp3(new DoubleReply(1.5e300)));
  }

  @Test
  void specialDoubles() {
    assertEquals(",inf\r\n", resp3(new DoubleReply(Double.POSITIVE_INFINITY)));
    assertEquals(",-inf\r\n", resp3(new DoubleReply(Double.NEGATIVE_INFINITY)));
    assertEquals(",nan\r\n", resp3(new DoubleReply(Double.NaN)));
    assertEquals(",-0\r\n", resp3(new DoubleReply(-0.0)));
    assertEquals("$3\r\ninf\r\n", resp2(new DoubleReply(Double.POSITIVE_INFINITY)));
    assertEquals("$4\r\n-inf\r\n", resp2(new DoubleReply(Double.NEGATIVE_INFINITY)));
    assertEquals("$3\r\nnan\r\n", resp2(new DoubleReply(Double.NaN)));
  }

  @Test
  void booleans() {
    assertEquals("#t\r\n", resp3(RespValue.TRUE));
    assertEquals("#f\r\n", resp3(BooleanReply.of(false)));
    assertEquals(":1\r\n", resp2(RespValue.TRUE));
    assertEquals(":0\r\n", resp2(RespValue.FALSE));
  }

  @Test
  void verbatimStrings() {
    VerbatimString info = VerbatimString.txt("Some string");
    assertEquals("=15\r\ntxt:Some string\r\n", resp3(info));
    assertEquals("$11\r\nSome string\r\n", resp2(info));
  }

  @Test
  void unicodeVerbatimLengthCountsBytes() {
    assertEquals("=6\r\ntxt:\u00c3\u00a9\r\n", resp3(VerbatimString.txt("é")));
  }

  @Test
  void encodeAppendsToWhatTheBufferHolds() {
    Buffer out = Buffer.buffer("+A\r\n");
    RespEncoder.encode(RespValue.PONG, 3, out);
    assertEquals("+A\r\n+PONG\r\n", out.toString());
  }

  @Test
  void onlyProtocolsTwoAndThreeExist() {
    assertThrows(IllegalArgumentException.class, () -> RespEncoder.encode(RespValue.OK, 4, Buffer.buffer()));
  }
}
