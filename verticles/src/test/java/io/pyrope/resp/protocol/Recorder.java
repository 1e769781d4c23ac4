package io.pyrope.resp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test handler: records commands and errors in order, and feeds byte streams in various splits. */
final class Recorder implements RespRequestHandler {

  final List<RespCommand> commands = new ArrayList<>();
  final List<String> errors = new ArrayList<>();
  /** True if anything was delivered after the first protocol error. */
  boolean deliveredAfterError;
  final RespRequestParser parser;

  Recorder(RespLimits limits) {
    parser = new RespRequestParser(limits, this);
  }

  Recorder() {
    this(RespLimits.DEFAULT);
  }

  @Override
  public void onCommand(RespCommand cmd) {
    deliveredAfterError |= !errors.isEmpty();
    commands.add(cmd);
  }

  @Override
  public void onProtocolError(String message) {
    deliveredAfterError |= !errors.isEmpty();
    errors.add(message);
  }

  Recorder feed(byte[] bytes) {
    parser.feed(Buffer.buffer(bytes));
    return this;
  }

  Recorder feed(String ascii) {
    return feed(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  Recorder feedBytewise(byte[] bytes) {
    for (byte b : bytes) {
      parser.feed(Buffer.buffer(new byte[] {b}));
    }
    return this;
  }

  Recorder feedChunks(byte[] bytes, int chunk) {
    for (int i = 0; i < bytes.length; i += chunk) {
      parser.feed(Buffer.buffer().appendBytes(bytes, i, Math.min(chunk, bytes.length - i)));
    }
    return this;
  }

  /** Feeds {@code bytes} in random pieces (including empty ones) drawn from {@code random}. */
  Recorder feedRandomSplits(byte[] bytes, Random random) {
    int i = 0;
    while (i < bytes.length) {
      int n = Math.min(bytes.length - i, random.nextInt(random.nextBoolean() ? 4 : 64));
      parser.feed(Buffer.buffer().appendBytes(bytes, i, n));
      i += n;
    }
    return this;
  }

  /** The only protocol error, asserting it is the single, last event. */
  String singleError() {
    assertEquals(1, errors.size(), () -> "errors: " + errors);
    assertFalse(deliveredAfterError, "something was delivered after the protocol error");
    assertTrue(parser.failed());
    return errors.get(0);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A multibulk request of the given arguments. */
  static byte[] multibulk(byte[]... args) {
    Buffer b = Buffer.buffer().appendString("*" + args.length + "\r\n");
    for (byte[] a : args) {
      b.appendString("$" + a.length + "\r\n").appendBytes(a).appendString("\r\n");
    }
    return b.getBytes();
  }

  static byte[] multibulk(String... args) {
    byte[][] bytes = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return multibulk(bytes);
  }
}
