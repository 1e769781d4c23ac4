package io.pyrope.resp.protocol;

import static io.pyrope.resp.protocol.Recorder.ascii;
import static io.pyrope.resp.protocol.Recorder.multibulk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Valid input: the same commands however the bytes are split into chunks. */
class RespRequestParserFramingTest {

  private static final long SEED = 0x5eed_2e5bL;

  /** Valid frames and the commands each must produce. */
  static Stream<Arguments> frames() {
    byte[] binary = {'a', '\r', '\n', 0, (byte) 0xff, '\r', '\n', 'z'};
    return Stream.of(
        Arguments.of("ping", ascii("*1\r\n$4\r\nPING\r\n"), List.of(RespCommand.of("PING"))),
        Arguments.of("set with empty value", ascii("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n"),
            List.of(RespCommand.of("SET", "k", ""))),
        Arguments.of("binary bulk", multibulk("ECHO".getBytes(), binary),
            List.of(RespCommand.of("ECHO".getBytes(), binary))),
        Arguments.of("unicode bulk", multibulk("ECHO", "héllo ✓ 日本"),
            List.of(RespCommand.of("ECHO", "héllo ✓ 日本"))),
        Arguments.of("inline crlf", ascii("PING\r\n"), List.of(RespCommand.of("PING"))),
        Arguments.of("inline lf", ascii("SET k v\n"), List.of(RespCommand.of("SET", "k", "v"))),
        Arguments.of("inline quoted", ascii("SET \"a b\" 'c d'\r\n"),
            List.of(RespCommand.of("SET", "a b", "c d"))),
        Arguments.of("zero count ignored", ascii("*0\r\n*1\r\n$1\r\nA\r\n"), List.of(RespCommand.of("A"))),
        Arguments.of("null count ignored", ascii("*-1\r\n*1\r\n$1\r\nB\r\n"), List.of(RespCommand.of("B"))),
        Arguments.of("blank lines ignored", ascii("\r\n\n  \t\r\nPING\r\n"), List.of(RespCommand.of("PING"))),
        Arguments.of("mixed pipeline", ascii("PING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\nQUIT\n"),
            List.of(RespCommand.of("PING"), RespCommand.of("ECHO", "hi"), RespCommand.of("QUIT"))),
        Arguments.of("dollar starts inline", ascii("$3 x\r\n"), List.of(RespCommand.of("$3", "x"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("frames")
  void frameFedWholeGivesItsCommands(String name, byte[] frame, List<RespCommand> expected) {
    Recorder r = new Recorder().feed(frame);
    assertEquals(expected, r.commands);
    assertTrue(r.errors.isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("frames")
  void frameFedOneByteAtATimeGivesItsCommands(String name, byte[] frame, List<RespCommand> expected) {
    Recorder r = new Recorder().feedBytewise(frame);
    assertEquals(expected, r.commands);
    assertTrue(r.errors.isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("frames")
  void frameFedInRandomSplitsGivesItsCommands(String name, byte[] frame, List<RespCommand> expected) {
    Random random = new Random(SEED);
    for (int i = 0; i < 500; i++) {
      Recorder r = new Recorder().feedRandomSplits(frame, random);
      assertEquals(expected, r.commands, "iteration " + i);
      assertTrue(r.errors.isEmpty());
    }
  }

  @Test
  void allFramesConcatenatedSurviveRandomSplits() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    List<RespCommand> expected = new ArrayList<>();
    frames().forEach(a -> {
      all.writeBytes((byte[]) a.get()[1]);
      @SuppressWarnings("unchecked")
      List<RespCommand> cmds = (List<RespCommand>) a.get()[2];
      expected.addAll(cmds);
    });
    Random random = new Random(SEED);
    for (int i = 0; i < 500; i++) {
      assertEquals(expected, new Recorder().feedRandomSplits(all.toByteArray(), random).commands);
    }
  }

  @Test
  void manyPipelinedCommandsInOneBufferArriveInOrder() {
    Buffer pipeline = Buffer.buffer();
    List<RespCommand> expected = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      String key = "key:" + i;
      if (i % 3 == 0) {
        pipeline.appendString("GET " + key + "\r\n");
      } else {
        pipeline.appendBytes(multibulk("SET", key, "v" + i));
      }
      expected.add(i % 3 == 0 ? RespCommand.of("GET", key) : RespCommand.of("SET", key, "v" + i));
    }
    Recorder r = new Recorder();
    r.parser.feed(pipeline);
    assertEquals(expected, r.commands);
    assertEquals(0, r.parser.pendingBytes());
  }

  @Test
  void bulkKeepsCrLfAndNulBytes() {
    byte[] payload = new byte[256];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) i;
    }
    payload[10] = '\r';
    payload[11] = '\n';
    Recorder r = new Recorder().feedBytewise(multibulk("VADD".getBytes(), payload));
    assertArrayEquals(payload, r.commands.get(0).arg(1));
  }

  @Test
  void severalMiBBulkOneByteAtATimeIsLinear() {
    byte[] payload = pattern(4 * 1024 * 1024);
    byte[] frame = multibulk("SET".getBytes(), "k".getBytes(), payload);
    // Quadratic rescanning would take hours here; linear parsing takes well under a second.
    Recorder r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> new Recorder().feedBytewise(frame));
    assertArrayEquals(payload, r.commands.get(0).arg(2));
  }

  @Test
  void severalMiBBulkIn1000ByteChunksIsLinear() {
    byte[] payload = pattern(16 * 1024 * 1024);
    byte[] frame = multibulk("SET".getBytes(), "k".getBytes(), payload);
    Recorder r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> new Recorder().feedChunks(frame, 1000));
    assertArrayEquals(payload, r.commands.get(0).arg(2));
  }

  @Test
  void partialRequestHoldsOnlyItsOwnBytes() {
    Recorder r = new Recorder().feed("*2\r\n$3\r\nGET\r\n$10\r\nabcd");
    assertEquals(3 + 4, r.parser.pendingBytes());
    r.feed("efghij\r\n");
    assertEquals(1, r.commands.size());
    assertEquals(0, r.parser.pendingBytes());
  }

  @Test
  void lineBufferShrinksAfterALongInlineLine() {
    Recorder r = new Recorder().feed("ECHO " + "x".repeat(50_000) + "\r\n");
    assertEquals(1, r.commands.size());
    assertEquals(RespRequestParser.LINE_INITIAL, r.parser.lineCapacity());
  }

  @Test
  void emptyChunkChangesNothing() {
    Recorder r = new Recorder().feed("*1\r\n$4\r\nPI");
    r.parser.feed(Buffer.buffer());
    r.feed("NG\r\n");
    assertEquals(List.of(RespCommand.of("PING")), r.commands);
  }

  @Test
  void handlerCanRaiseLimitsForTheNextPipelinedRequest() {
    List<RespCommand> seen = new ArrayList<>();
    RespRequestParser[] parser = new RespRequestParser[1];
    parser[0] = new RespRequestParser(RespLimits.UNAUTHENTICATED, new RespRequestHandler() {
      @Override
      public void onCommand(RespCommand cmd) {
        seen.add(cmd);
        if (cmd.name().equals("AUTH")) {
          parser[0].limits(RespLimits.DEFAULT);
        }
      }

      @Override
      public void onProtocolError(String message) {
        throw new AssertionError(message);
      }
    });
    String[] many = new String[20];
    java.util.Arrays.fill(many, "a");
    parser[0].feed(Buffer.buffer().appendString("AUTH secret\r\n").appendBytes(multibulk(many)));
    assertEquals(2, seen.size());
    assertEquals(20, seen.get(1).argCount());
  }

  @Test
  void feedFromInsideAHandlerIsRejected() {
    RespRequestParser[] parser = new RespRequestParser[1];
    parser[0] = new RespRequestParser(RespLimits.DEFAULT, new RespRequestHandler() {
      @Override
      public void onCommand(RespCommand cmd) {
        parser[0].feed(Buffer.buffer("PING\r\n"));
      }

      @Override
      public void onProtocolError(String message) {}
    });
    assertThrows(IllegalStateException.class, () -> parser[0].feed(Buffer.buffer("PING\r\n")));
    assertTrue(parser[0].failed());
  }

  @Test
  void handlerExceptionFailsTheParserAndPropagates() {
    List<RespCommand> seen = new ArrayList<>();
    RespRequestParser parser = new RespRequestParser(RespLimits.DEFAULT, new RespRequestHandler() {
      @Override
      public void onCommand(RespCommand cmd) {
        seen.add(cmd);
        throw new IllegalArgumentException("boom");
      }

      @Override
      public void onProtocolError(String message) {}
    });
    assertThrows(IllegalArgumentException.class, () -> parser.feed(Buffer.buffer("A\r\nB\r\n")));
    assertTrue(parser.failed());
    parser.feed(Buffer.buffer("C\r\n"));
    assertEquals(1, seen.size());
  }

  private static byte[] pattern(int n) {
    byte[] b = new byte[n];
    new Random(SEED).nextBytes(b);
    return b;
  }
}
