package io.pyrope.resp.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Integer parsing with Redis's {@code string2ll} rules, shared by the parser (lengths) and
 * {@link RespCommand#argLong} (arguments), so "1", "-1" and "0" parse and "+1", "01", "-0",
 * " 1", "" and anything past 20 characters do not, exactly as in Redis.
 */
final class RespNumbers {

  /**
   * Returned for text that is not an integer. It is also the value of "-9223372036854775808",
   * which only {@link RespCommand#argLong} needs to tell apart (see {@link #isMinLong}); for
   * lengths any negative value is invalid anyway.
   */
  static final long INVALID = Long.MIN_VALUE;

  /** Redis's {@code LONG_STR_SIZE}: text this long or longer is never an integer. */
  private static final int LONG_STR_SIZE = 21;

  private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

  private RespNumbers() {}

  /** The integer in {@code b[off, off+len)}, or {@link #INVALID}. */
  static long parseLong(byte[] b, int off, int len) {
    if (len == 0 || len >= LONG_STR_SIZE) {
      return INVALID;
    }
    if (len == 1 && b[off] == '0') {
      return 0;
    }
    int i = off;
    int end = off + len;
    boolean negative = b[i] == '-';
    if (negative && ++i == end) {
      return INVALID;
    }
    if (b[i] < '1' || b[i] > '9') {
      // No leading zeros, no '+', no "-0".
      return INVALID;
    }
    // Accumulate negatively so Long.MIN_VALUE is reachable without overflow, as Long.parseLong does.
    long acc = 0;
    for (; i < end; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9 || acc < (Long.MIN_VALUE + d) / 10) {
        return INVALID;
      }
      acc = acc * 10 - d;
    }
    if (negative) {
      return acc;
    }
    return acc == Long.MIN_VALUE ? INVALID : -acc;
  }

  /** True when {@code b} is exactly "-9223372036854775808". */
  static boolean isMinLong(byte[] b) {
    return isMinLong(b, b.length);
  }

  /** True when {@code b[0, len)} is exactly "-9223372036854775808". */
  static boolean isMinLong(byte[] b, int len) {
    return Arrays.equals(b, 0, len, MIN_LONG, 0, MIN_LONG.length);
  }
}
