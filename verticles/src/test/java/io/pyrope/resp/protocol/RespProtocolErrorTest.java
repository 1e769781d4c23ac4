package io.pyrope.resp.protocol;

import static io.pyrope.resp.protocol.Recorder.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bad input gives exactly one protocol error with Redis's text, whatever the chunking, and nothing
 * after it is delivered.
 */
class RespProtocolErrorTest {

  private static final long SEED = 0xbad_c0deL;

  /** The error for {@code input}, checked to be the same whole, byte by byte and in random splits. */
  private static String error(RespLimits limits, byte[] input) {
    String whole = new Recorder(limits).feed(input).singleError();
    assertEquals(whole, new Recorder(limits).feedBytewise(input).singleError(), "byte by byte");
    Random random = new Random(SEED);
    for (int i = 0; i < 50; i++) {
      assertEquals(whole, new Recorder(limits).feedRandomSplits(input, random).singleError(), "split " + i);
    }
    return whole;
  }

  private static String error(String input) {
    return error(RespLimits.DEFAULT, ascii(input));
  }

  @Test
  void bulkLengthOverTheLimitIsInvalid() {
    assertEquals("Protocol error: invalid bulk length", error("*1\r\n$67108865\r\n"));
  }

  @Test
  void bulkLengthAtTheLimitIsAccepted() {
    RespLimits small = new RespLimits(100, 10, 64, 1, 1000, true);
    Recorder r = new Recorder(small).feed(Recorder.multibulk("A".getBytes(), new byte[100]));
    assertEquals(1, r.commands.size());
  }

  @Test
  void negativeBulkLengthIsInvalid() {
    assertEquals("Protocol error: invalid bulk length", error("*1\r\n$-5\r\n"));
  }

  @Test
  void nullBulkInARequestIsInvalid() {
    assertEquals("Protocol error: invalid bulk length", error("*1\r\n$-1\r\n"));
  }

  @Test
  void nonNumericBulkLengthIsInvalid() {
    assertEquals("Protocol error: invalid bulk length", error("*1\r\n$12x\r\nhello world!\r\n"));
  }

  @Test
  void bulkLengthWithPlusOrLeadingZeroIsInvalid() {
    assertEquals("Protocol error: invalid bulk length", error("*1\r\n$+3\r\nabc\r\n"));
    assertEquals("Protocol error: invalid bulk length", error("*1\r\n$03\r\nabc\r\n"));
  }

  @Test
  void emptyBulkLengthIsInvalid() {
    assertEquals("Protocol error: invalid bulk length", error("*1\r\n$\r\n"));
  }

  @Test
  void nonNumericMultibulkLengthIsInvalid() {
    assertEquals("Protocol error: invalid multibulk length", error("*abc\r\n"));
  }

  @Test
  void multibulkLengthAboveIntMaxIsInvalid() {
    assertEquals("Protocol error: invalid multibulk length", error("*2147483648\r\n"));
    assertEquals("Protocol error: invalid multibulk length", error("*99999999999999999999\r\n"));
  }

  @Test
  void multibulkLengthOverMaxArgsNamesTheLimit() {
    assertEquals("Protocol error: multibulk length exceeds the limit of 1048576 arguments",
        error("*1048577\r\n"));
  }

  @Test
  void multibulkLengthAtMaxArgsIsAccepted() {
    Recorder r = new Recorder().feed("*1048576\r\n$1\r\na\r\n");
    assertTrue(r.errors.isEmpty());
    assertEquals(1, r.parser.pendingBytes());
  }

  @Test
  void requestOverMaxRequestBytesNamesTheLimit() {
    RespLimits small = new RespLimits(10, 10, 64, 1, 15, true);
    assertEquals("Protocol error: request exceeds the limit of 15 bytes",
        error(small, ascii("*3\r\n$1\r\nA\r\n$10\r\n0123456789\r\n$5\r\n")));
  }

  @Test
  void headerCarriageReturnWithoutLineFeedIsInvalid() {
    assertEquals("Protocol error: invalid multibulk length", error("*1\rX"));
    assertEquals("Protocol error: invalid bulk length", error("*1\r\n$1\rX"));
  }

  @Test
  void payloadNotFollowedByCrLfIsAnError() {
    assertEquals("Protocol error: expected '\\r\\n' after bulk payload", error("*1\r\n$3\r\nabcd\r\n"));
    assertEquals("Protocol error: expected '\\r\\n' after bulk payload", error("*1\r\n$3\r\nabc\rX"));
  }

  @Test
  void inlineLineOverTheLimitWithoutNewlineIsTooBig() {
    assertEquals("Protocol error: too big inline request", error("A".repeat(64 * 1024 + 1)));
  }

  @Test
  void inlineLineOverTheLimitWithNewlineIsTooBig() {
    assertEquals("Protocol error: too big inline request", error("A".repeat(64 * 1024 + 1) + "\n"));
  }

  @Test
  void inlineLineAtTheLimitIsAccepted() {
    Recorder r = new Recorder().feed("A".repeat(64 * 1024) + "\n");
    assertEquals(1, r.commands.size());
  }

  @Test
  void endlessMultibulkCountIsTooBig() {
    assertEquals("Protocol error: too big mbulk count string", error("*" + "1".repeat(64 * 1024 + 1)));
  }

  @Test
  void endlessBulkCountIsTooBig() {
    assertEquals("Protocol error: too big bulk count string", error("*1\r\n$" + "1".repeat(64 * 1024 + 1)));
  }

  @Test
  void nestedArrayIsExpectedDollar() {
    assertEquals("Protocol error: expected '$', got '*'", error("*1\r\n*1\r\n$1\r\na\r\n"));
  }

  @Test
  void resp3TypeInARequestIsExpectedDollar() {
    assertEquals("Protocol error: expected '$', got ':'", error("*2\r\n$3\r\nGET\r\n:1\r\n"));
  }

  @Test
  void newlineWhereDollarBelongsIsShownAsASpace() {
    assertEquals("Protocol error: expected '$', got ' '", error("*1\r\n\r\n"));
  }

  @Test
  void unprintableByteWhereDollarBelongsIsEscaped() {
    assertEquals("Protocol error: expected '$', got '\\x00'",
        error(RespLimits.DEFAULT, new byte[] {'*', '1', '\r', '\n', 0}));
  }

  @Test
  void commandsBeforeTheErrorAreDeliveredAndNothingAfter() {
    Recorder r = new Recorder().feed("*1\r\n$4\r\nPING\r\n*1\r\n$-5\r\n*1\r\n$4\r\nPING\r\n");
    r.feed("PING\r\n");
    assertEquals(List.of(RespCommand.of("PING")), r.commands);
    assertEquals("Protocol error: invalid bulk length", r.singleError());
  }

  @Test
  void unauthenticatedMultibulkOverTenArgsUsesRedisText() {
    assertEquals("Protocol error: unauthenticated multibulk length",
        error(RespLimits.UNAUTHENTICATED, ascii("*11\r\n")));
  }

  @Test
  void unauthenticatedBulkOver16KiBUsesRedisText() {
    assertEquals("Protocol error: unauthenticated bulk length",
        error(RespLimits.UNAUTHENTICATED, ascii("*2\r\n$4\r\nAUTH\r\n$16385\r\n")));
  }

  @Test
  void defaultAcceptsWhatUnauthenticatedRejects() {
    String[] elevenArgs = new String[11];
    java.util.Arrays.fill(elevenArgs, "x");
    byte[] manyArgs = Recorder.multibulk(elevenArgs);
    byte[] bigBulk = Recorder.multibulk("AUTH".getBytes(), new byte[16 * 1024 + 1]);
    for (byte[] input : List.of(manyArgs, bigBulk)) {
      assertEquals(1, new Recorder(RespLimits.DEFAULT).feed(input).commands.size());
      new Recorder(RespLimits.UNAUTHENTICATED).feed(input).singleError();
    }
  }
}
