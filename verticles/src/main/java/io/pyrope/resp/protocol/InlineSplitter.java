package io.pyrope.resp.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits one inline request line into arguments with the rules of Redis's {@code sdssplitargs}
 * (sds.c), which is what {@code processInlineBuffer} uses, so {@code redis-cli}-style and telnet
 * input behaves the same here:
 *
 * <ul>
 *   <li>blanks (C {@code isspace}: space, \t, \n, \v, \f, \r) separate arguments; an unquoted
 *       argument ends only at space, \t, \n, \r (not \v or \f, a quirk kept on purpose);
 *   <li>{@code "..."} understands \n \r \t \b \a, {@code \xHH} and backslash-anything (the
 *       character itself); {@code '...'} understands only {@code \'};
 *   <li>a quote may start in the middle of an argument ({@code a"b c"} is {@code ab c}), but a
 *       closing quote must be followed by a blank or the end of the line;
 *   <li>a NUL byte ends the line, as it ends the C string Redis scans.
 * </ul>
 */
final class InlineSplitter {

  private InlineSplitter() {}

  /** The arguments of {@code line[0, len)}, empty for a blank line, or null for unbalanced quotes. */
  static byte[][] split(byte[] line, int len) {
    for (int k = 0; k < len; k++) {
      if (line[k] == 0) {
        len = k;
        break;
      }
    }
    List<byte[]> args = new ArrayList<>();
    byte[] cur = new byte[len]; // an argument is never longer than its line
    int p = 0;
    while (true) {
      while (p < len && isSpace(line[p] & 0xff)) {
        p++;
      }
      if (p == len) {
        return args.toArray(new byte[0][]);
      }
      int n = 0;
      boolean inDouble = false;
      boolean inSingle = false;
      boolean done = false;
      while (!done) {
        int c = p < len ? line[p] & 0xff : -1; // -1 plays the C string's terminating NUL
        if (inDouble) {
          if (c == '\\' && at(line, len, p + 1) == 'x'
              && isHex(at(line, len, p + 2)) && isHex(at(line, len, p + 3))) {
            cur[n++] = (byte) (hex(line[p + 2]) * 16 + hex(line[p + 3]));
            p += 3;
          } else if (c == '\\' && p + 1 < len) {
            p++;
            cur[n++] = unescape(line[p]);
          } else if (c == '"') {
            if (p + 1 < len && !isSpace(line[p + 1] & 0xff)) {
              return null;
            }
            done = true;
          } else if (c == -1) {
            return null;
          } else {
            cur[n++] = (byte) c;
          }
        } else if (inSingle) {
          if (c == '\\' && at(line, len, p + 1) == '\'') {
            p++;
            cur[n++] = '\'';
          } else if (c == '\'') {
            if (p + 1 < len && !isSpace(line[p + 1] & 0xff)) {
              return null;
            }
            done = true;
          } else if (c == -1) {
            return null;
          } else {
            cur[n++] = (byte) c;
          }
        } else {
          switch (c) {
            case ' ', '\n', '\r', '\t', -1 -> done = true;
            case '"' -> inDouble = true;
            case '\'' -> inSingle = true;
            default -> cur[n++] = (byte) c;
          }
        }
        if (p < len) {
          p++;
        }
      }
      args.add(Arrays.copyOf(cur, n));
    }
  }

  private static int at(byte[] line, int len, int i) {
    return i < len ? line[i] & 0xff : -1;
  }

  private static byte unescape(byte c) {
    return switch (c) {
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'b' -> '\b';
      case 'a' -> 7;
      default -> c;
    };
  }

  /** C {@code isspace} in the "C" locale. */
  private static boolean isSpace(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static int hex(byte c) {
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
  }
}
