package io.pyrope.ai.sim;

/** Byte sizes as the CLI writes them: 1048576, 512k, 4m, 1g (binary multiples). */
public final class Sizes {
  private Sizes() {}

  /** Parses a size with an optional k/m/g suffix (case-insensitive); throws with the accepted forms. */
  public static long parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    long mult = 1;
    if (!t.isEmpty()) {
      char last = t.charAt(t.length() - 1);
      mult = switch (last) {
        case 'k' -> 1L << 10;
        case 'm' -> 1L << 20;
        case 'g' -> 1L << 30;
        default -> 1;
      };
      if (mult > 1) {
        t = t.substring(0, t.length() - 1);
      }
    }
    long n;
    try {
      n = Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a size: expected a positive integer with an optional"
          + " k, m or g suffix (e.g. 65536, 512k, 4m, 1g)");
    }
    if (n <= 0 || n > Long.MAX_VALUE / mult) {
      throw new IllegalArgumentException("'" + text + "' is out of range: a size must be positive and below 8 EiB");
    }
    return n * mult;
  }

  /** The shortest exact form: 4m rather than 4194304; plain bytes when not a whole multiple. */
  public static String format(long bytes) {
    if (bytes % (1L << 30) == 0) {
      return bytes / (1L << 30) + "g";
    }
    if (bytes % (1L << 20) == 0) {
      return bytes / (1L << 20) + "m";
    }
    if (bytes % (1L << 10) == 0) {
      return bytes / (1L << 10) + "k";
    }
    return Long.toString(bytes);
  }
}
