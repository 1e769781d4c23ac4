package io.pyrope.ai.controller;

import io.pyrope.ai.features.TraceWriter;
import io.pyrope.ai.sim.TraceReader;
import io.pyrope.ai.sim.TraceRecord;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The newest records of one tenant/index's trace files ({@link TraceWriter}'s
 * {@code trace-<time>.jsonl} rotated files and {@code current.jsonl}), for an evaluation.
 *
 * <p>The consumer thread appends to {@code current.jsonl} while this reads it, so a file is read
 * only up to its last complete line at the moment it is opened: a line being written is left for
 * the next evaluation. Files are taken newest first until {@code maxRecords} are in hand, and only
 * the newest {@code maxRecords} records are kept while reading, so memory stays bounded by the
 * limit whatever the files hold. {@code time_ms} is made non-decreasing across files (each file is
 * in order; a restarted writer may begin a little earlier than the rotated file before it).
 *
 * <p>Stateless; any thread.
 */
final class TraceTail {
  /** Bytes scanned back from a file's end to find its last complete line. */
  static final int TAIL_SCAN_BYTES = 64 * 1024;

  private TraceTail() {}

  /** The files of {@code dir}, oldest first: rotated files by time, then current.jsonl. */
  static List<Path> files(Path dir) throws IOException {
    List<Path> out = new ArrayList<>(TraceWriter.rotatedFiles(dir));
    Path cur = dir.resolve(TraceWriter.CURRENT);
    if (Files.isRegularFile(cur)) {
      out.add(cur);
    }
    return out;
  }

  /**
   * The newest {@code maxRecords} records of {@code files} (oldest first), in time order.
   *
   * @throws io.pyrope.ai.sim.TraceFormatException when a complete line is not a valid trace record
   */
  static List<TraceRecord> newest(List<Path> files, int maxRecords) throws IOException {
    List<List<TraceRecord>> parts = new ArrayList<>();  // newest file first
    int have = 0;
    for (int f = files.size() - 1; f >= 0 && have < maxRecords; f--) {
      List<TraceRecord> part = read(files.get(f), maxRecords - have);
      parts.add(part);
      have += part.size();
    }
    List<TraceRecord> out = new ArrayList<>(have);
    long last = Long.MIN_VALUE;
    for (int p = parts.size() - 1; p >= 0; p--) {
      for (TraceRecord r : parts.get(p)) {
        if (r.timeMs() < last) {
          r = new TraceRecord(last, r.tenant(), r.index(), r.write(), r.key(), r.cost(), r.bytes(), r.topK(),
              r.resultIds(), r.truthIds(), r.group());
        }
        last = r.timeMs();
        out.add(r);
      }
    }
    return out;
  }

  /** The last {@code keep} records of the complete lines of {@code file}. */
  private static List<TraceRecord> read(Path file, int keep) throws IOException {
    long complete = completeBytes(file);
    ArrayDeque<TraceRecord> ring = new ArrayDeque<>(Math.min(keep, 1 << 16));
    if (complete == 0) {
      return List.of();
    }
    try (InputStream in = new Limited(Files.newInputStream(file), complete);
        TraceReader reader = new TraceReader(new InputStreamReader(in, StandardCharsets.UTF_8), file.toString())) {
      TraceRecord r;
      while ((r = reader.next()) != null) {
        if (ring.size() == keep) {
          ring.removeFirst();
        }
        ring.addLast(r);
      }
    }
    return new ArrayList<>(ring);
  }

  /** Length of {@code file} up to and including its last newline (0 when it has none). */
  static long completeBytes(Path file) throws IOException {
    try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ)) {
      long end = ch.size();
      while (end > 0) {
        int n = (int) Math.min(end, TAIL_SCAN_BYTES);
        ByteBuffer buf = ByteBuffer.allocate(n);
        ch.position(end - n);
        while (buf.hasRemaining() && ch.read(buf) > 0) {
          // fill the buffer
        }
        for (int i = buf.position() - 1; i >= 0; i--) {
          if (buf.get(i) == '\n') {
            return end - n + i + 1;
          }
        }
        end -= n;
      }
      return 0;
    }
  }

  /** Reads at most {@code limit} bytes of the stream. */
  private static final class Limited extends FilterInputStream {
    private long left;

    Limited(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(Math.min(n, left));
      left -= s;
      return s;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(super.available(), left);
    }
  }
}
