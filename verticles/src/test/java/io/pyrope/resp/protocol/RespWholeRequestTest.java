package io.pyrope.resp.protocol;

import static io.pyrope.resp.protocol.Recorder.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parser's whole-request fast path (a complete multibulk inside one read) must give exactly
 * what the byte-at-a-time state machine gives — the same commands, the same error text at the same
 * point — on the inputs at its edges: where it must hand over to the state machine.
 */
class RespWholeRequestTest {

  /** Small limits, so that the limit checks of the fast path are reachable with short inputs. */
  private static final RespLimits SMALL = new RespLimits(8, 5, 64, RespLimits.REQUEST_NESTING, 12, true);

  static Stream<Arguments> inputs() {
    return Stream.of(
        Arguments.of("two pipelined", ascii("*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n"), RespLimits.DEFAULT),
        Arguments.of("empty argument", ascii("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n"), RespLimits.DEFAULT),
        Arguments.of("ten-byte argument", ascii("*2\r\n$4\r\nECHO\r\n$10\r\n0123456789\r\n"), RespLimits.DEFAULT),
        Arguments.of("CRLF inside a bulk", ascii("*2\r\n$4\r\nECHO\r\n$4\r\n\r\n\r\n\r\n"), RespLimits.DEFAULT),
        Arguments.of("64 arguments (fast path's most)", request(64), RespLimits.DEFAULT),
        Arguments.of("65 arguments (state machine)", request(65), RespLimits.DEFAULT),
        Arguments.of("*0 is ignored", ascii("*0\r\n*1\r\n$4\r\nPING\r\n"), RespLimits.DEFAULT),
        Arguments.of("*-1 is ignored", ascii("*-1\r\n*1\r\n$4\r\nPING\r\n"), RespLimits.DEFAULT),
        Arguments.of("leading zero in count", ascii("*01\r\n$4\r\nPING\r\n"), RespLimits.DEFAULT),
        Arguments.of("leading zero in length", ascii("*1\r\n$04\r\nPING\r\n"), RespLimits.DEFAULT),
        Arguments.of("plus sign in length", ascii("*1\r\n$+4\r\nPING\r\n"), RespLimits.DEFAULT),
        Arguments.of("negative length", ascii("*1\r\n$-1\r\n"), RespLimits.DEFAULT),
        Arguments.of("length longer than the data", ascii("*1\r\n$5\r\nPING\r\n*1\r\n$4\r\nPING\r\n"),
            RespLimits.DEFAULT),
        Arguments.of("length shorter than the data", ascii("*1\r\n$3\r\nPING\r\n"), RespLimits.DEFAULT),
        Arguments.of("CR without LF after count", ascii("*1\rx$4\r\nPING\r\n"), RespLimits.DEFAULT),
        Arguments.of("missing $", ascii("*2\r\n$4\r\nECHO\r\n:4\r\nPING\r\n"), RespLimits.DEFAULT),
        Arguments.of("ten-digit count", ascii("*1000000000\r\n"), RespLimits.DEFAULT),
        Arguments.of("ten-digit length", ascii("*1\r\n$1000000000\r\n"), RespLimits.DEFAULT),
        Arguments.of("incomplete tail", ascii("*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nh"), RespLimits.DEFAULT),
        Arguments.of("over max args", request(6), SMALL),
        Arguments.of("at max args", request(5), SMALL),
        Arguments.of("over max bulk", ascii("*1\r\n$9\r\n123456789\r\n"), SMALL),
        Arguments.of("over max request bytes", ascii("*2\r\n$7\r\n1234567\r\n$6\r\n123456\r\n"), SMALL),
        Arguments.of("at max request bytes", ascii("*2\r\n$6\r\n123456\r\n$6\r\n123456\r\n"), SMALL),
        Arguments.of("unauthenticated count", request(11), RespLimits.UNAUTHENTICATED),
        Arguments.of("inline after multibulk", ascii("*1\r\n$4\r\nPING\r\nPING\r\n"), RespLimits.DEFAULT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void wholeReadsParseAsTheStateMachineDoes(String name, byte[] input, RespLimits limits) {
    Recorder reference = new Recorder(limits).feedBytewise(input); // one byte per read: never the fast path
    Recorder whole = new Recorder(limits).feed(input);
    assertEquals(reference.commands, whole.commands, "commands");
    assertEquals(reference.errors, whole.errors, "errors");
    assertEquals(reference.parser.failed(), whole.parser.failed(), "failed");
    assertEquals(reference.parser.pendingBytes(), whole.parser.pendingBytes(), "bytes held for the next read");
  }

  /** {@code ECHO a a …} with {@code argc} arguments in all. */
  private static byte[] request(int argc) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("*" + argc + "\r\n$4\r\nECHO\r\n").getBytes(StandardCharsets.US_ASCII));
    for (int i = 1; i < argc; i++) {
      out.writeBytes("$1\r\na\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }
}
