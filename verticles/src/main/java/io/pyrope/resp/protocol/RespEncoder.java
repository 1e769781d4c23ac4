package io.pyrope.resp.protocol;

import io.pyrope.resp.protocol.RespValue.ArrayReply;
import io.pyrope.resp.protocol.RespValue.BooleanReply;
import io.pyrope.resp.protocol.RespValue.BulkString;
import io.pyrope.resp.protocol.RespValue.DoubleReply;
import io.pyrope.resp.protocol.RespValue.ErrorReply;
import io.pyrope.resp.protocol.RespValue.IntegerReply;
import io.pyrope.resp.protocol.RespValue.MapReply;
import io.pyrope.resp.protocol.RespValue.NullReply;
import io.pyrope.resp.protocol.RespValue.SetReply;
import io.pyrope.resp.protocol.RespValue.SimpleString;
import io.pyrope.resp.protocol.RespValue.VerbatimString;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Writes {@link RespValue}s as RESP2 or RESP3 straight into a {@link Buffer}.
 *
 * <p>RESP2 gets Redis's downgrade: a map becomes a flat array of keys and values, a set an array,
 * null {@code $-1} (or {@code *-1} for {@link RespValue#NULL_ARRAY}), a double a bulk string of its
 * text, a boolean {@code :1}/{@code :0}, a verbatim string a bulk string of its text alone.
 *
 * <p>Allocation-light: integers are written digit by digit, and the {@code *n}/{@code $n} headers
 * for small n are pre-encoded once, like Redis's shared {@code mbulkhdr}/{@code bulkhdr} objects.
 * Stateless and thread-safe.
 */
public final class RespEncoder {

  /** RESP version 2, the default before {@code HELLO 3}. */
  public static final int RESP2 = 2;
  /** RESP version 3, after {@code HELLO 3}. */
  public static final int RESP3 = 3;

  /** Headers {@code *0..*n-1} and {@code $0..$n-1} are pre-encoded (covers vectors up to 128-d). */
  static final int SHARED_HEADERS = 512;

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL_BULK2 = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL_ARRAY2 = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRUE3 = "#t\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALSE3 = "#f\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ONE2 = ":1\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ZERO2 = ":0\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);
  private static final byte[][] ARRAY_HEADERS = headers('*');
  private static final byte[][] BULK_HEADERS = headers('$');

  private RespEncoder() {}

  /** Appends {@code v} to {@code out} in RESP {@code protocol} (2 or 3). */
  public static void encode(RespValue v, int protocol, Buffer out) {
    if (protocol != RESP2 && protocol != RESP3) {
      throw new IllegalArgumentException("RESP protocol must be 2 or 3, got " + protocol);
    }
    Objects.requireNonNull(v, "reply");
    write(v, protocol == RESP3, out);
  }

  /** {@code v} in a new buffer. */
  public static Buffer encode(RespValue v, int protocol) {
    Buffer out = Buffer.buffer();
    encode(v, protocol, out);
    return out;
  }

  // Java 17 has no pattern switch: an instanceof chain, most frequent replies first. The interface
  // is sealed, so the final branch is unreachable unless a new record is added and forgotten here.
  private static void write(RespValue v, boolean resp3, Buffer out) {
    if (v instanceof RespValue.Preencoded p) {
      out.appendBytes(resp3 ? p.resp3() : p.resp2());
    } else if (v instanceof BulkString b) {
      bulk(b.bytes(), out);
    } else if (v instanceof ArrayReply a) {
      aggregate('*', a.items(), resp3, out);
    } else if (v instanceof SimpleString s) {
      if (s == RespValue.OK) {
        out.appendBytes(OK);
      } else {
        out.appendByte((byte) '+').appendString(s.value()).appendBytes(CRLF);
      }
    } else if (v instanceof IntegerReply i) {
      integer(':', i.value(), out);
    } else if (v instanceof NullReply n) {
      out.appendBytes(resp3 ? NULL3 : n.array() ? NULL_ARRAY2 : NULL_BULK2);
    } else if (v instanceof ErrorReply e) {
      out.appendByte((byte) '-').appendString(e.line()).appendBytes(CRLF);
    } else if (v instanceof MapReply m) {
      map(m, resp3, out);
    } else if (v instanceof DoubleReply d) {
      String text = RespDoubles.format(d.value()); // ASCII: one byte per char
      if (resp3) {
        out.appendByte((byte) ',').appendString(text).appendBytes(CRLF);
      } else {
        header('$', text.length(), out);
        out.appendString(text).appendBytes(CRLF);
      }
    } else if (v instanceof SetReply s) {
      aggregate(resp3 ? '~' : '*', s.items(), resp3, out);
    } else if (v instanceof BooleanReply b) {
      out.appendBytes(resp3 ? (b.value() ? TRUE3 : FALSE3) : (b.value() ? ONE2 : ZERO2));
    } else if (v instanceof VerbatimString t) {
      byte[] text = t.text().getBytes(StandardCharsets.UTF_8);
      if (resp3) {
        integer('=', 4L + text.length, out); // "txt:" precedes the text
        out.appendString(t.format()).appendByte((byte) ':').appendBytes(text).appendBytes(CRLF);
      } else {
        bulk(text, out);
      }
    } else {
      throw new IllegalArgumentException("unknown reply type " + v.getClass().getName());
    }
  }

  private static void aggregate(char type, List<RespValue> items, boolean resp3, Buffer out) {
    header(type, items.size(), out);
    for (RespValue item : items) {
      write(item, resp3, out);
    }
  }

  private static void map(MapReply m, boolean resp3, Buffer out) {
    List<MapReply.Entry> entries = m.entries();
    if (resp3) {
      integer('%', entries.size(), out);
    } else {
      header('*', 2L * entries.size(), out);
    }
    for (MapReply.Entry e : entries) {
      write(e.key(), resp3, out);
      write(e.value(), resp3, out);
    }
  }

  private static void bulk(byte[] bytes, Buffer out) {
    header('$', bytes.length, out);
    out.appendBytes(bytes).appendBytes(CRLF);
  }

  private static void header(char type, long n, Buffer out) {
    if (n < SHARED_HEADERS) {
      if (type == '*') {
        out.appendBytes(ARRAY_HEADERS[(int) n]);
        return;
      }
      if (type == '$') {
        out.appendBytes(BULK_HEADERS[(int) n]);
        return;
      }
    }
    integer(type, n, out);
  }

  /** {@code <type><n>\r\n}, the digits written one by one: no String, no scratch array. */
  private static void integer(char type, long n, Buffer out) {
    out.appendByte((byte) type);
    if (n < 0) {
      if (n == Long.MIN_VALUE) {
        out.appendBytes(MIN_LONG).appendBytes(CRLF);
        return;
      }
      out.appendByte((byte) '-');
      n = -n;
    }
    long p = 1;
    while (p <= n / 10) {
      p *= 10;
    }
    for (; p > 0; p /= 10) {
      out.appendByte((byte) ('0' + (n / p) % 10));
    }
    out.appendBytes(CRLF);
  }

  private static byte[][] headers(char type) {
    byte[][] h = new byte[SHARED_HEADERS][];
    for (int i = 0; i < SHARED_HEADERS; i++) {
      h[i] = (type + Integer.toString(i) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
    return h;
  }
}
