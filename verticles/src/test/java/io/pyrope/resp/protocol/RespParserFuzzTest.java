package io.pyrope.resp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random bytes never throw out of feed(), and at most one error arrives, last. */
class RespParserFuzzTest {

  private static final long SEED = 0xf022L;
  private static final byte[] ALPHABET = "*$\r\n0123456789-+: \"'\\xaZ\u0000".getBytes(
      java.nio.charset.StandardCharsets.ISO_8859_1);

  @Test
  void tenThousandRandomByteStringsNeverThrow() {
    Random random = new Random(SEED);
    for (int i = 0; i < 10_000; i++) {
      byte[] input = new byte[random.nextInt(200)];
      random.nextBytes(input);
      check(input, random);
    }
  }

  @Test
  void randomBytesStartingWithStarNeverThrow() {
    Random random = new Random(SEED + 1);
    for (int i = 0; i < 10_000; i++) {
      byte[] input = new byte[1 + random.nextInt(200)];
      random.nextBytes(input);
      input[0] = '*';
      check(input, random);
    }
  }

  @Test
  void randomProtocolLookingBytesNeverThrow() {
    // Mostly RESP punctuation and digits, so the parser gets deep into frames before failing.
    Random random = new Random(SEED + 2);
    for (int i = 0; i < 10_000; i++) {
      byte[] input = new byte[random.nextInt(100)];
      for (int k = 0; k < input.length; k++) {
        input[k] = ALPHABET[random.nextInt(ALPHABET.length)];
      }
      check(input, random);
    }
  }

  @Test
  void corruptedValidStreamsNeverThrow() {
    Random random = new Random(SEED + 3);
    byte[] valid = Recorder.multibulk("VADD", "idx", "v1", "\r\n\u0000binary", "SET a \"b\"");
    for (int i = 0; i < 10_000; i++) {
      byte[] input = valid.clone();
      for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
        input[random.nextInt(input.length)] = (byte) random.nextInt(256);
      }
      check(input, random);
    }
  }

  /** Whole and split feeding agree, at most one error, nothing after it. */
  private static void check(byte[] input, Random random) {
    Recorder whole = new Recorder().feed(input);
    Recorder split = new Recorder().feedRandomSplits(input, random);
    assertTrue(whole.errors.size() <= 1);
    assertFalse(whole.deliveredAfterError);
    assertEquals(whole.errors, split.errors);
    assertEquals(whole.commands, split.commands);
    assertEquals(!whole.errors.isEmpty(), whole.parser.failed());
  }
}
