package io.pyrope.engine;

import io.pyrope.engine.impl.Segment;
import java.nio.file.Path;
import java.util.List;

/**
 * One index captured at one instant by {@link VectorIndex#capture()}, for a snapshot: its
 * config, epoch and next row, its live records in ascending row order (immutable objects,
 * shared with the index), and its tail segment, which is immutable and held by a reference
 * until {@link #close()}. Holds no lock: the index keeps serving reads and writes while the
 * image is written out.
 */
public final class IndexImage implements AutoCloseable {
  private final IndexConfig config;        // the index's config
  private final long epoch;                // epoch at capture
  private final long nextRow;              // next row number at capture
  private final List<VectorRecord> live;   // live records, ascending row
  private final Segment tail;              // the tail with one reference held, or null
  private boolean closed;                  // tail reference released

  IndexImage(IndexConfig config, long epoch, long nextRow, List<VectorRecord> live, Segment tail) {
    this.config = config;
    this.epoch = epoch;
    this.nextRow = nextRow;
    this.live = List.copyOf(live);
    this.tail = tail;
  }

  public IndexConfig config() {
    return config;
  }

  public long epoch() {
    return epoch;
  }

  public long nextRow() {
    return nextRow;
  }

  /** Live records in ascending row order. */
  public List<VectorRecord> live() {
    return live;
  }

  /** Whether the index had a built tail (a non-Flat index after its first build). */
  public boolean hasTail() {
    return tail != null;
  }

  /** Writes the tail's FAISS index to {@code file} (atomically, FAISS's own format). */
  public void writeTail(Path file) {
    tail.faiss().write(file);
  }

  /** The row of every tail label, label order. */
  public long[] tailRows() {
    long[] rows = new long[tail.size()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = tail.record(i).row();
    }
    return rows;
  }

  /** Releases the tail. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed && tail != null) {
      tail.release();
    }
    closed = true;
  }
}
