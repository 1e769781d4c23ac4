package io.pyrope.resp.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Inline requests follow Redis's sdssplitargs rules. */
class RespInlineTest {

  private static List<RespCommand> parse(String line) {
    Recorder r = new Recorder().feedBytewise(Recorder.ascii(line));
    assertTrue(r.errors.isEmpty(), () -> "errors: " + r.errors);
    return r.commands;
  }

  private static String error(String line) {
    return new Recorder().feed(line).singleError();
  }

  @Test
  void spacesAndTabsSeparateArguments() {
    assertEquals(List.of(RespCommand.of("SET", "k", "v")), parse("  SET\tk   v \r\n"));
  }

  @Test
  void trailingCarriageReturnIsOptional() {
    assertEquals(List.of(RespCommand.of("PING"), RespCommand.of("PING")), parse("PING\nPING\r\n"));
  }

  @Test
  void innerCarriageReturnSeparatesArguments() {
    assertEquals(List.of(RespCommand.of("A", "B")), parse("A\rB\r\n"));
  }

  @Test
  void verticalTabEndsNothingInsideAnArgument() {
    // sdssplitargs skips \v between arguments but does not end an unquoted argument on it.
    assertEquals(List.of(RespCommand.of("A\u000bB", "C")), parse("A\u000bB \u000bC\n"));
  }

  @Test
  void doubleQuotesKeepSpaces() {
    assertEquals(List.of(RespCommand.of("SET", "a key", "")), parse("SET \"a key\" \"\"\n"));
  }

  @Test
  void doubleQuotesUnderstandEscapes() {
    RespCommand cmd = parse("ECHO \"\\n\\r\\t\\b\\a\\\\\\\"\\q\"\n").get(0);
    assertArrayEquals(new byte[] {'\n', '\r', '\t', '\b', 7, '\\', '"', 'q'}, cmd.arg(1));
  }

  @Test
  void doubleQuotesUnderstandHexEscapes() {
    RespCommand cmd = parse("ECHO \"\\x00\\xfF\\x41\"\n").get(0);
    assertArrayEquals(new byte[] {0, (byte) 0xff, 'A'}, cmd.arg(1));
  }

  @Test
  void invalidHexEscapeIsTheLetterItself() {
    assertEquals("xZZ", parse("ECHO \"\\xZZ\"\n").get(0).argString(1));
  }

  @Test
  void singleQuotesUnderstandOnlyEscapedQuote() {
    assertEquals("it's \\n", parse("ECHO 'it\\'s \\n'\n").get(0).argString(1));
  }

  @Test
  void quoteInsideAnArgumentStartsQuoting() {
    assertEquals(List.of(RespCommand.of("ab c", "d")), parse("a\"b c\" d\n"));
  }

  @Test
  void nulByteEndsTheLine() {
    assertEquals(List.of(RespCommand.of("GET", "a")), parse("GET a\u0000b c\n"));
  }

  @Test
  void utf8PassesThroughUnquoted() {
    byte[] line = "ECHO héllo\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals("héllo", new Recorder().feed(line).commands.get(0).argString(1));
  }

  @Test
  void unterminatedDoubleQuoteIsUnbalanced() {
    assertEquals("Protocol error: unbalanced quotes in request", error("SET \"abc\r\n"));
  }

  @Test
  void unterminatedSingleQuoteIsUnbalanced() {
    assertEquals("Protocol error: unbalanced quotes in request", error("SET 'abc\n"));
  }

  @Test
  void closingQuoteFollowedByTextIsUnbalanced() {
    assertEquals("Protocol error: unbalanced quotes in request", error("SET \"a\"b\n"));
  }

  @Test
  void backslashAtEndOfQuotedArgumentIsUnbalanced() {
    assertEquals("Protocol error: unbalanced quotes in request", error("SET \"a\\\n"));
  }

  @Test
  void commandsBeforeABadLineAreDelivered() {
    Recorder r = new Recorder().feed("PING\r\nSET \"x\r\nPING\r\n");
    assertEquals(List.of(RespCommand.of("PING")), r.commands);
    assertEquals("Protocol error: unbalanced quotes in request", r.singleError());
  }
}
