package io.pyrope.ai.sim;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Streams a {@code pyrope.trace/v1} JSON Lines file, validating every line as it goes: one
 * {@link #next()} call reads one record, so a trace of any length passes through in constant
 * memory. The first bad line stops the read with a {@link TraceFormatException} naming file,
 * line and field; nothing is silently skipped except blank lines.
 *
 * <p>Checked: well-formed JSON object; {@code schema} = {@value #SCHEMA}; {@code time_ms} an
 * integer ≥ 0 and never below the previous record's; {@code tenant}, {@code index} non-empty
 * strings; {@code op} search or write; on a search {@code key} (non-empty), {@code cost} (≥ 0)
 * and {@code bytes} (≥ 1); {@code top_k} ≥ 1 when present; {@code result_ids}/{@code truth_ids}
 * arrays of integers (or null) of at most {@link #MAX_IDS}; {@code group}, {@code session}
 * integers or null. Fields the schema does not name are ignored (newer writers may add some).
 * A file without any record is an error.
 *
 * <p>JSON is parsed with vertx-core's {@link JsonObject} (Jackson underneath): bus-schemas
 * already brings it, so the module needs no new dependency, and the query-log converter and the
 * controller work on the same type.
 *
 * <p>Not thread-safe: one reader, one thread.
 */
public final class TraceReader implements AutoCloseable {
  /** The only layout this reader accepts. */
  public static final String SCHEMA = "pyrope.trace/v1";
  /** Longest line accepted, in characters: a record with 2 × {@link #MAX_IDS} ids fits easily. */
  public static final int MAX_LINE_CHARS = 1 << 20;
  /** Most ids in one result_ids or truth_ids array. */
  public static final int MAX_IDS = 10_000;

  private final BufferedReader in;
  private final String name;
  private final StringBuilder line = new StringBuilder(256);
  private long lineNo;
  private long records;
  private long lastTimeMs = Long.MIN_VALUE;
  private boolean eof;

  /** Reads {@code in}; {@code name} is how errors name the source (usually the file path). */
  public TraceReader(Reader in, String name) {
    this.in = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
    this.name = name;
  }

  /** Opens a trace file (UTF-8). */
  public static TraceReader open(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new TraceFormatException(file.toString(), 0, null, "no such trace file (or not a regular file)");
    }
    try {
      return new TraceReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open trace " + file + ": " + e.getMessage(), e);
    }
  }

  /** The next record, or null at the end of the file. */
  public TraceRecord next() {
    while (!eof) {
      if (!readLine()) {
        eof = true;
        break;
      }
      if (line.toString().isBlank()) {
        continue;
      }
      TraceRecord r = parse(line.toString());
      records++;
      return r;
    }
    if (records == 0) {
      throw new TraceFormatException(name, 0, null, "the trace holds no records (empty file)");
    }
    return null;
  }

  /** Records returned so far. */
  public long records() {
    return records;
  }

  /** Lines read so far (blank ones included). */
  public long lines() {
    return lineNo;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one line into {@link #line}, refusing lines above {@link #MAX_LINE_CHARS}; false at EOF. */
  private boolean readLine() {
    line.setLength(0);
    try {
      int c = in.read();
      if (c < 0) {
        return false;
      }
      lineNo++;
      while (c >= 0 && c != '\n') {
        if (c != '\r') {
          if (line.length() >= MAX_LINE_CHARS) {
            throw new TraceFormatException(name, lineNo, null, "line longer than " + MAX_LINE_CHARS + " characters");
          }
          line.append((char) c);
        }
        c = in.read();
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace " + name + " at line " + lineNo + ": " + e.getMessage(), e);
    }
  }

  /**
   * Validates one record already parsed as JSON (e.g. the output of {@link QueryLogTraces#toTrace}
   * on a record consumed from Kafka), with the same checks as a file line except time order.
   * Errors name {@code source} as the file and line 0.
   */
  public static TraceRecord fromJson(JsonObject record, String source) {
    return new TraceReader(Reader.nullReader(), source).parse(record);
  }

  private TraceRecord parse(String text) {
    JsonObject o;
    try {
      o = new JsonObject(text);
    } catch (DecodeException e) {
      throw bad(null, "malformed JSON (expected one JSON object per line): " + firstLine(e.getMessage()));
    }
    return parse(o);
  }

  private TraceRecord parse(JsonObject o) {
    Object schema = o.getValue("schema");
    if (!SCHEMA.equals(schema)) {
      throw bad("schema", "must be \"" + SCHEMA + "\", got " + describe(schema));
    }
    long time = integer(o, "time_ms", 0, true);
    if (time < lastTimeMs) {
      throw bad("time_ms", "goes backwards: " + time + " after " + lastTimeMs + " (a trace is in time order)");
    }
    lastTimeMs = time;
    String tenant = string(o, "tenant", true);
    String index = string(o, "index", true);
    Object op = o.getValue("op");
    if ("write".equals(op)) {
      return new TraceRecord(time, tenant, index, true, null, 0, 0, 0, null, null, null);
    }
    if (!"search".equals(op)) {
      throw bad("op", "must be \"search\" or \"write\", got " + describe(op));
    }
    String key = string(o, "key", true);
    long cost = integer(o, "cost", 0, true);
    long bytes = integer(o, "bytes", 1, true);
    long topK = integer(o, "top_k", 1, false);
    if (topK > Integer.MAX_VALUE) {
      throw bad("top_k", "is too large: " + topK);
    }
    long[] results = ids(o, "result_ids");
    long[] truth = ids(o, "truth_ids");
    Long group = o.getValue("group") == null ? null : integer(o, "group", Long.MIN_VALUE, true);
    if (o.getValue("session") != null) {
      integer(o, "session", Long.MIN_VALUE, true);
    }
    return new TraceRecord(time, tenant, index, false, key, cost, bytes, (int) Math.max(0, topK), results, truth, group);
  }

  /** An integer field ≥ {@code min}; -1 when absent (or null) and not required. */
  private long integer(JsonObject o, String field, long min, boolean required) {
    Object v = o.getValue(field);
    if (v == null) {
      if (required) {
        throw bad(field, o.containsKey(field) ? "must not be null" : "is missing");
      }
      return -1;
    }
    if (!(v instanceof Integer || v instanceof Long)) {
      throw bad(field, "must be an integer" + (min > Long.MIN_VALUE ? " >= " + min : "") + ", got " + describe(v));
    }
    long n = ((Number) v).longValue();
    if (n < min) {
      throw bad(field, "must be an integer >= " + min + ", got " + n);
    }
    return n;
  }

  private String string(JsonObject o, String field, boolean required) {
    Object v = o.getValue(field);
    if (v == null && !required) {
      return null;
    }
    if (v == null) {
      throw bad(field, o.containsKey(field) ? "must not be null" : "is missing");
    }
    if (!(v instanceof String s) || s.isEmpty()) {
      throw bad(field, "must be a non-empty string, got " + describe(v));
    }
    return s;
  }

  /** A sorted copy of an id array, or null when absent or null. */
  private long[] ids(JsonObject o, String field) {
    Object v = o.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonArray a)) {
      throw bad(field, "must be an array of integers or null, got " + describe(v));
    }
    if (a.size() > MAX_IDS) {
      throw bad(field, "holds " + a.size() + " ids, at most " + MAX_IDS + " accepted");
    }
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      Object e = a.getValue(i);
      if (!(e instanceof Integer || e instanceof Long)) {
        throw bad(field, "item " + i + " must be an integer, got " + describe(e));
      }
      out[i] = ((Number) e).longValue();
    }
    Arrays.sort(out);
    return out;
  }

  private TraceFormatException bad(String field, String problem) {
    return new TraceFormatException(name, lineNo, field, problem);
  }

  private static String describe(Object v) {
    if (v == null) {
      return "nothing";
    }
    if (v instanceof String s) {
      return "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
    }
    String t = String.valueOf(v);
    return t.length() > 40 ? t.substring(0, 40) + "…" : t;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
