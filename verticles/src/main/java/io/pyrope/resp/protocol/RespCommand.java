package io.pyrope.resp.protocol;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * One parsed request: at least one argument, each a binary-safe {@code byte[]}; argument 0 is the
 * command name.
 *
 * <p>Built once per request on the event loop, so construction only stores the array the parser
 * filled; the upper-cased name is computed on first use. For speed the argument arrays are shared,
 * not copied: treat them as read-only.
 *
 * <p>Threading: immutable apart from the lazily cached name, whose computation is idempotent, so
 * an instance may be handed to another thread (a worker, the event bus) without copying.
 */
public final class RespCommand {

  /** Redis's reply when an argument that must be an integer is not. */
  static final String NOT_AN_INTEGER = "value is not an integer or out of range";

  private final byte[][] args; // never empty; owned by this command
  private String name;         // args[0] upper-cased, cached on first name()

  /** Takes ownership of {@code args}: the parser's path, no copy. */
  RespCommand(byte[][] args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("a command has at least its name");
    }
    this.args = args;
  }

  /** A command from binary arguments (copied), e.g. for tests or internal dispatch. */
  public static RespCommand of(byte[]... args) {
    byte[][] copy = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      copy[i] = args[i].clone();
    }
    return new RespCommand(copy);
  }

  /** A command from text arguments, encoded as UTF-8. */
  public static RespCommand of(String... args) {
    byte[][] bytes = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return new RespCommand(bytes);
  }

  /** Number of arguments including the command name (Redis's {@code argc}). */
  public int argCount() {
    return args.length;
  }

  /** Argument {@code i} (0 is the name). Shared, not a copy: do not modify. */
  public byte[] arg(int i) {
    return args[i];
  }

  /** The command name upper-cased (locale-independent), for a case-insensitive registry lookup. */
  public String name() {
    String n = name;
    if (n == null) {
      n = new String(args[0], StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
      name = n;
    }
    return n;
  }

  /**
   * Sets the name {@link #name()} returns, once a command table matched argument 0 against it
   * ignoring ASCII case: the table's constant, so no string is built for the name per request.
   */
  public void resolvedName(String upperName) {
    this.name = upperName;
  }

  /** Argument {@code i} decoded as UTF-8 (malformed bytes become U+FFFD). */
  public String argString(int i) {
    return new String(args[i], StandardCharsets.UTF_8);
  }

  /**
   * Argument {@code i} as a 64-bit integer with Redis's strict rules (no '+', no leading zeros, no
   * blanks).
   *
   * @throws VecException {@link ErrorCode#ERR} "value is not an integer or out of range", Redis's
   *     own text, so the caller can reply {@link VecException#toRespError()} as is
   */
  public long argLong(int i) {
    byte[] a = args[i];
    long v = RespNumbers.parseLong(a, 0, a.length);
    if (v == RespNumbers.INVALID && !RespNumbers.isMinLong(a)) {
      throw new VecException(ErrorCode.ERR, NOT_AN_INTEGER);
    }
    return v;
  }

  /** True when argument {@code i} equals {@code ascii} ignoring ASCII case (option keywords). */
  public boolean argIs(int i, String ascii) {
    byte[] a = args[i];
    if (a.length != ascii.length()) {
      return false;
    }
    for (int k = 0; k < a.length; k++) {
      int c = ascii.charAt(k);
      if (a[k] != c && ((a[k] | 0x20) != (c | 0x20) || !isLetter(c))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLetter(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RespCommand c && Arrays.deepEquals(args, c.args);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(args);
  }

  /** The arguments as text, quoted, for logs and test failures. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("RespCommand[");
    for (int i = 0; i < args.length; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append('"');
      for (byte b : args[i]) {
        int c = b & 0xff;
        if (c == '"' || c == '\\') {
          sb.append('\\').append((char) c);
        } else if (c >= 0x20 && c < 0x7f) {
          sb.append((char) c);
        } else {
          sb.append(String.format("\\x%02x", c));
        }
      }
      sb.append('"');
    }
    return sb.append(']').toString();
  }
}
