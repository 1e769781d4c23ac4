package io.pyrope.resp.protocol;

import io.pyrope.bus.VecException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A reply, as a typed value: commands return one of these and {@link RespEncoder} writes it for
 * the connection's protocol (RESP2 or RESP3), so no command glues protocol text together and
 * the RESP2 downgrade lives in one place.
 *
 * <p>Every value is immutable (aggregates copy their lists once), so shared constants and replies
 * built on a worker thread may cross to the event loop as they are. Byte-array components are
 * the exception: they are not copied, so do not modify them after building the value.
 */
public sealed interface RespValue {

  SimpleString OK = new SimpleString("OK");
  SimpleString PONG = new SimpleString("PONG");
  SimpleString QUEUED = new SimpleString("QUEUED");
  /** A missing value: {@code $-1} in RESP2, {@code _} in RESP3. */
  NullReply NULL = new NullReply(false);
  /** A missing aggregate: {@code *-1} in RESP2, {@code _} in RESP3. */
  NullReply NULL_ARRAY = new NullReply(true);
  IntegerReply ZERO = new IntegerReply(0);
  IntegerReply ONE = new IntegerReply(1);
  BooleanReply TRUE = new BooleanReply(true);
  BooleanReply FALSE = new BooleanReply(false);
  BulkString EMPTY_BULK = new BulkString(new byte[0]);
  ArrayReply EMPTY_ARRAY = new ArrayReply(List.of());
  MapReply EMPTY_MAP = new MapReply(List.of());
  SetReply EMPTY_SET = new SetReply(List.of());

  // Short factories, so command code reads as the reply it builds: RespValue.bulk("x").

  /** {@link SimpleString}; no CR or LF. */
  static SimpleString simple(String text) {
    return new SimpleString(text);
  }

  /** {@link ErrorReply} from a full line, code first ({@code "ERR syntax error"}); no CR or LF. */
  static ErrorReply error(String line) {
    return new ErrorReply(line);
  }

  /** {@link ErrorReply} for a typed error; safe for messages that quote client input. */
  static ErrorReply error(VecException e) {
    return ErrorReply.from(e);
  }

  static IntegerReply integer(long value) {
    return IntegerReply.of(value);
  }

  /** {@link BulkString} of the UTF-8 bytes of {@code text}. */
  static BulkString bulk(String text) {
    return BulkString.of(text);
  }

  /** {@link BulkString} of {@code bytes}, not copied. */
  static BulkString bulk(byte[] bytes) {
    return new BulkString(bytes);
  }

  static ArrayReply array(List<? extends RespValue> items) {
    return new ArrayReply(List.copyOf(items));
  }

  /** {@link MapReply} from a flat list key, value, key, value, ... */
  static MapReply map(List<? extends RespValue> keysAndValues) {
    return MapReply.of(keysAndValues.toArray(new RespValue[0]));
  }

  static SetReply set(List<? extends RespValue> items) {
    return new SetReply(List.copyOf(items));
  }

  static DoubleReply number(double value) {
    return new DoubleReply(value);
  }

  static BooleanReply bool(boolean value) {
    return BooleanReply.of(value);
  }

  /** {@link VerbatimString} of plain text ({@code txt}), as INFO replies. */
  static VerbatimString verbatim(String text) {
    return VerbatimString.txt(text);
  }

  /**
   * {@code value} encoded once for both protocols, for replies served many times (cached search
   * hits): the encoder copies the bytes instead of formatting the value again.
   */
  static Preencoded preencoded(RespValue value) {
    return new Preencoded(value, RespEncoder.encode(value, RespEncoder.RESP2).getBytes(),
        RespEncoder.encode(value, RespEncoder.RESP3).getBytes());
  }

  /**
   * A value with its RESP2 and RESP3 encodings made in advance ({@link #preencoded}). The arrays
   * are never modified after construction.
   */
  record Preencoded(RespValue value, byte[] resp2, byte[] resp3) implements RespValue {
    /** Bytes both encodings hold. */
    public int encodedBytes() {
      return resp2.length + resp3.length;
    }
  }

  /** {@code +text}: a short status with no CR or LF. */
  record SimpleString(String value) implements RespValue {
    public SimpleString {
      requireOneLine(value, "simple string");
    }
  }

  /**
   * {@code -line}: the full error line without the leading '-', code first
   * ({@code ERR unknown command 'FOO'}, {@code VEC_ERR_DIM expected 384 got 128}). No CR or LF.
   */
  record ErrorReply(String line) implements RespValue {
    public ErrorReply {
      requireOneLine(line, "error line");
      if (line.isEmpty()) {
        throw new IllegalArgumentException("error line is empty");
      }
    }

    /** {@code ERR <message>}, Redis's generic error, e.g. for a parser's protocol error. */
    public static ErrorReply err(String message) {
      return new ErrorReply("ERR " + message);
    }

    /**
     * The reply for a typed error. Its message may quote client input, so CR and LF become spaces
     * (as Redis's {@code addReplyErrorLength} does) instead of failing on the error path.
     */
    public static ErrorReply from(VecException e) {
      return new ErrorReply(e.toRespError().replace('\r', ' ').replace('\n', ' '));
    }

    /** The first word: {@code ERR}, {@code VEC_ERR_DIM}, ... */
    public String code() {
      int space = line.indexOf(' ');
      return space < 0 ? line : line.substring(0, space);
    }
  }

  /** {@code :n}. */
  record IntegerReply(long value) implements RespValue {
    public static IntegerReply of(long value) {
      return value == 0 ? ZERO : value == 1 ? ONE : new IntegerReply(value);
    }
  }

  /** {@code $len bytes}: binary-safe. The array is not copied. */
  record BulkString(byte[] bytes) implements RespValue {
    public BulkString {
      Objects.requireNonNull(bytes, "bytes");
    }

    /** The UTF-8 bytes of {@code text}. */
    public static BulkString of(String text) {
      return new BulkString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes decoded as UTF-8. */
    public String utf8() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BulkString b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "BulkString[" + new String(bytes, StandardCharsets.UTF_8) + "]";
    }
  }

  /**
   * Nothing. RESP3 has one null; RESP2 has two, and clients tell them apart, so {@code array}
   * records which one a RESP2 client gets ({@link #NULL} or {@link #NULL_ARRAY}).
   */
  record NullReply(boolean array) implements RespValue {}

  /** {@code *n}: an ordered list. */
  record ArrayReply(List<RespValue> items) implements RespValue {
    public ArrayReply {
      items = List.copyOf(items);
    }

    public static ArrayReply of(RespValue... items) {
      return new ArrayReply(List.of(items));
    }
  }

  /** RESP3 {@code %n}, ordered; a RESP2 client gets a flat array key, value, key, value, ... */
  record MapReply(List<Entry> entries) implements RespValue {
    /** One key and its value. */
    public record Entry(RespValue key, RespValue value) {
      public Entry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
      }
    }

    public MapReply {
      entries = List.copyOf(entries);
    }

    /** From alternating keys and values. */
    public static MapReply of(RespValue... keysAndValues) {
      if (keysAndValues.length % 2 != 0) {
        throw new IllegalArgumentException("a map needs as many keys as values");
      }
      List<Entry> entries = new ArrayList<>(keysAndValues.length / 2);
      for (int i = 0; i < keysAndValues.length; i += 2) {
        entries.add(new Entry(keysAndValues[i], keysAndValues[i + 1]));
      }
      return new MapReply(entries);
    }

    /** Text keys as bulk strings (as Redis writes them), in the map's iteration order. */
    public static MapReply fromMap(Map<String, ? extends RespValue> map) {
      List<Entry> entries = new ArrayList<>(map.size());
      map.forEach((k, v) -> entries.add(new Entry(BulkString.of(k), v)));
      return new MapReply(entries);
    }
  }

  /** RESP3 {@code ~n}; a RESP2 client gets an array. */
  record SetReply(List<RespValue> items) implements RespValue {
    public SetReply {
      items = List.copyOf(items);
    }

    public static SetReply of(RespValue... items) {
      return new SetReply(List.of(items));
    }
  }

  /** RESP3 {@code ,d}; a RESP2 client gets the same text as a bulk string. */
  record DoubleReply(double value) implements RespValue {}

  /** RESP3 {@code #t}/{@code #f}; a RESP2 client gets {@code :1}/{@code :0}. */
  record BooleanReply(boolean value) implements RespValue {
    public static BooleanReply of(boolean value) {
      return value ? TRUE : FALSE;
    }
  }

  /**
   * RESP3 {@code =len fmt:text}, e.g. INFO's {@code txt}; a RESP2 client gets the text alone as a
   * bulk string.
   */
  record VerbatimString(String format, String text) implements RespValue {
    public VerbatimString {
      if (format.length() != 3 || !format.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
        throw new IllegalArgumentException("verbatim format must be 3 printable ASCII characters: " + format);
      }
      Objects.requireNonNull(text, "text");
    }

    /** Plain text ({@code txt}). */
    public static VerbatimString txt(String text) {
      return new VerbatimString("txt", text);
    }
  }

  private static void requireOneLine(String s, String what) {
    Objects.requireNonNull(s, what);
    if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) {
      throw new IllegalArgumentException(what + " must not contain CR or LF: " + s);
    }
  }
}
