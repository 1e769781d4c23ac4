package io.pyrope.resp.command.vec;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.resp.protocol.RespCommand;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Argument parsing shared by the VEC.* commands: a cursor over a command's arguments whose
 * failures are {@code VEC_ERR_SYNTAX} errors naming the argument and what was expected.
 * Semantic checks (dimension, NaN, limits) belong to the engine, which knows the index.
 *
 * <p>Vectors come in three forms: {@code VECTOR <blob>} of little-endian fp32 (fast),
 * {@code VECTOR [x1, x2, …]} as a JSON array, or {@code VALUES n x1 … xn}.
 */
final class VecArgs {
  /** Most values in one JSON or VALUES vector, before the engine's own dimension check. */
  static final int MAX_VECTOR_VALUES = 65_536;

  private final RespCommand cmd;
  private int pos;

  VecArgs(RespCommand cmd, int start) {
    this.cmd = cmd;
    this.pos = start;
  }

  boolean hasNext() {
    return pos < cmd.argCount();
  }

  int position() {
    return pos;
  }

  /** True when the next argument is {@code keyword} (case-insensitive); does not consume it. */
  boolean peekIs(String keyword) {
    return hasNext() && cmd.argIs(pos, keyword);
  }

  /** True when the argument after the next one is {@code keyword}. */
  boolean peekSecondIs(String keyword) {
    return pos + 1 < cmd.argCount() && cmd.argIs(pos + 1, keyword);
  }

  String next(String what) {
    if (!hasNext()) {
      throw syntax("missing " + what);
    }
    return cmd.argString(pos++);
  }

  byte[] nextBytes(String what) {
    if (!hasNext()) {
      throw syntax("missing " + what);
    }
    return cmd.arg(pos++);
  }

  /** The next argument as upper-case keyword. */
  String keyword() {
    return next("keyword").toUpperCase(Locale.ROOT);
  }

  void expect(String keyword) {
    if (!hasNext()) {
      throw syntax("expected " + keyword + " but the command ended");
    }
    if (!cmd.argIs(pos, keyword)) {
      throw syntax("expected " + keyword + " but got '" + printable(cmd.argString(pos)) + "'");
    }
    pos++;
  }

  int nextInt(String what, int min, int max) {
    String s = next(what);
    long v;
    try {
      v = Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw syntax(what + " must be an integer, got '" + printable(s) + "'");
    }
    if (v < min || v > max) {
      throw new VecException(v > max ? ErrorCode.VEC_ERR_LIMIT : ErrorCode.VEC_ERR_SYNTAX,
          what + " must be from " + min + " to " + max + ", got " + v);
    }
    return (int) v;
  }

  /** {@code VECTOR blob|json} or {@code VALUES n x…}, the keyword included. */
  float[] vector() {
    String kw = keyword();
    if (kw.equals("VECTOR")) {
      return parseVector(nextBytes("vector after VECTOR"));
    }
    if (kw.equals("VALUES")) {
      int n = nextInt("VALUES count", 1, MAX_VECTOR_VALUES);
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        String s = next("value " + (i + 1) + " of " + n + " after VALUES");
        v[i] = parseFloat(s, i);
      }
      return v;
    }
    throw syntax("expected VECTOR or VALUES but got '" + printable(kw) + "'");
  }

  /**
   * {@code VECTOR blob|json} or {@code VALUES n x…}, the keyword included, without parsing a
   * VECTOR argument: its bytes as sent, for the cache's exact key. VALUES are parsed (they are
   * separate arguments) and also given as fp32 bytes.
   */
  VectorArg rawVector() {
    String kw = keyword();
    if (kw.equals("VECTOR")) {
      byte[] b = nextBytes("vector after VECTOR");
      if (b.length == 0) {
        throw syntax("the vector is empty");
      }
      return new VectorArg(b, null);
    }
    pos--;
    float[] v = vector();
    ByteBuffer bb = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bb.asFloatBuffer().put(v);
    return new VectorArg(bb.array(), v);
  }

  /**
   * A query vector as it came: {@code bytes} is the VECTOR argument (blob or JSON text), or the
   * fp32 bytes of VALUES, in which case {@code values} holds the floats.
   */
  record VectorArg(byte[] bytes, float[] values) {
    /** The floats, parsing a VECTOR argument. */
    float[] floats() {
      return values != null ? values : parseVector(bytes);
    }
  }

  /** {@code k=v,k=v} into an ordered map of numbers. */
  Map<String, Double> numericFields(String what) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String pair : next(what).split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw syntax(what + " entries look like name=number, got '" + printable(pair) + "'");
      }
      String v = pair.substring(eq + 1).trim();
      try {
        out.put(pair.substring(0, eq).trim(), Double.parseDouble(v));
      } catch (NumberFormatException e) {
        throw syntax(what + " value of '" + printable(pair.substring(0, eq)) + "' is not a number: '"
            + printable(v) + "'");
      }
    }
    return out;
  }

  /** {@code a,b,c} into a list, blanks dropped. */
  List<String> commaList(String what) {
    List<String> out = new ArrayList<>();
    for (String t : next(what).split(",")) {
      String s = t.trim();
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * A vector argument: a JSON array when it looks like one (starts with '[' and is printable
   * ASCII), else little-endian fp32. A real fp32 blob is practically never printable ASCII
   * from end to end, so the guess is safe; a blob whose length is not a multiple of 4 is refused.
   */
  static float[] parseVector(byte[] b) {
    if (b.length == 0) {
      throw syntax("the vector is empty");
    }
    if (b[0] == '[' && printableAscii(b)) {
      return parseJsonArray(new String(b, StandardCharsets.US_ASCII));
    }
    if (b.length % Float.BYTES != 0) {
      throw syntax("the vector blob has " + b.length + " bytes, not a whole number of fp32 values (4 bytes each)");
    }
    float[] v = new float[b.length / Float.BYTES];
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }

  private static float[] parseJsonArray(String s) {
    String body = s.trim();
    if (!body.endsWith("]")) {
      throw syntax("the JSON vector does not end with ']'");
    }
    body = body.substring(1, body.length() - 1).trim();
    if (body.isEmpty()) {
      throw syntax("the vector is empty");
    }
    String[] parts = body.split(",", -1);
    if (parts.length > MAX_VECTOR_VALUES) {
      throw new VecException(ErrorCode.VEC_ERR_LIMIT, "the vector has " + parts.length + " values, limit "
          + MAX_VECTOR_VALUES);
    }
    float[] v = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      v[i] = parseFloat(parts[i].trim(), i);
    }
    return v;
  }

  private static float parseFloat(String s, int index) {
    // Float.parseFloat also takes "NaN", "Infinity" and hex; JSON numbers are a subset of what
    // it takes, and the engine rejects non-finite values with the component's position.
    if (s.isEmpty() || !(Character.isDigit(s.charAt(0)) || s.charAt(0) == '-' || s.charAt(0) == '.'
        || s.charAt(0) == '+' || s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("inf")
        || s.equalsIgnoreCase("-inf"))) {
      throw syntax("vector value " + index + " is not a number: '" + printable(s) + "'");
    }
    try {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "inf" -> Float.POSITIVE_INFINITY;
        case "-inf" -> Float.NEGATIVE_INFINITY;
        default -> Float.parseFloat(s);
      };
    } catch (NumberFormatException e) {
      throw syntax("vector value " + index + " is not a number: '" + printable(s) + "'");
    }
  }

  private static boolean printableAscii(byte[] b) {
    for (byte x : b) {
      if ((x < 0x20 || x > 0x7e) && x != '\t' && x != '\n' && x != '\r') {
        return false;
      }
    }
    return true;
  }

  /** True when the next argument looks like a {@code name=value} search parameter. */
  boolean peekIsParam() {
    return hasNext() && cmd.argString(pos).indexOf('=') > 0;
  }

  /** A positive integer parameter value ({@code nprobe=16}). */
  static int parseParam(String name, String value, int max) {
    long v;
    try {
      v = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw syntax(name + " must be an integer, got '" + printable(value) + "'");
    }
    if (v < 1 || v > max) {
      throw syntax(name + " must be from 1 to " + max + ", got " + v);
    }
    return (int) v;
  }

  static VecException syntax(String message) {
    return new VecException(ErrorCode.VEC_ERR_SYNTAX, message);
  }

  static String printable(String s) {
    String t = s.length() > 64 ? s.substring(0, 64) + "…" : s;
    return t.replaceAll("[\\p{Cntrl}]", "?");
  }
}
