package io.pyrope.resp.protocol;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.Arrays;
import java.util.Objects;

/**
 * Incremental parser for client requests: RESP multibulk ({@code *N\r\n$len\r\n<bytes>\r\n...})
 * and inline commands ({@code PING\r\n}), with Redis's rules and error texts (networking.c,
 * {@code processMultibulkBuffer} and {@code processInlineBuffer}).
 *
 * <h2>Fast path</h2>
 * A complete, well-formed multibulk request of at most {@link #FAST_MAX_ARGS} arguments inside
 * one read is parsed by {@code wholeRequest} with tight loops over the array; everything else
 * (split requests, inline commands, errors, limits) goes through the state machine below, which
 * alone decides what is an error.
 *
 * <h2>State machine</h2>
 * One state per position inside a request; a state that reads a line or a payload may span any
 * number of chunks.
 * <pre>
 * state          on                       next
 * START          '*'                      ARRAY_LEN
 *                any other byte           INLINE (the byte is not consumed)
 * INLINE         bytes up to '\n'         START, delivering the split line unless it is blank
 * ARRAY_LEN      bytes up to '\r'         ARRAY_LEN_LF
 * ARRAY_LEN_LF   '\n'                     BULK_PREFIX if N &gt; 0, else START (N &lt;= 0 is ignored)
 * BULK_PREFIX    '$'                      BULK_LEN
 * BULK_LEN       bytes up to '\r'         BULK_LEN_LF
 * BULK_LEN_LF    '\n'                     BULK_PAYLOAD (BULK_CR when len is 0)
 * BULK_PAYLOAD   len bytes                BULK_CR
 * BULK_CR        '\r'                     BULK_LF
 * BULK_LF        '\n'                     BULK_PREFIX if arguments remain, else START, delivering
 *                                         the command
 * any            another byte, or a       FAILED, reporting the error once; FAILED ignores all
 *                limit broken             input
 * </pre>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Every input byte is examined at most twice: {@link #feed} walks the chunk from left to
 *       right, and a request the whole-request fast path hands back (incomplete, or anything
 *       unusual) is parsed again by the state machine from its first byte, once; after that the
 *       state machine never rescans, so a 16 MiB bulk arriving one byte at a time costs O(n), not
 *       O(n²).
 *   <li>No fed {@link Buffer} is kept. A byte is consumed in place, or copied once: into the line
 *       buffer (an inline request or a {@code *N}/{@code $len} header, at most
 *       {@link RespLimits#maxInlineBytes()} bytes) or into the argument being filled. So memory is
 *       bounded by the request being parsed, never by the connection's lifetime, and there is
 *       nothing to compact; the line buffer shrinks back after an unusually long line.
 *   <li>Every length is checked against {@link #limits()} before anything is allocated for it,
 *       and a claimed length is never trusted: argument arrays start at {@value #ARGS_PREALLOC}
 *       slots and bulks at {@value #BULK_PREALLOC} bytes and grow (doubling) as bytes arrive.
 *   <li>The outcome depends only on the byte stream, not on how it was split into chunks.
 * </ul>
 *
 * <h2>Why not mark/reset</h2>
 * The Vert.x client's {@code RESPParser} appends every chunk to one readable buffer, marks before
 * each element and resets when the element is incomplete. An unfinished line is then searched
 * again from its start on each chunk, a bulk sits whole in that buffer before it is copied out
 * (held twice at the peak), and the buffer needs a compaction rule. Keeping the partial element in
 * fields gives the same "wait for more bytes" behaviour without those costs.
 *
 * <h2>Where it is stricter than Redis</h2>
 * <ul>
 *   <li>A bulk payload must be followed by {@code \r\n} (Redis skips two bytes unchecked), and a
 *       header's {@code \r} by {@code \n}.
 *   <li>"expected '$'" is reported on the offending byte, without waiting for the end of its line.
 *   <li>Line limits apply to the line itself, also when its newline has arrived, so the result
 *       does not depend on how much happened to be buffered; an inline line counts the bytes
 *       before its {@code \n}.
 *   <li>Two limits Redis lacks ({@link RespLimits#maxArgs()}, {@link RespLimits#maxRequestBytes()})
 *       have their own texts, which name the limit.
 * </ul>
 *
 * <p>Threading: NOT thread-safe. One parser per connection, fed from that connection's event
 * loop. Handler callbacks run inside {@link #feed}; they may call {@link #limits(RespLimits)}
 * (the next request is parsed with the new limits) but not {@link #feed} itself.
 */
public final class RespRequestParser {

  /** Argument slots allocated up front, whatever {@code *N} claims (Redis uses 1024 too). */
  static final int ARGS_PREALLOC = 1024;

  /** Bulk bytes allocated up front; larger bulks grow as their bytes arrive. */
  static final int BULK_PREALLOC = 1024 * 1024;

  /** Most arguments a request may have to take the whole-request fast path. */
  static final int FAST_MAX_ARGS = 64;

  /** Most digits of a length on the fast path: 9 digits cover every length the limits allow. */
  static final int FAST_MAX_DIGITS = 9;

  /** Starting size of the line buffer: headers and typical inline commands fit. */
  static final int LINE_INITIAL = 64;

  /** A line buffer grown past this is dropped after its line, so idle connections stay small. */
  static final int LINE_KEEP = 4 * 1024;

  static final String PROTOCOL_ERROR = "Protocol error: ";
  static final String INVALID_MULTIBULK_LENGTH = PROTOCOL_ERROR + "invalid multibulk length";
  static final String INVALID_BULK_LENGTH = PROTOCOL_ERROR + "invalid bulk length";
  static final String TOO_BIG_INLINE = PROTOCOL_ERROR + "too big inline request";
  static final String TOO_BIG_MBULK_COUNT = PROTOCOL_ERROR + "too big mbulk count string";
  static final String TOO_BIG_BULK_COUNT = PROTOCOL_ERROR + "too big bulk count string";
  static final String UNBALANCED_QUOTES = PROTOCOL_ERROR + "unbalanced quotes in request";
  static final String UNAUTH_MULTIBULK = PROTOCOL_ERROR + "unauthenticated multibulk length";
  static final String UNAUTH_BULK = PROTOCOL_ERROR + "unauthenticated bulk length";
  static final String MISSING_CRLF = PROTOCOL_ERROR + "expected '\\r\\n' after bulk payload";

  private enum State {
    START, INLINE, ARRAY_LEN, ARRAY_LEN_LF, BULK_PREFIX, BULK_LEN, BULK_LEN_LF,
    BULK_PAYLOAD, BULK_CR, BULK_LF, FAILED
  }

  private final RespRequestHandler handler;
  private RespLimits limits;
  private State state = State.START;
  private boolean feeding;              // inside feed(): guards against re-entry from a handler

  private byte[] line = new byte[LINE_INITIAL]; // inline request or header digits so far
  private int lineLen;                  // bytes used in line
  private boolean lineComplete;         // set by readLine(): its terminator was found

  private byte[][] args;                // arguments of the multibulk being parsed
  private int argc;                     // arguments complete
  private int expectedArgs;             // N from *N
  private long argBytes;                // payload bytes of the complete arguments

  private byte[] bulk;                  // the argument being filled
  private int bulkLen;                  // its declared length
  private int bulkFilled;               // its bytes received so far

  public RespRequestParser(RespLimits limits, RespRequestHandler handler) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  public RespLimits limits() {
    return limits;
  }

  /** Replaces the limits, e.g. {@link RespLimits#DEFAULT} once the client has authenticated. */
  public void limits(RespLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** True once a protocol error was reported; the parser then ignores all input. */
  public boolean failed() {
    return state == State.FAILED;
  }

  /** Bytes held for the request in progress (line, complete arguments, partial argument). */
  public long pendingBytes() {
    return lineLen + argBytes + bulkFilled;
  }

  /** Capacity of the line buffer, for tests of the shrinking rule. */
  int lineCapacity() {
    return line.length;
  }

  /**
   * Parses as much of {@code chunk} as possible, calling the handler for each complete request and
   * keeping any incomplete tail as state. Does nothing once {@link #failed()}. If the handler
   * throws, the parser fails (the rest of the chunk is lost) and the exception propagates.
   *
   * @throws IllegalStateException if called from inside a handler callback
   */
  public void feed(Buffer chunk) {
    byte[] array = null;
    int offset = 0;
    if (chunk instanceof BufferInternal internal) {
      ByteBuf buf = internal.getByteBuf();
      if (buf.hasArray()) { // Vert.x hands reads over as heap buffers: parse them in place
        array = buf.array();
        offset = buf.arrayOffset() + buf.readerIndex();
      }
    }
    if (array == null) {
      array = chunk.getBytes();
    }
    feed(array, offset, offset + chunk.length());
  }

  /**
   * Parses {@code data[from, to)}, as {@link #feed(Buffer)}. Works on the array directly: a
   * per-byte {@code Buffer.getByte} (bounds and reference-count checks on every byte) was a fifth
   * of a cache hit's CPU. The array is not kept.
   */
  public void feed(byte[] data, int from, int to) {
    if (state == State.FAILED) {
      return;
    }
    if (feeding) {
      throw new IllegalStateException("feed() called from a handler callback");
    }
    feeding = true;
    try {
      int pos = from;
      while (pos < to && state != State.FAILED) {
        pos = step(data, pos, to);
      }
    } catch (RuntimeException | Error e) {
      state = State.FAILED;
      throw e;
    } finally {
      feeding = false;
    }
  }

  /** Advances the state machine over {@code chunk[pos, end)}; returns the new position. */
  private int step(byte[] chunk, int pos, int end) {
    switch (state) {
      case START -> {
        if (chunk[pos] == '*') {
          int next = wholeRequest(chunk, pos, end);
          if (next > 0) {
            return next;
          }
          state = State.ARRAY_LEN;
          return pos + 1;
        }
        state = State.INLINE;
        return pos;
      }
      case INLINE -> {
        int stop = readLine(chunk, pos, end, (byte) '\n', TOO_BIG_INLINE);
        if (lineComplete) {
          inlineComplete();
        }
        return stop;
      }
      case ARRAY_LEN, BULK_LEN -> {
        String tooBig = state == State.ARRAY_LEN ? TOO_BIG_MBULK_COUNT : TOO_BIG_BULK_COUNT;
        int stop = readLine(chunk, pos, end, (byte) '\r', tooBig);
        if (lineComplete) {
          state = state == State.ARRAY_LEN ? State.ARRAY_LEN_LF : State.BULK_LEN_LF;
        }
        return stop;
      }
      case ARRAY_LEN_LF -> {
        if (chunk[pos] != '\n') {
          fail(INVALID_MULTIBULK_LENGTH);
        } else {
          arrayHeaderComplete();
        }
        return pos + 1;
      }
      case BULK_PREFIX -> {
        byte b = chunk[pos];
        if (b != '$') {
          fail(PROTOCOL_ERROR + "expected '$', got '" + printable(b) + "'");
        } else {
          state = State.BULK_LEN;
        }
        return pos + 1;
      }
      case BULK_LEN_LF -> {
        if (chunk[pos] != '\n') {
          fail(INVALID_BULK_LENGTH);
        } else {
          bulkHeaderComplete();
        }
        return pos + 1;
      }
      case BULK_PAYLOAD -> {
        return fillBulk(chunk, pos, end);
      }
      case BULK_CR -> {
        if (chunk[pos] != '\r') {
          fail(MISSING_CRLF);
        } else {
          state = State.BULK_LF;
        }
        return pos + 1;
      }
      case BULK_LF -> {
        if (chunk[pos] != '\n') {
          fail(MISSING_CRLF);
        } else {
          argumentComplete();
        }
        return pos + 1;
      }
      default -> throw new IllegalStateException("no input expected in state " + state);
    }
  }

  /**
   * The fast path for the common case, a whole well-formed multibulk request inside one read
   * (pipelined clients send dozens per read): parsed with tight loops, straight into exact-size
   * arguments, without the per-byte state machine or the line buffer. Returns the position after
   * the request, or -1 when the request is incomplete, larger than {@link #FAST_MAX_ARGS}
   * arguments, breaks a limit or is malformed in any way; the state machine then parses it from
   * {@code pos} again, so errors, limits and split requests behave exactly as without this path.
   */
  private int wholeRequest(byte[] d, int pos, int end) {
    int i = pos + 1;
    long n = digits(d, i, end);
    if (n <= 0 || n > FAST_MAX_ARGS || n > limits.maxArgs()) {
      return -1;
    }
    i += digitCount(n) + 2;
    byte[][] a = new byte[(int) n][];
    long total = 0;
    for (int k = 0; k < a.length; k++) {
      if (i >= end || d[i] != '$') {
        return -1;
      }
      long len = digits(d, ++i, end);
      if (len < 0 || len > limits.maxBulkBytes() || total + len > limits.maxRequestBytes()) {
        return -1;
      }
      i += digitCount(len) + 2;
      if (end - i < len + 2 || d[i + (int) len] != '\r' || d[i + (int) len + 1] != '\n') {
        return -1;
      }
      a[k] = Arrays.copyOfRange(d, i, i + (int) len);
      total += len;
      i += (int) len + 2;
    }
    handler.onCommand(new RespCommand(a)); // state is START: a limits() change applies next
    return i;
  }

  /**
   * The decimal number at {@code d[i]} terminated by CRLF, with {@link RespNumbers}' rules (no
   * sign, no leading zero) and at most {@link #FAST_MAX_DIGITS} digits; -1 for anything else.
   */
  private static long digits(byte[] d, int i, int end) {
    long v = 0;
    int start = i;
    while (i < end && i - start <= FAST_MAX_DIGITS) {
      int c = d[i] - '0';
      if (c < 0 || c > 9) {
        break;
      }
      if (c == 0 && i == start && i + 1 < end && d[i + 1] != '\r') {
        return -1; // leading zero
      }
      v = v * 10 + c;
      i++;
    }
    int count = i - start;
    if (count == 0 || count > FAST_MAX_DIGITS || end - i < 2 || d[i] != '\r' || d[i + 1] != '\n') {
      return -1;
    }
    return v;
  }

  private static int digitCount(long v) {
    int n = 1;
    while (v >= 10) {
      v /= 10;
      n++;
    }
    return n;
  }

  /**
   * Copies bytes up to {@code terminator} into the line buffer (the terminator is consumed, not
   * stored) and sets {@link #lineComplete} if it was found. Returns the position after the
   * terminator, or {@code end} if it has not arrived; fails with {@code tooBig} once the line
   * exceeds {@link RespLimits#maxInlineBytes()}.
   */
  private int readLine(byte[] chunk, int pos, int end, byte terminator, String tooBig) {
    lineComplete = false;
    int max = limits.maxInlineBytes();
    int i = pos;
    // Never look further than the limit allows: a line that long is an error wherever it ends.
    int scanEnd = (int) Math.min(end, (long) pos + (max - lineLen) + 1);
    while (i < scanEnd && chunk[i] != terminator) {
      i++;
    }
    int content = i - pos;
    if (lineLen + content > max) {
      fail(tooBig);
      return end;
    }
    appendToLine(chunk, pos, i);
    if (i == end) {
      return end;
    }
    lineComplete = true;
    return i + 1;
  }

  private void appendToLine(byte[] chunk, int from, int to) {
    int n = to - from;
    if (n == 0) {
      return;
    }
    if (lineLen + n > line.length) {
      line = Arrays.copyOf(line, Math.max(lineLen + n, line.length * 2));
    }
    System.arraycopy(chunk, from, line, lineLen, n);
    lineLen += n;
  }

  private void inlineComplete() {
    int len = lineLen;
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    byte[][] inlineArgs = InlineSplitter.split(line, len);
    clearLine();
    if (inlineArgs == null) {
      fail(UNBALANCED_QUOTES);
      return;
    }
    state = State.START;
    if (inlineArgs.length > 0) { // a blank line is ignored, as in Redis
      handler.onCommand(new RespCommand(inlineArgs));
    }
  }

  private void arrayHeaderComplete() {
    long n = RespNumbers.parseLong(line, 0, lineLen);
    boolean minLong = n == RespNumbers.INVALID && RespNumbers.isMinLong(line, lineLen);
    clearLine();
    if ((n == RespNumbers.INVALID && !minLong) || n > Integer.MAX_VALUE) {
      fail(INVALID_MULTIBULK_LENGTH);
    } else if (n > limits.maxArgs()) {
      fail(limits.authenticated()
          ? PROTOCOL_ERROR + "multibulk length exceeds the limit of " + limits.maxArgs() + " arguments"
          : UNAUTH_MULTIBULK);
    } else if (n <= 0) {
      state = State.START; // *0 and *-1 (any N <= 0) are ignored, as in Redis
    } else {
      expectedArgs = (int) n;
      args = new byte[Math.min(expectedArgs, ARGS_PREALLOC)][];
      argc = 0;
      argBytes = 0;
      state = State.BULK_PREFIX;
    }
  }

  private void bulkHeaderComplete() {
    long n = RespNumbers.parseLong(line, 0, lineLen);
    clearLine();
    if (n < 0) { // includes RespNumbers.INVALID
      fail(INVALID_BULK_LENGTH);
    } else if (n > limits.maxBulkBytes()) {
      fail(limits.authenticated() ? INVALID_BULK_LENGTH : UNAUTH_BULK);
    } else if (argBytes + n > limits.maxRequestBytes()) {
      fail(PROTOCOL_ERROR + "request exceeds the limit of " + limits.maxRequestBytes() + " bytes");
    } else {
      bulkLen = (int) n;
      bulkFilled = 0;
      bulk = new byte[Math.min(bulkLen, BULK_PREALLOC)];
      state = bulkLen == 0 ? State.BULK_CR : State.BULK_PAYLOAD;
    }
  }

  private int fillBulk(byte[] chunk, int pos, int end) {
    int n = Math.min(end - pos, bulkLen - bulkFilled);
    if (bulkFilled + n > bulk.length) {
      // Doubling keeps the total copying linear; capped so the final array is exactly bulkLen.
      int grown = (int) Math.min(bulkLen, Math.max((long) bulkFilled + n, 2L * bulk.length));
      bulk = Arrays.copyOf(bulk, grown);
    }
    System.arraycopy(chunk, pos, bulk, bulkFilled, n);
    bulkFilled += n;
    if (bulkFilled == bulkLen) {
      state = State.BULK_CR;
    }
    return pos + n;
  }

  private void argumentComplete() {
    if (argc == args.length) {
      args = Arrays.copyOf(args, (int) Math.min(expectedArgs, 2L * args.length));
    }
    args[argc++] = bulk;
    argBytes += bulkLen;
    bulk = null;
    bulkFilled = 0;
    if (argc < expectedArgs) {
      state = State.BULK_PREFIX;
      return;
    }
    byte[][] complete = args; // exactly expectedArgs long: growth is capped at it
    args = null;
    argc = 0;
    argBytes = 0;
    state = State.START; // before the callback, so a limits() change applies to the next request
    handler.onCommand(new RespCommand(complete));
  }

  private void clearLine() {
    lineLen = 0;
    if (line.length > LINE_KEEP) {
      line = new byte[LINE_INITIAL];
    }
  }

  private void fail(String message) {
    state = State.FAILED;
    args = null;
    bulk = null;
    argc = 0;
    argBytes = 0;
    bulkFilled = 0;
    clearLine();
    handler.onProtocolError(message);
  }

  /** The byte as Redis prints it in "expected '$', got 'X'": CR and LF become a space. */
  private static String printable(byte b) {
    int c = b & 0xff;
    if (c == '\r' || c == '\n') {
      return " ";
    }
    if (c >= 0x20 && c < 0x7f) {
      return String.valueOf((char) c);
    }
    // Redis writes the raw byte; an escape keeps the error line valid text.
    return String.format("\\x%02x", c);
  }
}
