package io.pyrope.ai.features;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends the consumed query log, converted to the trace format {@code pyrope.trace/v1}
 * (bus-schemas {@code schemas/trace/pyrope.trace.v1.json}), to rolling files the simulator
 * replays: {@code <data-dir>/traces/<tenant>/<index>/current.jsonl}. At {@code maxFileBytes} the
 * current file is renamed {@code trace-<time_ms>.jsonl} (its newest record's time) and a new one is
 * started; only the newest {@code maxRotated} rotated files are kept.
 *
 * <p>Conversion: key = {@code keys.l1} if set, else {@code keys.l0}; cost = {@code proxy_cost};
 * bytes = the entry size the decision log reported for that key, else an estimate
 * ({@link FeatureStore#estimateBytes}); errors, bypassed and force-only (cache_miss) searches are
 * skipped. {@code result_ids} are kept when every id is an integer (the simulator's recall needs
 * integers), else null. {@code time_ms} is made non-decreasing per file (records of several nodes
 * interleave): a record older than the previous line gets the previous line's time.
 *
 * <p>Tenant and index names become path segments: letters, digits, '-', '_' and '.' stay, other
 * characters (and a leading '.') are percent-encoded as UTF-8, so no name escapes the directory.
 *
 * <p>Called by the consumer thread only; not thread-safe. Output is buffered; {@link #flush}
 * runs after every poll batch, before offsets are committed.
 */
public final class TraceWriter implements Closeable {
  /** Size at which the current file is rotated by default. */
  public static final long DEFAULT_MAX_FILE_BYTES = 64L * 1024 * 1024;
  /** Rotated files kept per tenant/index by default. */
  public static final int DEFAULT_MAX_ROTATED = 8;
  /** Files kept open at once; the least recently written is closed past it. */
  public static final int MAX_OPEN_FILES = 64;
  /** Write buffer per open file. */
  static final int OUTPUT_BUFFER_BYTES = 64 * 1024;
  /** Name of the file being appended to. */
  public static final String CURRENT = "current.jsonl";

  private final Path root;
  private final long maxFileBytes;
  private final int maxRotated;
  private final LinkedHashMap<String, Open> open = new LinkedHashMap<>(16, 0.75f, true);
  private long written;

  private static final class Open {
    final Path dir;
    BufferedOutputStream out;  // null while closed
    long bytes;
    long lastTimeMs = -1;

    Open(Path dir) {
      this.dir = dir;
    }
  }

  public TraceWriter(Path dataDir) {
    this(dataDir, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_ROTATED);
  }

  public TraceWriter(Path dataDir, long maxFileBytes, int maxRotated) {
    if (maxFileBytes < 1024) {
      throw new IllegalArgumentException("maxFileBytes must be at least 1024, got " + maxFileBytes);
    }
    if (maxRotated < 1) {
      throw new IllegalArgumentException("maxRotated must be at least 1, got " + maxRotated);
    }
    this.root = dataDir.resolve("traces");
    this.maxFileBytes = maxFileBytes;
    this.maxRotated = maxRotated;
  }

  /** The directory of one tenant/index's trace files. */
  public Path directory(String tenant, String index) {
    return root.resolve(segment(tenant)).resolve(segment(index));
  }

  /** Appends {@code e} if it belongs in a trace; returns whether it was written. */
  public boolean append(QueryEvent e, long knownBytes) throws IOException {
    if (!e.replayable() || "cache_miss".equals(e.status())) {
      return false;
    }
    String id = e.tenant() + '\u0000' + e.index();
    Open f = open.get(id);
    if (f == null) {
      f = new Open(directory(e.tenant(), e.index()));
      open.put(id, f);
      closeBeyondLimit();
    }
    if (f.out == null) {
      Files.createDirectories(f.dir);
      Path cur = f.dir.resolve(CURRENT);
      f.bytes = Files.exists(cur) ? Files.size(cur) : 0;
      f.lastTimeMs = f.bytes > 0 ? Math.max(f.lastTimeMs, lastTime(cur)) : f.lastTimeMs;
      f.out = new BufferedOutputStream(Files.newOutputStream(cur, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND), OUTPUT_BUFFER_BYTES);
    }
    long time = Math.max(e.timeMs(), f.lastTimeMs);
    long bytes = knownBytes > 0 ? knownBytes : FeatureStore.estimateBytes(e.resultCount(), e.dim());
    JsonObject rec = new JsonObject().put("schema", "pyrope.trace/v1").put("time_ms", time)
        .put("tenant", e.tenant()).put("index", e.index()).put("op", "search").put("key", e.key())
        .put("cost", e.proxyCost()).put("bytes", Math.max(1, bytes)).put("top_k", e.topK())
        .put("result_ids", ids(e.resultIds())).put("session", e.session());
    byte[] line = (rec.encode() + "\n").getBytes(StandardCharsets.UTF_8);
    if (f.bytes > 0 && f.bytes + line.length > maxFileBytes) {
      rotate(f);
    }
    f.out.write(line);
    f.bytes += line.length;
    f.lastTimeMs = time;
    written++;
    return true;
  }

  /** Records written since start. */
  public long written() {
    return written;
  }

  /** Pushes buffered lines to the files. */
  public void flush() throws IOException {
    for (Open f : open.values()) {
      if (f.out != null) {
        f.out.flush();
      }
    }
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Open f : open.values()) {
      try {
        if (f.out != null) {
          f.out.close();
        }
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }

  private void rotate(Open f) throws IOException {
    f.out.close();
    Path cur = f.dir.resolve(CURRENT);
    Path target = f.dir.resolve("trace-" + f.lastTimeMs + ".jsonl");
    for (int n = 1; Files.exists(target); n++) {
      target = f.dir.resolve("trace-" + f.lastTimeMs + "-" + n + ".jsonl");
    }
    Files.move(cur, target);
    pruneRotated(f.dir);
    f.out = new BufferedOutputStream(Files.newOutputStream(cur, StandardOpenOption.CREATE_NEW),
        OUTPUT_BUFFER_BYTES);
    f.bytes = 0;
  }

  private void pruneRotated(Path dir) throws IOException {
    List<Path> rotated = rotatedFiles(dir);
    for (int i = 0; i < rotated.size() - maxRotated; i++) {
      Files.deleteIfExists(rotated.get(i));
    }
  }

  /** Rotated files of a trace directory, oldest first (by the time in their names). */
  public static List<Path> rotatedFiles(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "trace-*.jsonl")) {
      ds.forEach(out::add);
    }
    out.sort((a, b) -> {
      long ta = rotatedTime(a);
      long tb = rotatedTime(b);
      return ta != tb ? Long.compare(ta, tb) : a.getFileName().toString().compareTo(b.getFileName().toString());
    });
    return out;
  }

  private static long rotatedTime(Path p) {
    String n = p.getFileName().toString();
    String digits = n.substring("trace-".length(), n.length() - ".jsonl".length());
    int dash = digits.indexOf('-');
    try {
      return Long.parseLong(dash < 0 ? digits : digits.substring(0, dash));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private void closeBeyondLimit() throws IOException {
    Iterator<Map.Entry<String, Open>> it = open.entrySet().iterator();
    while (open.size() > MAX_OPEN_FILES && it.hasNext()) {
      Open f = it.next().getValue();
      if (f.out != null) {
        f.out.close();
      }
      it.remove();
    }
  }

  /** Bytes read from the end of an existing file to find its last record's time. */
  static final int TAIL_BYTES = 16 * 1024;

  /** The time of the last line of an existing file, so appends after a restart stay in order. */
  private static long lastTime(Path file) {
    try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ)) {
      long size = ch.size();
      int n = (int) Math.min(size, TAIL_BYTES);
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(n);
      ch.position(size - n);
      while (buf.hasRemaining() && ch.read(buf) > 0) {
        // read the tail fully
      }
      String[] lines = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).split("\n");
      for (int i = lines.length - 1; i >= 0; i--) {
        if (!lines[i].isBlank()) {
          return new JsonObject(lines[i]).getLong("time_ms", -1L);
        }
      }
    } catch (IOException | RuntimeException e) {
      // a torn last line (crash mid-write): order from here on is still kept per record
    }
    return -1;
  }

  private static JsonArray ids(List<String> ids) {
    JsonArray out = new JsonArray();
    for (String id : ids) {
      try {
        out.add(Long.parseLong(id));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return out;
  }

  /** A tenant or index name as one safe path segment. */
  static String segment(String name) {
    StringBuilder sb = new StringBuilder();
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < utf8.length; i++) {
      int b = utf8[i] & 0xff;
      boolean plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-'
          || b == '_' || (b == '.' && i > 0);
      if (plain) {
        sb.append((char) b);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return sb.toString();
  }
}
