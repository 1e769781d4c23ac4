package io.pyrope.engine.impl;

import io.pyrope.engine.VectorRecord;
import io.pyrope.search.faiss.FaissIndex;
import io.pyrope.search.faiss.LabelFilter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One FAISS index and the records behind its labels: the head (Flat, appendable) or the tail
 * (the configured factory, built once). Label {@code i} is the {@code i}-th vector added, and
 * {@code records[i]} is its record; records are kept in ascending {@link VectorRecord#row()}
 * order, so the label of a row is found by bisection ({@link #labelOf}).
 *
 * <p><b>Threading.</b> Mutations ({@link #append}, {@link #markDead}) are made by one thread
 * at a time: the index's writer under its write lock, or the builder while the segment is not
 * yet published. Reads run concurrently and lock-free: {@code size} is volatile and written
 * last, after the record slots, the FAISS add and any array growth, so a reader that sees
 * size {@code n} sees labels {@code 0..n-1} complete. A grown array is a copy published through
 * a volatile field; a reader holding the old array still reads correct, older data. Dead bits
 * are atomics, so a reader may see a row die mid-search; the index re-checks liveness of every
 * hit anyway, the bits only keep dead rows from taking the places of live ones.
 *
 * <p><b>Lifetime.</b> A reference count guards the native index: the owning view holds one
 * reference, each search in flight holds one ({@link #tryAcquire}). When the view retires the
 * segment, its reference is released, and whoever releases the last one closes the FAISS index.
 * {@code tryAcquire} fails once the count reached zero, so no search can start on a closed
 * index; the caller then re-reads the newer view that replaced it.
 */
public final class Segment {
  /** First capacity of an appendable segment's arrays. */
  private static final int INITIAL_CAPACITY = 1024;

  private final String name;                        // "head-3", "tail-2": for logs and stats
  private final FaissIndex faiss;                   // owned: closed by the last release()
  private final FactorySpec spec;                   // family of the FAISS index, for proxy costs
  private final AtomicInteger refs = new AtomicInteger(1); // the owner's reference plus searches in flight
  private volatile VectorRecord[] records;          // label -> record; slots >= size are null or unpublished
  private volatile AtomicLongArray dead;            // one bit per label: the row is masked
  private volatile int size;                        // published labels 0..size-1; written last
  private volatile int deadCount;                   // bits set in dead

  public Segment(String name, FaissIndex faiss, FactorySpec spec) {
    this.name = name;
    this.faiss = faiss;
    this.spec = spec;
    this.records = new VectorRecord[INITIAL_CAPACITY];
    this.dead = new AtomicLongArray(words(INITIAL_CAPACITY));
  }

  /**
   * A segment around a FAISS index read back from a snapshot: label {@code i} holds
   * {@code records[i]}, masked when {@code dead[i]}. Not yet published: the caller owns it.
   */
  public static Segment restored(String name, FaissIndex faiss, FactorySpec spec, VectorRecord[] records,
      boolean[] dead) {
    if (faiss.size() != records.length) {
      throw new IllegalStateException(name + ": FAISS holds " + faiss.size() + " rows, snapshot lists "
          + records.length);
    }
    Segment s = new Segment(name, faiss, spec);
    s.ensureCapacity(records.length);
    System.arraycopy(records, 0, s.records, 0, records.length);
    s.size = records.length;
    for (int i = 0; i < dead.length; i++) {
      if (dead[i]) {
        s.dead.getAndAccumulate(i >>> 6, 1L << i, (a, b) -> a | b);
        s.deadCount = s.deadCount + 1;
      }
    }
    return s;
  }

  public String name() {
    return name;
  }

  public FaissIndex faiss() {
    return faiss;
  }

  public FactorySpec spec() {
    return spec;
  }

  // ---- mutations: one thread at a time (see class comment) ----

  /**
   * Adds records (ascending rows, all above this segment's last row) to FAISS and publishes them.
   * If FAISS fails nothing is published and the exception propagates.
   */
  public void append(List<VectorRecord> batch) {
    int n = batch.size();
    if (n == 0) {
      return;
    }
    int base = size;
    if (faiss.size() != base) {
      throw new IllegalStateException(name + ": FAISS holds " + faiss.size() + " rows, segment " + base);
    }
    ensureCapacity(base + n);
    int dim = faiss.dim();
    float[] flat = new float[n * dim];
    VectorRecord[] slots = records;
    for (int i = 0; i < n; i++) {
      VectorRecord r = batch.get(i);
      System.arraycopy(r.sharedVector(), 0, flat, i * dim, dim);
      slots[base + i] = r;
    }
    try {
      faiss.add(flat, n);
    } catch (RuntimeException e) {
      Arrays.fill(slots, base, base + n, null);
      throw e;
    }
    size = base + n;
  }

  /** Masks the row, if this segment holds it and it is not masked yet; true when it was. */
  public boolean markDead(long row) {
    int label = labelOf(row);
    if (label < 0) {
      return false;
    }
    long bit = 1L << label;
    long prev = dead.getAndAccumulate(label >>> 6, bit, (a, b) -> a | b);
    if ((prev & bit) != 0) {
      return false;
    }
    deadCount = deadCount + 1; // single writer, volatile publish
    return true;
  }

  private void ensureCapacity(int needed) {
    VectorRecord[] cur = records;
    if (needed <= cur.length) {
      return;
    }
    int cap = Math.max(needed, cur.length + (cur.length >> 1));
    AtomicLongArray oldDead = dead;
    AtomicLongArray newDead = new AtomicLongArray(words(cap));
    for (int i = 0; i < oldDead.length(); i++) {
      newDead.set(i, oldDead.get(i));
    }
    dead = newDead;
    records = Arrays.copyOf(cur, cap);
  }

  // ---- reads: any thread ----

  /** Published labels. */
  public int size() {
    return size;
  }

  /** Rows masked as dead. */
  public int deadCount() {
    return deadCount;
  }

  /** Published, unmasked rows (a snapshot; may lag concurrent writes). */
  public int liveCount() {
    return size - deadCount;
  }

  /** The record at {@code label}, or null when the label is not (yet) published. */
  public VectorRecord record(long label) {
    int n = size; // read before records: the array a reader sees is then at least as new
    VectorRecord[] r = records;
    return label >= 0 && label < n && label < r.length ? r[(int) label] : null;
  }

  /** Whether {@code label} is masked. */
  public boolean isDead(int label) {
    AtomicLongArray d = dead;
    int w = label >>> 6;
    return w < d.length() && (d.get(w) & (1L << label)) != 0;
  }

  /** The label holding {@code row}, or -1. Bisection over the ascending rows. */
  public int labelOf(long row) {
    int hi = size - 1;
    VectorRecord[] r = records;
    int lo = 0;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long midRow = r[mid].row();
      if (midRow < row) {
        lo = mid + 1;
      } else if (midRow > row) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /** A fresh allow-list of every published, unmasked label (a copy: safe to hand to FAISS). */
  public LabelFilter aliveFilter() {
    int n = size; // read before dead: a grown dead array is published before size
    AtomicLongArray d = dead;
    long[] w = new long[words(n)];
    for (int i = 0; i < w.length; i++) {
      w[i] = i < d.length() ? ~d.get(i) : -1L;
    }
    if ((n & 63) != 0) {
      w[w.length - 1] &= (1L << (n & 63)) - 1; // labels >= n are not published
    }
    return LabelFilter.wrap(w);
  }

  /** Estimated native bytes of this segment's FAISS index. */
  public long estimateNativeBytes() {
    return (long) size * spec.bytesPerRow(faiss.dim());
  }

  // ---- lifetime ----

  /** Takes a reference for a search; false when the segment is already closed. */
  public boolean tryAcquire() {
    for (;;) {
      int c = refs.get();
      if (c <= 0) {
        return false;
      }
      if (refs.compareAndSet(c, c + 1)) {
        return true;
      }
    }
  }

  /** Drops a reference; the last one closes the FAISS index. The owner calls this to retire it. */
  public void release() {
    if (refs.decrementAndGet() == 0) {
      faiss.close();
    }
  }

  private static int words(int bits) {
    return (bits + 63) >>> 6;
  }

  @Override
  public String toString() {
    return name + "[" + spec.factory() + ", " + size + " rows, " + deadCount + " dead]";
  }
}
